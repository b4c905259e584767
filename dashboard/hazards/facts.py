"""What other domains ask of the hazards table, answered here (ranking, group evaluation): every unit or
group in ONE query per period, with the rules of ``hazards.rules``.

The state at a past period's end is reconstructed from dates (ranking's docstring), over the hazards as they
stood then (``rules.source``: the round in force at the end, however often 回头看 reopened a hazard since): a
hazard is open at the end when found on or before it and not closed by it; its deadline is its round's (an
extension granted later in that round applies backwards); it counts as listed when listed now and its listing
date (if recorded) is not after the end.

A group's hazards are *due* for handover once ``handover_days`` have passed since they were found; a
handover counts when made (in writing) on or before the period's end.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard import vocab
from dashboard.db import Store
from dashboard.hazards import rules

__all__ = ["AT_END", "at_end", "state_at", "records_at", "handover", "not_handed_over", "group_months"]

AT_END = ("overdue", "open_major", "listed_open")  # the counts of a unit's open hazards at a period's end


def _source(store: Store, *conditions: rules.Condition) -> tuple[str, list]:
    """``rules.source`` of ``conditions``, the store asked first whether anything was reopened after their end
    (when nothing was, the table is read as it is: the current period's figures cost no more than before 回头看)."""
    end = rules.judged_at(*conditions)
    later = end is not None and bool(store.scalar(rules.REOPENED_AFTER, [end]))
    return rules.source(*conditions, reopened_after=later)


def at_end(end: date) -> dict[str, rules.Condition]:
    """The conditions of the counts at ``end``: overdue, open major, listed and open."""
    is_open = rules.open_at(end)
    return {"overdue": rules.overdue(end, is_open), "open_major": rules.both(is_open, rules.major()),
            "listed_open": rules.both(is_open, rules.listed(end))}


def state_at(store: Store, end: date) -> pd.DataFrame:
    """Per unit (every unit, indexed by unit_code, in display order), at the end of day ``end``:
    overdue, open_major, listed_open (counts of hazards open at the end), and the rate inputs found, closed
    (整改率 = closed / found), due, closed_in_time (按期整改率 = closed_in_time / due)."""
    counted = {**at_end(end), "found": rules.found_by(end), "closed": rules.closed_by(end),
               "due": rules.due_by(end), "closed_in_time": rules.closed_in_time(end)}
    then, then_params = _source(store, *counted.values())
    items, params = [], []
    for name, condition in counted.items():
        sql, values = condition.on()
        items.append(f"count(*) FILTER (WHERE {sql}) AS {name}")
        params += values
    frame = store.query(  # counted per unit code first, then joined to the (few) units: no join per hazard
        f"""
        WITH per AS (SELECT h.unit_code, {', '.join(items)} FROM {then} h GROUP BY h.unit_code)
        SELECT u.code AS unit_code, {', '.join(f'coalesce(per.{name}, 0) AS {name}' for name in counted)}
        FROM units u LEFT JOIN per ON per.unit_code = u.code
        ORDER BY u.sort_order
        """,
        [*params, *then_params],  # the counts' parameters come first in the text, the FROM item's after them
    )
    return frame.set_index("unit_code").astype(int)


def records_at(store: Store, end: date, unit_code: str, which: str) -> pd.DataFrame:
    """The hazards behind one of ``AT_END``'s counts for one unit, by deadline: 隐患编号, 单位名称, 行业领域,
    隐患等级, 发现日期, 整改期限 (in force at the end), 期末逾期天数 (blank when not overdue at the end), 督办级别,
    当前状态, 销号日期 (of the round in force at the end)."""
    condition = at_end(end)[which]
    then, then_params = _source(store, condition)
    sql, params = condition.on()
    return store.query(
        f"""
        SELECT h.id AS 隐患编号, h.enterprise AS 单位名称, h.sector AS 行业领域, h.level AS 隐患等级,
               h.found_date AS 发现日期, h.deadline AS 整改期限,
               CASE WHEN h.deadline < ? THEN date_diff('day', h.deadline, ?) END AS 期末逾期天数,
               h.listing_level AS 督办级别, h.status AS 当前状态, h.closed_date AS 销号日期
        FROM {then} h
        WHERE h.unit_code = ? AND {sql}
        ORDER BY h.deadline, h.id
        """,
        [end, end, *then_params, unit_code, *params],
    )


def _handed(column: str, end: date) -> tuple[str, list]:
    return f"h.{column} <= ?", [end]


def handover(store: Store, start: date, end: date, handover_days: int) -> pd.DataFrame:
    """Per group (every group, indexed by group_id), its hazards found between ``start`` and ``end``:
    hazards, major, due (found ``handover_days`` or more before ``end``), handed_county and handed_city (due
    ones handed over in writing to the county government / the city office by ``end``)."""
    due_by = end - timedelta(days=handover_days)
    county, county_params = _handed("handed_county_on", end)
    city, city_params = _handed("handed_city_on", end)
    frame = store.query(
        f"""
        SELECT g.id AS group_id, count(h.id) AS hazards, count(h.id) FILTER (WHERE h.level = ?) AS major,
               count(h.id) FILTER (WHERE h.found_date <= ?) AS due,
               count(h.id) FILTER (WHERE h.found_date <= ? AND {county}) AS handed_county,
               count(h.id) FILTER (WHERE h.found_date <= ? AND {city}) AS handed_city
        FROM groups g LEFT JOIN hazards h ON h.group_id = g.id AND h.found_date BETWEEN ? AND ?
        GROUP BY g.id ORDER BY g.id
        """,
        [vocab.LEVEL_MAJOR, due_by, due_by, *county_params, due_by, *city_params, start, end],
    )
    return frame.set_index("group_id").astype(int)


def not_handed_over(store: Store, group_id: int, start: date, end: date, handover_days: int) -> pd.DataFrame:
    """The records behind ``handover``: the group's hazards found between ``start`` and ``end``, due for
    handover and not yet handed over in writing to the county or to the city office by ``end``, oldest first.
    Columns: id, found_date, enterprise, level, status, handed_county_on, handed_city_on (blank when after
    ``end``)."""
    due_by = end - timedelta(days=handover_days)
    county, county_params = _handed("handed_county_on", end)
    city, city_params = _handed("handed_city_on", end)
    return store.query(
        f"""SELECT h.id, h.found_date, h.enterprise, h.level, h.status,
                   CASE WHEN {county} THEN h.handed_county_on END AS handed_county_on,
                   CASE WHEN {city} THEN h.handed_city_on END AS handed_city_on
            FROM hazards h
            WHERE h.group_id = ? AND h.found_date BETWEEN ? AND ?
              AND NOT (coalesce({county}, FALSE) AND coalesce({city}, FALSE))
            ORDER BY h.found_date, h.id""",
        [*county_params, *city_params, int(group_id), start, due_by, *county_params, *city_params],
    )


def group_months(store: Store, group_id: int, today: date) -> pd.DataFrame:
    """The group's hazards per month found, up to ``today``: month (first day), found, major, handed_county,
    handed_city (handed over by ``today``)."""
    county, county_params = _handed("handed_county_on", today)
    city, city_params = _handed("handed_city_on", today)
    return store.query(
        f"""SELECT date_trunc('month', h.found_date)::DATE AS month, count(*) AS found,
                   count(*) FILTER (WHERE h.level = ?) AS major,
                   count(*) FILTER (WHERE {county}) AS handed_county,
                   count(*) FILTER (WHERE {city}) AS handed_city
            FROM hazards h WHERE h.group_id = ? AND h.found_date <= ? GROUP BY 1 ORDER BY 1""",
        [vocab.LEVEL_MAJOR, *county_params, *city_params, int(group_id), today],
    )
