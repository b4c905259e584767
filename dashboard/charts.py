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

def countdown_label(days: int) -> str:
    if days < 0:
        return f"逾期{-days}天"
    if days == 0:
        return "今日到期"
    return f"剩{days}天"


def countdown_strip(board: pd.DataFrame, *, height: int | None = None) -> go.Figure:
    """The fire-hazard units as horizontal bars of days left, most urgent on top, in urgency colours."""
    ordered = board.sort_values("days_left", ascending=True)
    days = [int(d) for d in ordered["days_left"]]
    labels = [f"{'【挂牌】' if listed else ''}{name}" for name, listed in zip(ordered["name"], ordered["listed"])]
    fig = go.Figure(go.Bar(
        x=days,
        y=labels,
        orientation="h",
        marker_color=[clock.URGENCY_COLORS[u] for u in ordered["urgency"]],
        text=[countdown_label(d) for d in days],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}<br>%{text}<extra></extra>",
    ))
    # Room on both sides so the labels of overdue (negative) bars do not run into the unit names.
    low, high = min(days + [0]), max(days + [0])
    span = max(high - low, 10)
    fig.update_xaxes(range=[low - 0.3 * span, high + 0.2 * span], title_text="距整改期限天数（负数为逾期）",
                     zeroline=True, zerolinecolor="#333", zerolinewidth=2)
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=height or max(260, 30 * len(ordered) + 100), title="重大火灾隐患整改倒计时")


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
