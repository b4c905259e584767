"""Plotly figures of the major fire-hazard units: the milestone timeline (倒排工期 Gantt)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock

PLANNED_COLOR, DONE_COLOR, LATE_COLOR, SPAN_COLOR = "#9aa5b1", "#2ca02c", "#d62728", "rgba(31,119,180,0.18)"


def _label(name: str, width: int = 14) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def milestone_gantt(milestones: pd.DataFrame, board: pd.DataFrame, today: date) -> go.Figure:
    """One row per unit (in the board's order): a bar from 立案 to the deadline, each milestone's planned date
    (hollow) and actual date (filled) joined by a line, late or behind milestones in red, and today's line."""
    order = list(board["id"])
    names = dict(zip(board["id"], board["name"]))
    rows = {uid: _label(names[uid]) for uid in order}
    fig = go.Figure()
    spans = board.set_index("id")
    fig.add_trace(go.Bar(
        y=[rows[u] for u in order],
        base=[pd.Timestamp(spans.loc[u, "filed_date"]) for u in order],
        x=[(pd.Timestamp(spans.loc[u, "deadline"]) - pd.Timestamp(spans.loc[u, "filed_date"])).total_seconds() * 1000
           for u in order],
        orientation="h", marker_color=SPAN_COLOR, name="立案至整改期限",
        customdata=[[names[u], clock.format_date(pd.Timestamp(spans.loc[u, "deadline"]))] for u in order],
        hovertemplate="%{customdata[0]}<br>整改期限 %{customdata[1]}<extra></extra>",
    ))
    frame = milestones[milestones["fire_unit_id"].isin(order)].copy()
    frame["row"] = frame["fire_unit_id"].map(rows)
    frame["late"] = frame["behind"] | frame["late_done"]
    for late, color, label in ((False, PLANNED_COLOR, "计划节点"), (True, LATE_COLOR, "滞后节点（计划日已过未完成或逾期完成）")):
        part = frame[frame["late"] == late]
        fig.add_trace(go.Scatter(
            x=part["planned_date"], y=part["row"], mode="markers", name=label,
            marker={"symbol": "diamond-open", "size": 11, "color": color, "line": {"width": 2}},
            customdata=part[["unit_name", "name"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}：计划 %{x|%Y-%m-%d}<extra></extra>",
        ))
    done = frame[frame["actual_date"].notna()]
    fig.add_trace(go.Scatter(
        x=done["actual_date"], y=done["row"], mode="markers", name="实际完成",
        marker={"symbol": "diamond", "size": 10, "color": [LATE_COLOR if v else DONE_COLOR for v in done["late_done"]]},
        customdata=done[["unit_name", "name"]].to_numpy(),
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}：实际 %{x|%Y-%m-%d}<extra></extra>",
    ))
    for item in done.itertuples():  # planned -> actual, so a slip is visible as a line
        fig.add_shape(type="line", x0=item.planned_date, x1=item.actual_date, y0=item.row, y1=item.row,
                      line={"color": LATE_COLOR if item.late_done else DONE_COLOR, "width": 2}, layer="below")
    fig.add_shape(type="line", x0=today, x1=today, y0=0, y1=1, yref="paper",
                  line={"color": "#d62728", "width": 2, "dash": "dash"})
    fig.add_annotation(x=today, y=1, yref="paper", text=f"今天 {clock.format_date(today)}", showarrow=False,
                       yanchor="bottom", font={"color": "#d62728"})
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=[rows[u] for u in order])
    fig.update_xaxes(type="date", tickformat="%Y-%m")
    fig.update_layout(
        height=max(300, 34 * len(order) + 120), barmode="overlay", margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.08}, title={"text": "倒排工期：计划与实际", "font": {"size": 16}},
        font={"family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
    )
    return fig
