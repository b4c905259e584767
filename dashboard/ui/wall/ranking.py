"""县区排名 on the wall: this month's scores as bars on the left, and on the right every unit's row — rank, change,
score in its band colour, the largest deductions and the three rates — all twelve on one screen."""

from __future__ import annotations

import streamlit as st

from dashboard import contents, ranking, ui
from dashboard.ui import kit
from dashboard.ui.wall import charts
from dashboard.ui.wall.canvas import (BODY_H, BODY_W, GAP, TITLE_H, Box, Column, Frame, capacity, esc, missing, place,
                                      table, title)

VIEW = "ranking"
CHART = Box(0, 0, 620, BODY_H)
TABLE = Box(CHART.w + GAP, 0, BODY_W - CHART.w - GAP, BODY_H)
HEADER_H, ROW_H, MAX_ROW_H = 40, 60, 80
COLUMNS = [Column("排名", 70, numeric=True), Column("变化", 80), Column("县区", 150), Column("得分", 90, numeric=True),
           Column("主要扣分", 480), Column("整改率", 110, numeric=True), Column("及时率", 110, numeric=True)]


def layout() -> list[str]:
    return [place("wall-rk-chart", CHART), place("wall-rk-table", TABLE)]


def _rate(value) -> str:
    return "—" if value is None or value != value else f"{value:.1f}%"


def draw(frame: Frame) -> None:
    month = ranking.period_of(ranking.MONTH, frame.today, frame.today)
    not_loaded = kit.loaded().none_of(*contents.RANKING_INPUTS)
    if not_loaded:  # with nothing to deduct from, every county would score a full 100 nobody measured
        with st.container(key="wall-rk-chart"):
            st.html(title(f"{month.label} 县区得分") + f'<div class="w-empty w-missing">{esc(contents.NO_RANKING)}</div>')
        with st.container(key="wall-rk-table"):
            st.html(title("县区排名") + missing(not_loaded))
        return
    scores = ui.cached(ranking.table)(month, frame.as_of)
    if frame.scope:
        scores = scores[scores["unit_code"].isin(frame.scope)].reset_index(drop=True)
    with st.container(key="wall-rk-chart"):
        st.html(title(f"{month.label} 县区得分", note=ranking.BAND_LEGEND))
        if len(scores):
            size = int(CHART.w - 38), int(CHART.h - TITLE_H - 12)
            charts.show(charts.cached_scores(scores, *size))
    shown, pager, page = frame.paged(VIEW, scores, capacity(TABLE.h, ROW_H, HEADER_H))
    row_h = min(MAX_ROW_H, (TABLE.h - TITLE_H - HEADER_H - 14) / max(len(shown), 1))
    rows, attrs = [], []
    for row in shown.to_dict("records"):
        rows.append([str(int(row["rank"])), esc(row["change"]), esc(row["unit"]),
                     ranking.points_text(row["score"]), esc(ranking.top_deductions(row, 2)),
                     _rate(row["rectification_rate"]), _rate(row["report_rate"])])
        attrs.append(["", "", "", f'class="w-num w-text-{ranking.band(row["score"])}" style="font-weight:800"',
                      'style="font-size:22px"', "", ""])
    with st.container(key="wall-rk-table"):
        st.html(title("县区排名（名次为全市排名，变化与上月相比）", pager, page)
                + table(COLUMNS, rows, row_h=row_h, cell_attrs=attrs))

