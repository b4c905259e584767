"""Plotly figures of the major fire-hazard units: the milestone timeline (倒排工期 Gantt) and the countdown strip.

Colours are the one colour language (``clock.countdown(...).urgency``); figures are built per call.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock
from dashboard.plotting import FONT, GREY, RED, layout

__all__ = ["milestone_gantt", "countdown_strip"]

PLANNED_COLOR, DONE_COLOR, LATE_COLOR = GREY, clock.URGENCY_COLORS[clock.GREEN], RED
SPAN_COLOR = "rgba(31,119,180,0.18)"


def _label(name: str, width: int = 14) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def milestone_gantt(milestones: pd.DataFrame, board: pd.DataFrame, today: date) -> go.Figure:
    """One row per unit (in the board's order): a bar from 立案 to the deadline, each milestone's planned date
    (hollow: grey, red when behind or done late) and actual date (filled: green on time, red late) joined by a
    line, and today's line; every marker colour has its own legend entry."""
    order = list(board["id"])
    names = dict(zip(board["id"], board["name"]))
    rows = {uid: _label(names[uid]) for uid in order}
    spans = board.set_index("id")
    filed = [pd.Timestamp(spans.loc[u, "filed_date"]) for u in order]
    deadlines = [pd.Timestamp(spans.loc[u, "deadline"]) for u in order]
    traces = [go.Bar(
        y=[rows[u] for u in order], base=filed,
        x=[(end - start).total_seconds() * 1000 for start, end in zip(filed, deadlines)],
        orientation="h", marker_color=SPAN_COLOR, name="立案至整改期限",
        customdata=[[names[u], clock.format_date(end)] for u, end in zip(order, deadlines)],
        hovertemplate="%{customdata[0]}<br>整改期限 %{customdata[1]}<extra></extra>",
    )]
    frame = milestones[milestones["fire_unit_id"].isin(order)].copy()
    frame["row"] = frame["fire_unit_id"].map(rows)
    frame["late"] = frame["behind"] | frame["late_done"]
    for late, color, label in ((False, PLANNED_COLOR, "计划节点"), (True, LATE_COLOR, "滞后节点（计划日已过未完成或逾期完成）")):
        part = frame[frame["late"] == late]
        traces.append(go.Scatter(
            x=part["planned_date"], y=part["row"], mode="markers", name=label,
            marker={"symbol": "diamond-open", "size": 11, "color": color, "line": {"width": 2}},
            customdata=part[["unit_name", "name"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}：计划 %{x|%Y-%m-%d}<extra></extra>",
        ))
    done = frame[frame["actual_date"].notna()]
    # one legend entry per colour: a green point and a red point under one name left green unexplained
    for late, color, label in ((False, DONE_COLOR, "按期完成（实际日期）"), (True, LATE_COLOR, "逾期完成（实际日期）")):
        part = done[done["late_done"] == late]
        traces.append(go.Scatter(
            x=part["actual_date"], y=part["row"], mode="markers", name=label,
            marker={"symbol": "diamond", "size": 10, "color": color},
            customdata=part[["unit_name", "name"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}：实际 %{x|%Y-%m-%d}<extra></extra>",
        ))
    # planned -> actual, so a slip is visible as a line; all shapes in one go (one at a time is slow)
    shapes = [dict(type="line", x0=item.planned_date, x1=item.actual_date, y0=item.row, y1=item.row,
                   line={"color": LATE_COLOR if item.late_done else DONE_COLOR, "width": 2}, layer="below")
              for item in done.itertuples()]
    shapes.append(dict(type="line", x0=today, x1=today, y0=0, y1=1, yref="paper",
                       line={"color": RED, "width": 2, "dash": "dash"}))
    fig = go.Figure(traces)
    fig.update_layout(
        shapes=shapes,
        annotations=[dict(x=today, y=1, yref="paper", text=f"今天 {clock.format_date(today)}",
                          showarrow=False, yanchor="bottom", font={"color": RED})],
        height=max(300, 34 * len(order) + 120), barmode="overlay", margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.08}, title={"text": "倒排工期：计划与实际", "font": {"size": 16}},
        font={"family": FONT},
    )
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=[rows[u] for u in order])
    fig.update_xaxes(type="date", tickformat="%Y-%m")
    return fig


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
        text=list(ordered["countdown"]),
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}<br>%{text}<extra></extra>",
    ))
    # Room on both sides so the labels of overdue (negative) bars do not run into the unit names.
    low, high = min(days + [0]), max(days + [0])
    span = max(high - low, 10)
    fig.update_xaxes(range=[low - 0.3 * span, high + 0.3 * span],  # room for "剩211天" on a narrow chart
                     title_text="距整改期限天数（负数为逾期）",
                     zeroline=True, zerolinecolor="#333", zerolinewidth=2)
    fig.update_yaxes(autorange="reversed")
    return layout(fig, height=height or max(260, 30 * len(ordered) + 100), title="重大火灾隐患整改倒计时")
