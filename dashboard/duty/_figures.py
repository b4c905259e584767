"""A day's figures: the KPI row of the duty page, the 值班日报's summary and the wall's alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd

from dashboard import ingest, vocab
from dashboard import scope as scopes
from dashboard.db import Store
from dashboard.duty._board import board
from dashboard.duty._incidents import incident_chains, incidents
from dashboard.duty._timeliness import S_LATE, S_MISSING, S_ON_TIME, S_PENDING
from dashboard.duty._warnings import warnings, warnings_during


@dataclass
class DayFigures:
    day: date
    as_of: datetime
    expected: int
    received: int
    on_time: int
    late_units: list[str]
    zero_units: list[str]
    situation_units: list[str]
    missing_units: list[str]          # past the cut-off without a report
    pending_units: list[str]          # not yet due (before today's cut-off)
    incidents: pd.DataFrame           # one row per chain that occurred on the day (current figures)
    warnings: pd.DataFrame            # in force at the as-of time (today) or during the day (past days)
    key_matters: list[tuple[str, str]]
    deaths: int = 0
    injuries: int = 0
    serious_injuries: int = 0

    @property
    def is_today(self) -> bool:
        return self.day == self.as_of.date()


def day_figures(store: Store, day: date, as_of: datetime, scope: scopes.Scope = ()) -> DayFigures:
    grid = board(store, day, day, as_of, scope)
    chains = incident_chains(incidents(store, day, day, scope))
    every = warnings(store, as_of, scope)
    if day == as_of.date():
        active = every[every["in_force"]] if len(every) else every
    else:
        active = warnings_during(every, datetime.combine(day, time()), datetime.combine(day, time(23, 59, 59)))

    def names(mask) -> list[str]:
        return list(grid.loc[mask, "unit"])

    def total(column: str) -> int:
        return int(chains[column].sum()) if len(chains) else 0

    reported = grid["state"].isin([S_ON_TIME, S_LATE])
    key_matters = [(u, str(k)) for u, k in zip(grid["unit"], grid["key_matters"]) if not ingest.is_blank(k)]
    return DayFigures(
        day=day, as_of=as_of, expected=len(grid), received=int(reported.sum()),
        on_time=int((grid["state"] == S_ON_TIME).sum()), late_units=names(grid["state"] == S_LATE),
        zero_units=names(reported & (grid["situation"] == vocab.REPORT_ZERO)),
        situation_units=names(reported & (grid["situation"] == vocab.REPORT_SITUATION)),
        missing_units=names(grid["state"] == S_MISSING), pending_units=names(grid["state"] == S_PENDING),
        incidents=chains, warnings=active.reset_index(drop=True), key_matters=key_matters,
        deaths=total("deaths"), injuries=total("injuries"), serious_injuries=total("serious_injuries"),
    )
