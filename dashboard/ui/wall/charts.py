"""The pages' chart builders, dressed for the wall: the same figure (``dashboard/<domain>/charts``), then the
wall's height, text in the canvas's sizes (design px, zoomed with the canvas) and colours that read on the dark
panels, no title (the panel has it). Each is called through ``figures.cached`` (built once per data), and drawn
as a static picture (``show``): no mode bar, no hover, nothing to click."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import clock, kiosk
from dashboard import fire_units as fu
from dashboard import hazards, ranking
from dashboard.ui import figures
from dashboard.ui.wall.canvas import EDGE, MUTED, STATE_TEXT, TEXT

TICK = kiosk.SIZES["chart"]
GRID = "rgba(180,191,211,0.18)"
STATIC = {"staticPlot": True, "displayModeBar": False, "responsive": True}


def dress(fig: go.Figure, *, height: int, margin: dict | None = None) -> go.Figure:
    """``fig`` (a fresh figure of a domain builder) in the wall's sizes and colours."""
    fig.update_layout(
        height=height, title=None, font=dict(size=TICK, color=TEXT),
        margin=margin or dict(l=10, r=20, t=40, b=10),
        legend=dict(font=dict(size=TICK, color=TEXT), orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    axes = dict(tickfont=dict(size=TICK, color=TEXT), title_font=dict(size=TICK, color=MUTED), gridcolor=GRID,
                linecolor=EDGE, zerolinecolor=MUTED, automargin=True)  # room for the labels (the pages get it
    fig.update_xaxes(**axes)                                             # from Streamlit's theme, not drawn here)
    fig.update_yaxes(**axes)
    fig.update_traces(textfont=dict(size=TICK, color=TEXT), selector=dict(type="bar"))
    return fig


def weekly_trend(frame: pd.DataFrame, today: date, height: int) -> go.Figure:
    fig = dress(hazards.charts.weekly_trend(frame, today, height=height), height=height)
    fig.update_xaxes(title_text=None)
    return fig


def score_bars(frame: pd.DataFrame, height: int) -> go.Figure:
    fig = dress(ranking.score_bars(frame, title="", height=height), height=height, margin=dict(l=10, r=30, t=10, b=10))
    fig.update_xaxes(title_text=None, range=[0, 130])
    fig.update_yaxes(range=[-0.6, len(frame) - 0.4])  # the bars fill the panel: a wall has no "usual thickness"
    return fig


def gantt(marks: pd.DataFrame, board: pd.DataFrame, today: date, height: int) -> go.Figure:
    fig = dress(fu.milestone_gantt(marks, board, today), height=height, margin=dict(l=10, r=20, t=40, b=10))
    fig.update_layout(legend=dict(orientation="h", y=-0.1, yanchor="top", x=0, xanchor="left"))
    fig.update_xaxes(tickangle=0, nticks=6)
    fig.update_traces(marker_color="rgba(90,169,230,0.38)", selector=dict(type="bar"))
    red = STATE_TEXT[clock.RED]
    fig.update_annotations(font=dict(size=TICK, color=red))
    fig.update_shapes(line_color=red, selector=dict(yref="paper"))
    return fig


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, key=key, theme=None, config=STATIC, width="stretch")


cached_trend = figures.cached(weekly_trend)
cached_scores = figures.cached(score_bars)
cached_gantt = figures.cached(gantt)
