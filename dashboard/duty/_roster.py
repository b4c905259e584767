"""The duty roster (值班表): who leads and who is on duty per unit and day, edited one day at a time or
imported from Excel (the general ingest machinery: headers, aliases, dates as people type them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard import import_register, ingest, jobs, roles
from dashboard import scope as scopes
from dashboard.db import Store, Tx, ValidationError
from dashboard.duty._common import phone_problems
from dashboard.duty._periods import period_spans

ROSTER_ENTITY = "duty_roster"
A_ROSTER, A_ROSTER_EDIT = "排班", "修改值班表"  # the audit actions (and their lines in roles.RULES)
A_IMPORT_ROSTER = "导入值班表"  # the import's audit action (entity import)
REPORT_PEOPLE = ("leader", "leader_title", "leader_phone", "officer", "officer_phone", "duty_phone")
ROSTER_COLUMNS = ("unit_code", "duty_date", *REPORT_PEOPLE)


def roster(store: Store, start: date, end: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """The roster rows of every unit (in scope) and day between start and end, with the unit name."""
    cond, params = scopes.where(scope, "u.code")
    return store.query(
        f"""
        SELECT r.unit_code, u.name AS unit, r.duty_date, r.leader, r.leader_title, r.leader_phone, r.officer,
               r.officer_phone, r.duty_phone
        FROM duty_roster r JOIN units u ON u.code = r.unit_code
        WHERE r.duty_date BETWEEN ? AND ? AND {cond}
        ORDER BY r.duty_date, u.sort_order
        """,
        [start, end, *params],
    )


def roster_entry(store: Store, unit_code: str, day: date) -> dict | None:
    frame = store.query("SELECT * FROM duty_roster WHERE unit_code = ? AND duty_date = ?", [unit_code, day])
    return None if frame.empty else frame.iloc[0].to_dict()


def roster_people(entry: Mapping[str, Any] | None) -> dict[str, str]:
    """The leader and officer fields of a roster entry as text ('' when blank): a form's prefill."""
    entry = entry or {}
    return {k: "" if ingest.is_blank(entry.get(k)) else str(entry[k]) for k in REPORT_PEOPLE}


def roster_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(column, reason) for a roster row: names required, phones in the usual forms."""
    problems = [(label, "必填项为空") for key, label in (("leader", "带班领导"), ("officer", "值班人员"))
                if ingest.is_blank(values.get(key))]
    return problems + phone_problems(values)


def _roster_values(row: Mapping[str, Any]) -> list[Any]:
    """``row``'s ROSTER_COLUMNS as stored: blanks as NULL, text trimmed."""
    return [None if ingest.is_blank(row.get(c)) else (str(row[c]).strip() if isinstance(row.get(c), str) else row[c])
            for c in ROSTER_COLUMNS]


def _upsert_roster(tx: Tx, row: Mapping[str, Any]) -> dict | None:
    old = tx.query("SELECT * FROM duty_roster WHERE unit_code = ? AND duty_date = ?", [row["unit_code"], row["duty_date"]])
    values = _roster_values(row)
    tx.execute(f"INSERT OR REPLACE INTO duty_roster ({', '.join(ROSTER_COLUMNS)}) VALUES ({', '.join('?' * len(ROSTER_COLUMNS))})",
               values)
    return None if old.empty else old.iloc[0].to_dict()


def save_roster(store: Store, fields: Mapping[str, Any], actor: roles.User) -> None:
    """Set one unit's roster for one day (replacing what was there; the old values go into the audit event)."""

    def run(tx: Tx) -> None:
        units = [r[0] for r in tx.execute("SELECT code FROM units")]
        if fields.get("unit_code") not in units:
            raise ValidationError(f"县区“{fields.get('unit_code') or ''}”不在县区名单中")
        if not isinstance(fields.get("duty_date"), date):
            raise ValidationError("请选择值班日期")
        problems = roster_problems(fields)
        if problems:
            raise ValidationError("；".join(f"{c}：{r}" for c, r in problems))
        old = _upsert_roster(tx, fields)
        tx.audit(ROSTER_ENTITY, f"{fields['unit_code']}/{fields['duty_date']:%Y-%m-%d}", A_ROSTER_EDIT if old else A_ROSTER,
                 actor, county=fields["unit_code"], detail={"before": old and {k: old[k] for k in ("leader", "officer")},
                                "leader": fields.get("leader"), "officer": fields.get("officer")})

    store.write(run)


def roster_import_fields(units: pd.DataFrame, aliases: Mapping[str, str]) -> list[ingest.Field]:
    """The roster's importable columns; ``units`` (code, name) and ``aliases`` (alias -> code) give the
    unit choices with the spellings people use (旬阳县 → 旬阳市 ...)."""
    F = ingest.Field
    code_to_name = dict(zip(units["code"], units["name"]))
    unit_aliases = {alias: code_to_name[code] for alias, code in aliases.items() if code in code_to_name}
    return [
        F("duty_date", "值班日期", ingest.DATE, required=True, aliases=("日期", "值班时间"), example=date(2021, 5, 1)),
        F("unit", "县区", ingest.ENUM, required=True, aliases=("单位", "县（区）", "县市区", "区县"),
          choices=tuple(units["name"]), choice_aliases=unit_aliases, example=units["name"].iloc[0]),
        F("leader", "带班领导", required=True, aliases=("带班领导姓名", "值班领导"), max_len=50, example="张三"),
        F("leader_title", "职务", aliases=("带班领导职务",), max_len=50, example="副县长"),
        F("leader_phone", "带班领导电话", ingest.PHONE, aliases=("领导电话", "带班领导手机"), example="13800000000"),
        F("officer", "值班人员", required=True, aliases=("值班员", "值班人员姓名"), max_len=50, example="李四"),
        F("officer_phone", "值班人员电话", ingest.PHONE, aliases=("值班员电话", "值班人员手机"), example="13900000000"),
        F("duty_phone", "值班电话", ingest.PHONE, aliases=("值班室电话", "值班座机"), example="0915-3212345"),
    ]


def _store_roster_fields(store: Store) -> list[ingest.Field]:
    from dashboard import units as unit_names

    return roster_import_fields(unit_names.all_units(store), unit_names.alias_map(store))


def parse_roster(store: Store, data: bytes, file_name: str,
                 progress: Callable[[float, str], None] | None = None) -> ingest.ParseResult:
    """Read and validate a roster file (every row checked, nothing written): the general import rules,
    plus each date inside a duty period and one row per unit and day."""
    spans = period_spans(store)

    def row_check(values: dict) -> list[tuple[str, str]]:
        day = values.get("duty_date")
        if day and not any(a <= day <= b for a, b in spans):
            return [("值班日期", "不在任何值班时段内，请先添加值班时段")]
        return []

    return ingest.parse_file(data, file_name, _store_roster_fields(store), row_check=row_check,
                             key=lambda v: (v.get("unit"), v.get("duty_date")), progress=progress)


@dataclass
class RosterImport:
    result: ingest.ParseResult
    added: int = 0
    replaced: int = 0
    unchanged: int = 0  # rows already in the roster exactly as the file says: re-importing a file adds nothing
    import_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.result.ok


ROSTER_LABEL = "值班表"  # the kind as the import register shows it


def import_roster(store: Store, data: bytes, file_name: str, actor: roles.User,
                  progress: Callable[[float, str], None] | None = None) -> RosterImport:
    """Validate the whole file, then write every row in ONE transaction (a unit's existing day is
    replaced; a day already as the file says is left alone), with an ``imports`` record (the register:
    the original file, the rows added and the rows replaced as they were, so the import can be undone whole)
    and an audit event. Any bad row: nothing is written."""
    with jobs.heavy("导入"):  # jobs.Busy (a ValidationError) when heavy_jobs_max imports/exports already run
        return _import_roster(store, data, file_name, actor, progress)


_ROSTER_ID = "unit_code || '/' || strftime(duty_date, '%Y-%m-%d')"  # the audit entity_id of a roster day


def _import_roster(store: Store, data: bytes, file_name: str, actor: roles.User,
                   progress: Callable[[float, str], None] | None) -> RosterImport:
    result = parse_roster(store, data, file_name, progress)
    if not result.ok:
        return RosterImport(result)
    codes = {name: code for code, name in store.rows("SELECT code, name FROM units")}

    def run(tx: Tx) -> RosterImport:
        rows = []
        for values in result.rows:
            row = {**values, "unit_code": codes[values["unit"]]}
            new = tuple(_roster_values(row))
            old = tx.one(f"SELECT {', '.join(ROSTER_COLUMNS)} FROM duty_roster WHERE unit_code = ? AND duty_date = ?",
                         [row["unit_code"], row["duty_date"]])
            rows.append((row, old, old == new))
        written = [(row, old) for row, old, same in rows if not same]
        replaced = sum(old is not None for _, old in written)
        import_id = import_register.record(
            tx, kind=ROSTER_ENTITY, label=ROSTER_LABEL, file_name=file_name, data=data, actor=actor,
            rows_total=len(result.rows), rows_added=len(written) - replaced, rows_replaced=replaced)
        ids = [f"{row['unit_code']}/{row['duty_date']:%Y-%m-%d}" for row, _ in written]
        import_register.keep_before(tx, import_id, "duty_roster", ("unit_code", "duty_date"),
                                    f"list_contains(?, {_ROSTER_ID})", [ids])
        for row, _ in written:
            _upsert_roster(tx, row)
        import_register.track(tx, import_id, "duty_roster", ("unit_code", "duty_date"),
                              f"list_contains(?, {_ROSTER_ID})", [ids], entity=ROSTER_ENTITY, entity_id=_ROSTER_ID)
        import_register.finish(tx, import_id, A_IMPORT_ROSTER, actor,
                               detail={"file": file_name, "rows": len(result.rows), "added": len(written) - replaced,
                                       "replaced": replaced, "unchanged": len(rows) - len(written)})
        return RosterImport(result, added=len(written) - replaced, replaced=replaced,
                            unchanged=len(rows) - len(written), import_id=import_id)

    return store.write(run)


def roster_template(store: Store) -> bytes:
    return ingest.template_xlsx(
        _store_roster_fields(store), title="值班表导入模板 填写说明",
        instructions=(
            "1. 在“数据”工作表中每行填写一个县区一天的值班安排，第2行是示例，导入前请删除或改写。",
            "2. 表头为红色的列必须填写；县区请从下拉列表中选择；日期须在已添加的值班时段内。",
            "3. 同一县区同一天只能有一行；导入后将替换该县区该日原有的值班安排。",
            "4. 有一行不合格时整个文件都不会导入，系统会列出每个问题所在的行号、列和原因。",
        ),
    )
