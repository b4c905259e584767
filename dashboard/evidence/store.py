"""Evidence in the store: attached inside the step's own transaction (after its audit line, which it points to),
listed per record for the timeline, read back whole to open full size."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import clock, roles
from dashboard.db import Store, Tx
from dashboard.evidence.files import Prepared
from dashboard.evidence.rules import ROUND_ENDS, need

__all__ = ["held", "attach", "for_record", "file"]


def held(tx: Tx, entity: str, entity_id: str) -> list[tuple[str, bool]]:
    """(stage, is an image) of every file the record has from its current round: those of the steps after its
    last 复核不通过 / 复查发现反弹 / 复查不合格 (``rules.ROUND_ENDS``)."""
    ends = list(ROUND_ENDS.get(entity, ()))
    since = tx.one("SELECT coalesce(max(id), 0) FROM audit_events WHERE entity = ? AND entity_id = ?"
                   " AND action IN (SELECT unnest(?::VARCHAR[]))", [entity, str(entity_id), ends])[0] if ends else 0
    return [(stage, mime.startswith("image/")) for stage, mime in tx.execute(
        "SELECT stage, mime FROM evidence WHERE entity = ? AND entity_id = ? AND coalesce(audit_id, 0) > ?",
        [entity, str(entity_id), since])]


def attach(tx: Tx, entity: str, entity_id: str, action: str, uploads: Sequence[Prepared], actor: roles.User) -> None:
    """Keep ``uploads`` as the evidence of ``action`` (call after the step's ``tx.audit``)."""
    if not uploads:
        return
    spec = need(entity, action)
    stage = spec.stage if spec else action
    audit_id = tx.one("SELECT max(id) FROM audit_events")[0]
    now = clock.local_now()
    for upload in uploads:
        tx.execute("INSERT INTO evidence (entity, entity_id, action, stage, audit_id, file_name, mime, size, sha256, data,"
                   " thumb, uploaded_at, uploaded_by, uploaded_login) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [entity, str(entity_id), action, stage, audit_id, upload.file_name, upload.mime, len(upload.data),
                    upload.sha256, upload.data, upload.thumb, now, actor.label, actor.login])


def for_record(store: Store, entity: str, entity_id: str) -> pd.DataFrame:
    """The record's evidence, oldest first, with thumbnails (not the files)."""
    return store.query("SELECT id, action, stage, audit_id, file_name, mime, size, thumb, uploaded_at, uploaded_by"
                       " FROM evidence WHERE entity = ? AND entity_id = ? ORDER BY id", [entity, str(entity_id)])


def file(store: Store, evidence_id: int) -> tuple[str, str, bytes] | None:
    """(file name, type, bytes) of one file, to open or download."""
    found = store.rows("SELECT file_name, mime, data FROM evidence WHERE id = ?", [int(evidence_id)])
    return (found[0][0], found[0][1], bytes(found[0][2])) if found else None
