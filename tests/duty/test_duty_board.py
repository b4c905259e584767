"""The board on the demo: cells, the matrix, scope, whom to call, a day's figures, and the cells between
two dates that the ranking counts (checked against the board span by span and plain SQL)."""

from datetime import date, datetime

import pandas as pd
import pytest

from dashboard import duty, ranking
from duty_cases import AS_OF, HANBIN, LANGAO, MAY1, MAY2, MAY3

# -- the board on the demo ---------------------------------------------------------------------------------
def test_board_on_the_demo(demo_store):
    grid = duty.board(demo_store, MAY1, date(2021, 5, 5), AS_OF)
    assert len(grid) == 12 * 5
    today = grid[grid["day"] == MAY3].set_index("unit")
    assert set(today.index[today["state"] == duty.S_MISSING]) == {"岚皋县", "镇坪县", "白河县", "恒口示范区"}
    assert today.loc["紫阳县", "text"] == "有情况·迟报25分钟"
    assert today.loc["宁陕县", "text"] == "零报告"
    assert today.loc["岚皋县", "text"] == "缺报·超1小时"
    assert (grid.loc[grid["day"] > MAY3, "state"] == duty.S_FUTURE).all()
    may1 = grid[grid["day"] == MAY1].set_index("unit")
    assert may1.loc["白河县", "text"] == "零报告·迟报2小时5分钟"
    # 旬阳市 corrected its 5-02 report at 19:10: still on time (the first version decides), content is v2
    may2 = grid[grid["day"] == MAY2].set_index("unit")
    assert may2.loc["旬阳市", "state"] == duty.S_ON_TIME and may2.loc["旬阳市", "versions"] == 2
    assert may2.loc["旬阳市", "deaths"] == 3
    texts, colors = duty.board_matrix(grid, MAY3)
    assert texts.shape == (12, 5) and "05-03 周一（今日）" in texts.columns
    assert colors.loc["岚皋县", "05-03 周一（今日）"] == duty.CELL_COLORS[duty.S_MISSING]

def test_board_follows_the_scope(demo_store):
    grid = duty.board(demo_store, MAY1, MAY3, AS_OF, (LANGAO, HANBIN))
    assert set(grid["unit_code"]) == {LANGAO, HANBIN}

def test_chase_list_has_names_phones_and_how_long(demo_store):
    chase = duty.chase_list(demo_store, MAY3, datetime(2021, 5, 3, 16, 5))
    assert list(chase["unit"]) == ["岚皋县", "镇坪县", "白河县", "恒口示范区"]
    roster = duty.roster_entry(demo_store, LANGAO, MAY3)
    first = chase.iloc[0]
    assert (first["leader"], first["leader_phone"], first["officer"], first["officer_phone"]) == (
        roster["leader"], roster["leader_phone"], roster["officer"], roster["officer_phone"])
    assert first["overdue"] == "已超过截止时间5分钟"
    before = duty.chase_list(demo_store, MAY3, datetime(2021, 5, 3, 15, 0))
    assert set(before["state"]) == {duty.S_PENDING} and set(before["overdue"]) == {"未到截止时间"}

def test_day_figures(demo_store):
    figures = duty.day_figures(demo_store, MAY3, AS_OF)
    assert (figures.expected, figures.received, figures.on_time) == (12, 8, 7)
    assert figures.late_units == ["紫阳县"] and figures.zero_units == ["汉阴县", "宁陕县"]
    assert figures.missing_units == ["岚皋县", "镇坪县", "白河县", "恒口示范区"]
    assert len(figures.incidents) == 2 and (figures.deaths, figures.injuries, figures.serious_injuries) == (0, 1, 1)
    assert list(figures.warnings["id"]) == ["YJ2021-0503-01", "YJ2021-0503-02"]
    may2 = duty.day_figures(demo_store, MAY2, AS_OF)
    assert may2.received == 12 and may2.deaths == 3    # the 续报's figures, not the 初报's
    assert list(may2.incidents["level"]) == ["较大事故"]


# -- the cells between two dates (what the ranking counts) --------------------------------------------------
def _periods():
    return [p for kind in ranking.KINDS for p in ranking.periods(kind, AS_OF.date(), 14)]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """In one order, with "not submitted" as NaT (the board leaves it None when nobody reported)."""
    frame = frame.assign(first_submitted_at=pd.to_datetime(frame["first_submitted_at"]).astype("datetime64[us]"))
    return frame.sort_values(["unit_code", "day"]).reset_index(drop=True)


def _board_cells(store, start, end, unit_code=None) -> pd.DataFrame:
    """The board of each duty period's days between the dates up to the as-of date (the ranking's former way)."""
    last = min(end, AS_OF.date())
    spans = store.rows("SELECT start_date, end_date FROM duty_periods WHERE start_date <= ? AND end_date >= ? "
                       "ORDER BY start_date", [last, start])
    frames = [duty.board(store, max(a, start), min(b, last), AS_OF, (unit_code,) if unit_code else ())
              for a, b in spans if max(a, start) <= min(b, last)]
    columns = ["unit_code", "unit", "day", "state", "minutes", "first_submitted_at"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def test_cells_between_equal_the_board_on_every_period(demo_store):
    seen = 0
    for period in _periods():
        ours = duty.cells_between(demo_store, period.start, period.end, AS_OF)
        theirs = _board_cells(demo_store, period.start, period.end)
        pd.testing.assert_frame_equal(_sorted(ours), _sorted(theirs), check_dtype=False)
        one = duty.cells_between(demo_store, period.start, period.end, AS_OF, LANGAO)
        pd.testing.assert_frame_equal(_sorted(one), _sorted(_board_cells(demo_store, period.start, period.end, LANGAO)),
                                      check_dtype=False)
        seen += len(ours)
    assert seen == 2 * 12 * 3   # May Day up to 05-03 falls in the week and in the month, for 12 units


@pytest.mark.parametrize("start, end, as_of, days", [
    (MAY1, date(2021, 5, 5), AS_OF, [MAY1, MAY2, MAY3]),                       # not after the as-of date
    (date(2021, 4, 26), date(2021, 5, 2), AS_OF, [MAY1, MAY2]),                # a week ending inside the holiday
    (MAY2, MAY2, AS_OF, [MAY2]),
    (date(2021, 4, 1), date(2021, 4, 30), AS_OF, []),                          # no duty days
    (MAY1, date(2021, 5, 5), datetime(2021, 5, 8, 9, 0), [MAY1, MAY2, MAY3, date(2021, 5, 4), date(2021, 5, 5)]),
])
def test_cells_between_cover_the_duty_days_up_to_the_as_of_date(demo_store, start, end, as_of, days):
    cells = duty.cells_between(demo_store, start, end, as_of)
    assert sorted(set(cells["day"])) == days
    assert len(cells) == 12 * len(days)
    assert list(cells.columns) == ["unit_code", "unit", "day", "state", "minutes", "first_submitted_at"]


def test_cells_between_against_plain_sql_and_the_board(demo_store):
    cells = duty.cells_between(demo_store, MAY1, date(2021, 5, 5), AS_OF)
    reported = demo_store.scalar("SELECT count(DISTINCT (unit_code, report_date)) FROM duty_reports "
                                 "WHERE report_date BETWEEN DATE '2021-05-01' AND DATE '2021-05-03'")
    assert cells["state"].isin([duty.S_ON_TIME, duty.S_LATE]).sum() == reported
    grid = duty.board(demo_store, MAY1, MAY3, AS_OF)
    pd.testing.assert_frame_equal(_sorted(cells), _sorted(grid[list(cells.columns)]), check_dtype=False)
    counts = cells[cells["state"] == duty.S_MISSING].groupby("unit")["day"].size().to_dict()
    assert counts == {"岚皋县": 1, "镇坪县": 1, "白河县": 1, "恒口示范区": 1}


def test_board_matrix_snapshot(demo_store, json_snapshot):
    """The board as the page and the Excel show it: every cell's text and colour on the demo."""
    texts, colors = duty.board_matrix(duty.board(demo_store, MAY1, date(2021, 5, 5), AS_OF), MAY3)
    assert {"texts": texts.to_dict(orient="index"), "colors": colors.to_dict(orient="index")} == json_snapshot
