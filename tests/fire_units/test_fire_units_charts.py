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
