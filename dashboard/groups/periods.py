"""The evaluation windows of 督查组评价: 本月 / 本季度 / 本年 / 进驻以来, each ending at the as-of date, and the
days a group was stationed in one.

(``EvaluationWindow``, not ``Period``: the duty and fire domains have periods of their own.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard import clock

__all__ = ["MONTH", "QUARTER", "YEAR", "SINCE_STATIONED", "PERIODS", "DEFAULT_PERIOD", "EvaluationWindow", "window",
           "active_days"]

MONTH, QUARTER, YEAR, SINCE_STATIONED = "本月", "本季度", "本年", "进驻以来"
PERIODS = (MONTH, QUARTER, YEAR, SINCE_STATIONED)
DEFAULT_PERIOD = SINCE_STATIONED


@dataclass(frozen=True)
class EvaluationWindow:
    """[start, end] in whole days; ``end`` is the as-of date; ``name`` one of ``PERIODS``."""

    name: str
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.name}（{clock.format_date(self.start)} 至 {clock.format_date(self.end)}）"


def window(name: str, today: date, stationed_on: date | None) -> EvaluationWindow:
    """The named window ending ``today``; 进驻以来 starts on the (earliest) stationing date. An unknown name is
    the default period. A start after ``today`` (stationed in the future) is ``today``."""
    if name == MONTH:
        start = today.replace(day=1)
    elif name == QUARTER:
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    elif name == YEAR:
        start = date(today.year, 1, 1)
    else:
        name, start = SINCE_STATIONED, stationed_on or date(today.year, 1, 1)
    return EvaluationWindow(name, min(start, today), today)


def active_days(w: EvaluationWindow, stationed_on: date | None) -> int:
    """Days of the window the group was stationed (inclusive); 0 when it came after the window."""
    start = max(w.start, stationed_on) if stationed_on else w.start
    return max((w.end - start).days + 1, 0)
