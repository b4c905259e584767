"""假期值班 timeliness: when a report is due, how late it is, the board cell states and every text naming
them, as tables of cases at the cut-off edges."""

from datetime import date, datetime, time, timezone

import pandas as pd
import pytest

from dashboard import clock, duty, vocab
from dashboard.duty._timeliness import _LEGEND, with_states
from duty_cases import AS_OF, CUTOFF, MAY1, MAY2, MAY3, MAY4

# -- timeliness ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("day, submitted, expected", [
    (MAY3, datetime(2021, 5, 3, 15, 59), (duty.S_ON_TIME, 0)),
    (MAY3, datetime(2021, 5, 3, 16, 0), (duty.S_ON_TIME, 0)),         # exactly at the cut-off: on time
    (MAY3, datetime(2021, 5, 3, 16, 0, 59), (duty.S_ON_TIME, 0)),     # seconds do not make it late
    (MAY3, datetime(2021, 5, 3, 16, 1), (duty.S_LATE, 1)),            # one minute after
    (MAY3, datetime(2021, 5, 3, 18, 5), (duty.S_LATE, 125)),
    (MAY3, datetime(2021, 5, 3, 0, 10), (duty.S_ON_TIME, 0)),         # just after midnight of the day
    (MAY2, datetime(2021, 5, 3, 0, 30), (duty.S_LATE, 8 * 60 + 30)),  # across midnight: the day after
    (MAY1, datetime(2021, 5, 3, 9, 0), (duty.S_LATE, 41 * 60)),       # two days later
])
def test_timeliness(day, submitted, expected):
    assert duty.timeliness(day, submitted, CUTOFF) == expected

@pytest.mark.parametrize("utc, day, expected", [
    # the server runs in UTC; the office's 16:00 is 08:00 UTC
    (datetime(2021, 5, 3, 8, 0, tzinfo=timezone.utc), MAY3, (duty.S_ON_TIME, 0)),
    (datetime(2021, 5, 3, 8, 1, tzinfo=timezone.utc), MAY3, (duty.S_LATE, 1)),
    # 2021-05-02 16:30 UTC is already 2021-05-03 00:30 in Shanghai
    (datetime(2021, 5, 2, 16, 30, tzinfo=timezone.utc), MAY2, (duty.S_LATE, 8 * 60 + 30)),
    (datetime(2021, 5, 2, 16, 30, tzinfo=timezone.utc), MAY3, (duty.S_ON_TIME, 0)),
])
def test_timeliness_converts_an_aware_utc_time_to_shanghai(utc, day, expected):
    assert clock.to_local(utc).date() == (utc.date() if utc.hour < 16 else date(2021, 5, utc.day + 1))
    assert duty.timeliness(day, utc, CUTOFF) == expected

def test_cutoff_is_a_setting(monkeypatch):
    monkeypatch.setenv("DASHBOARD_REPORT_CUTOFF", "17:30")
    assert duty.timeliness(MAY3, datetime(2021, 5, 3, 17, 0)) == (duty.S_ON_TIME, 0)
    assert duty.timeliness(MAY3, datetime(2021, 5, 3, 17, 31)) == (duty.S_LATE, 1)

@pytest.mark.parametrize("day, submitted, as_of, expected", [
    (MAY3, None, datetime(2021, 5, 3, 15, 0), (duty.S_PENDING, 0)),     # before the cut-off: not yet late
    (MAY3, None, datetime(2021, 5, 3, 16, 0), (duty.S_PENDING, 0)),     # at the cut-off: still in time
    (MAY3, None, datetime(2021, 5, 3, 16, 5), (duty.S_MISSING, 5)),     # 16:05: whom to call
    (MAY2, None, datetime(2021, 5, 3, 9, 0), (duty.S_MISSING, 17 * 60)),
    (MAY4, None, AS_OF, (duty.S_FUTURE, 0)),
    (MAY3, datetime(2021, 5, 3, 16, 40), AS_OF, (duty.S_LATE, 40)),
    (MAY3, datetime(2021, 5, 3, 12, 0), datetime(2021, 5, 3, 13, 0), (duty.S_ON_TIME, 0)),
])
def test_cell_state(day, submitted, as_of, expected):
    assert duty.cell_state(day, submitted, as_of, CUTOFF) == expected

@pytest.mark.parametrize("minutes, text", [
    (0, "0分钟"), (1, "1分钟"), (60, "1小时"), (65, "1小时5分钟"), (24 * 60, "1天"), (24 * 60 + 61, "1天1小时1分钟"),
])
def test_duration_text(minutes, text):
    assert duty.duration_text(minutes) == text

@pytest.mark.parametrize("state, minutes, situation, text", [
    (duty.S_ON_TIME, 0, vocab.REPORT_ZERO, "零报告"), (duty.S_ON_TIME, 0, vocab.REPORT_SITUATION, "有情况"),
    (duty.S_LATE, 40, vocab.REPORT_SITUATION, "有情况·迟报40分钟"), (duty.S_MISSING, 65, None, "缺报·超1小时5分钟"),
    (duty.S_PENDING, 0, None, "待报"), (duty.S_FUTURE, 0, None, ""),
])
def test_cell_text(state, minutes, situation, text):
    assert duty.cell_text(state, minutes, situation) == text


# -- the edges of the cut-off, for other cut-offs too ------------------------------------------------------
@pytest.mark.parametrize("cutoff, submitted, expected", [
    (time(9, 0), datetime(2021, 5, 3, 9, 0, 59), (duty.S_ON_TIME, 0)),       # the cut-off minute itself
    (time(9, 0), datetime(2021, 5, 3, 9, 1), (duty.S_LATE, 1)),
    (time(23, 59), datetime(2021, 5, 3, 23, 59, 59), (duty.S_ON_TIME, 0)),   # the last minute of the day
    (time(23, 59), datetime(2021, 5, 4, 0, 0), (duty.S_LATE, 1)),            # midnight is the next day: late
    (time(0, 0), datetime(2021, 5, 3, 0, 0), (duty.S_ON_TIME, 0)),           # a midnight cut-off
    (time(0, 0), datetime(2021, 5, 3, 0, 1), (duty.S_LATE, 1)),
    (time(16, 0), datetime(2021, 5, 2, 23, 0), (duty.S_ON_TIME, 0)),         # sent the evening before
])
def test_timeliness_at_the_cutoff_edges(cutoff, submitted, expected):
    assert duty.timeliness(MAY3, submitted, cutoff) == expected


@pytest.mark.parametrize("as_of, expected", [
    (datetime(2021, 5, 3, 16, 0, 59), (duty.S_PENDING, 0)),   # seconds past the cut-off minute: still 待报
    (datetime(2021, 5, 3, 16, 1), (duty.S_MISSING, 1)),
    (datetime(2021, 5, 3, 23, 59), (duty.S_MISSING, 7 * 60 + 59)),
    (datetime(2021, 5, 2, 23, 59), (duty.S_FUTURE, 0)),       # the day has not come
    (datetime(2021, 5, 3, 0, 0), (duty.S_PENDING, 0)),
])
def test_cell_state_without_a_report_at_the_edges(as_of, expected):
    assert duty.cell_state(MAY3, None, as_of, CUTOFF) == expected


def test_a_missing_submission_time_is_blank_not_a_report():
    assert duty.cell_state(MAY3, pd.NaT, AS_OF, CUTOFF) == (duty.S_MISSING, 60)


def test_with_states_adds_state_and_minutes():
    frame = pd.DataFrame({"day": [MAY3, MAY3, MAY4], "first_submitted_at": [datetime(2021, 5, 3, 16, 10), pd.NaT, pd.NaT]})
    out = with_states(frame, AS_OF, CUTOFF)
    assert list(out["state"]) == [duty.S_LATE, duty.S_MISSING, duty.S_FUTURE]
    assert list(out["minutes"]) == [10, 60, 0]


@pytest.mark.parametrize("state, minutes, status, chase", [
    (duty.S_ON_TIME, 0, "按时", None),
    (duty.S_LATE, 25, "迟报25分钟", None),
    (duty.S_MISSING, 65, "缺报", "已超过截止时间1小时5分钟"),
    (duty.S_PENDING, 0, "未报（未到截止时间）", "未到截止时间"),
    (duty.S_FUTURE, 0, "", "尚未到该日"),
])
def test_status_and_chase_texts(state, minutes, status, chase):
    assert duty.status_text(state, minutes) == status
    if chase is not None:
        assert duty.chase_text(state, minutes) == chase


@pytest.mark.parametrize("state, situation, color", [
    (duty.S_ON_TIME, vocab.REPORT_ZERO, "#d4edda"), (duty.S_ON_TIME, vocab.REPORT_SITUATION, "#cfe2ff"),
    (duty.S_LATE, vocab.REPORT_ZERO, "#ffe0b2"), (duty.S_MISSING, None, "#f8d7da"), (duty.S_PENDING, None, "#fff3cd"),
    (duty.S_FUTURE, None, "#f3f4f6"), ("?", None, "#f3f4f6"),
])
def test_cell_color(state, situation, color):
    assert duty.cell_color(state, situation) == color


def test_board_legend_names_every_coloured_state():
    assert duty.board_legend() == "颜色：绿=按时零报告，蓝=按时有情况，橙=迟报，红=缺报，黄=待报（未到截止时间）。"
    assert {key for key, _, _ in _LEGEND} <= set(duty.CELL_COLORS)
