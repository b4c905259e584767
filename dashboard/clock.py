""""Now", the as-of time, and the date arithmetic every page shares.

All times in the store and in the UI are Asia/Shanghai wall-clock times without a zone (the office
lives there; the server may run in UTC). The as-of time is, in order: the ``DASHBOARD_AS_OF`` setting,
the time pinned in the store's ``meta`` table (the demo pins 2021-05-03 17:00), or the real clock
converted to Asia/Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar
import pandas as pd

from dashboard import settings

TZ = ZoneInfo("Asia/Shanghai")

RED, ORANGE, YELLOW, GREEN = "red", "orange", "yellow", "green"
URGENCY_COLORS = {RED: "#d62728", ORANGE: "#ff7f0e", YELLOW: "#e6b800", GREEN: "#2ca02c"}
URGENCY_LABELS = {RED: "已逾期", ORANGE: "7日内到期", YELLOW: "30日内到期", GREEN: "期限充足"}


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


def urgency(days: int | None) -> str | None:
    """The colour band of a countdown: overdue red, <= 7 days orange, <= 30 days yellow, else green."""
    if days is None:
        return None
    if days < 0:
        return RED
    if days <= settings.get("urgency_orange_days"):
        return ORANGE
    if days <= settings.get("urgency_yellow_days"):
        return YELLOW
    return GREEN


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
