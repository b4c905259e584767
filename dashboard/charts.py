"""DataFrame -> plotly Figure. One colour language: red overdue, orange <= 7 d, yellow <= 30 d, green.

Figures are built per call (never cached across users: they are mutable).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
BLUE, GREY = "#1f77b4", "#9aa5b1"


def _layout(fig: go.Figure, *, height: int, title: str | None = None) -> go.Figure:
    fig.update_layout(
        height=height,
        title=dict(text=title, x=0, font=dict(size=16)) if title else None,
        font=dict(family=FONT, size=13),
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        plot_bgcolor="white",
    )
    fig.update_xaxes(gridcolor="#eee")
    fig.update_yaxes(gridcolor="#eee")
    return fig


def county_open_overdue(frame: pd.DataFrame, *, height: int = 380) -> go.Figure:
    """Open and overdue hazards per unit (frame from hazards.by_unit), units in display order."""
    fig = go.Figure()
    fig.add_bar(x=frame["unit"], y=frame["open"], name="未销号", marker_color=BLUE,
                text=frame["open"], textposition="outside")
    fig.add_bar(x=frame["unit"], y=frame["overdue"], name="逾期", marker_color=clock.URGENCY_COLORS[clock.RED],
                text=frame["overdue"], textposition="outside")
    fig.update_layout(barmode="group")
    return _layout(fig, height=height, title="各县区未销号及逾期隐患")


def countdown_label(days: int) -> str:
    if days < 0:
        return f"逾期{-days}天"
    if days == 0:
        return "今日到期"
    return f"剩{days}天"


def countdown_strip(board: pd.DataFrame, *, height: int | None = None) -> go.Figure:
    """The fire-hazard units as horizontal bars of days left, most urgent on top, in urgency colours."""
    ordered = board.sort_values("days_left", ascending=True)
    labels = [f"{'【挂牌】' if listed else ''}{name}（{unit}）"
              for name, unit, listed in zip(ordered["name"], ordered["unit"], ordered["listed"])]
    fig = go.Figure(go.Bar(
        x=ordered["days_left"],
        y=labels,
        orientation="h",
        marker_color=[clock.URGENCY_COLORS[u] for u in ordered["urgency"]],
        text=[countdown_label(int(d)) for d in ordered["days_left"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}<br>%{text}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text="距整改期限天数（负数为逾期）", zeroline=True, zerolinecolor="#333", zerolinewidth=2)
    return _layout(fig, height=height or max(260, 34 * len(ordered) + 80), title="重大火灾隐患整改倒计时")


def weekly_trend(frame: pd.DataFrame, *, height: int = 320) -> go.Figure:
    """Hazards found vs closed per week (frame from hazards.weekly_trend)."""
    fig = go.Figure()
    fig.add_scatter(x=frame["week"], y=frame["found"], name="新发现", mode="lines+markers", line_color=BLUE)
    fig.add_scatter(x=frame["week"], y=frame["closed"], name="已销号", mode="lines+markers",
                    line_color=clock.URGENCY_COLORS[clock.GREEN])
    fig.update_xaxes(tickformat="%m-%d", title_text="周（起始日）")
    return _layout(fig, height=height, title="每周隐患发现与销号")
