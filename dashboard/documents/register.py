"""The register of numbered documents (tables ``documents`` and ``document_versions``, migration 0008): issuing
(the 文号 allocated inside the write), reissuing (same 文号, a new version), and reading back what a record has
and the files exactly as issued.

Why the bytes are kept: an issued document is a record of what the office sent. Re-rendering from the stored
content would follow every later change of the layout code, of python-docx, of the settings (office name, 代字)
and would silently alter a document already sent; the bytes (about 40 KB each) are what was sent, and the
content beside them (JSON) is kept for reading and searching.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboard import roles, settings
from dashboard.db import Store, Tx, ValidationError
from dashboard.documents import kinds, layout, numbering

__all__ = ["ENTITY", "A_ISSUE", "A_REISSUE", "Issued", "issue", "issue_in", "held_in", "reissue", "reissue_in",
           "for_record", "for_subjects", "versions", "version_file", "document", "prefix_of"]

ENTITY = "document"
A_ISSUE, A_REISSUE = "印发", "重新印发"


@dataclass(frozen=True)
class Issued:
    number: str
    version: int
    title: str
    file_name: str


def prefix_of(kind: str) -> str:
    return numbering.check_prefix(str(settings.get(kinds.KINDS[kind].prefix_setting)))


def _add_version(tx: Tx, doc_id: int, version: int, number: str, content: kinds.Content, actor: roles.User,
                 reason: str | None) -> Issued:
    day = tx.at.date()
    data = layout.render(content, number, day, version=version)
    name = layout.file_name(content, number, day, version)
    tx.execute("INSERT INTO document_versions (document_id, version, issued_at, recorded_at, issued_by, reason, content,"
               " file_name, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [doc_id, version, tx.at, tx.recorded_at, actor.label, reason, content.to_json(), name, data])
    return Issued(number, version, content.title, name)


def issue(store: Store, kind: str, subject_type: str, subject_id: str, actor: roles.User, *,
          occasion: str = "") -> Issued:
    """Compose the ``kind`` document about the record as of now and issue it under the next 文号 of its 代字 and
    year: one transaction (the number, the register row, version 1 with its file, the audit event). Refused with
    a Chinese ValidationError when the record does not call for it or already has that document (reissue it)."""
    subject_id = str(subject_id)
    content = kinds.compose(store, kind, subject_type, subject_id, occasion, store.as_of())
    return store.write(lambda tx: issue_in(tx, kind, subject_type, subject_id, content, actor, occasion=occasion))


def issue_in(tx: Tx, kind: str, subject_type: str, subject_id: str, content: kinds.Content, actor: roles.User, *,
             occasion: str = "") -> Issued:
    """``issue`` inside a transaction the caller holds, with ``content`` composed by the caller (``kinds.compose``):
    the next 文号, the register row, version 1 with its file, the audit event. Whatever the caller writes or refuses
    after it is one with it: a refusal rolls the number back too (the sequence is read as max()+1, so no gap)."""
    subject_id = str(subject_id)
    prefix = prefix_of(kind)
    tx.authorize(actor, ENTITY, A_ISSUE)
    held = held_in(tx, kind, subject_type, subject_id, occasion)
    if held:
        raise ValidationError(f"{content.label}已有{kind}（{held}），如需修改请“重新印发”（文号不变）。")
    year = tx.at.year
    seq = numbering.next_seq(tx, prefix, year)
    number = numbering.format_number(prefix, year, seq)
    doc_id = int(tx.one("SELECT coalesce(max(id), 0) + 1 FROM documents")[0])
    tx.execute("INSERT INTO documents (id, kind, prefix, year, seq, number, subject_type, subject_id, occasion,"
               " subject_label, title, addressee, first_issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [doc_id, kind, prefix, year, seq, number, subject_type, subject_id, occasion, content.label,
                content.title, content.addressee, tx.at])
    done = _add_version(tx, doc_id, 1, number, content, actor, None)
    tx.audit(ENTITY, number, A_ISSUE, actor, detail={"kind": kind, "subject": f"{subject_type}:{subject_id}",
                                                      "occasion": occasion, "title": content.title, "version": 1})
    return done


def held_in(tx: Tx, kind: str, subject_type: str, subject_id: str, occasion: str = "") -> str | None:
    """The 文号 of the record's ``kind`` document on ``occasion``, read inside ``tx``; None when it has none."""
    row = tx.one("SELECT number FROM documents WHERE kind = ? AND subject_type = ? AND subject_id = ? AND occasion = ?",
                 [kind, subject_type, str(subject_id), occasion])
    return row[0] if row else None


def reissue(store: Store, number: str, actor: roles.User, reason: str) -> Issued:
    """Issue the document again under the same 文号: composed afresh from the store as of now, kept as the next
    version (the earlier versions stay, each downloadable as issued). ``reason`` is required."""
    if not (reason or "").strip():
        raise ValidationError("请填写重新印发的原因。")
    doc = document(store, number)
    if doc is None:
        raise ValidationError(f"没有文号为“{number}”的文件。")
    content = kinds.compose(store, doc["kind"], doc["subject_type"], doc["subject_id"], doc["occasion"], store.as_of(),
                            number=number)
    return store.write(lambda tx: reissue_in(tx, number, content, actor, reason))


def reissue_in(tx: Tx, number: str, content: kinds.Content, actor: roles.User, reason: str) -> Issued:
    """``reissue`` inside a transaction the caller holds, with ``content`` composed by the caller: the next version
    under the same 文号, with its reason and audit event."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写重新印发的原因。")
    tx.authorize(actor, ENTITY, A_REISSUE)
    found = tx.one("SELECT id, kind FROM documents WHERE number = ?", [number])
    if found is None:
        raise ValidationError(f"没有文号为“{number}”的文件。")
    doc_id, kind = int(found[0]), found[1]
    version = int(tx.one("SELECT max(version) + 1 FROM document_versions WHERE document_id = ?", [doc_id])[0])
    tx.execute("UPDATE documents SET title = ?, addressee = ?, subject_label = ? WHERE id = ?",
               [content.title, content.addressee, content.label, doc_id])
    done = _add_version(tx, doc_id, version, number, content, actor, reason)
    tx.audit(ENTITY, number, A_REISSUE, actor, reason=reason, detail={"kind": kind, "title": content.title,
                                                                       "version": version})
    return done


_LIST = """
    SELECT d.id, d.number, d.kind, d.title, d.subject_type, d.subject_id, d.occasion, d.subject_label, d.addressee,
           d.prefix, d.year, d.seq, d.first_issued_at, v.version AS versions, v.issued_at AS last_issued_at,
           v.issued_by AS last_issued_by
    FROM documents d
    JOIN document_versions v ON v.document_id = d.id
     AND v.version = (SELECT max(version) FROM document_versions x WHERE x.document_id = d.id)
"""


def document(store: Store, number: str) -> dict | None:
    frame = store.query(_LIST + " WHERE d.number = ?", [number])
    return None if frame.empty else frame.iloc[0].to_dict()


def for_record(store: Store, subject_type: str, subject_id: str) -> pd.DataFrame:
    """The documents issued about one record, newest first: number, kind, title, occasion, versions, last issue."""
    return store.query(_LIST + " WHERE d.subject_type = ? AND d.subject_id = ? ORDER BY d.first_issued_at DESC, d.id DESC",
                       [subject_type, str(subject_id)])


def for_subjects(store: Store, subject_type: str, kind: str | None = None, occasion: str | None = None) -> pd.DataFrame:
    """Every document about records of one type (of one kind, on one occasion), newest first."""
    where, params = ["d.subject_type = ?"], [subject_type]
    if kind:
        where.append("d.kind = ?")
        params.append(kind)
    if occasion is not None:
        where.append("d.occasion = ?")
        params.append(occasion)
    return store.query(_LIST + " WHERE " + " AND ".join(where) + " ORDER BY d.first_issued_at DESC, d.id DESC", params)


def versions(store: Store, number: str) -> pd.DataFrame:
    """Every issue of a document, oldest first: version, issued_at, recorded_at, issued_by, reason, file_name."""
    return store.query("SELECT v.version, v.issued_at, v.recorded_at, v.issued_by, v.reason, v.file_name"
                       " FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.number = ?"
                       " ORDER BY v.version", [number])


def version_file(store: Store, number: str, version: int) -> tuple[str, bytes, kinds.Content]:
    """(file name, the .docx exactly as issued, its content) of one version."""
    rows = store.rows("SELECT v.file_name, v.file, v.content FROM document_versions v JOIN documents d"
                      " ON d.id = v.document_id WHERE d.number = ? AND v.version = ?", [number, int(version)])
    if not rows:
        raise ValidationError(f"没有文件“{number}”的第{version}版。")
    name, data, content = rows[0]
    return name, bytes(data), kinds.Content.from_json(content)
