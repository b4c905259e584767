"""The units with unresolved major fire hazards (GB 35181-2017): queries and countdowns."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import clock, vocab
from dashboard import scope as scopes
from dashboard.db import Store


def board(store: Store, today: date, scope: scopes.Scope = (), *, unresolved_only: bool = True) -> pd.DataFrame:
    """The fire-hazard units with their countdown, urgency band and next milestone, most urgent first."""
    cond, params = scopes.where(scope, "f.unit_code")
    status_cond = "f.status <> ?" if unresolved_only else "TRUE"
    status_params = [vocab.FU_CLOSED] if unresolved_only else []
    frame = store.query(
        f"""
        SELECT f.*, u.name AS unit,
               (SELECT name FROM fire_unit_milestones m
                 WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL ORDER BY m.planned_date, m.seq LIMIT 1)
                 AS next_milestone,
               (SELECT min(planned_date) FROM fire_unit_milestones m
                 WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL) AS next_milestone_date,
               (SELECT count(*) FROM fire_unit_milestones m
                 WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL AND m.planned_date < ?) AS milestones_behind
        FROM fire_units f JOIN units u ON u.code = f.unit_code
        WHERE {cond} AND {status_cond}
        """,
        [today, *params, *status_params],
    )
    frame["listed"] = frame["listing_level"] != vocab.NOT_LISTED
    frame["days_left"] = [clock.days_left(d.date() if hasattr(d, "date") else d, today) for d in frame["deadline"]]
    frame["urgency"] = [clock.urgency(d) for d in frame["days_left"]]
    return frame.sort_values(["days_left", "listed", "name"], ascending=[True, False, True]).reset_index(drop=True)


def summary(board_frame: pd.DataFrame) -> dict:
    """Unresolved, listed and overdue counts and the nearest deadline of a board."""
    upcoming = board_frame[board_frame["days_left"] >= 0]
    nearest = upcoming.iloc[0] if len(upcoming) else None
    return {
        "unresolved": len(board_frame),
        "listed": int(board_frame["listed"].sum()),
        "overdue": int((board_frame["days_left"] < 0).sum()),
        "nearest_name": None if nearest is None else nearest["name"],
        "nearest_days": None if nearest is None else int(nearest["days_left"]),
    }
