"""DataFrame -> plotly Figure. One colour language: red overdue, orange <= 7 d, yellow <= 30 d, green.

Figures are built per call (never cached across users: they are mutable).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock

from dashboard.plotting import BLUE, GREY, layout  # noqa: F401  (BLUE, GREY: until the domains own their charts)

_layout = layout

def weekly_trend(frame: pd.DataFrame, today: date, *, height: int = 320) -> go.Figure:
    """Hazards found vs closed per week (frame from hazards.weekly_trend).

    The current week is incomplete until its Sunday: it is drawn dotted and named 本周至今, so a
    leader does not read its low count as a collapse.
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
    return _layout(fig, height=height, title="每周隐患发现与销号")
