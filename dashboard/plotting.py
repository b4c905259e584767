"""The house style of every Plotly figure: font, margins, legend, transparent background, the palette.

Each domain's ``charts`` module builds its figures and finishes them with ``layout``. Figures are built
per call (never cached across users: they are mutable).
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import clock

__all__ = ["FONT", "BLUE", "GREY", "TEAL", "RED", "layout"]

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
BLUE, GREY, TEAL = "#1f77b4", "#9aa5b1", "#17becf"
RED = clock.URGENCY_COLORS[clock.RED]


def layout(fig: go.Figure, *, height: int, title: str | None = None) -> go.Figure:
    """``fig`` with the house layout: ``height`` px, an optional left-aligned title, the legend on top."""
    fig.update_layout(
        height=height,
        title=dict(text=title, x=0, font=dict(size=16)) if title else None,
        font=dict(family=FONT, size=13),
        margin=dict(l=10, r=10, t=60 if title else 30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        plot_bgcolor="rgba(0,0,0,0)",  # transparent: Streamlit's light or dark theme shows through
        paper_bgcolor="rgba(0,0,0,0)",
    )
    fig.update_xaxes(gridcolor="rgba(128,128,128,0.2)")
    fig.update_yaxes(gridcolor="rgba(128,128,128,0.2)")
    return fig
