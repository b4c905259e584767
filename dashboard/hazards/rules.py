"""The hazard rules, each written once: what is open, what is overdue, what is listed, what a new hazard needs.

Conditions are SQL fragments kept beside their Chinese description (datasette's ``Filter`` does the same):
``Condition.sql`` names columns through ``{h}`` (the table's alias, e.g. ``h.``), every value is a parameter.

- Open (未销号): now, the status is not 已销号; at a past period's end, found on or before it and not closed
  by it (``closed_date`` null or later).
- Overdue (逾期): open and the deadline BEFORE the day. A deadline today is not overdue yet; a closed hazard
  never is. The deadline of the round in force counts (an extension granted later in that round applies
  backwards).
- Listed (挂牌督办): listed now; at a period's end also with no listing date or one on or before the end.

At a period's end the rules read the hazards as they stood then (``hazards_at``, chosen by ``source``): a
回头看 reopening (``hazard_reopenings``, a row each) ends a round, and a period that ended before it keeps the
round's 销号 and deadline, however many rounds came after. A figure for a period that has ended never changes
because of something done after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard import clock, ingest, vocab

__all__ = ["Condition", "open_now", "open_at", "overdue", "major", "listed", "extended", "both", "derived_columns",
           "found_by", "closed_by", "due_by", "closed_in_time", "hazards_at", "source", "judged_at", "REOPENED_AFTER",
           "NEW_LABELS", "new_hazard_problems", "check_new"]


@dataclass(frozen=True)
class Condition:
    """An SQL condition, its parameters and what it means in Chinese. ``at``: the day at whose end it judges a
    hazard, read over the hazards as they stood then (``source`` names the FROM item); None: as they stand now."""

    sql: str
    params: tuple = ()
    description: str = ""
    at: date | None = None

    def on(self, alias: str = "h.") -> tuple[str, list[Any]]:
        """(SQL with the columns on ``alias`` — "h." or "" —, parameters)."""
        return f"({self.sql.format(h=alias)})", list(self.params)


def both(*parts: Condition) -> Condition:
    """Every condition holds (their SQL joined with AND, parameters in order)."""
    return Condition(" AND ".join(f"({p.sql})" for p in parts), tuple(v for p in parts for v in p.params),
                     "，".join(p.description for p in parts if p.description), judged_at(*parts))


def judged_at(*conditions: Condition) -> date | None:
    """The one period end ``conditions`` judge at (None: now); refused when they name two."""
    ends = {c.at for c in conditions if c.at is not None}
    if len(ends) > 1:
        raise ValueError(f"conditions judged at different ends: {sorted(ends)}")
    return next(iter(ends), None)


# -- the hazards as they stood at a period's end (回头看) ----------------------------------------------------
def hazards_at(end: date) -> tuple[str, list[Any]]:
    """(FROM item, parameters): the hazards as they stood at the end of ``end`` — every column of ``hazards``,
    with ``closed_date`` and ``deadline`` those of the round in force then.

    A 回头看 reopening (复查发现反弹; a row of ``hazard_reopenings``) ends a round: its row keeps the 销号 it undid
    (``closed_date``) and the deadline in force in that round (``deadline_before``, after that round's
    extensions). At ``end`` a hazard is in the round ended by its first reopening made after ``end``; with none
    after ``end`` (reopened on ``end`` itself: open again that day) it is in its current round, the row as it is.

    The hazard's ``reopened_on`` (its latest reopening, kept by the reopening itself) says which: the hazards not
    reopened after ``end`` are read as they are, with one date test each and no join; only those reopened after
    it are joined to their reopenings. At 1.27M hazards, 220 of them reopened after the end, the ranking's counts
    took 83–86 ms of CPU this way, 113–127 ms with a LEFT JOIN of every hazard onto the reopenings, 60 ms reading
    the table as it is — which ``source`` does when nothing was reopened after the end (README "Speed").
    """
    return ("""(SELECT h.* FROM hazards h WHERE h.reopened_on IS NULL OR h.reopened_on <= ?
               UNION ALL
               SELECT h.* REPLACE (r.closed_date AS closed_date, r.deadline_before AS deadline)
               FROM hazards h JOIN (SELECT DISTINCT ON (hazard_id) hazard_id, closed_date, deadline_before
                                    FROM hazard_reopenings WHERE reopened_on > ? ORDER BY hazard_id, seq) r
                 ON r.hazard_id = h.id
               WHERE h.reopened_on > ?)""", [end, end, end])


REOPENED_AFTER = "SELECT count(*) > 0 FROM hazard_reopenings WHERE reopened_on > ?"  # parameter: the end


def source(*conditions: Condition, reopened_after: bool = True) -> tuple[str, list[Any]]:
    """(FROM item, parameters) the ``conditions`` are read over: the hazards table for conditions about now,
    ``hazards_at(end)`` for conditions at a period's end (all at the same end). ``reopened_after=False`` when the
    caller has asked the store ``REOPENED_AFTER`` and nothing was reopened after the end (always so for the
    current period, and for every period of a store that never reopened one): then the table itself is the
    hazards as they stood, read without the union."""
    end = judged_at(*conditions)
    return ("hazards", []) if end is None or not reopened_after else hazards_at(end)


def open_now() -> Condition:
    """Not yet 销号."""
    return Condition("{h}status <> ?", (vocab.ST_CLOSED,), "未销号")


def open_at(end: date) -> Condition:
    """Open at the end of ``end``: found on or before it and not closed by it (in the round in force then)."""
    return Condition("{h}found_date <= ? AND ({h}closed_date IS NULL OR {h}closed_date > ?)", (end, end),
                     f"{clock.format_date(end)}时未销号", end)


def overdue(day: date, is_open: Condition | None = None) -> Condition:
    """THE overdue rule: open (now, or ``is_open`` — e.g. ``open_at(end)`` for a past period) and the deadline
    before ``day``."""
    is_open = is_open or open_now()
    return Condition(f"{is_open.sql} AND {{h}}deadline < ?", (*is_open.params, day),
                     "超过整改期限仍未销号（整改期限当日不算逾期）", is_open.at)


def major() -> Condition:
    return Condition("{h}level = ?", (vocab.LEVEL_MAJOR,), "重大隐患")


def listed(end: date | None = None) -> Condition:
    """挂牌督办 (省、市、县级); with ``end``: already listed by then (no listing date counts as listed)."""
    if end is None:
        return Condition("{h}listing_level <> ?", (vocab.NOT_LISTED,), "挂牌督办")
    return Condition("{h}listing_level <> ? AND ({h}listing_date IS NULL OR {h}listing_date <= ?)",
                     (vocab.NOT_LISTED, end), "挂牌督办", end)


# -- the inputs of 整改率 and 按期整改率 at a period's end (read over ``hazards_at(end)``) ---------------------
def found_by(end: date) -> Condition:
    return Condition("{h}found_date <= ?", (end,), "期末前发现", end)


def closed_by(end: date) -> Condition:
    """Found by ``end`` and standing closed at it (a 回头看 reopening after ``end`` leaves that period alone)."""
    return Condition("{h}found_date <= ? AND {h}closed_date <= ?", (end, end), "期末前发现且已销号", end)


def due_by(end: date) -> Condition:
    """Its deadline (the round's in force at ``end``) has come by ``end``: before it, or on it and already closed
    by then (the deadline day itself is not late yet, so an open hazard due that day is not counted either way)."""
    return Condition("{h}found_date <= ? AND ({h}deadline < ? OR ({h}deadline = ? AND {h}closed_date <= {h}deadline))",
                     (end, end, end), "期末前已到整改期限", end)


def closed_in_time(end: date) -> Condition:
    return Condition("{h}found_date <= ? AND {h}deadline <= ? AND {h}closed_date <= {h}deadline", (end, end),
                     "期末前已到期且按期销号", end)


def extended() -> Condition:
    """已延期: the deadline differs from the original one (the first deadline of the current round: a 回头看
    reopening sets both to its new deadline)."""
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
