"""The import register (数据管理 → 导入记录): every import with its original file, and undo (撤销导入).

Domain-free like ``lifecycle``: a domain's import names its own tables and rows, inside its own write:

    import_id = import_register.record(tx, kind="hazards", label="隐患", file_name=..., data=..., actor=..., ...)
    import_register.keep_before(tx, import_id, "import_mappings", ("kind", "signature"), "kind = ? AND ...", [...])
    ... the domain's INSERTs / replacements ...
    import_register.track(tx, import_id, "hazards", ("id",), "import_id = ?", [import_id], entity="hazard")
    import_register.finish(tx, import_id, "导入隐患", actor, detail={...})   # the import's audit event, last

(``counts`` sets the rows added and replaced once the write knows them; ``saved_mapping`` / ``remember_mapping``
keep a mapping made by hand for the sender's next file, as a row the import replaced; the general runner of every
kind, ``ingest.kinds.run``, does these steps around the domain's own write) and undo needs nothing from the domain: ``undo(store, import_id, actor, reason)`` is one ``Store.write`` that
deletes exactly the tracked rows (the added rows and their audit events), puts every replaced row back as it was
(``keep_before``), drops the import's ``import_rows`` and marks the import 已撤销 with who, when and why (audit
event 撤销导入 on entity ``import``). It is refused, in Chinese naming how many rows and which, when any tracked
row changed since the import: a row no longer there or not as the import left it (its fingerprint, md5 of the
row), or an audit event on its entity after the import's last one (a lifecycle step, an edit).

It is refused too, naming the 文号, when a numbered document (documents register) was issued or reissued after the
import about what the import wrote: undoing would leave a document the office has sent about records that are no
longer on file (a document is never withdrawn by the store). What a document is about (``_CONCERNS``): a
挂牌督办通知书 its hazard or fire unit (the unit's 倒排工期 nodes too); a 督查通报 / 约谈通知书 of a group the group's
records (roster, members, visits, changes, 约谈) and the hazards found by the group or in its county (its figures:
handover, 整改率, 逾期); the city-wide 督查通报 every group's records and every hazard; a 催报通知 the county's duty
roster of its day (it names who was on duty). A document issued before the import is about the store without it:
undo gives that store back, so it does not refuse.

And it is refused, naming them, when rows the import ADDED are pointed at by rows it did not write (``_REFERENCES``):
a group another import or a form gave hazards, visits, members, changes or 约谈, an account (a 督查组's ``users.group_id``,
active or switched off) or a column mapping remembered for it by a later import (``import_mappings.group_id``); a
fire unit given milestones by a later plan import; a hazard or a fire unit with evidence (photos of a step: the
step's audit event refuses it too). Deleting the row would leave those pointing at nothing — and a group's id is its
number (第一组 is 1), so a corrected roster imported next would give the old account, or the old mapping, a group
it was never made for. The account is changed by an administrator (another group or role) first; the mapping goes
with the undo of the later import that remembered it (it is that import's row: this undo neither deletes nor
changes it, or that import's undo would find it changed). A mapping this import remembered itself is its own row,
taken back (or put back as it was) with it, never a refusal. What stays after an undo on purpose: the audit events of
other records, the notifications already sent (``notifications``: a log of messages that reached people, each with
its own text; the reminder about an undone hazard was sent all the same) and the meeting snapshots
(``meeting_snapshots``: frozen views, their figures as they were shown at the meeting).

After an undo the store equals the store before the import, table by table (``db.table_digests``), except:
``imports`` (the import's row stays, marked undone), ``import_files`` (the original stays downloadable; unchanged
when the same bytes were kept already) and ``audit_events`` (the import's own event and the 撤销导入 event stay;
the rows' own events, e.g. each hazard's 登记, are gone). Imports made before the register (no ``sha256``) are
listed without a file and cannot be undone.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard import roles
from dashboard.db import Store, Tx, ValidationError

__all__ = ["ENTITY", "A_UNDO", "STATUS_DONE", "STATUS_UNDONE", "ImportRecord", "record", "keep_before", "track", "counts",
           "saved_mapping", "remember_mapping",
           "finish", "imports", "get", "original", "undo_problems", "undo"]

ENTITY = "import"
A_UNDO = "撤销导入"
STATUS_DONE = "已导入"
STATUS_UNDONE = "已撤销"
_NAME = re.compile(r"[a-z_]+")
_SHOWN = 10  # rows named in a refusal


def _name(text: str) -> str:
    if not _NAME.fullmatch(text):
        raise ValueError(text)
    return text


def _key_json(columns: Sequence[str], alias: str = "t") -> str:
    return "to_json([" + ", ".join(f"CAST({alias}.{_name(c)} AS VARCHAR)" for c in columns) + "])"


# -- written inside the domain's import -------------------------------------------------------------------
def record(tx: Tx, *, kind: str, label: str, file_name: str, data: bytes, actor: roles.User, rows_total: int,
           rows_added: int, rows_replaced: int = 0, choices: dict | None = None) -> int:
    """The import's register row and its original file (kept once per SHA-256); returns the import's id."""
    if not isinstance(actor, roles.User):  # no name to write: refused (未登录) as its audit line would be
        tx.authorize(actor, ENTITY, "导入" + label)
    digest = hashlib.sha256(data).hexdigest()
    tx.execute("INSERT OR IGNORE INTO import_files (sha256, size, data) VALUES (?, ?, ?)", [digest, len(data), data])
    return tx.one(
        "INSERT INTO imports (kind, label, file_name, actor, imported_at, rows_total, rows_added, rows_replaced,"
        " sha256, choices) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [kind, label, file_name, actor.label, tx.at, rows_total, rows_added, rows_replaced, digest,
         json.dumps(choices, ensure_ascii=False, default=str) if choices else None],
    )[0]


def keep_before(tx: Tx, import_id: int, table: str, key: Sequence[str], where: str, params: Sequence[Any]) -> None:
    """Before the import replaces rows (``where``), keep them as they are, for the undo."""
    table = _name(table)
    tx.execute(
        f"INSERT INTO import_rows (import_id, tbl, key_columns, row_key, before)"
        f" SELECT ?, ?, ?, {_key_json(key)}, to_json(t) FROM {table} t WHERE {where}",
        [import_id, table, json.dumps(list(key)), *params])


def track(tx: Tx, import_id: int, table: str, key: Sequence[str], where: str, params: Sequence[Any], *,
          entity: str | None = None, entity_id: str | None = None) -> None:
    """The rows the import wrote (``where``, after writing them): their keys and fingerprints, and the audit
    entity they are known by (``entity``; ``entity_id`` an SQL expression over the row, default its one key)."""
    table = _name(table)
    ident = entity_id or f"CAST(t.{_name(key[0])} AS VARCHAR)"
    written = (f"SELECT {_key_json(key)} AS row_key, {ident} AS entity_id, md5(CAST(t AS VARCHAR)) AS fingerprint"
               f" FROM {table} t WHERE {where}")
    tx.execute(f"UPDATE import_rows r SET entity = ?, entity_id = w.entity_id, fingerprint = w.fingerprint FROM"
               f" ({written}) w WHERE r.import_id = ? AND r.tbl = ? AND r.row_key = w.row_key",
               [entity, *params, import_id, table])
    tx.execute(f"INSERT INTO import_rows (import_id, tbl, key_columns, row_key, entity, entity_id, fingerprint)"
               f" SELECT ?, ?, ?, w.row_key, ?, w.entity_id, w.fingerprint FROM ({written}) w"
               f" WHERE w.row_key NOT IN (SELECT row_key FROM import_rows WHERE import_id = ? AND tbl = ?)",
               [import_id, table, json.dumps(list(key)), entity, *params, import_id, table])


def finish(tx: Tx, import_id: int, action: str, actor: roles.User, *, county: str | None = None,
           group: int | None = None, detail: dict | None = None) -> None:
    """The import's own audit event (entity ``import``), last: any later event on a tracked row is a change.
    ``county`` / ``group``: the one the file's rows are of, for a role that may import only its own."""
    tx.audit(ENTITY, str(import_id), action, actor, county=county, group=group, detail=detail)
    tx.execute("UPDATE imports SET last_audit_id = (SELECT max(id) FROM audit_events) WHERE id = ?", [import_id])


# -- reading ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportRecord:
    id: int
    kind: str
    label: str
    file_name: str
    actor: str
    imported_at: datetime
    rows_total: int
    rows_added: int
    rows_replaced: int
    sha256: str | None
    choices: dict | None
    undone_at: datetime | None
    undone_by: str | None
    undo_reason: str | None

    @property
    def status(self) -> str:
        return STATUS_UNDONE if self.undone_at is not None else STATUS_DONE

    @property
    def mapping_text(self) -> str:
        """The mapping and choices the file was read with, as one line."""
        choices = self.choices or {}
        parts = []
        if choices.get("mapping"):
            parts.append("列的对应：" + "、".join(f"{k}→{v or '不导入'}" for k, v in choices["mapping"].items()))
        parts += [f"{label}：{choices[k]}" for k, label in (("group", "检查组"), ("source", "来源"), ("county", "县区"))
                  if choices.get(k)]
        return "；".join(parts) or ("按列名识别" if self.sha256 else "")


_COLUMNS = ("id, kind, coalesce(label, kind), file_name, actor, imported_at, rows_total, rows_added,"
            " coalesce(rows_replaced, 0), sha256, choices, undone_at, undone_by, undo_reason")


def _record(row: tuple) -> ImportRecord:
    values = list(row)
    values[10] = json.loads(values[10]) if values[10] else None
    return ImportRecord(*values)


def imports(store: Store, limit: int = 500) -> list[ImportRecord]:
    """The imports, newest first."""
    return [_record(r) for r in store.rows(f"SELECT {_COLUMNS} FROM imports ORDER BY id DESC LIMIT ?", [limit])]


def get(store: Store, import_id: int) -> ImportRecord | None:
    rows = store.rows(f"SELECT {_COLUMNS} FROM imports WHERE id = ?", [import_id])
    return _record(rows[0]) if rows else None


def original(store: Store, import_id: int) -> tuple[str, bytes] | None:
    """(file name, the bytes as imported) or None when the import kept no file."""
    rows = store.rows("SELECT i.file_name, f.data FROM imports i JOIN import_files f ON f.sha256 = i.sha256"
                      " WHERE i.id = ?", [import_id])
    return (rows[0][0], bytes(rows[0][1])) if rows else None


# -- undo -------------------------------------------------------------------------------------------------
def _tracked(tx: Tx, import_id: int) -> pd.DataFrame:
    return tx.query("SELECT tbl, key_columns, row_key, entity, entity_id, fingerprint, before FROM import_rows"
                    " WHERE import_id = ?", [import_id])


def _keys_frame(group: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    columns = json.loads(group["key_columns"].iloc[0])
    values = [json.loads(k) for k in group["row_key"]]
    return columns, pd.DataFrame({f"k{i}": [v[i] for v in values] for i in range(len(columns))}, dtype=object)


def _join(columns: list[str]) -> str:
    return " AND ".join(f"CAST(t.{_name(c)} AS VARCHAR) = k.k{i}" for i, c in enumerate(columns))


def _label(row) -> str:
    if row.entity_id:
        return str(row.entity_id)
    return "/".join(json.loads(row.row_key))


# What a numbered document is about, as (subject_type, subject_id, occasion) rows over ``wrote`` (the rows the
# import wrote: their table, key, audit entity and id); occasion NULL: any. The subject types and audit entities
# are documents.S_* and each domain's ENTITY (tests/test_import_undo_links.py ties them); the hazards' and the
# visits' groups and counties are read from their rows. See the module's docstring for why each.
_DOCUMENT_ENTITY = "document"
_CONCERNS = """
    WITH wrote AS (SELECT tbl, row_key, entity, entity_id FROM import_rows WHERE import_id = ?),
    found AS (
        SELECT h.group_id, h.unit_code FROM hazards h
        JOIN wrote w ON w.tbl = 'hazards' AND h.id = json_extract_string(w.row_key, '$[0]')
        UNION ALL SELECT i.group_id, i.unit_code FROM inspections i
        JOIN wrote w ON w.tbl = 'inspections' AND CAST(i.id AS VARCHAR) = json_extract_string(w.row_key, '$[0]'))
    SELECT DISTINCT entity, entity_id, NULL FROM wrote WHERE entity IN ('hazard', 'fire_unit', 'group')
    UNION SELECT 'group', CAST(g.id AS VARCHAR), NULL FROM groups g JOIN found f ON f.group_id = g.id OR f.unit_code = g.unit_code
    UNION SELECT 'groups', 'all', NULL FROM wrote WHERE entity = 'group' OR tbl IN ('hazards', 'inspections')
    UNION SELECT 'county', split_part(entity_id, '/', 1), split_part(entity_id, '/', 2) FROM wrote WHERE entity = 'duty_roster'
"""


def _documents(tx: Tx, import_id: int, last_audit: int) -> list[str]:
    """The documents issued (or reissued) after the import about what it wrote: "文号（种类：对象）"."""
    if not tx.one("SELECT count(*) FROM audit_events WHERE entity = ? AND id > ?", [_DOCUMENT_ENTITY, last_audit])[0]:
        return []  # none issued since: nothing to match (most undos)
    rows = tx.execute(
        f"""WITH concerns (subject_type, subject_id, occasion) AS ({_CONCERNS})
        SELECT d.number, d.kind, coalesce(d.subject_label, d.subject_id) FROM documents d
        WHERE EXISTS (SELECT 1 FROM concerns c WHERE c.subject_type = d.subject_type AND c.subject_id = d.subject_id
                      AND (c.occasion IS NULL OR c.occasion = d.occasion))
          AND EXISTS (SELECT 1 FROM audit_events a WHERE a.entity = ? AND a.entity_id = d.number AND a.id > ?)
        ORDER BY d.id""", [import_id, _DOCUMENT_ENTITY, last_audit])
    return [f"{number}（{kind}：{label}）" for number, kind, label in rows]


@dataclass(frozen=True)
class _Reference:
    """Rows of ``child`` point at rows of ``parent`` (``points``: SQL over the child row ``c`` giving the parent's
    key as ``import_rows.row_key`` keeps it, a JSON array of text)."""
    parent: str
    parent_noun: str
    child: str
    child_key: tuple[str, ...]
    points: str
    noun: str
    unit: str
    where: str = "TRUE"


_REFERENCES = (
    _Reference("groups", "督查组", "hazards", ("id",), "to_json([CAST(c.group_id AS VARCHAR)])", "隐患", "条"),
    _Reference("groups", "督查组", "inspections", ("id",), "to_json([CAST(c.group_id AS VARCHAR)])", "暗访检查记录", "次"),
    _Reference("groups", "督查组", "group_members", ("group_id", "name"), "to_json([CAST(c.group_id AS VARCHAR)])",
               "成员", "人"),
    _Reference("groups", "督查组", "group_changes", ("id",), "to_json([CAST(c.group_id AS VARCHAR)])", "人员变更", "条"),
    _Reference("groups", "督查组", "group_interviews", ("id",), "to_json([CAST(c.group_id AS VARCHAR)])", "约谈记录", "条"),
    _Reference("groups", "督查组", "users", ("login",), "to_json([CAST(c.group_id AS VARCHAR)])", "督查组账号", "个"),
    _Reference("groups", "督查组", "import_mappings", ("kind", "signature"), "to_json([CAST(c.group_id AS VARCHAR)])",
               "导入列对应", "条"),
    _Reference("fire_units", "重大火灾隐患单位", "fire_unit_milestones", ("fire_unit_id", "seq"),
               "to_json([CAST(c.fire_unit_id AS VARCHAR)])", "整改节点", "个"),
    _Reference("fire_units", "重大火灾隐患单位", "evidence", ("id",), "to_json([c.entity_id])", "佐证材料", "份",
               "c.entity = 'fire_unit'"),
    _Reference("hazards", "隐患", "evidence", ("id",), "to_json([c.entity_id])", "佐证材料", "份", "c.entity = 'hazard'"),
)


def _orphans(tx: Tx, import_id: int) -> list[str]:
    """The rows this import did not write that point at rows it added: "督查组 2 的隐患 3 条"."""
    added = {t for (t,) in tx.execute("SELECT DISTINCT tbl FROM import_rows WHERE import_id = ? AND before IS NULL",
                                      [import_id])}
    found = []
    for ref in (r for r in _REFERENCES if r.parent in added):
        rows = tx.execute(
            f"SELECT p.row_key, count(*) FROM {_name(ref.child)} c JOIN import_rows p ON p.import_id = ?"
            f" AND p.tbl = ? AND p.before IS NULL AND p.row_key = {ref.points}"
            f" WHERE {ref.where} AND {_key_json(ref.child_key, 'c')} NOT IN"
            f" (SELECT row_key FROM import_rows WHERE import_id = ? AND tbl = ?)"
            f" GROUP BY p.row_key ORDER BY p.row_key", [import_id, ref.parent, import_id, ref.child])
        found += [f"{ref.parent_noun} {'/'.join(json.loads(key))} 的{ref.noun} {n:,} {ref.unit}" for key, n in rows]
    return found


def undo_problems(tx: Tx, import_id: int) -> list[str]:
    """Why the import cannot be undone now (Chinese, one line each); empty when it can: the import is not
    there, already undone or older than the register; a document issued about what it wrote; a row it wrote
    changed since; rows it did not write pointing at rows it added (see the module's docstring)."""
    found = tx.one("SELECT sha256, undone_at, last_audit_id, coalesce(label, kind) FROM imports WHERE id = ?",
                   [import_id])
    if found is None:
        return [f"没有第 {import_id} 号导入记录"]
    sha, undone_at, last_audit, _ = found
    if undone_at is not None:
        return [f"第 {import_id} 号导入已于 {undone_at:%Y-%m-%d %H:%M} 撤销"]
    if sha is None or last_audit is None:
        return [f"第 {import_id} 号导入早于导入登记功能，没有记录它写入的行，无法撤销"]
    tracked = _tracked(tx, import_id)
    changed: dict[str, str] = {}
    for table, group in tracked[tracked["fingerprint"].notna()].groupby("tbl", sort=False):
        columns, keys = _keys_frame(group)
        tx.cursor.register("_undo_keys", keys.assign(fp=list(group["fingerprint"]), label=[_label(r) for r in group.itertuples()]))
        try:
            rows = tx.execute(
                f"SELECT k.label, t.{_name(columns[0])} IS NULL FROM _undo_keys k LEFT JOIN {_name(table)} t"
                f" ON {_join(columns)} WHERE t.{_name(columns[0])} IS NULL OR md5(CAST(t AS VARCHAR)) <> k.fp")
        finally:
            tx.cursor.unregister("_undo_keys")
        for label, gone in rows:
            changed.setdefault(label, "已删除" if gone else "已被修改")
    later = tx.execute(  # a hash join: fast whatever the import's size and the events since; actions in order
        "SELECT entity_id, string_agg(action, '、' ORDER BY first) FROM (SELECT DISTINCT r.entity_id, a.action,"
        " min(a.id) OVER (PARTITION BY r.entity_id, a.action) AS first FROM import_rows r JOIN audit_events a"
        " ON a.entity = r.entity AND a.entity_id = r.entity_id WHERE r.import_id = ? AND a.id > ?)"
        " GROUP BY entity_id ORDER BY entity_id", [import_id, last_audit])
    for entity_id, actions in later:
        changed[entity_id] = f"导入后又有操作：{actions}"
    problems = []
    documents = _documents(tx, import_id, last_audit)
    if documents:
        problems.append(f"第 {import_id} 号导入的记录在导入后已印发 {_some(documents, '份')}，不能撤销：撤销后已印发文件所依据的"
                        "记录将不复存在（文件印发后不能收回）。请在相应页面逐条处理。")
    if changed:
        named = _some([f"{k}（{v}）" for k, v in sorted(changed.items())], "条")
        problems.append(f"第 {import_id} 号导入的 {len(changed):,} 条记录在导入后已有变动，不能撤销：{named}。"
                        "请先撤销之后的导入或操作，或在相应页面逐条处理。")
    orphans = _orphans(tx, import_id)
    if orphans:
        problems.append(f"第 {import_id} 号导入新增的记录已有其他记录指向它们，不能撤销（撤销后这些记录将指向不存在的记录）："
                        f"{_some(orphans, '项')}。请先撤销或删除这些记录。")
    return problems


def _some(items: list[str], unit: str) -> str:
    """The first ``_SHOWN`` items, and how many in all when there are more."""
    more = f" 等 {len(items):,} {unit}" if len(items) > _SHOWN else ""
    return "；".join(items[:_SHOWN]) + more


def undo(store: Store, import_id: int, actor: roles.User, reason: str) -> dict[str, int]:
    """Take a whole import back in one write (see the module's docstring); ValidationError (Chinese) when it
    cannot be. Returns {table: rows removed or put back}."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写撤销原因")

    def run(tx: Tx) -> dict[str, int]:
        tx.authorize(actor, ENTITY, A_UNDO)
        problems = undo_problems(tx, import_id)
        if problems:
            raise ValidationError("；".join(problems))
        tracked = _tracked(tx, import_id)
        counts: dict[str, int] = {}
        for table, group in tracked.groupby("tbl", sort=False):
            columns, keys = _keys_frame(group)
            tx.cursor.register("_undo_keys", keys)
            try:
                tx.execute(f"DELETE FROM {_name(table)} t USING _undo_keys k WHERE {_join(columns)}")
            finally:
                tx.cursor.unregister("_undo_keys")
            for before in group["before"].dropna():
                row = json.loads(before)
                names = [_name(c) for c in row]
                tx.execute(f"INSERT INTO {_name(table)} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                           [json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for v in row.values()])
            counts[table] = len(group)
        tx.execute("DELETE FROM import_rows WHERE import_id = ?", [import_id])
        tx.execute("UPDATE imports SET undone_at = ?, undone_by = ?, undo_reason = ? WHERE id = ?",
                   [tx.at, actor.label, reason, import_id])
        file_name, label = tx.one("SELECT file_name, coalesce(label, kind) FROM imports WHERE id = ?", [import_id])
        tx.audit(ENTITY, str(import_id), A_UNDO, actor, reason=reason,
                 detail={"kind": label, "file": file_name, "rows": counts})
        return counts

    return store.write(run)


def counts(tx: Tx, import_id: int, *, added: int, replaced: int = 0) -> None:
    """The rows the import added and replaced, once its write knows them (``record`` is written first, so the
    domain's write can track its rows under the import's id)."""
    tx.execute("UPDATE imports SET rows_added = ?, rows_replaced = ? WHERE id = ?", [added, replaced, import_id])


# -- the mappings made by hand, remembered per sender ------------------------------------------------------
def saved_mapping(store: Store, kind: str, signature: str) -> dict[str, str | None] | None:
    """The mapping saved for ``kind``'s files with this header row (``headers.Layout.signature``), or None."""
    row = store.rows("SELECT mapping FROM import_mappings WHERE kind = ? AND signature = ?", [kind, signature])
    return json.loads(row[0][0]) if row else None


def remember_mapping(tx: Tx, import_id: int, kind: str, layout: Any, mapping: dict[str, str | None],
                     actor: roles.User, *, group_id: int | None = None) -> None:
    """Save the mapping made by hand for the next file of ``kind`` with the same header row (``layout``: the
    ``headers.Layout`` it was read with), as a row this import replaced (kept first, so undo restores the
    mapping that was there before)."""
    where = "kind = ? AND signature = ?", [kind, layout.signature]
    keep_before(tx, import_id, "import_mappings", ("kind", "signature"), *where)
    tx.execute("INSERT OR REPLACE INTO import_mappings VALUES (?, ?, ?, ?, ?, ?, ?)",
               [kind, layout.signature, json.dumps(mapping, ensure_ascii=False),
                json.dumps([c.header for c in layout.columns], ensure_ascii=False), group_id, actor.label, tx.at])
    track(tx, import_id, "import_mappings", ("kind", "signature"), *where)
