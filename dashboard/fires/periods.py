"""The span a fire statistic covers: a whole year, or the current year to the as-of time, and the span it is
compared with (the whole year before, or the SAME period of the year before: 1 January to the same month,
day and time; ``clock.same_moment``). Pure functions of dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dashboard import clock

__all__ = ["FireYear", "year_period", "previous_period", "period_label", "short_label", "short_comparison_label",
           "comparison_label"]

_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class FireYear:
    """One statistics year as [start, end) in local wall-clock time; ``partial`` when it is cut at the as-of
    time (the current year)."""

    year: int
    start: datetime
    end: datetime
    partial: bool

    @property
    def last_moment(self) -> datetime:
        return self.end - _TICK


def year_period(year: int, as_of: datetime) -> FireYear:
    """The whole ``year``, or 1 January to the as-of time (inclusive) when ``year`` is the as-of year."""
    start, next_year = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    if start <= as_of < next_year:
        return FireYear(year, start, as_of + _TICK, True)
    return FireYear(year, start, next_year, False)


def previous_period(period: FireYear) -> FireYear:
    """The same span one year earlier: the whole previous year, or its same period for a partial year."""
    year = period.year - 1
    if not period.partial:
        return FireYear(year, datetime(year, 1, 1), datetime(year + 1, 1, 1), False)
    return FireYear(year, datetime(year, 1, 1), clock.same_moment(period.last_moment, year) + _TICK, True)


def period_label(period: FireYear) -> str:
    """2020年 / 2021年1月1日至5月3日17:00."""
    if not period.partial:
        return f"{period.year}年"
    last = period.last_moment
    return f"{period.year}年1月1日至{last.month}月{last.day}日{last:%H:%M}"


def short_label(period: FireYear) -> str:
    """2020年 / 2021年（截至5月3日）: a chart legend's name for the period."""
    last = period.last_moment
    return f"{period.year}年（截至{last.month}月{last.day}日）" if period.partial else f"{period.year}年"


def short_comparison_label(period: FireYear) -> str:
    """2019年 / 2020年同期."""
    return f"{period.year - 1}年{'同期' if period.partial else ''}"


def comparison_label(period: FireYear) -> str:
    """What the year-on-year change compares with: 2019年 / 2020年同期（1月1日至5月3日17:00）."""
    previous = previous_period(period)
    if not period.partial:
        return f"{previous.year}年"
    last = previous.last_moment
    return f"{previous.year}年同期（1月1日至{last.month}月{last.day}日{last:%H:%M}）"
