"""The data behind the 督查组评价 charts, as syrupy snapshots (refresh with --snapshot-update and read the diff):
the demo's visits per week and handover shares against the 约谈 lines, one group's months, and a small
hand-made frame with every colour (visits red only below the 约谈 line, whatever else flags a group — issue 12
item 5; a share equal to the line not marked, one below it outlined red and labelled, an unknown one blank)."""

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
    below, meets = fig.data
    low = [u for u, v in zip(frame["unit"], frame["visits_per_week"]) if pd.notna(v) and v < T.min_visits_per_week]
    assert list(below.x) == low and set(meets.x) == set(frame["unit"]) - set(low)
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
    below, meets = visits.data   # red = below the line only: 甲县 is flagged for another reason, 4.0 is on the line
    assert (below.marker.color, meets.marker.color) == (RED, BLUE)
    assert list(below.x) == ["丙县"] and list(below.text) == ["3.9"]
    assert list(meets.x) == ["甲县", "乙县", "丁县"] and list(meets.text) == ["5.0", "4.0", ""]
    assert (below.name, meets.name) == ("低于约谈线（每周4次）", "达到约谈线")
    assert "红色为低于约谈线" in visits.layout.title.text and visits.layout.showlegend is not False
    assert list(visits.layout.xaxis.categoryarray) == ["甲县", "乙县", "丙县", "丁县"]  # the frame's order kept
    shares = charts.handover_shares(FRAME, 90.0, height=300)
    county, city = shares.data
    assert list(county.marker.line.color) == [BLUE, BLUE, RED, BLUE] and list(county.text) == ["", "", "89.9%", ""]
    assert list(city.marker.line.color) == [TEAL, RED, TEAL, TEAL] and list(city.text) == ["", "61.5%", "", ""]
    assert figure_data(visits) == json_snapshot(name="visits")
    assert figure_data(shares) == json_snapshot(name="shares")
