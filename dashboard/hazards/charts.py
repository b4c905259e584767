"""The hazard figures: found vs closed per week (overview), and the ledger's small breakdown bars.

Built per call (figures are mutable, never cached across users), finished with the house ``plotting.layout``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock
from dashboard.plotting import BLUE, GREY, layout

__all__ = ["weekly_trend", "breakdown_bars", "breakdown_height", "ROW_PX", "MIN_ROWS"]


def weekly_trend(frame: pd.DataFrame, today: date, *, height: int = 320) -> go.Figure:
    """Hazards found vs closed per week (frame from ``queries.weekly_trend``).

    The current week is incomplete until its Sunday: it is drawn dotted and named 本周至今, so a leader does
    not read its low count as a collapse.
    """
    frame = frame.sort_values("week")
    weeks = pd.to_datetime(frame["week"])
    partial = (weeks + pd.Timedelta(days=6)).dt.date > today
    fig = go.Figure()
    for column, name, color in (("found", "新发现", BLUE), ("closed", "已销号", clock.URGENCY_COLORS[clock.GREEN])):
        done = frame[~partial.values]
        fig.add_scatter(x=done["week"], y=done[column], name=name, mode="lines+markers", line_color=color,
                        legendgroup=column)
        if partial.any():
            tail = frame.iloc[-2:] if len(frame) > 1 else frame
            fig.add_scatter(x=tail["week"], y=tail[column], name=f"{name}（本周至今）", mode="lines+markers",
                            line=dict(color=color, dash="dot"), legendgroup=column, showlegend=False)
    fig.update_xaxes(tickformat="%m-%d", title_text="周（起始日，虚线为本周至今）")
    return layout(fig, height=height, title="每周隐患发现与销号")


ROW_PX = 22     # the height of one category's row in the breakdown bars
MIN_ROWS = 4    # a chart keeps room for this many rows, so one row stays a bar of the usual thickness


def breakdown_height(rows: int) -> int:
    """The height of a breakdown chart with ``rows`` categories: a row each (every label shown), the title,
    legend and axis around them."""
    return 130 + ROW_PX * max(rows, MIN_ROWS)


def breakdown_bars(counts: pd.DataFrame, title: str, *, top: int | None = None, height: int | None = None
                   ) -> go.Figure:
    """One breakdown of the filtered set (frame from ``filters.breakdown``: key, total, open) as horizontal
    stacked bars, 未销号 then 已销号, every key (or the first ``top``) in the breakdown's order from the top.

    Every category is labelled (Plotly would skip labels that crowd) and the chart grows with its rows, so a
    row is always about ``ROW_PX`` high: a 1-row result is one ordinary bar at the top, not a block filling
    the chart. The count axis carries the axis title; the categories are named by the chart's title."""
    shown = counts if top is None else counts.head(top)
    keys = [str(k) for k in shown["key"]]
    open_ = [int(n) for n in shown["open"]]
    closed = [int(t) - int(o) for t, o in zip(shown["total"], shown["open"])]
    fig = go.Figure()
    for name, values, color in (("未销号", open_, BLUE), ("已销号", closed, GREY)):
        fig.add_bar(x=values, y=keys, orientation="h", name=name, marker_color=color,
                    hovertemplate="%{y}<br>" + name + " %{x:,}<extra></extra>")
    fig.update_layout(barmode="stack", showlegend=True, bargap=0.3)
    fig.update_xaxes(title_text="隐患数", rangemode="tozero")
    fig.update_yaxes(type="category", tickmode="array", tickvals=keys, ticktext=keys, title_text=None,
                     range=[max(len(keys), MIN_ROWS) - 0.5, -0.5])  # reversed: the first key on top
    return layout(fig, height=height or breakdown_height(len(keys)), title=title)
