"""The pages' chart builders, dressed for the wall: the same figure (``dashboard/<domain>/charts``), then the
wall's size (design px), text in the canvas's sizes and colours that read on the dark panels, no title (the panel
has it). Each is called through ``figures.cached`` (built once per data), and drawn as a static picture
(``show``): no mode bar, no hover, nothing to click.

Drawn in a frame of its own, not by ``st.plotly_chart``: Streamlit sizes its charts from their box as measured on
screen, which under the canvas's scale is sometimes the design size and sometimes twice it (a 4K screen), so a
chart came out half or double. In a frame the figure is laid out at its design size like the rest of the canvas
and scaled with it. The frame loads the plotly.js of the installed ``plotly`` package (the version Streamlit
draws with), served by Streamlit as a component's files (``declare_component(path=...)``): offline, no copy.
The frame is ``st.iframe`` of our own document (never user HTML: the figure's JSON is escaped, ``page``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components

from dashboard import clock, kiosk
from dashboard import fire_units as fu
from dashboard import hazards, ranking
from dashboard.ui import figures
from dashboard.ui.wall.canvas import EDGE, MUTED, STATE_TEXT, TEXT

TICK = kiosk.SIZES["chart"]
GRID = "rgba(180,191,211,0.18)"
STATIC = {"staticPlot": True, "displayModeBar": False, "responsive": False}


def dress(fig: go.Figure, *, width: int, height: int, margin: dict | None = None) -> go.Figure:
    """``fig`` (a fresh figure of a domain builder) at ``width`` × ``height`` design px and the wall's text sizes,
    in the wall's colours."""
    tick = TICK
    margin = margin or dict(l=10, r=20, t=40, b=10)
    fig.update_layout(
        width=width, height=height, autosize=False, title=None,
        font=dict(size=tick, color=TEXT), margin=margin,
        legend=dict(font=dict(size=tick, color=TEXT), orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    axes = dict(tickfont=dict(size=tick, color=TEXT), title_font=dict(size=tick, color=MUTED), gridcolor=GRID,
                linecolor=EDGE, zerolinecolor=MUTED, automargin=True)  # room for the labels (the pages get it
    fig.update_xaxes(**axes)                                             # from Streamlit's theme, not drawn here)
    fig.update_yaxes(**axes)
    fig.update_traces(textfont=dict(size=tick, color=TEXT), selector=dict(type="bar"))
    fig.update_annotations(font_size=tick)
    return fig


def weekly_trend(frame: pd.DataFrame, today: date, width: int, height: int) -> go.Figure:
    fig = dress(hazards.charts.weekly_trend(frame, today, height=height), width=width, height=height)
    fig.update_xaxes(title_text="虚线为本周至今")
    return fig


def score_bars(frame: pd.DataFrame, width: int, height: int) -> go.Figure:
    fig = dress(ranking.score_bars(frame, title="", height=height), width=width, height=height,
                margin=dict(l=10, r=30, t=10, b=10))
    fig.update_xaxes(title_text=None, range=[0, 130])
    fig.update_yaxes(range=[-0.6, len(frame) - 0.4])  # the bars fill the panel: a wall has no "usual thickness"
    return fig


def gantt(marks: pd.DataFrame, board: pd.DataFrame, today: date, width: int, height: int) -> go.Figure:
    fig = dress(fu.milestone_gantt(marks, board, today), width=width, height=height,
                margin=dict(l=10, r=20, t=40, b=10))
    fig.update_layout(legend=dict(orientation="h", y=-0.1, yanchor="top", x=0, xanchor="left"))
    fig.update_xaxes(tickangle=0, nticks=6)
    fig.update_traces(marker_color="rgba(90,169,230,0.38)", selector=dict(type="bar"))
    red = STATE_TEXT[clock.RED]
    fig.update_annotations(font=dict(size=TICK, color=red))
    fig.update_shapes(line_color=red, selector=dict(yref="paper"))
    return fig


_PLOTLY_FILES = components.declare_component("wall_plotly_js", path=str(Path(plotly.__file__).parent / "package_data"))


def _plotly_url() -> str:
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return ("/" + base if base else "") + f"/component/{_PLOTLY_FILES.name}/plotly.min.js"


def page(fig: go.Figure) -> str:
    """The frame's document: plotly.js and the figure, drawn once, static. The figure's JSON (names from the store)
    has ``<``, ``>`` and ``&`` as JSON escapes, so no text can close the script."""
    spec = fig.to_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f'<!doctype html><html><head><meta charset="utf-8"><script src="{_plotly_url()}"></script>'
            '<style>html, body { margin: 0; background: transparent; overflow: hidden; }</style></head>'
            f'<body><div id="chart"></div><script>var figure = {spec};'
            f'Plotly.newPlot("chart", figure.data, figure.layout, {json.dumps(STATIC)});</script></body></html>')


def show(fig: go.Figure) -> None:
    """The figure in a frame of its design size (see the module doc)."""
    st.iframe(page(fig), height=int(fig.layout.height), tab_index=-1)


cached_trend = figures.cached(weekly_trend)
cached_scores = figures.cached(score_bars)
cached_gantt = figures.cached(gantt)
