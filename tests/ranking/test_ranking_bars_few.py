"""The score bars with few counties in scope (issue 12 item 9): the axis title keeps clear of its ticks and a
lone county's bar is as thick as in the full ranking, on the ranking page (height from the rows) and on the
overview (a fixed height)."""

from __future__ import annotations

import pytest

from datetime import date, datetime

from dashboard import ranking as rk

AS_OF = datetime(2021, 5, 3, 17)


@pytest.fixture(scope="module")
def table(demo_db_path):
    from dashboard.db import Store

    store = Store.open(demo_db_path)
    try:
        return rk.table(store, rk.period_of(rk.MONTH, date(2021, 5, 3), date(2021, 5, 3)), AS_OF)
    finally:
        store.close()


def _bar_px(fig) -> float:
    """The pixels one category row gets: the plot height over the y range."""
    low, high = fig.layout.yaxis.range
    return (fig.layout.height - 140) / (high - low)


@pytest.mark.parametrize("units", [1, 2, 5, 12])
def test_a_row_is_as_thick_however_many_counties(table, units):
    frame = table.head(units)
    fig = rk.charts.score_bars(frame, title="t")
    assert fig.layout.height == rk.charts.score_bars_height(units) >= 140 + 34 * max(units, 2)
    assert _bar_px(fig) == pytest.approx(34)


@pytest.mark.parametrize("units", [1, 3])
def test_a_fixed_height_centres_few_bars_at_the_usual_thickness(table, units):
    frame = table.head(units)
    fig = rk.charts.score_bars(frame, title="t", height=400)
    low, high = fig.layout.yaxis.range
    assert _bar_px(fig) == pytest.approx(34)
    assert (low + high) / 2 == pytest.approx((units - 1) / 2)   # centred


def test_a_full_ranking_fills_a_fixed_height(table):
    assert list(rk.charts.score_bars(table, title="t", height=400).layout.yaxis.range) == [-0.5, 11.5]
