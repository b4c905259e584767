"""Holiday duty: periods, roster and daily reports."""

from __future__ import annotations

from datetime import date

from dashboard import scope as scopes
from dashboard.db import Store


def period_on(store: Store, day: date) -> dict | None:
    """The duty period that contains ``day`` (e.g. May Day 2021), or None outside holidays."""
    frame = store.query(
        "SELECT * FROM duty_periods WHERE ? BETWEEN start_date AND end_date ORDER BY start_date LIMIT 1", [day]
    )
    return None if frame.empty else frame.iloc[0].to_dict()


def reports_received(store: Store, day: date, scope: scopes.Scope = ()) -> tuple[int, int]:
    """(units that have reported for ``day``, units expected to) within the scope."""
    cond, params = scopes.where(scope, "u.code")
    received, expected = store.rows(
        f"""
        SELECT count(DISTINCT r.unit_code), count(DISTINCT u.code)
        FROM units u LEFT JOIN duty_reports r ON r.unit_code = u.code AND r.report_date = ?
        WHERE {cond}
        """,
        [day, *params],
    )[0]
    return received, expected
