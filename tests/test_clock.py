"""Time rules: countdowns, urgency bands, working days across May Day 2021, the as-of time."""

from datetime import date, datetime, timezone

import pytest

from dashboard import clock


@pytest.mark.parametrize(
    ("deadline", "today", "expected"),
    [
        (date(2021, 5, 3), date(2021, 5, 3), 0),
        (date(2021, 5, 4), date(2021, 5, 3), 1),
        (date(2021, 5, 2), date(2021, 5, 3), -1),
        (date(2021, 6, 2), date(2021, 5, 3), 30),
        (date(2020, 12, 31), date(2021, 1, 1), -1),
        (None, date(2021, 5, 3), None),
    ],
)
def test_days_left(deadline, today, expected):
    assert clock.days_left(deadline, today) == expected


@pytest.mark.parametrize(
    ("days", "band"),
    [(-30, "red"), (-1, "red"), (0, "orange"), (7, "orange"), (8, "yellow"), (30, "yellow"), (31, "green"),
     (None, None)],
)
def test_urgency_bands(days, band):
    assert clock.urgency(days) == band


def test_urgency_bands_follow_settings(monkeypatch):
    monkeypatch.setenv("DASHBOARD_URGENCY_ORANGE_DAYS", "3")
    assert clock.urgency(4) == "yellow"


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2021, 4, 25), True),   # Sunday, make-up working day for May Day 2021
        (date(2021, 4, 30), True),
        (date(2021, 5, 1), False),
        (date(2021, 5, 5), False),
        (date(2021, 5, 6), True),
        (date(2021, 5, 8), True),    # Saturday, make-up working day
        (date(2021, 5, 9), False),   # Sunday
    ],
)
def test_official_calendar(day, working):
    assert clock.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2021, 4, 29), 1, date(2021, 4, 30)),
        (date(2021, 4, 30), 1, date(2021, 5, 6)),     # the whole holiday is skipped
        (date(2021, 4, 28), 10, date(2021, 5, 14)),   # 29, 30, 6, 7, 8 (make-up), 10, 11, 12, 13, 14
        (date(2021, 5, 3), 10, date(2021, 5, 18)),    # 6, 7, 8, 10 ... 14, 17, 18
        (date(2021, 5, 3), 0, date(2021, 5, 3)),
    ],
)
def test_add_working_days(start, count, expected):
    assert clock.add_working_days(start, count) == expected


def test_as_of_order(monkeypatch):
    monkeypatch.delenv("DASHBOARD_AS_OF", raising=False)
    assert clock.as_of("2021-05-03 17:00:00") == datetime(2021, 5, 3, 17, 0)
    monkeypatch.setenv("DASHBOARD_AS_OF", "2021-05-04 09:30")
    assert clock.as_of("2021-05-03 17:00:00") == datetime(2021, 5, 4, 9, 30)


def test_now_is_shanghai_wall_clock_whatever_the_server_zone():
    utc_evening = datetime(2021, 5, 3, 16, 30, tzinfo=timezone.utc)
    assert clock.to_local(utc_evening) == datetime(2021, 5, 4, 0, 30)


def test_bad_as_of_is_explained():
    with pytest.raises(ValueError, match="无法识别"):
        clock.parse_as_of("五月三日")
