"""The hazard figures: found vs closed per week (overview), and the ledger's small breakdown bars.

Built per call (figures are mutable, never cached across users), finished with the house ``plotting.layout``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock
from dashboard.plotting import BLUE, GREY, layout

__all__ = ["weekly_trend", "breakdown_bars"]


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


def breakdown_bars(counts: pd.DataFrame, title: str, *, top: int = 12, height: int = 240) -> go.Figure:
    """One breakdown of the filtered set (frame from ``filters.breakdown``: key, total, open) as horizontal
    stacked bars, 未销号 then 已销号, the first ``top`` keys in the breakdown's order from the top."""
    shown = counts.head(top)
    keys = [str(k) for k in shown["key"]]
    open_ = [int(n) for n in shown["open"]]
    closed = [int(t) - int(o) for t, o in zip(shown["total"], shown["open"])]
    fig = go.Figure()
    for name, values, color in (("未销号", open_, BLUE), ("已销号", closed, GREY)):
        fig.add_bar(x=values, y=keys, orientation="h", name=name, marker_color=color,
                    hovertemplate="%{y}<br>" + name + " %{x:,}<extra></extra>")
    fig.update_layout(barmode="stack", showlegend=True)
    fig.update_xaxes(title_text="隐患数")
    fig.update_yaxes(autorange="reversed")
    return layout(fig, height=height, title=title)
