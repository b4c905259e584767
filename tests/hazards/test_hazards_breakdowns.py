"""The ledger's small charts and its 整改率 tile (issue 12 item 9): every sector and county labelled, the
axis title on the count axis, a 1-row result an ordinary bar; 整改率 shown as — (with the reason) where the
filter makes it meaningless."""

from __future__ import annotations

from datetime import date

import apptest
import pandas as pd
import pytest
from apptest import open_page

from dashboard import hazards, vocab
from dashboard.hazards import charts
from dashboard.hazards.filters import rate_not_applicable

TODAY = date(2021, 5, 3)
app_db = apptest.app_db


@pytest.mark.parametrize("by, rows", [("sector", 23), ("unit", 12), ("status", 5)])
def test_every_category_is_labelled_and_has_a_rows_height(demo_store, by, rows):
    counts = hazards.breakdown(demo_store, hazards.HazardFilter(), TODAY, by)
    fig = charts.breakdown_bars(counts, "t")
    keys = [str(k) for k in counts["key"]]
    assert len(keys) == rows
    assert (fig.layout.yaxis.tickmode, list(fig.layout.yaxis.tickvals), list(fig.layout.yaxis.ticktext)) == \
        ("array", keys, keys)   # every label drawn, none skipped for crowding
    assert fig.layout.height == charts.breakdown_height(rows) >= 130 + charts.ROW_PX * rows
    assert fig.layout.xaxis.title.text == "隐患数" and not fig.layout.yaxis.title.text  # the count axis


@pytest.mark.parametrize("rows", [1, 2, 4, 12])
def test_a_row_keeps_its_thickness_however_few_rows(rows):
    counts = pd.DataFrame({"key": [f"k{i}" for i in range(rows)], "total": [5] * rows, "open": [2] * rows})
    fig = charts.breakdown_bars(counts, "t")
    slots = max(rows, charts.MIN_ROWS)
    assert list(fig.layout.yaxis.range) == [slots - 0.5, -0.5]   # the first key on top, room for MIN_ROWS
    plot_height = fig.layout.height - 130                          # what breakdown_height adds around the rows
    assert plot_height / slots == charts.ROW_PX


@pytest.mark.parametrize("flags, statuses, applies", [
    ((), (), True),
    ((vocab.FLAG_OVERDUE,), (), False),
    ((vocab.FLAG_EXTENDED,), (), True),
    ((vocab.FLAG_LISTED, vocab.FLAG_OVERDUE), (), False),
    ((), (vocab.ST_IN_PROGRESS,), False),
    ((), vocab.OPEN_STATUSES, False),
    ((), (vocab.ST_CLOSED,), False),
    ((), (vocab.ST_IN_PROGRESS, vocab.ST_CLOSED), True),
])
def test_when_the_rectification_rate_applies(flags, statuses, applies):
    note = rate_not_applicable(hazards.HazardFilter(flags=flags, statuses=statuses))
    assert (note is None) is applies


def test_the_overdue_filter_shows_no_rate(demo_store):
    stats = hazards.filtered_summary(demo_store, hazards.HazardFilter(flags=(vocab.FLAG_OVERDUE,)), TODAY)
    assert stats["total"] == 39 and stats["rectification_rate"] is None
    assert stats["rate_note"] == "筛选“逾期”时结果均为未销号隐患，整改率不适用"
    city = hazards.filtered_summary(demo_store, hazards.HazardFilter(), TODAY)
    assert city["rectification_rate"] == 81.0 and city["rate_note"] is None


def test_the_ledger_tile_says_dash_with_the_reason(app_db):
    at = open_page("app_pages/hazards.py", {"hazards.flags": "逾期"})
    tile = next(m for m in at.metric if m.label == "整改率")
    assert tile.value == "—" and tile.help == "筛选“逾期”时结果均为未销号隐患，整改率不适用"
    at = open_page("app_pages/hazards.py", {"county": "汉滨区", "hazards.flags": "逾期"})
    assert [c.value for c in at.caption if c.value.startswith("共 ")][0].startswith("共 10 条")
    specs = {s["layout"]["title"]["text"]: s for s in map(_spec, at.get("plotly_chart"))}
    assert specs["按县区"]["layout"]["height"] == charts.breakdown_height(1)   # one county: one ordinary bar
    assert specs["按县区"]["layout"]["yaxis"]["ticktext"] == ["汉滨区"]


def _spec(chart) -> dict:
    import json

    return json.loads(chart.proto.spec)
