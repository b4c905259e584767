"""The hazard ledger: queries over hazards. Overdue is derived: open and past its deadline."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import scope as scopes
from dashboard import vocab
from dashboard.db import Store

# Open = not yet 销号; overdue = open and the deadline before the as-of date. Parameters: closed status,
# then (for OVERDUE) the as-of date.
OPEN = "status <> ?"
OVERDUE = "(status <> ? AND deadline < ?)"


def summary(store: Store, today: date, scope: scopes.Scope = ()) -> dict:
    """Ledger totals for the scope: total, open, overdue, open major, closed and the rectification rate."""
    cond, params = scopes.where(scope)
    closed = vocab.ST_CLOSED
    row = store.rows(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE {OPEN}),
               count(*) FILTER (WHERE {OVERDUE}),
               count(*) FILTER (WHERE {OPEN} AND level = ?),
               count(*) FILTER (WHERE status = ?)
        FROM hazards WHERE {cond}
        """,
        [closed, closed, today, closed, vocab.LEVEL_MAJOR, closed, *params],
    )[0]
    total, open_, overdue, open_major, closed_count = row
    return {
        "total": total,
        "open": open_,
        "overdue": overdue,
        "open_major": open_major,
        "closed": closed_count,
        "rectification_rate": rate(closed_count, total),
    }


def rate(part: int, whole: int) -> float | None:
    """A share in percent with one decimal, or None when there is nothing to divide."""
    return None if not whole else round(100.0 * part / whole, 1)


def by_unit(store: Store, today: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Per unit in display order: unit_code, unit, total, open, overdue, open_major, closed, rate."""
    cond, params = scopes.where(scope, "u.code")
    closed = vocab.ST_CLOSED
    frame = store.query(
        f"""
        SELECT u.code AS unit_code, u.name AS unit,
               count(h.id) AS total,
               count(h.id) FILTER (WHERE h.{OPEN}) AS open,
               count(h.id) FILTER (WHERE h.status <> ? AND h.deadline < ?) AS overdue,
               count(h.id) FILTER (WHERE h.{OPEN} AND h.level = ?) AS open_major,
               count(h.id) FILTER (WHERE h.status = ?) AS closed
        FROM units u LEFT JOIN hazards h ON h.unit_code = u.code
        WHERE {cond}
        GROUP BY u.code, u.name, u.sort_order
        ORDER BY u.sort_order
        """,
        [closed, closed, today, closed, vocab.LEVEL_MAJOR, closed, *params],
    )
    frame["rate"] = [rate(c, t) for c, t in zip(frame["closed"], frame["total"])]
    return frame


def weekly_trend(store: Store, today: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Hazards found and closed per ISO week (week starting Monday) up to the as-of date."""
    cond, params = scopes.where(scope)
    return store.query(
        f"""
        WITH found AS (
            SELECT date_trunc('week', found_date)::DATE AS week, count(*) AS n
            FROM hazards WHERE {cond} AND found_date <= ? GROUP BY 1),
        closed AS (
            SELECT date_trunc('week', closed_date)::DATE AS week, count(*) AS n
            FROM hazards WHERE {cond} AND closed_date IS NOT NULL AND closed_date <= ? GROUP BY 1)
        SELECT coalesce(f.week, c.week) AS week, coalesce(f.n, 0) AS found, coalesce(c.n, 0) AS closed
        FROM found f FULL JOIN closed c ON f.week = c.week
        ORDER BY week
        """,
        [*params, today, *params, today],
    )
