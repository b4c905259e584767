"""Accidents as the ranking counts them: incident chains whose kind is an accident (性质 ending in 事故;
险情 and other events are not counted), each chain once with its latest entry's figures as reported by a
moment, by the date it occurred."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboard.db import Store
from dashboard.duty._incidents import levels_of

ACCIDENT_KIND = "kind LIKE '%事故'"  # the SQL condition: an accident, not a 险情 or another event
CHAIN_COLUMNS = ["chain_id", "unit_code", "occurred_at", "place", "kind", "sector", "stage", "deaths",
                 "serious_injuries", "injuries", "direct_loss"]

# each chain once: its latest entry reported by the moment (ties broken by the entry id)
_LATEST = f"""
    latest AS (
        SELECT *, row_number() OVER (PARTITION BY chain_id ORDER BY reported_at DESC, id DESC) AS k
        FROM incidents WHERE reported_at <= ?
    ), accidents AS (
        SELECT *, CAST(occurred_at AS DATE) AS occurred_on FROM latest WHERE k = 1 AND {ACCIDENT_KIND}
    )
"""


def is_accident(kind: str | None) -> bool:
    """The same rule as ``ACCIDENT_KIND`` for one kind (道路交通事故 yes, 山体滑坡险情 no)."""
    return bool(kind) and str(kind).endswith("事故")


def accident_chains(store: Store, start: date, end: date, as_of: datetime,
                    unit_code: str | None = None) -> pd.DataFrame:
    """Accident chains that occurred between ``start`` and ``end`` (each once, the latest entry reported
    by ``as_of``), oldest first, with their ``level``; one query."""
    frame = store.query(
        f"""
        WITH {_LATEST}
        SELECT {', '.join(CHAIN_COLUMNS)} FROM accidents
        WHERE occurred_on BETWEEN ? AND ? {"AND unit_code = ?" if unit_code else ""}
        ORDER BY occurred_at
        """,
        [as_of, start, end, *([unit_code] if unit_code else [])],
    )
    frame["level"] = levels_of(frame) if len(frame) else pd.Series(dtype=object)
    return frame


def accident_totals(store: Store, start: date, end: date, as_of: datetime, *,
                    before: tuple[date, date] | None = None) -> pd.DataFrame:
    """Per unit (index unit_code, only units with an accident): ``accidents`` and ``deaths`` between
    ``start`` and ``end``, and with ``before`` = (start, end) of a comparison span (the same dates a year
    earlier) also ``accidents_before`` and ``deaths_before``; one query, integers."""
    spans = [("", start, end)] + ([("_before", *before)] if before else [])
    columns, params = [], [as_of]
    for suffix, a, b in spans:
        columns += [f"count(*) FILTER (WHERE occurred_on BETWEEN ? AND ?) AS accidents{suffix}",
                    f"coalesce(sum(deaths) FILTER (WHERE occurred_on BETWEEN ? AND ?), 0) AS deaths{suffix}"]
        params += [a, b, a, b]
    any_span = " OR ".join("occurred_on BETWEEN ? AND ?" for _ in spans)
    params += [p for _, a, b in spans for p in (a, b)]
    frame = store.query(
        f"""
        WITH {_LATEST}
        SELECT unit_code, {', '.join(columns)} FROM accidents
        WHERE {any_span}
        GROUP BY unit_code ORDER BY unit_code
        """,
        params,
    )
    return frame.set_index("unit_code").astype(int)
