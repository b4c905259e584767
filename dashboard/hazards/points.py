"""Open hazards with coordinates, for the map's (一张图) clusters. The county figures of the map come from
``queries.by_unit``."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import scope as scopes
from dashboard.db import Store
from dashboard.hazards import rules

__all__ = ["POINT_LIMIT", "hazard_points"]

POINT_LIMIT = 3000  # a browser map stays responsive with a few thousand clustered markers


def hazard_points(store: Store, today: date, scope: scopes.Scope = (), limit: int = POINT_LIMIT) -> pd.DataFrame:
    """Open hazards that have coordinates, most urgent first: id, enterprise, unit, level, status, deadline, lat,
    lon, overdue."""
    cond, params = scopes.where(scope, "h.unit_code")
    is_open, open_params = rules.open_now().on()
    late, late_params = rules.overdue(today).on()
    return store.query(
        f"""
        SELECT h.id, h.enterprise, u.name AS unit, h.level, h.status, h.deadline, h.lat, h.lon, {late} AS overdue
        FROM hazards h JOIN units u ON u.code = h.unit_code
        WHERE {cond} AND {is_open} AND h.lat IS NOT NULL AND h.lon IS NOT NULL
        ORDER BY h.deadline NULLS LAST, h.id
        LIMIT ?
        """,
        [*late_params, *params, *open_params, limit],
    )
