"""Registering a hazard (登记): one transaction with its audit event; the 隐患编号 sequence.

Every other change goes through the lifecycle's actions (``hazards.lifecycle``); imports register many at once
(``hazards.imports``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard import clock, roles, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.hazards import search
from dashboard.hazards.lifecycle import A_REGISTER, HAZARD_ENTITY
from dashboard.hazards.rules import check_new

__all__ = ["NEW_HAZARD_COLUMNS", "next_ids", "create"]

NEW_HAZARD_COLUMNS = (
    "found_date", "group_id", "source", "unit_code", "township", "enterprise", "credit_code", "sector", "location",
    "description", "level", "treatment", "measures", "resp_unit", "resp_person", "resp_phone", "deadline", "funds",
    "interim_measures", "remark",
)


def next_ids(tx: Tx, year: int, count: int) -> list[str]:
    """``count`` new 隐患编号 YH<year>-NNNNNN (the year of registration) following the highest one of that year.

    Read inside the write that uses them: Store.write takes the writes to a file one at a time, so two
    registrations never read the same highest number (and a clash with a writer outside that lock is
    retried whole). Numbers stay gapless, as the office's ledger expects; a SEQUENCE would leave gaps."""
    prefix = f"YH{year}-"
    top = tx.one(
        "SELECT max(TRY_CAST(substr(id, ?) AS BIGINT)) FROM hazards WHERE starts_with(id, ?)",
        [len(prefix) + 1, prefix],
    )[0] or 0
    return [f"{prefix}{top + i:06d}" for i in range(1, count + 1)]


def create(store: Store, fields: Mapping[str, Any], actor: roles.User) -> str:
    """登记 a new hazard (status 待整改) in one transaction with its audit event; returns its 隐患编号."""
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    values = {k: (None if v == "" else v) for k, v in values.items()}

    def run(tx: Tx) -> str:
        refusal = check_new(values, tx.at.date())
        if refusal:
            raise ValidationError(refusal)
        if not tx.one("SELECT 1 FROM units WHERE code = ?", [values["unit_code"]]):
            raise ValidationError(f"未知的县区代码 {values['unit_code']}")
        found = clock.as_date(values["found_date"])
        row = {k: values.get(k) for k in NEW_HAZARD_COLUMNS}
        row["found_date"] = found
        row["deadline"] = clock.as_date(values.get("deadline")) or found
        if row["group_id"] is None and row["source"] == vocab.SOURCE_GROUPS:
            group = tx.one("SELECT id FROM groups WHERE unit_code = ?", [row["unit_code"]])
            row["group_id"] = group[0] if group else None
        hazard_id = values.get("id") or next_ids(tx, tx.at.year, 1)[0]
        if tx.one("SELECT 1 FROM hazards WHERE id = ?", [hazard_id]):
            raise ValidationError(f"隐患编号 {hazard_id} 已存在")
        row.update(id=hazard_id, original_deadline=row["deadline"], status=vocab.ST_PENDING,
                   listing_level=vocab.NOT_LISTED, created_at=tx.at, updated_at=tx.at)
        cols = list(row)
        tx.execute(f"INSERT INTO hazards ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                   [row[c] for c in cols])
        search.fill(tx)
        tx.audit(HAZARD_ENTITY, hazard_id, A_REGISTER, actor, county=row["unit_code"], group=row["group_id"],
                 to_status=vocab.ST_PENDING,
                 detail={"source": row["source"], "level": row["level"], "deadline": row["deadline"]})
        return hazard_id

    return store.write(run)
