"""The ledger's figures for a scope: totals, per unit, per week; one hazard, its history; the groups.

Derived flags (逾期, 已延期, 挂牌督办, days left) come from ``hazards.rules``; rates from ``numbers.percent``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import numbers, vocab
from dashboard import scope as scopes
from dashboard.db import Store, describe_audit_detail
from dashboard.hazards import rules
from dashboard.hazards.lifecycle import HAZARD_ENTITY
from dashboard.lifecycle import clean_record

__all__ = ["summary", "by_unit", "weekly_trend", "detail", "DETAIL_FIELDS", "history", "DETAIL_LABELS",
           "describe_detail", "groups", "due_on", "ageing", "AGE_BANDS", "reopenings"]


def _counts(today: date) -> tuple[str, list]:
    """count(h.id) of: open, overdue, open major, closed (select items, parameters)."""
    counted = (("open", rules.open_now()), ("overdue", rules.overdue(today)),
               ("open_major", rules.both(rules.open_now(), rules.major())))
    items, params = [], []
    for name, condition in counted:
        sql, values = condition.on()
        items.append(f"count(h.id) FILTER (WHERE {sql}) AS {name}")
        params += values
    items.append("count(h.id) FILTER (WHERE h.status = ?) AS closed")
    return ", ".join(items), [*params, vocab.ST_CLOSED]


def summary(store: Store, today: date, scope: scopes.Scope = ()) -> dict:
    """Ledger totals for the scope: total, open, overdue, open major, closed and the rectification rate."""
    cond, params = scopes.where(scope, "h.unit_code")
    counts, count_params = _counts(today)
    row = store.query(f"SELECT count(*) AS total, {counts} FROM hazards h WHERE {cond}",
                      [*count_params, *params]).iloc[0]
    figures = {k: int(row[k]) for k in ("total", "open", "overdue", "open_major", "closed")}
    return {**figures, "rectification_rate": numbers.percent(figures["closed"], figures["total"])}


def by_unit(store: Store, today: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Per unit in display order: unit_code, unit, total, open, overdue, open_major, closed, rate."""
    cond, params = scopes.where(scope, "u.code")
    counts, count_params = _counts(today)
    frame = store.query(
        f"""
        SELECT u.code AS unit_code, u.name AS unit, count(h.id) AS total, {counts}
        FROM units u LEFT JOIN hazards h ON h.unit_code = u.code
        WHERE {cond}
        GROUP BY u.code, u.name, u.sort_order
        ORDER BY u.sort_order
        """,
        [*count_params, *params],
    )
    frame["rate"] = [numbers.percent(c, t) for c, t in zip(frame["closed"], frame["total"])]
    return frame


def weekly_trend(store: Store, today: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Hazards found and closed (销号) per ISO week (week starting Monday) up to the as-of date. A 销号 that a
    回头看 later undid still counts in its week (its reopening row keeps it): a past week's figure stays."""
    cond, params = scopes.where(scope, "h.unit_code")
    return store.query(
        f"""
        WITH found AS (
            SELECT date_trunc('week', found_date)::DATE AS week, count(*) AS n
            FROM hazards h WHERE {cond} AND found_date <= ? GROUP BY 1),
        closings AS (
            SELECT h.closed_date FROM hazards h WHERE {cond} AND h.closed_date IS NOT NULL
            UNION ALL
            SELECT r.closed_date FROM hazard_reopenings r JOIN hazards h ON h.id = r.hazard_id
            WHERE {cond} AND r.closed_date IS NOT NULL),
        closed AS (
            SELECT date_trunc('week', closed_date)::DATE AS week, count(*) AS n
            FROM closings WHERE closed_date <= ? GROUP BY 1)
        SELECT coalesce(f.week, c.week) AS week, coalesce(f.n, 0) AS found, coalesce(c.n, 0) AS closed
        FROM found f FULL JOIN closed c ON f.week = c.week
        ORDER BY week
        """,
        [*params, today, *params, *params, today],
    )


def detail(store: Store, hazard_id: str, today: date) -> dict | None:
    """Every field of one hazard plus unit and group names and the derived flags, or None."""
    derived, derived_params = rules.derived_columns(today)
    frame = store.query(
        f"""
        SELECT h.*, u.name AS unit, g.name AS group_name, {derived}
        FROM hazards h JOIN units u ON u.code = h.unit_code LEFT JOIN groups g ON g.id = h.group_id
        WHERE h.id = ?
        """,
        [*derived_params, hazard_id],
    )
    return None if frame.empty else clean_record(frame.iloc[0].to_dict())


# The detail's fields in the order a clerk reads them, with their Chinese labels.
DETAIL_FIELDS = (
    ("id", "隐患编号"), ("status", "状态"), ("found_date", "发现时间"), ("group_name", "检查组"), ("source", "来源"),
    ("handed_county_on", "移交县区日期"), ("handed_city_on", "移交市安委办日期"),
    ("unit", "县区"), ("township", "乡镇"), ("enterprise", "单位名称"), ("credit_code", "统一社会信用代码"),
    ("sector", "行业领域"), ("location", "隐患部位"), ("description", "隐患描述"), ("level", "隐患等级"),
    ("treatment", "治理类型"), ("measures", "整改措施"), ("resp_unit", "整改责任单位"), ("resp_person", "整改责任人"),
    ("resp_phone", "责任人电话"), ("original_deadline", "原整改期限"), ("deadline", "整改期限"), ("days_left", "剩余天数"),
    ("funds", "整改资金(万元)"), ("interim_measures", "临时管控措施"), ("completed_date", "整改完成日期"),
    ("verifier", "复查验收人"), ("verified_date", "复查日期"), ("verify_result", "复查结论"), ("closed_date", "销号日期"),
    ("listing_level", "督办级别"), ("listing_unit", "督办单位"), ("listing_doc", "督办文号"), ("listing_date", "挂牌日期"),
    ("enforcement", "执法措施"), ("remark", "备注"),
)


def history(store: Store, hazard_id: str) -> pd.DataFrame:
    """The hazard's audit events, oldest first: happened_at, actor, action, from/to status, reason, detail."""
    return store.audit_history(HAZARD_ENTITY, hazard_id)


def reopenings(store: Store, hazard_id: str) -> pd.DataFrame:
    """The hazard's 回头看 reopenings, first first: seq, closed_date (the 销号 undone), deadline_before (the deadline
    of the round that ended), reopened_on, deadline (the new round's), reason, actor, audit_id."""
    return store.query("SELECT seq, closed_date, deadline_before, reopened_on, deadline, reason, actor, audit_id"
                       " FROM hazard_reopenings WHERE hazard_id = ? ORDER BY seq", [hazard_id])


DETAIL_LABELS = {
    "completed_date": "整改完成日期", "measures": "整改措施", "funds": "整改资金(万元)", "verifier": "复查验收人",
    "verified_date": "复查日期", "verify_result": "复查结论", "closed_date": "销号日期", "old_deadline": "原期限",
    "new_deadline": "新期限", "approval": "审批", "level": "级别", "unit": "督办单位", "doc": "文号", "date": "日期",
    "measure": "执法措施", "source": "来源", "deadline": "整改期限", "reopen_count": "反弹次数",
}


def describe_detail(detail: str | None) -> str:
    """An audit event's JSON detail as one Chinese line for the timeline."""
    return describe_audit_detail(detail, DETAIL_LABELS)


def groups(store: Store) -> pd.DataFrame:
    """id, name, unit_code of the inspection groups in unit order."""
    return store.query(
        "SELECT g.id, g.name, g.unit_code FROM groups g JOIN units u ON u.code = g.unit_code ORDER BY u.sort_order"
    )


def due_on(store: Store, day: date) -> pd.DataFrame:
    """Open hazards whose deadline is ``day``, with the person responsible and the phone (for their reminder)."""
    return store.query(
        "SELECT h.id, h.unit_code, u.name AS unit, h.enterprise, h.description, h.deadline, h.resp_person, h.resp_phone"
        " FROM hazards h JOIN units u ON u.code = h.unit_code WHERE h.deadline = ? AND h.status <> ? ORDER BY h.id",
        [day, vocab.ST_CLOSED])


AGE_BANDS = ((365, "一年以上"), (180, "半年至一年"), (90, "三个月至半年"), (30, "一至三个月"), (0, "一个月以内"))


def ageing(store: Store, today: date, scope: scopes.Scope = (), limit: int = 20) -> tuple[pd.DataFrame, pd.DataFrame]:
    """滚动清零: the open hazards by how long they have been open (``AGE_BANDS``, oldest first; a reopened one counts
    from its latest reopening: the hazard's ``reopened_on``, the cache of it the reopening keeps, migration 0018),
    and the ``limit`` open longest with their age in days."""
    cond, params = scopes.where(scope, "h.unit_code")
    frame = store.query(
        f"""SELECT h.id, u.name AS unit, h.enterprise, h.description, h.level, h.status, h.deadline,
                   coalesce(h.reopened_on, h.found_date) AS since,
                   date_diff('day', coalesce(h.reopened_on, h.found_date), ?) AS age
            FROM hazards h JOIN units u ON u.code = h.unit_code
            WHERE {cond} AND h.status <> ? ORDER BY age DESC, h.id""", [today, *params, vocab.ST_CLOSED])
    band = [next(label for floor, label in AGE_BANDS if age >= floor) for age in frame["age"]]
    counts = pd.Series(band, dtype=object).value_counts()
    bands = pd.DataFrame({"band": [label for _, label in AGE_BANDS],
                          "count": [int(counts.get(label, 0)) for _, label in AGE_BANDS]})
    return bands, frame.head(limit)
