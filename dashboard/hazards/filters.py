"""Finding hazards: the ledger page's filter in SQL and in words, the capped table, counts and breakdowns.

``HazardFilter`` holds every choice of the page (hashable: a cache key); ``filter_from`` builds one from the
widgets' (or the URL's) values, dropping any value that is not a choice. ``conditions`` is its SQL and
``describe_filter`` the same filter as one Chinese line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard import clock, numbers, vocab
from dashboard.db import Store
from dashboard.hazards import rules

__all__ = ["HazardFilter", "filter_from", "conditions", "ALL_HAZARDS", "describe_filter", "TABLE_LIMIT", "table",
           "rate_not_applicable", "filtered_summary", "BREAKDOWNS", "breakdown", "ledger_view"]


@dataclass(frozen=True)
class HazardFilter:
    """Every filter of the ledger page; empty means "no restriction". Hashable (cache key)."""

    scope: tuple[str, ...] = ()          # unit codes
    groups: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    treatments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()          # 逾期 / 已延期 / 挂牌督办, all must hold
    found_from: date | None = None
    found_to: date | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    keyword: str = ""


def filter_from(values: Mapping[str, Any], scope: Sequence[str] = (),
                group_ids: Mapping[str, int] | None = None) -> HazardFilter:
    """A filter from the page's values by widget name (group, source, sector, level, treatment, status,
    flags, found_from, found_to, due_from, due_to, q); a value that is not one of the choices is ignored."""
    group_ids = group_ids or {}

    def picked(name: str, choices: Sequence[str]) -> tuple[str, ...]:
        return tuple(v for v in values.get(name) or () if v in choices)

    return HazardFilter(
        scope=tuple(scope),
        groups=tuple(int(group_ids[g]) for g in values.get("group") or () if g in group_ids),
        sources=picked("source", vocab.SOURCES), sectors=picked("sector", vocab.SECTORS),
        levels=picked("level", vocab.HAZARD_LEVELS), treatments=picked("treatment", vocab.TREATMENTS),
        statuses=picked("status", vocab.HAZARD_STATUSES), flags=picked("flags", vocab.DERIVED_FLAGS),
        found_from=clock.as_date(values.get("found_from")), found_to=clock.as_date(values.get("found_to")),
        deadline_from=clock.as_date(values.get("due_from")), deadline_to=clock.as_date(values.get("due_to")),
        keyword=str(values.get("q") or ""),
    )


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


def conditions(f: HazardFilter, today: date, prefix: str = "h.") -> tuple[str, list[Any]]:
    """The SQL condition for a filter (column names are literals; every value is a parameter)."""
    parts: list[str] = []
    params: list[Any] = []
    for column, values in (("unit_code", f.scope), ("group_id", f.groups), ("source", f.sources),
                           ("sector", f.sectors), ("level", f.levels), ("treatment", f.treatments),
                           ("status", f.statuses)):
        if values:
            sql, p = _in(prefix + column, values)
            parts.append(sql)
            params += p
    for flag, condition in ((vocab.FLAG_OVERDUE, rules.overdue(today)), (vocab.FLAG_EXTENDED, rules.extended()),
                            (vocab.FLAG_LISTED, rules.listed())):
        if flag in f.flags:
            sql, p = condition.on(prefix)
            parts.append(sql)
            params += p
    for column, op, value in (("found_date", ">=", f.found_from), ("found_date", "<=", f.found_to),
                              ("deadline", ">=", f.deadline_from), ("deadline", "<=", f.deadline_to)):
        if value is not None:
            parts.append(f"{prefix}{column} {op} ?")
            params.append(value)
    keyword = (f.keyword or "").strip().lower()
    if keyword:
        parts.append(
            f"(contains(lower({prefix}enterprise), ?) OR contains(lower(coalesce({prefix}location, '')), ?)"
            f" OR contains(lower({prefix}description), ?) OR contains(lower({prefix}id), ?))"
        )
        params += [keyword] * 4
    return (" AND ".join(parts) or "TRUE"), params


ALL_HAZARDS = "全部隐患"  # the filter in words when nothing narrows it


def describe_filter(f: HazardFilter, unit_names: Mapping[str, str] | None = None,
                    group_names: Mapping[int, str] | None = None) -> str:
    """The filter in one Chinese line, e.g. "县区：汉滨区；行业领域：消防；标记：逾期" (全部隐患 when empty)."""
    unit_names = unit_names or {}
    group_names = group_names or {}
    parts = []
    for label, values in (("县区", [unit_names.get(c, c) for c in f.scope]),
                          ("检查组", [group_names.get(g, str(g)) for g in f.groups]),
                          ("来源", f.sources), ("行业领域", f.sectors), ("隐患等级", f.levels), ("治理类型", f.treatments),
                          ("状态", f.statuses), ("标记", f.flags)):
        if values:
            parts.append(f"{label}：{'、'.join(values)}")
    for label, start, end in (("发现时间", f.found_from, f.found_to), ("整改期限", f.deadline_from, f.deadline_to)):
        if start or end:
            parts.append(f"{label}：{start or '…'} 至 {end or '…'}")
    if f.keyword.strip():
        parts.append(f"关键词：{f.keyword.strip()}")
    return "；".join(parts) or ALL_HAZARDS


TABLE_LIMIT = 500


def table(store: Store, f: HazardFilter, today: date, limit: int = TABLE_LIMIT) -> pd.DataFrame:
    """The first ``limit`` filtered hazards for the page table: open ones first, the most urgent on top."""
    cond, params = conditions(f, today)
    derived, derived_params = rules.derived_columns(today)
    return store.query(
        f"""
        SELECT h.id, u.name AS unit, h.enterprise, h.sector, h.level, h.treatment, h.status, h.found_date,
               h.deadline, h.listing_level, {derived}
        FROM hazards h JOIN units u ON u.code = h.unit_code
        WHERE {cond}
        ORDER BY (h.status = ?), h.deadline, h.id
        LIMIT ?
        """,
        [*derived_params, *params, vocab.ST_CLOSED, int(limit)],
    )


def rate_not_applicable(f: HazardFilter) -> str | None:
    """Why the rectification rate (已销号 ÷ all) says nothing about the set this filter selects, or None: the
    filter itself keeps only open hazards (逾期, or statuses that are all open) or only closed ones, so the
    rate would be 0.0% or 100% whatever the work done."""
    if vocab.FLAG_OVERDUE in f.flags:
        return "筛选“逾期”时结果均为未销号隐患，整改率不适用"
    if f.statuses and vocab.ST_CLOSED not in f.statuses:
        return "所选状态均为未销号，整改率不适用"
    if f.statuses and set(f.statuses) == {vocab.ST_CLOSED}:
        return "所选状态均为已销号，整改率不适用"
    return None


def filtered_summary(store: Store, f: HazardFilter, today: date) -> dict:
    """Counts for the filtered set: total, open, overdue, major, closed, listed_open, rectification rate (None,
    with ``rate_note`` saying why, where the filter makes it meaningless: ``rate_not_applicable``)."""
    cond, params = conditions(f, today)
    counted = (rules.open_now(), rules.overdue(today), rules.major(), rules.both(rules.listed(), rules.open_now()))
    items = [c.on() for c in counted]
    total, open_, overdue, major, listed, closed = store.rows(
        f"""
        SELECT count(*), {', '.join(f'count(*) FILTER (WHERE {sql})' for sql, _ in items)},
               count(*) FILTER (WHERE h.status = ?)
        FROM hazards h WHERE {cond}
        """,
        [*(v for _, p in items for v in p), vocab.ST_CLOSED, *params],
    )[0]
    note = rate_not_applicable(f)
    return {"total": total, "open": open_, "overdue": overdue, "major": major, "closed": closed,
            "listed_open": listed, "rectification_rate": None if note else numbers.percent(closed, total),
            "rate_note": note}


BREAKDOWNS = {"sector": "h.sector", "status": "h.status", "unit": "u.name"}


def breakdown(store: Store, f: HazardFilter, today: date, by: str) -> pd.DataFrame:
    """Filtered counts per sector / status / unit: columns key, total, open, overdue."""
    column = BREAKDOWNS[by]
    order = {"sector": "total DESC, key", "status": "min(s.ord)", "unit": "min(u.sort_order)"}[by]
    cond, params = conditions(f, today)
    statuses = ", ".join(f"({i}, ?)" for i in range(len(vocab.HAZARD_STATUSES)))
    (is_open, open_params), (late, late_params) = rules.open_now().on(), rules.overdue(today).on()
    return store.query(
        f"""
        WITH s(ord, name) AS (VALUES {statuses})
        SELECT {column} AS key, count(*) AS total, count(*) FILTER (WHERE {is_open}) AS open,
               count(*) FILTER (WHERE {late}) AS overdue
        FROM hazards h JOIN units u ON u.code = h.unit_code LEFT JOIN s ON s.name = h.status
        WHERE {cond}
        GROUP BY 1 ORDER BY {order}
        """,
        [*vocab.HAZARD_STATUSES, *open_params, *late_params, *params],
    )


def _listing_badge(level: str) -> str:
    return "" if level == vocab.NOT_LISTED else "🔴 " + level.replace("挂牌督办", "挂牌")


def ledger_view(rows: pd.DataFrame, today: date) -> tuple[pd.DataFrame, list[str | None]]:
    """The page table of ``table``'s rows, and the urgency band of each row's countdown (None: closed or no
    deadline).

    剩余天数 is the countdown text of ``clock.countdown`` (已销号 once closed), its band the countdown's
    urgency: both come from the same days, so a colour never depends on reading the text back."""
    closed = [status == vocab.ST_CLOSED for status in rows["status"]]
    counts = [clock.countdown(d, today, done="已销号" if c else None) for d, c in zip(rows["deadline"], closed)]
    shown = pd.DataFrame({
        "隐患编号": rows["id"],
        "县区": rows["unit"],
        "单位名称": rows["enterprise"],
        "行业领域": rows["sector"],
        "隐患等级": rows["level"],
        "状态": rows["status"],
        "整改期限": rows["deadline"],
        "剩余天数": [c.text for c in counts],
        "挂牌督办": [_listing_badge(level) for level in rows["listing_level"]],
        "已延期": rows["extended"],
    })
    return shown, [c.urgency for c in counts]
