"""Plotly figures of the 专项整治 task list: mean progress by category and by lead department as horizontal
bars, the laggards on top; a bar is red when the category (department) has an overdue item, green when
all its items are done, blue otherwise (``LEGEND`` says so in words)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock
from dashboard.plotting import BLUE, layout

RED, GREEN = clock.URGENCY_COLORS[clock.RED], clock.URGENCY_COLORS[clock.GREEN]
LEGEND = ("按平均完成进度从低到高排列，进度最慢的在上方。红色：有逾期子项；绿色：全部完成；蓝色：推进中。"
          "联合牵头的子项分别计入各牵头部门。")


def bar_color(overdue: int, done: int, items: int) -> str:
    """Red with any overdue item, green when every item is done, else blue."""
    if overdue > 0:
        return RED
    return GREEN if items and done == items else BLUE


def _bar_text(mean: float, done: int, items: int, overdue: int) -> str:
    text = f"{mean:.1f}%　完成{done}/{items}"
    return text + (f"　逾期{overdue}项" if overdue else "")


def _progress_bars(frame: pd.DataFrame, labels: list[str], title: str, *, height: int | None) -> go.Figure:
    fig = go.Figure(go.Bar(
        x=frame["mean_progress"], y=labels, orientation="h",
        marker_color=[bar_color(o, d, n) for o, d, n in zip(frame["overdue"], frame["done"], frame["items"])],
        text=[_bar_text(m, d, n, o) for m, d, n, o in zip(frame["mean_progress"], frame["done"], frame["items"],
                                                          frame["overdue"])],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}<br>平均进度 %{x:.1f}%<extra></extra>",
    ))
    fig.update_xaxes(range=[0, 150], tickvals=[0, 25, 50, 75, 100], ticksuffix="%", title_text="平均完成进度")
    fig.update_yaxes(autorange="reversed")  # the frame comes laggards first: they stay on top
    return layout(fig, height=height or max(260, 26 * len(frame) + 110), title=title)


def category_progress(categories: pd.DataFrame, *, height: int | None = None) -> go.Figure:
    """Mean progress per category (frame from ``queries.by_category``, laggards first)."""
    labels = [f"{no}. {name}" for no, name in zip(categories["category_no"], categories["category"])]
    return _progress_bars(categories, labels, "各类别平均完成进度（红色：有逾期子项）", height=height)


def department_progress(departments: pd.DataFrame, *, height: int | None = None) -> go.Figure:
    """Mean progress per lead department (frame from ``queries.by_department``, laggards first)."""
    return _progress_bars(departments, list(departments["department"]), "各牵头部门平均完成进度（红色：有逾期子项）",
                          height=height)
