"""ui.figures.cached: a figure built once per argument values and settings, equal to building it again, never
changed by the pages that draw it; the pages' charts equal their uncached builds on every rerun."""

from __future__ import annotations

import json
from datetime import date

import apptest
import pandas as pd
import plotly.graph_objects as go
import pytest
from apptest import open_page
from figures import chart_specs

from dashboard import fire_units, hazards, ranking
from dashboard.db import Store
from dashboard.ui import figures

app_db = apptest.app_db
TODAY = date(2021, 5, 3)
built: list[tuple] = []


def _bars(frame: pd.DataFrame, title: str, *, height: int = 200) -> go.Figure:
    built.append((len(frame), title, height))
    return go.Figure(go.Bar(x=list(frame["n"]), y=list(frame["k"])), layout={"title": title, "height": height})


@pytest.mark.parametrize("changed", ["values", "title", "height", "setting"])
def test_built_once_per_arguments_and_settings(changed, monkeypatch):
    built.clear()
    draw = figures.cached(_bars)
    frame = pd.DataFrame({"k": ["a", "b"], "n": [1, 2]})
    first = draw(frame, "t", height=300)
    assert draw(frame.copy(), "t", height=300) is first and len(built) == 1     # equal content: the same figure
    assert first.to_json() == _bars(frame, "t", height=300).to_json()
    other = {"values": lambda: draw(frame.assign(n=[1, 3]), "t", height=300),
             "title": lambda: draw(frame, "u", height=300),
             "height": lambda: draw(frame, "t", height=301)}
    if changed == "setting":
        monkeypatch.setenv("DASHBOARD_URGENCY_ORANGE_DAYS", "5")          # colours and bands come from settings
        other[changed] = lambda: draw(frame, "t", height=300)
    assert other[changed]() is not first and len(built) == 3


@pytest.mark.parametrize("page, params", [
    ("app_pages/overview.py", {}), ("app_pages/fire_units.py", {}), ("app_pages/hazards.py", {"hazards.q": "仓库"}),
])
def test_the_pages_charts_equal_their_uncached_builds_on_every_rerun(app_db, page, params):
    at = open_page(page, params)
    first = chart_specs(at)
    at.run()
    assert chart_specs(at) == first                        # drawing it did not change the shared figure
    store = Store.open(app_db)
    try:
        as_of = store.as_of()
        expected = {
            "app_pages/overview.py": lambda: [
                ranking.charts.score_bars(ranking.table(store, ranking.period_of(ranking.MONTH, TODAY, TODAY), as_of),
                                          title=f"县区排名得分（{ranking.period_of(ranking.MONTH, TODAY, TODAY).label}，名次为全市排名）",
                                          height=400),
                fire_units.countdown_strip(fire_units.board(store, TODAY)),
                hazards.charts.weekly_trend(hazards.weekly_trend(store, TODAY), TODAY)],
            "app_pages/fire_units.py": lambda: [
                fire_units.milestone_gantt(fire_units.milestones(store, TODAY), fire_units.board(store, TODAY), TODAY)],
            "app_pages/hazards.py": lambda: [
                hazards.charts.breakdown_bars(hazards.breakdown(store, hazards.HazardFilter(keyword="仓库"), TODAY, by), title)
                for by, title in (("sector", "按行业领域"), ("status", "按状态"), ("unit", "按县区"))],
        }[page]()
    finally:
        store.close()
    assert first == [json.loads(fig.to_json()) for fig in expected]
