"""Finding hazards: the ledger page's filter in SQL and in words, the capped table, counts and breakdowns.

``HazardFilter`` holds every choice of the page (hashable: a cache key); ``filter_from`` builds one from the
widgets' (or the URL's) values, dropping any value that is not a choice. ``conditions`` is its SQL and
``describe_filter`` the same filter as one Chinese line.

The page asks ``ledger`` once per rerun: the filter (a keyword is the costly part: a string scan, see
``hazards.search``) is evaluated once, and the counts, the three breakdowns and the table come from that one
scan. ``filtered_summary``, ``breakdown`` and ``table`` answer one of those each, with the same SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard import clock, numbers, vocab
from dashboard.db import Store
from dashboard.hazards import rules, search

__all__ = ["HazardFilter", "filter_from", "conditions", "ALL_HAZARDS", "describe_filter", "TABLE_LIMIT", "table",
           "rate_not_applicable", "filtered_summary", "BREAKDOWNS", "breakdown", "Ledger", "ledger", "ledger_view"]


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
    keyword = search.keyword_condition(f.keyword, prefix)  # one column prepared at write time (hazards.search)
    if keyword:
        parts.append(keyword[0])
        params += keyword[1]
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
_ORDER = "(h.status = ?), h.deadline, h.id"  # the table's order: open ones first, the most urgent on top


def _rows(store: Store, where: str, params: list[Any], today: date, limit: int) -> pd.DataFrame:
    derived, derived_params = rules.derived_columns(today)
    frame = store.query(  # no join: by id (ledger) DuckDB then looks the rows up in the key's index
        f"""
        SELECT h.id, h.unit_code, h.enterprise, h.sector, h.level, h.treatment, h.status, h.found_date,
               h.deadline, h.listing_level, {derived}
        FROM hazards h
        WHERE {where}
        ORDER BY {_ORDER}
        LIMIT ?
        """,
        [*derived_params, *params, vocab.ST_CLOSED, int(limit)],
    )
    names = dict(store.rows("SELECT code, name FROM units"))
    frame.insert(1, "unit", pd.Series([names.get(code) for code in frame.pop("unit_code")],
                                      dtype="str" if len(frame) else object))  # typed as DuckDB types it
    return frame


def table(store: Store, f: HazardFilter, today: date, limit: int = TABLE_LIMIT) -> pd.DataFrame:
    """The first ``limit`` filtered hazards for the page table: open ones first, the most urgent on top."""
    return _rows(store, *conditions(f, today), today, limit)


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


# -- counts: in all, per sector, per status and per unit, in one GROUPING SETS query -----------------------
_COUNTED = ("total", "open", "overdue", "major", "listed_open")
_BY = {"sector": "h.sector", "status": "h.status", "unit": "u.name"}
BREAKDOWNS = tuple(_BY)
_Counts = dict[str, list[tuple]]  # "" (all) or a breakdown -> rows (key, order, total, open, overdue, major, listed_open)


def _counts_sql(today: date, source: str) -> tuple[str, list[Any]]:
    """The hazards of ``source`` (aliased h) counted in all and per sector, status and unit: rows (by, key,
    order, total, open, overdue, major, listed_open), ``by`` "" for the whole set. One pass over the hazards
    counts per (unit, sector, status); the grouping sets add those few rows up."""
    counted = (rules.open_now(), rules.overdue(today), rules.major(), rules.both(rules.listed(), rules.open_now()))
    items = [c.on() for c in counted]
    filtered = ", ".join(f"count(*) FILTER (WHERE {sql}) AS {name}" for (sql, _), name in zip(items, _COUNTED[1:]))
    which = " ".join(f"WHEN GROUPING({column}) = 0 THEN '{by}'" for by, column in _BY.items())
    sums = ", ".join(f"coalesce(sum(h.{name}), 0)::BIGINT" for name in _COUNTED)
    return (f"WITH fine AS (SELECT h.unit_code, h.sector, h.status, count(*) AS total, {filtered} "
            f"FROM {source} h GROUP BY ALL) "
            f"SELECT CASE {which} ELSE '' END AS by, coalesce({', '.join(_BY.values())}) AS key, "
            f"min(u.sort_order) AS ord, {sums} FROM fine h LEFT JOIN units u ON u.code = h.unit_code "
            f"GROUP BY GROUPING SETS ((), {', '.join(f'({c})' for c in _BY.values())})"), [v for _, p in items for v in p]


def _grouped(rows: list[tuple]) -> _Counts:
    grouped: _Counts = {"": [], **{by: [] for by in BREAKDOWNS}}
    for by, *figures in rows:
        if figures[0] is not None or by == "":  # (a unit code that is no unit has no row per unit)
            grouped[by].append(tuple(figures))
    return grouped


def _counts(store: Store, f: HazardFilter, today: date) -> _Counts:
    cond, params = conditions(f, today)
    sql, count_params = _counts_sql(today, f"(SELECT * FROM hazards h WHERE {cond})")
    return _grouped(store.rows(sql, [*count_params, *params]))  # the counts' parameters come first in the text


def _summary(counts: _Counts, f: HazardFilter) -> dict:
    figures = dict(zip(_COUNTED, counts[""][0][2:] if counts[""] else (0,) * len(_COUNTED)))
    closed = sum(row[2] for row in counts["status"] if row[0] == vocab.ST_CLOSED)
    note = rate_not_applicable(f)
    return {"total": figures["total"], "open": figures["open"], "overdue": figures["overdue"],
            "major": figures["major"], "closed": closed, "listed_open": figures["listed_open"],
            "rectification_rate": None if note else numbers.percent(closed, figures["total"]), "rate_note": note}


def filtered_summary(store: Store, f: HazardFilter, today: date) -> dict:
    """Counts for the filtered set: total, open, overdue, major, closed, listed_open, rectification rate (None,
    with ``rate_note`` saying why, where the filter makes it meaningless: ``rate_not_applicable``)."""
    return _summary(_counts(store, f, today), f)


_STATUS_ORDER = {status: i for i, status in enumerate(vocab.HAZARD_STATUSES)}
_SORTED = {
    "sector": lambda row: (-row[2], row[0]),                                  # most first
    "status": lambda row: (_STATUS_ORDER.get(row[0], len(_STATUS_ORDER)),),  # in the lifecycle's order
    "unit": lambda row: (row[1], row[0]),                                     # in display order
}


def _breakdown(counts: _Counts, by: str) -> pd.DataFrame:
    rows = sorted(counts[by], key=_SORTED[by])
    return pd.DataFrame({"key": pd.Series([r[0] for r in rows], dtype="str" if rows else object),  # as DuckDB's
                         **{name: pd.Series([r[i] for r in rows], dtype="int64")
                            for i, name in ((2, "total"), (3, "open"), (4, "overdue"))}})


def breakdown(store: Store, f: HazardFilter, today: date, by: str) -> pd.DataFrame:
    """Filtered counts per sector (most first) / status (in their order) / unit (in display order): columns key,
    total, open, overdue."""
    return _breakdown(_counts(store, f, today), by)


# -- the whole page in one scan ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Ledger:
    """What 隐患台账 shows for one filter: ``filtered_summary``, every ``breakdown`` and the ``table``'s rows."""

    summary: dict
    breakdowns: dict[str, pd.DataFrame]
    rows: pd.DataFrame


def ledger(store: Store, f: HazardFilter, today: date, limit: int = TABLE_LIMIT) -> Ledger:
    """The ledger page's figures with the filter evaluated ONCE: one query finds the filtered hazards, counts
    them (in all, per sector, status and unit) and picks the ids of the table's first ``limit`` rows; a second,
    small one reads those rows by id.

    With a keyword the matching rows are kept (a materialised CTE) so the keyword's string scan runs once;
    without one the cheap column filters run twice rather than copy the whole table."""
    cond, params = conditions(f, today)
    keep = "MATERIALIZED" if search.keyword_condition(f.keyword) else "NOT MATERIALIZED"
    counts_sql, count_params = _counts_sql(today, "m")
    both = store.rows(
        f"""
        WITH m AS {keep} (SELECT h.id, h.unit_code, h.sector, h.status, h.level, h.deadline, h.listing_level
                          FROM hazards h WHERE {cond}),
             top AS (SELECT h.id FROM m h ORDER BY {_ORDER} LIMIT ?)
        SELECT *, NULL::VARCHAR AS id FROM ({counts_sql})
        UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, id FROM top
        """,
        [*params, vocab.ST_CLOSED, int(limit), *count_params],
    )
    counts = _grouped([row[:-1] for row in both if row[0] is not None])
    ids = [row[-1] for row in both if row[0] is None]
    rows = _rows(store, f"h.id IN ({', '.join('?' for _ in ids)})" if ids else "FALSE", ids, today, limit)
    return Ledger(summary=_summary(counts, f), breakdowns={by: _breakdown(counts, by) for by in BREAKDOWNS},
                  rows=rows)


def _listing_badge(level: str) -> str:
    return "" if level == vocab.NOT_LISTED else "🔴 " + level.replace("挂牌督办", "挂牌")


def ledger_view(rows: pd.DataFrame, today: date) -> tuple[pd.DataFrame, list[str | None]]:
    """The page table of ``table``'s rows, and the urgency band of each row's countdown (None: closed or no
    deadline).

    剩余天数 is the countdown text of ``clock.countdown`` (已销号 once closed), its band the countdown's
    urgency: both come from the same days, so a colour never depends on reading the text back."""
    closed = [status == vocab.ST_CLOSED for status in rows["status"]]
    bands = clock.Bands.configured()  # read once, not once per row
    counts = [clock.countdown(d, today, done="已销号" if c else None, bands=bands)
              for d, c in zip(rows["deadline"], closed)]
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
