"""The data behind the hazard charts, as syrupy snapshots (refresh with --snapshot-update and read the diff):
the overview's weekly trend and the ledger page's three breakdowns, on the demo; and the current week drawn
dotted."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from snapshots import figure_data

from dashboard import hazards
from dashboard.hazards import charts

TODAY = date(2021, 5, 3)


def test_weekly_trend_on_the_demo(demo_store, json_snapshot):
    frame = hazards.weekly_trend(demo_store, TODAY)
    assert figure_data(charts.weekly_trend(frame, TODAY)) == json_snapshot


TITLES = {"sector": "按行业领域", "status": "按状态", "unit": "按县区"}


@pytest.mark.parametrize("by", TITLES)
def test_breakdown_bars_on_the_demo(demo_store, json_snapshot, by):
    counts = hazards.breakdown(demo_store, hazards.HazardFilter(), TODAY, by)
    fig = charts.breakdown_bars(counts, TITLES[by])
    assert list(fig.data[0].y) == [str(k) for k in counts["key"]]   # every category
    assert [o + c for o, c in zip(fig.data[0].x, fig.data[1].x)] == list(counts["total"])
    assert figure_data(fig) == json_snapshot


def test_the_current_week_is_dotted_and_named():
    frame = pd.DataFrame({"week": [date(2021, 4, 19), date(2021, 4, 26), date(2021, 5, 3)],
                          "found": [10, 12, 2], "closed": [8, 9, 1]})
    fig = charts.weekly_trend(frame, TODAY)
    dotted = [t for t in fig.data if t.line.dash == "dot"]
    assert [t.name for t in dotted] == ["新发现（本周至今）", "已销号（本周至今）"]
    assert all(list(t.y) == list(frame[c].iloc[-2:]) for t, c in zip(dotted, ("found", "closed")))
    assert [len(t.x) for t in fig.data if t.line.dash != "dot"] == [2, 2]
