"""The data behind every 火灾统计 figure (syrupy JSON snapshots) on the demo store: 2020 (a whole year) and 2021
(partial, to the as-of time). Refresh with --snapshot-update after an intended change."""

from datetime import datetime

import pytest
from snapshots import figure_data

from dashboard import fires
from dashboard.fires import charts

AS_OF = datetime(2021, 5, 3, 17, 0)


@pytest.mark.parametrize("year", [2020, 2021])
def test_every_chart(demo_store, json_snapshot, year):
    stats = fires.year_stats(demo_store, year, AS_OF)
    current, previous = fires.short_label(stats.period), fires.short_comparison_label(stats.period)
    figures = {
        "places": charts.places_donut(stats.places),
        "causes": charts.causes_bars(stats.causes, height=360),
        "months": charts.months_bars(stats.months, current, f"{stats.previous.year}年",
                                     partial_label="partial" if stats.period.partial else None),
        "central": charts.central_share(stats.central),
        "units": charts.units_bars(stats.units, current, previous),
    }
    assert {name: figure_data(fig) for name, fig in figures.items()} == json_snapshot
