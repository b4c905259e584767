""""Now", the as-of time, and the date arithmetic every page shares: one home each.

- Countdowns: ``countdown(deadline, today)`` gives the days left, the text (剩N天 / 今日到期 / 逾期N天) and
  the urgency band together, so no page builds the text itself or parses it back into a number.
- Urgency bands (red overdue, orange <= ``urgency_orange_days``, yellow <= ``urgency_yellow_days``, green):
  ``urgency`` and, for captions and legends, ``urgency_legend`` / ``urgency_label``, built from the settings.
- Calendar arithmetic: ``add_months``, ``month_end``, ``same_moment`` (the same wall-clock moment in another
  year), official working days (``add_working_days``).

All times in the store and in the UI are Asia/Shanghai wall-clock times without a zone (the office
lives there; the server may run in UTC). The as-of time is, in order: the ``DASHBOARD_AS_OF`` setting,
the time pinned in the store's ``meta`` table (the demo pins 2021-05-03 17:00), or the real clock
converted to Asia/Shanghai.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar
import pandas as pd

from dashboard import settings

__all__ = ["TZ", "RED", "ORANGE", "YELLOW", "GREEN", "URGENCY_COLORS", "URGENCY_NAMES", "local_now", "to_local",
           "parse_as_of", "as_of", "days_left", "Bands", "urgency", "urgency_label", "urgency_legend", "Countdown",
           "countdown_text", "countdown", "is_working_day", "add_working_days", "add_months", "month_end",
           "same_moment", "as_date", "as_datetime", "format_date", "format_datetime", "format_cn_date",
           "format_cn_datetime"]

TZ = ZoneInfo("Asia/Shanghai")

RED, ORANGE, YELLOW, GREEN = "red", "orange", "yellow", "green"
URGENCY_COLORS = {RED: "#d62728", ORANGE: "#ff7f0e", YELLOW: "#e6b800", GREEN: "#2ca02c"}
URGENCY_NAMES = {RED: "红色", ORANGE: "橙色", YELLOW: "黄色", GREEN: "绿色"}


def local_now() -> datetime:
    """The real wall-clock time in Asia/Shanghai, naive."""
    return datetime.now(TZ).replace(tzinfo=None, microsecond=0)


def to_local(moment: datetime) -> datetime:
    """An aware datetime (e.g. a UTC server time) as naive Asia/Shanghai wall-clock time."""
    if moment.tzinfo is None:
        raise ValueError("to_local needs an aware datetime")
    return moment.astimezone(TZ).replace(tzinfo=None)


def parse_as_of(text: str) -> datetime:
    text = text.strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"无法识别的时间：{text}（应为 2021-05-03 17:00 的形式）")


def as_of(pinned: str | None = None) -> datetime:
    """The as-of time. ``pinned`` is the store's meta value, if any."""
    override = str(settings.get("as_of") or "").strip()
    if override:
        return parse_as_of(override)
    if pinned:
        return parse_as_of(pinned)
    return local_now()


def days_left(deadline: date | None, today: date) -> int | None:
    """Whole days from ``today`` to ``deadline``: 0 = due today, negative = overdue by that many days."""
    if deadline is None:
        return None
    return (deadline - today).days


@dataclass(frozen=True)
class Bands:
    """The urgency thresholds: days left at or below which a deadline is orange, and yellow."""

    orange: int
    yellow: int

    @classmethod
    def configured(cls) -> Bands:
        return cls(int(settings.get("urgency_orange_days")), int(settings.get("urgency_yellow_days")))


def urgency(days: int | None, bands: Bands | None = None) -> str | None:
    """The colour band of a countdown: overdue red, <= orange days orange, <= yellow days yellow, else green."""
    if days is None:
        return None
    bands = bands or Bands.configured()
    if days < 0:
        return RED
    if days <= bands.orange:
        return ORANGE
    if days <= bands.yellow:
        return YELLOW
    return GREEN


def urgency_label(band: str, bands: Bands | None = None) -> str:
    """A band in words: 已逾期, 7日内到期, 30日内到期, 期限充足 (the numbers from the settings)."""
    bands = bands or Bands.configured()
    return {RED: "已逾期", ORANGE: f"{bands.orange}日内到期", YELLOW: f"{bands.yellow}日内到期", GREEN: "期限充足"}[band]


def urgency_legend(bands: Bands | None = None, *, green: bool = True) -> str:
    """The colour legend of every countdown: "颜色：红色已逾期、橙色7日内到期、黄色30日内到期、绿色期限充足。"."""
    bands = bands or Bands.configured()
    shown = (RED, ORANGE, YELLOW, GREEN) if green else (RED, ORANGE, YELLOW)
    return "颜色：" + "、".join(URGENCY_NAMES[b] + urgency_label(b, bands) for b in shown) + "。"


@dataclass(frozen=True)
class Countdown:
    """A deadline seen from ``today``: days left (negative = overdue by that many days; None = no deadline or
    done), the text shown everywhere, and its urgency band (None = no colour)."""

    days: int | None
    text: str
    urgency: str | None

    @property
    def overdue_days(self) -> int:
        return max(-self.days, 0) if self.days is not None else 0

    @property
    def color(self) -> str | None:
        return URGENCY_COLORS.get(self.urgency) if self.urgency else None


def countdown_text(days: int | None) -> str:
    """剩N天 / 今日到期 / 逾期N天; empty without a deadline."""
    if days is None:
        return ""
    if days < 0:
        return f"逾期{-days}天"
    return "今日到期" if days == 0 else f"剩{days}天"


def countdown(deadline: date | None, today: date, *, done: str | None = None,
              bands: Bands | None = None) -> Countdown:
    """The countdown to ``deadline``. ``done`` is the text of a finished record (已销号, 已销案, 已完成):
    a finished record has no days left, no colour and is never overdue."""
    if done is not None:
        return Countdown(None, done, None)
    days = days_left(as_date(deadline), today)
    return Countdown(days, countdown_text(days), urgency(days, bands))


def is_working_day(day: date) -> bool:
    """Official working day, make-up working days (调休上班) included, holidays excluded."""
    return chinese_calendar.is_workday(day)


def add_working_days(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clipped to the month's last day (08-31 + 6 → 02-28)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def same_moment(moment: datetime, year: int) -> datetime:
    """The same wall-clock moment in ``year`` ("the same period last year"); 29 February becomes the end
    of 28 February in a common year, so the comparison covers every day the current period does."""
    try:
        return moment.replace(year=year)
    except ValueError:
        return moment.replace(year=year, day=28, hour=23, minute=59, second=59, microsecond=999999)


def as_date(value: Any) -> date | None:
    """A date from a date, datetime, pandas Timestamp or ISO text; None for blanks, NaN and NaT."""
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10]) if value.strip() else None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


def as_datetime(value: Any) -> datetime | None:
    """A datetime from a datetime or pandas Timestamp; None for blanks and NaT."""
    if value is None or pd.isna(value):
        return None
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value


def format_date(value: date | datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d")


def format_datetime(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def format_cn_date(value: date | datetime) -> str:
    """2021年5月3日: the date as documents write it (no leading zeros)."""
    return f"{value.year}年{value.month}月{value.day}日"


def format_cn_datetime(value: datetime) -> str:
    """2021年5月3日 17:00: 制表时间 and the like in documents."""
    return f"{format_cn_date(value)} {value:%H:%M}"
