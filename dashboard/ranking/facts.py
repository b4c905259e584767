"""The inputs several ranking rules share, asked of their owners ONCE per period (one query each):

- ``hazards``: ``hazards.facts.state_at(end)``, every unit: overdue, open_major, listed_open (open at the end)
  and the rate inputs found, closed, due, closed_in_time;
- ``fire_units``: ``fire_units.unresolved_at(end)``, unit code -> units filed and not closed (销案) by the end;
- ``cells``: ``duty.cells_between(start, end, as_of)``, the duty board's cells of the period's duty days up to
  the as-of date (state 按时 / 迟报 / 缺报 / 待报);
- ``accidents``: ``duty.accident_totals``, per unit the accident chains and deaths in the period and in the
  same dates a year earlier.

Ranking reads its counts from these; it never queries the owners' tables itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboard import duty, fire_units, hazards
from dashboard.db import Store
from dashboard.ranking.periods import RankingPeriod, same_dates_last_year

__all__ = ["PeriodFacts", "period_facts"]

# the duty days a report was expected (today before the cut-off is 待报, not expected yet)
_EXPECTED = (duty.S_ON_TIME, duty.S_LATE, duty.S_MISSING)


@dataclass(frozen=True, eq=False)
class PeriodFacts:
    period: RankingPeriod
    as_of: datetime
    hazards: pd.DataFrame             # indexed by unit_code, every unit in display order
    fire_units: Mapping[str, int]     # unit_code -> unresolved fire-hazard units (absent: none)
    cells: pd.DataFrame               # unit_code, unit, day, state, minutes, first_submitted_at
    accidents: pd.DataFrame           # indexed by unit_code (units with an accident in either span)

    def hazard_counts(self, which: str) -> dict[str, int]:
        """One of ``hazards.facts.AT_END`` per unit code."""
        return {code: int(n) for code, n in self.hazards[which].items()}

    def duty_days(self, state: str) -> dict[str, int]:
        """Per unit code, the period's duty days in ``state`` (units without one are absent)."""
        picked = self.cells[self.cells["state"] == state]
        return {code: int(n) for code, n in picked.groupby("unit_code").size().items()}

    def reports_expected(self) -> dict[str, int]:
        return {code: int(n) for code, n in
                self.cells[self.cells["state"].isin(_EXPECTED)].groupby("unit_code").size().items()}

    def reports_on_time(self) -> dict[str, int]:
        return self.duty_days(duty.S_ON_TIME)

    def accident_figures(self, column: str) -> dict[str, tuple[int, int]]:
        """Per unit code with an accident in either span: (this period, the same dates a year earlier) of
        ``accidents`` or ``deaths``."""
        frame = self.accidents
        return {code: (int(now), int(before))
                for code, now, before in zip(frame.index, frame[column], frame[column + "_before"])}


def period_facts(store: Store, period: RankingPeriod, as_of: datetime) -> PeriodFacts:
    """Ask each owner once for ``period`` (four queries)."""
    return PeriodFacts(
        period=period,
        as_of=as_of,
        hazards=hazards.facts.state_at(store, period.end),
        fire_units=fire_units.unresolved_at(store, period.end),
        cells=duty.cells_between(store, period.start, period.end, as_of),
        accidents=duty.accident_totals(store, period.start, period.end, as_of, before=same_dates_last_year(period)),
    )
