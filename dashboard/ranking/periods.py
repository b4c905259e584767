"""The ranking's periods: a calendar week (Monday–Sunday) or month, counted up to the as-of date, and the
same dates a year earlier (for the 同比 rules). Month ends and "the same moment last year" come from clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dashboard import clock

__all__ = ["WEEK", "MONTH", "KINDS", "RankingPeriod", "period_of", "previous", "periods", "year_before",
           "same_dates_last_year"]

WEEK, MONTH = "周", "月"
KINDS = (WEEK, MONTH)


@dataclass(frozen=True)
class RankingPeriod:
    kind: str        # 周 / 月
    key: str         # 2021-W18 / 2021-05 (the URL value)
    start: date
    last: date       # the calendar period's last day
    end: date        # the last day counted: min(last, the as-of date)
    current: bool    # the period containing the as-of date

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.start.year}年{self.start.month}月"
        iso = self.start.isocalendar()
        return f"{iso.year}年第{iso.week}周（{self.start:%m-%d}至{self.last:%m-%d}）"

    @property
    def word(self) -> str:
        """本月 / 本周 for the current period, else its label (for sentences)."""
        if self.current:
            return "本月" if self.kind == MONTH else "本周"
        return self.label

    @property
    def previous_word(self) -> str:
        return ("上月" if self.kind == MONTH else "上周") if self.current else "上期"


def period_of(kind: str, day: date, today: date) -> RankingPeriod:
    """The week (Mon–Sun) or month containing ``day``; ``today`` is the as-of date."""
    if kind == MONTH:
        start = day.replace(day=1)
        last = clock.month_end(start)
        key = f"{start:%Y-%m}"
    else:
        start = day - timedelta(days=day.weekday())
        last = start + timedelta(days=6)
        iso = start.isocalendar()
        key = f"{iso.year}-W{iso.week:02d}"
    return RankingPeriod(kind, key, start, last, min(last, today), start <= today <= last)


def previous(period: RankingPeriod, today: date) -> RankingPeriod:
    return period_of(period.kind, period.start - timedelta(days=1), today)


def periods(kind: str, today: date, count: int = 12) -> list[RankingPeriod]:
    """The current period and the ``count - 1`` before it, newest first."""
    found = [period_of(kind, today, today)]
    while len(found) < count:
        found.append(previous(found[-1], today))
    return found


def year_before(day: date) -> date:
    """The same date a year earlier (29 February becomes 28 February): ``clock.same_moment``'s rule."""
    return clock.same_moment(datetime.combine(day, time()), day.year - 1).date()


def same_dates_last_year(period: RankingPeriod) -> tuple[date, date]:
    return year_before(period.start), year_before(period.end)
