"""The hazard rules, each written once: what is open, what is overdue, what is listed, what a new hazard needs.

Conditions are SQL fragments kept beside their Chinese description (datasette's ``Filter`` does the same):
``Condition.sql`` names columns through ``{h}`` (the table's alias, e.g. ``h.``), every value is a parameter.

- Open (未销号): now, the status is not 已销号; at a past period's end, found on or before it and not closed
  by it (``closed_date`` null or later).
- Overdue (逾期): open and the deadline BEFORE the day. A deadline today is not overdue yet; a closed hazard
  never is. The current deadline counts (an extension granted later applies backwards).
- Listed (挂牌督办): listed now; at a period's end also with no listing date or one on or before the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard import clock, ingest, vocab

__all__ = ["Condition", "open_now", "open_at", "overdue", "major", "listed", "extended", "both", "derived_columns",
           "found_by", "closed_by", "due_by", "closed_in_time",
           "NEW_LABELS", "new_hazard_problems", "check_new"]


@dataclass(frozen=True)
class Condition:
    """An SQL condition, its parameters and what it means in Chinese."""

    sql: str
    params: tuple = ()
    description: str = ""

    def on(self, alias: str = "h.") -> tuple[str, list[Any]]:
        """(SQL with the columns on ``alias`` — "h." or "" —, parameters)."""
        return f"({self.sql.format(h=alias)})", list(self.params)


def both(*parts: Condition) -> Condition:
    """Every condition holds (their SQL joined with AND, parameters in order)."""
    return Condition(" AND ".join(f"({p.sql})" for p in parts), tuple(v for p in parts for v in p.params),
                     "，".join(p.description for p in parts if p.description))


def open_now() -> Condition:
    """Not yet 销号."""
    return Condition("{h}status <> ?", (vocab.ST_CLOSED,), "未销号")


def open_at(end: date) -> Condition:
    """Open at the end of ``end``: found on or before it and not closed by it — nor standing closed then before a
    回头看 reopened it (``reopen_closed_date`` ≤ end < ``reopened_on``)."""
    return Condition("{h}found_date <= ? AND ({h}closed_date IS NULL OR {h}closed_date > ?)"
                     " AND NOT coalesce({h}reopen_closed_date <= ? AND {h}reopened_on > ?, FALSE)", (end, end, end, end),
                     f"{clock.format_date(end)}时未销号")


def overdue(day: date, is_open: Condition | None = None) -> Condition:
    """THE overdue rule: open (now, or ``is_open`` — e.g. ``open_at(end)`` for a past period) and the deadline
    before ``day``."""
    is_open = is_open or open_now()
    return Condition(f"{is_open.sql} AND {{h}}deadline < ?", (*is_open.params, day),
                     "超过整改期限仍未销号（整改期限当日不算逾期）")


def major() -> Condition:
    return Condition("{h}level = ?", (vocab.LEVEL_MAJOR,), "重大隐患")


def listed(end: date | None = None) -> Condition:
    """挂牌督办 (省、市、县级); with ``end``: already listed by then (no listing date counts as listed)."""
    if end is None:
        return Condition("{h}listing_level <> ?", (vocab.NOT_LISTED,), "挂牌督办")
    return Condition("{h}listing_level <> ? AND ({h}listing_date IS NULL OR {h}listing_date <= ?)",
                     (vocab.NOT_LISTED, end), "挂牌督办")


# -- the inputs of 整改率 and 按期整改率 at a period's end ---------------------------------------------
def found_by(end: date) -> Condition:
    return Condition("{h}found_date <= ?", (end,), "期末前发现")


def closed_by(end: date) -> Condition:
    """Found by ``end`` and standing closed at it (a later 回头看 reopening leaves that period's figure alone)."""
    return Condition("{h}found_date <= ? AND ({h}closed_date <= ? OR coalesce({h}reopen_closed_date <= ?"
                     " AND {h}reopened_on > ?, FALSE))", (end, end, end, end), "期末前发现且已销号")


def due_by(end: date) -> Condition:
    """Its deadline has come by ``end``: before it, or on it and already closed by then (the deadline day
    itself is not late yet, so an open hazard due that day is not counted either way)."""
    return Condition("{h}found_date <= ? AND ({h}deadline < ? OR ({h}deadline = ? AND {h}closed_date <= {h}deadline))",
                     (end, end, end), "期末前已到整改期限")


def closed_in_time(end: date) -> Condition:
    return Condition("{h}found_date <= ? AND {h}deadline <= ? AND {h}closed_date <= {h}deadline", (end, end),
                     "期末前已到期且按期销号")


def extended() -> Condition:
    """已延期: the deadline differs from the original one."""
    return Condition("coalesce({h}deadline <> {h}original_deadline, FALSE)", (), "已延期")


def derived_columns(today: date, alias: str = "h.") -> tuple[str, list[Any]]:
    """The derived, never stored, columns as SQL select items: overdue, extended, listed, days_left (None
    once closed)."""
    items, params = [], []
    for name, condition in (("overdue", overdue(today)), ("extended", extended()), ("listed", listed())):
        sql, values = condition.on(alias)
        items.append(f"{sql} AS {name}")
        params += values
    is_open, values = open_now().on(alias)
    items.append(f"CASE WHEN {is_open} THEN date_diff('day', ?::DATE, {alias}deadline) END AS days_left")
    return ", ".join(items), [*params, *values, today]


# -- a new hazard ---------------------------------------------------------------------------------------
NEW_LABELS = {
    "found_date": "发现时间", "unit_code": "县区", "source": "来源", "enterprise": "单位名称", "sector": "行业领域",
    "description": "隐患描述", "level": "隐患等级", "treatment": "治理类型", "deadline": "整改期限", "funds": "整改资金(万元)",
}
_CHOICES: Sequence[tuple[str, tuple[str, ...]]] = (
    ("source", vocab.SOURCES), ("sector", vocab.SECTORS), ("level", vocab.HAZARD_LEVELS), ("treatment", vocab.TREATMENTS))


def new_hazard_problems(fields: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    """(field key, Chinese reason) for every rule a new hazard breaks; empty when it may be registered."""
    problems = [(key, f"请填写{label}") for key, label in NEW_LABELS.items()
                if key not in ("deadline", "funds") and ingest.is_blank(fields.get(key))]
    if problems:
        return problems
    for key, choices in _CHOICES:
        if fields[key] not in choices:
            problems.append((key, f"{NEW_LABELS[key]}“{fields[key]}”不是可选值"))
    found = clock.as_date(fields["found_date"])
    if found > today:
        problems.append(("found_date", f"发现时间 {found} 不能晚于今天（{today}）"))
    deadline = clock.as_date(fields.get("deadline"))
    if deadline is None and fields["treatment"] == vocab.TREAT_DEADLINE:
        problems.append(("deadline", "限期整改的隐患须填写整改期限"))
    if deadline is not None and deadline < found:
        problems.append(("deadline", f"整改期限 {deadline} 不能早于发现时间 {found}"))
    if fields.get("level") == vocab.LEVEL_MAJOR and fields["treatment"] == vocab.TREAT_IMMEDIATE:
        problems.append(("treatment", "重大隐患不能按即查即改处理，请选择限期整改"))
    funds = fields.get("funds")
    if funds is not None and funds < 0:
        problems.append(("funds", "整改资金不能为负数"))
    for key, label in (("handed_county_on", "移交县区日期"), ("handed_city_on", "移交市安委办日期")):
        handed = clock.as_date(fields.get(key))
        if handed is not None and handed < found:
            problems.append((key, f"{label} {handed} 不能早于发现时间 {found}"))
        elif handed is not None and handed > today:
            problems.append((key, f"{label} {handed} 不能晚于今天（{today}）"))
    return problems


def check_new(fields: Mapping[str, Any], today: date) -> str | None:
    """None when a new hazard's fields are complete and consistent, else the first Chinese reason."""
    problems = new_hazard_problems(fields, today)
    return problems[0][1] if problems else None
