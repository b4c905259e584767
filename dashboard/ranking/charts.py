"""Plotly figures of the 县区排名: the scores as horizontal bars coloured by band (best at the top, the rank
and its change beside each bar, the top deductions on hover), and one unit's breakdown as a waterfall."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock
from dashboard.plotting import BLUE, layout
from dashboard.ranking.arithmetic import points_text
from dashboard.ranking.explain import Line, lines_total, top_deductions

__all__ = ["score_bars", "score_bars_height", "waterfall"]

_GREEN, _RED = clock.URGENCY_COLORS[clock.GREEN], clock.URGENCY_COLORS[clock.RED]


def score_bars(frame: pd.DataFrame, *, title: str, height: int | None = None) -> go.Figure:
    """One bar per unit (rows of ranking.table, best first), coloured by band; text: score · 第n名 change."""
    rows = frame.iloc[::-1]  # plotly draws the first category at the bottom
    labels = [f"第{r} {u}" for r, u in zip(rows["rank"], rows["unit"])]
    hover = [top_deductions(row) for row in rows.to_dict("records")]
    fig = go.Figure(go.Bar(
        x=rows["score"], y=labels, orientation="h",
        marker_color=[clock.URGENCY_COLORS[b] for b in rows["band"]],
        text=[f"{points_text(s)}分  {c}" for s, c in zip(rows["score"], rows["change"])],
        textposition="outside", cliponaxis=False,
        customdata=[[u, h] for u, h in zip(rows["unit"], hover)],
        hovertemplate="%{customdata[0]}：%{x}分<br>%{customdata[1]}<extra></extra>",
    ))
    fig.update_xaxes(range=[0, 118], title_text="得分（100 − 扣分）")
    room = (height - _AROUND_PX) / _BAR_PX if height else 0  # the bars a given height holds
    spare = (max(len(rows), _MIN_BARS, room) - len(rows)) / 2  # few counties: centred, bars as thick as usual
    fig.update_yaxes(type="category", range=[-0.5 - spare, len(rows) - 0.5 + spare])
    return layout(fig, height=height or score_bars_height(len(rows)), title=title)


_MIN_BARS = 2     # the chart keeps room for this many bars
_BAR_PX = 34      # one unit's row
_AROUND_PX = 140  # the title above, the ticks and the axis title below


def score_bars_height(units: int) -> int:
    """``_BAR_PX`` a unit, room for at least ``_MIN_BARS``, and ``_AROUND_PX`` for the title, the ticks and the
    axis title below them: with one county in scope the axis title must not sit on its ticks."""
    return _AROUND_PX + _BAR_PX * max(units, _MIN_BARS)


def waterfall(lines: list[Line], *, title: str, height: int = 360) -> go.Figure:
    """基础分 100, each rule's deduction down, the floor back up, the score as the total bar."""
    shown = [line for line in lines if line.points or line.key in ("base", "floor")]
    fig = go.Figure(go.Waterfall(
        orientation="v",
        x=[line.name for line in shown] + ["得分"],
        y=[line.points for line in shown] + [0],
        measure=["absolute"] + ["relative"] * (len(shown) - 1) + ["total"],
        text=[points_text(line.points) for line in shown] + [points_text(lines_total(lines))],
        textposition="outside", cliponaxis=False,
        decreasing=dict(marker=dict(color=_RED)), increasing=dict(marker=dict(color=_GREEN)),
        totals=dict(marker=dict(color=BLUE)), connector=dict(line=dict(color="rgba(128,128,128,0.5)")),
    ))
    fig.update_yaxes(range=[0, 112], title_text="分")
    return layout(fig, height=height, title=title)
