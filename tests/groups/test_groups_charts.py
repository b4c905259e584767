"""The data behind the 督查组评价 charts, as syrupy snapshots (refresh with --snapshot-update and read the diff):
the demo's visits per week and handover shares against the 约谈 lines, one group's months, and a small
hand-made frame with every colour (a flagged group red whatever its visits; a share equal to the line not
marked, one below it outlined red and labelled, an unknown one blank)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from snapshots import figure_data

from dashboard import groups as gr
from dashboard.groups import charts
from dashboard.plotting import BLUE, RED, TEAL

TODAY = date(2021, 5, 3)
T = gr.Thresholds(min_visits_per_week=4.0, min_handover_rate=0.9, min_rectification_rate=0.7, handover_days=7)


def _demo(store) -> pd.DataFrame:
    return gr.evaluation(store, gr.window(gr.DEFAULT_PERIOD, TODAY, gr.first_stationed(store)), (), T)


def test_visits_per_week_on_the_demo(demo_store, json_snapshot):
    frame = _demo(demo_store)
    fig = charts.visits_per_week(frame, T.min_visits_per_week)
    assert list(fig.data[0].marker.color) == [RED if f else BLUE for f in frame["interview"]]
    assert figure_data(fig) == json_snapshot


def test_handover_shares_on_the_demo(demo_store, json_snapshot):
    assert figure_data(charts.handover_shares(_demo(demo_store), T.handover_percent)) == json_snapshot


def test_one_groups_months_on_the_demo(demo_store, json_snapshot):
    assert figure_data(charts.months(gr.hazards_by_month(demo_store, 4, TODAY))) == json_snapshot


FRAME = pd.DataFrame({
    "unit": ["甲县", "乙县", "丙县", "丁县"],
    "interview": [True, False, True, False],
    "visits_per_week": [5.0, 4.0, 3.9, None],       # 甲县 flagged for another reason: red above the line
    "visits": [50, 40, 39, 0], "days": [70, 70, 70, 0],
    "county_handover_rate": [90.0, 95.0, 89.9, None],
    "city_handover_rate": [100.0, 61.5, 90.0, None],
})


def test_every_colour_and_label(json_snapshot):
    visits = charts.visits_per_week(FRAME, 4.0, height=300)
    assert list(visits.data[0].marker.color) == [RED, BLUE, RED, BLUE]   # red = flagged 建议约谈 (as its title says)
    assert list(visits.data[0].text) == ["5.0", "4.0", "3.9", ""]
    shares = charts.handover_shares(FRAME, 90.0, height=300)
    county, city = shares.data
    assert list(county.marker.line.color) == [BLUE, BLUE, RED, BLUE] and list(county.text) == ["", "", "89.9%", ""]
    assert list(city.marker.line.color) == [TEAL, RED, TEAL, TEAL] and list(city.text) == ["", "61.5%", "", ""]
    assert figure_data(visits) == json_snapshot(name="visits")
    assert figure_data(shares) == json_snapshot(name="shares")
