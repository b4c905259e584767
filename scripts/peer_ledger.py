"""The benchmark's peer: 隐患台账's figures from a page that keeps the whole hazards table in pandas.

Not part of the app. ``scripts/bench_pages.py`` runs it through AppTest beside the real ledger page (which asks
DuckDB once per rerun, dashboard/hazards/filters.py ``ledger``), on the same store, the same keywords and the
same drawing (the ledger's charts and table view), so the two differ only in where the rows live:

- the first run reads every hazard into one DataFrame (kept with ``st.cache_resource``, as a page that holds
  the table would), with the four searched fields lower-cased once;
- every rerun filters that frame in pandas (the keyword over the four fields), counts, groups, sorts the
  first 500 rows and draws them.

    DASHBOARD_DB=/tmp/ankang-bench-60.duckdb .venv/bin/streamlit run scripts/peer_ledger.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import hazards, numbers, settings, vocab  # noqa: E402
from dashboard.ui import kit  # noqa: E402

TODAY = pd.Timestamp("2021-05-03")  # the demo's as-of date


@st.cache_resource(show_spinner=False)
def whole_table(path: str) -> pd.DataFrame:
    con = duckdb.connect(path, read_only=True)
    try:
        frame = con.execute(
            "SELECT h.id, u.name AS unit, u.sort_order, h.enterprise, h.location, h.description, h.sector, h.level,"
            " h.treatment, h.status, h.found_date, h.deadline, h.original_deadline, h.listing_level"
            " FROM hazards h JOIN units u ON u.code = h.unit_code").df()
    finally:
        con.close()
    for column in ("id", "enterprise", "location", "description"):
        frame["_" + column] = frame[column].fillna("").str.lower()
    return frame


frame = whole_table(str(settings.db_path()))
keyword = st.text_input("关键词", key="hazards.q").strip().lower()
picked = frame
if keyword:
    hit = pd.Series(False, index=frame.index)
    for column in ("_id", "_enterprise", "_location", "_description"):
        hit |= frame[column].str.contains(keyword, regex=False)
    picked = frame[hit]

is_open = picked["status"] != vocab.ST_CLOSED
overdue = is_open & (picked["deadline"] < TODAY)
total, closed = len(picked), int((~is_open).sum())
cols = st.columns(6)
for column, label, value in zip(cols, ("筛选结果", "未销号", "逾期未整改", "重大隐患", "挂牌督办未销号", "整改率"), (
        total, int(is_open.sum()), int(overdue.sum()), int((picked["level"] == vocab.LEVEL_MAJOR).sum()),
        int((is_open & (picked["listing_level"] != vocab.NOT_LISTED)).sum()), numbers.percent(closed, total))):
    column.metric(label, value)

counted = picked.assign(open=is_open, overdue=overdue, total=1)
cols = st.columns(3)
for column, by, title in ((cols[0], "sector", "按行业领域"), (cols[1], "status", "按状态"), (cols[2], "unit", "按县区")):
    counts = counted.groupby(by, sort=False)[["total", "open", "overdue"]].sum().rename_axis("key").reset_index()
    column.plotly_chart(hazards.charts.breakdown_bars(counts.sort_values("total", ascending=False), title),
                        key="chart." + by)

first = picked.assign(_closed=~is_open).sort_values(["_closed", "deadline", "id"]).head(hazards.TABLE_LIMIT)
rows = first.assign(overdue=overdue.loc[first.index], extended=first["deadline"] != first["original_deadline"],
                    listed=first["listing_level"] != vocab.NOT_LISTED)
shown, bands = hazards.ledger_view(rows, TODAY.date())
styles = [kit.urgency_style(band, green=True) or "color: #6b7280" for band in bands]  # as the ledger page draws it
st.dataframe(shown.style.apply(lambda _: styles, subset=["剩余天数"]), hide_index=True, width="stretch", height=420)
