"""Data for the map (一张图) that no other module serves: open hazards with coordinates for the clusters.

The county figures come from hazards.by_unit and the fire-hazard units from fire_units.board.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import vocab
from dashboard import scope as scopes
from dashboard.db import Store

POINT_LIMIT = 3000  # a browser map stays responsive with a few thousand clustered markers


def hazard_points(store: Store, today: date, scope: scopes.Scope = (), limit: int = POINT_LIMIT) -> pd.DataFrame:
    """Open hazards that have coordinates, most urgent first: id, enterprise, unit, level, status, deadline, lat, lon."""
    cond, params = scopes.where(scope, "h.unit_code")
    return store.query(
        f"""
        SELECT h.id, h.enterprise, u.name AS unit, h.level, h.status, h.deadline, h.lat, h.lon,
               h.deadline < ? AS overdue
        FROM hazards h JOIN units u ON u.code = h.unit_code
        WHERE {cond} AND h.status <> ? AND h.lat IS NOT NULL AND h.lon IS NOT NULL
        ORDER BY h.deadline NULLS LAST, h.id
        LIMIT ?
        """,
        [today, *params, vocab.ST_CLOSED, limit],
    )
