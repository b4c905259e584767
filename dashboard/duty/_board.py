"""The expected-vs-received board: one cell per unit and day, the matrix the page and the Excel show,
the 值班日报's per-unit rows, whom to call (需催报), and the cells of every duty day between two dates
(what the ranking counts as 缺报 / 迟报)."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd

from dashboard import clock, ingest, settings
from dashboard import scope as scopes
from dashboard.db import Store
from dashboard.duty._periods import period_days
from dashboard.duty._reports import current_reports
from dashboard.duty._roster import REPORT_PEOPLE, roster
from dashboard.duty._timeliness import cell_color, cell_state, cell_text, chase_text, with_states

_REPORT_COLUMNS = ("situation", "versions", "first_submitted_at", "submitted_at", "deaths", "injuries", "accidents",
                   "fires", "details", "key_matters", "reporter", *REPORT_PEOPLE)
CELL_COLUMNS = ["unit_code", "unit", "day", "state", "minutes", "first_submitted_at"]


def board(store: Store, start: date, end: date, as_of: datetime, scope: scopes.Scope = ()) -> pd.DataFrame:
    """One row per unit (in scope) and day: state, minutes, situation, versions, the cell's text."""
    cond, params = scopes.where(scope, "code")
    units = store.query(f"SELECT code AS unit_code, name AS unit, sort_order FROM units WHERE {cond} ORDER BY sort_order",
                        params)
    reports = current_reports(store, start, end, scope)
    grid = units.merge(pd.DataFrame({"day": period_days(start, end)}), how="cross")
    if len(reports):
        reports = reports.assign(day=[clock.as_date(d) for d in reports["report_date"]])
        grid = grid.merge(reports[["unit_code", "day", *_REPORT_COLUMNS]], on=["unit_code", "day"], how="left")
    else:
        for column in _REPORT_COLUMNS:
            grid[column] = None
    grid = with_states(grid, as_of)
    grid["situation"] = [None if ingest.is_blank(s) else s for s in grid["situation"]]
    grid["text"] = [cell_text(s, m, sit) for s, m, sit in zip(grid["state"], grid["minutes"], grid["situation"])]
    grid["color"] = [cell_color(s, sit) for s, sit in zip(grid["state"], grid["situation"])]
    return grid


def cells_between(store: Store, start: date, end: date, as_of: datetime, unit_code: str | None = None,
                  cutoff: time | None = None) -> pd.DataFrame:
    """The board cells (unit_code, unit, day, state, minutes, first_submitted_at) of every unit (or one) on
    every day of a duty period between ``start`` and ``end``, up to the as-of date (later days are not
    counted); one query. Units in display order, each unit's days in order."""
    last = min(end, as_of.date())
    frame = store.query(
        f"""
        WITH spans AS (
            SELECT greatest(start_date, ?::DATE) AS a, least(end_date, ?::DATE) AS b FROM duty_periods
        ), days AS (
            SELECT DISTINCT CAST(unnest(generate_series(a::TIMESTAMP, b::TIMESTAMP, INTERVAL 1 DAY)) AS DATE) AS day
            FROM spans WHERE a <= b
        ), firsts AS (
            SELECT unit_code, report_date, arg_min(submitted_at, version) AS first_submitted_at
            FROM duty_reports WHERE report_date BETWEEN ? AND ? GROUP BY unit_code, report_date
        )
        SELECT u.code AS unit_code, u.name AS unit, days.day, f.first_submitted_at
        FROM units u CROSS JOIN days
        LEFT JOIN firsts f ON f.unit_code = u.code AND f.report_date = days.day
        WHERE {"u.code = ?" if unit_code else "TRUE"}
        ORDER BY u.sort_order, days.day
        """,
        [start, last, start, last, *([unit_code] if unit_code else [])],
    )
    frame["day"] = pd.Series([clock.as_date(d) for d in frame["day"]], dtype=object, index=frame.index)
    return with_states(frame, as_of, cutoff)[CELL_COLUMNS]


def daily_rows(store: Store, day: date, as_of: datetime, scope: scopes.Scope = ()) -> pd.DataFrame:
    """The board row of every unit for one day, with leader and officer from the report, or from the
    roster when the unit has not reported: the per-unit table of the 值班日报."""
    grid = board(store, day, day, as_of, scope)
    duty_roster = roster(store, day, day, scope).set_index("unit_code")
    for column in REPORT_PEOPLE:
        from_roster = grid["unit_code"].map(duty_roster[column]) if len(duty_roster) else [None] * len(grid)
        grid[column] = [r if not ingest.is_blank(r) else (None if ingest.is_blank(x) else x)
                        for r, x in zip(grid[column], from_roster)]
    return grid


def day_label(day: date, today: date) -> str:
    weekday = "一二三四五六日"[day.weekday()]
    return f"{day:%m-%d} 周{weekday}" + ("（今日）" if day == today else "")


def board_matrix(grid: pd.DataFrame, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cell texts, cell colours): one row per unit, one column per day labelled like 05-03 周一（今日）."""
    if grid.empty:
        return pd.DataFrame(), pd.DataFrame()
    days = sorted(set(grid["day"]))
    labels = {d: day_label(d, today) for d in days}
    order = list(dict.fromkeys(grid["unit"]))
    texts = grid.pivot(index="unit", columns="day", values="text").reindex(order)[days].rename(columns=labels)
    colors = grid.pivot(index="unit", columns="day", values="color").reindex(order)[days].rename(columns=labels)
    texts.index.name = colors.index.name = "县区"
    texts.columns.name = colors.columns.name = None
    return texts, colors


def chase_list(store: Store, day: date, as_of: datetime, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Units without a report for ``day``: the roster's leader and officer with phones, and how long past
    the cut-off it is (待报 before it). Most overdue first."""
    cond, params = scopes.where(scope, "u.code")
    frame = store.query(
        f"""
        SELECT u.code AS unit_code, u.name AS unit, u.sort_order, r.leader, r.leader_title, r.leader_phone,
               r.officer, r.officer_phone, r.duty_phone
        FROM units u
        LEFT JOIN duty_roster r ON r.unit_code = u.code AND r.duty_date = ?
        WHERE {cond} AND NOT EXISTS (SELECT 1 FROM duty_reports d WHERE d.unit_code = u.code AND d.report_date = ?)
        ORDER BY u.sort_order
        """,
        [day, *params, day],
    )
    state, minutes = cell_state(day, None, as_of, settings.report_cutoff())
    frame["state"] = [state] * len(frame)
    frame["minutes"] = [minutes] * len(frame)
    frame["overdue"] = [chase_text(state, minutes)] * len(frame)
    return frame.sort_values(["minutes", "sort_order"], ascending=[False, True]).reset_index(drop=True)
