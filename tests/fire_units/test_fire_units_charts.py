"""The data behind the 重大火灾隐患 figures (syrupy JSON snapshots): the milestone Gantt and the countdown strip
on the demo store as of 2021-05-03. Refresh with --snapshot-update after an intended change."""

from datetime import date

from snapshots import figure_data

from dashboard import fire_units as fu
from dashboard.fire_units import charts

TODAY = date(2021, 5, 3)


def test_gantt(demo_store, json_snapshot):
    board = fu.board(demo_store, TODAY)
    fig = charts.milestone_gantt(fu.milestones(demo_store, TODAY), board, TODAY)
    assert figure_data(fig) == json_snapshot


def test_countdown_strip(demo_store, json_snapshot):
    assert figure_data(charts.countdown_strip(fu.board(demo_store, TODAY))) == json_snapshot


def test_every_marker_of_the_gantt_is_in_its_legend(demo_store):
    """Issue 12 item 5: green diamonds the legend did not explain (one 实际完成 entry for green and red points)."""
    board = fu.board(demo_store, TODAY)
    fig = charts.milestone_gantt(fu.milestones(demo_store, TODAY), board, TODAY)
    for trace in fig.data:
        assert trace.showlegend is not False and trace.name, trace
        assert isinstance(trace.marker.color, str), f"{trace.name}: one colour per legend entry, not {trace.marker.color}"
    by_name = {t.name: t for t in fig.data}
    on_time, late = by_name["按期完成（实际日期）"], by_name["逾期完成（实际日期）"]
    assert (on_time.marker.color, late.marker.color) == (charts.DONE_COLOR, charts.LATE_COLOR)
    assert len(on_time.x) and len(late.x)  # the demo has both
    marks = fu.milestones(demo_store, TODAY)
    done = marks[marks["actual_date"].notna() & marks["fire_unit_id"].isin(board["id"])]
    assert len(on_time.x) + len(late.x) == len(done) and len(late.x) == int(done["late_done"].sum())
