"""火灾统计 (issue 12 item 9): the places donut has one slice for the rest (the vocabulary's 其他 folded in,
never both 其他 and 其余场所), and the summary sentence says when deaths rose (or fell)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from dashboard import fires
from dashboard.fires import charts
from dashboard.fires.stats import Change

AS_OF = datetime(2021, 5, 3, 17)


def _places(counts: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"key": list(counts), "label": list(counts), "count": list(counts.values())})


@pytest.mark.parametrize("counts, labels, values", [
    ({"住宅": 50, "其他": 30, "厂房": 10, "学校": 5}, ["住宅", "厂房", "学校", "其他场所"], [50, 10, 5, 30]),
    ({"住宅": 50, "厂房": 10}, ["住宅", "厂房"], [50, 10]),
    ({f"场所{i}": 10 - i for i in range(8)} | {"其他": 4},
     [f"场所{i}" for i in range(6)] + ["其他场所"], [10, 9, 8, 7, 6, 5, 4 + 3 + 4]),
    ({"其他": 7}, ["其他场所"], [7]),
])
def test_one_slice_for_everything_else(counts, labels, values):
    pie = charts.places_donut(_places(counts)).data[0]
    assert (list(pie.labels), list(pie.values)) == (labels, values)


@pytest.mark.parametrize("year", [2019, 2020, 2021])
def test_the_demo_donut_never_shows_two_rests(demo_store, year):
    stats = fires.year_stats(demo_store, year, AS_OF)
    pie = charts.places_donut(stats.places).data[0]
    assert "其他" not in pie.labels and "其余场所" not in pie.labels
    assert sum(pie.values) == stats.current["count"]


def _stats(deaths_now: int, deaths_before: int, demo_store) -> fires.YearStats:
    stats = fires.year_stats(demo_store, 2020, AS_OF)
    return stats.__class__(**{**stats.__dict__, "current": {**stats.current, "deaths": deaths_now},
                              "before": {**stats.before, "deaths": deaths_before}})


@pytest.mark.parametrize("now, before, said", [
    (3, 2, "起数、损失双上升，死亡人数上升（+1人）；"),
    (5, 2, "起数、损失双上升，死亡人数上升（+3人）；"),
    (0, 2, "起数、损失双上升，死亡人数下降（-2人）；"),
    (2, 2, "起数、损失双上升；"),
])
def test_the_sentence_says_how_deaths_moved(demo_store, now, before, said):
    stats = _stats(now, before, demo_store)
    assert stats.changes()["deaths"] == fires.change(now, before)
    assert said in fires.summary_sentence(stats)


def test_2020_says_deaths_rose(demo_store):
    stats = fires.year_stats(demo_store, 2020, AS_OF)
    assert stats.changes()["deaths"] == Change(1, 50.0)
    assert "死亡人数上升（+1人）" in fires.summary_sentence(stats)
