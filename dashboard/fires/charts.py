"""Plotly figures of the fire statistics (火灾统计): the places donut, the causes bars, the units bars, the
months with last year beside them and 中心城区 vs the rest. The house layout (``dashboard.plotting``):
blue this year, grey last year; the highlighted (speech) items in the red of the colour language.

Each takes the frames of ``fires.YearStats`` (key, label, count, share, prev_count, …).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.fires.stats import CENTRAL, RESIDENTIAL, SPEECH_CAUSES
from dashboard.plotting import BLUE, GREY, RED, layout

__all__ = ["places_donut", "causes_bars", "units_bars", "months_bars", "central_share"]

SLICES = 6  # the donut shows the largest places and folds the rest, 其他 included, into 其他场所
OTHER_PLACE, OTHERS = "其他", "其他场所"  # the vocabulary's catch-all place; the donut's one slice for the rest
DONUT_COLORS = ("#1f4e79", "#1f77b4", "#4a98c9", "#7fb8da", "#a9cfe5", "#cfe2ef")


def _pct(value) -> str:
    return "" if value is None or pd.isna(value) else f"{value:.1f}%"


def places_donut(places: pd.DataFrame, *, height: int = 360) -> go.Figure:
    """起火场所 as a donut: the largest named places, the rest (with the vocabulary's 其他) folded into one 其他场所
    slice; 住宅 pulled out, the total in the hole."""
    total = int(places["count"].sum())
    named = places[(places["count"] > 0) & (places["label"] != OTHER_PLACE)]
    top = named.head(SLICES)  # the vocabulary's 其他 joins the folded rest: one 其他场所 slice, never two
    labels, values = list(top["label"]), [int(v) for v in top["count"]]
    rest = total - sum(values)
    if rest > 0:
        labels.append(OTHERS)
        values.append(rest)
    colors = [RED if label == RESIDENTIAL else DONUT_COLORS[min(i, len(DONUT_COLORS) - 1)]
              for i, label in enumerate(labels)]
    if rest > 0:
        colors[-1] = GREY
    fig = go.Figure(go.Pie(
        labels=labels, values=values, hole=0.55, sort=False, direction="clockwise",
        marker=dict(colors=colors, line=dict(color="white", width=2)),
        pull=[0.06 if label == RESIDENTIAL else 0 for label in labels],
        texttemplate="%{label}<br>%{percent:.1%}", textposition="outside", automargin=True,  # labels never cut
        hovertemplate="%{label}：%{value}起（%{percent:.1%}）<extra></extra>",
    ))
    fig.add_annotation(text=f"<b>{total}</b><br>起", showarrow=False, font=dict(size=20), x=0.5, y=0.5)
    fig.update_layout(showlegend=False)
    fig = layout(fig, height=height, title="起火场所")
    fig.update_layout(margin=dict(l=30, r=30, t=70, b=30))
    return fig


def causes_bars(causes: pd.DataFrame, *, height: int | None = None) -> go.Figure:
    """起火原因 as horizontal bars, largest on top, with this year's share; the speech's causes in red."""
    frame = causes[causes["count"] > 0]
    fig = go.Figure(go.Bar(
        x=frame["count"], y=frame["label"], orientation="h",
        marker_color=[RED if c in SPEECH_CAUSES else BLUE for c in frame["label"]],
        text=[f"{c}起 {_pct(s)}" for c, s in zip(frame["count"], frame["share"])], textposition="outside",
        cliponaxis=False, hovertemplate="%{y}：%{x}起<extra></extra>", name="起数",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, max(1, int(frame["count"].max() if len(frame) else 1)) * 1.3], title_text="起数")
    return layout(fig, height=height or max(260, 28 * len(frame) + 90), title="起火原因")


def units_bars(units: pd.DataFrame, current_label: str, previous_label: str, *, height: int = 360) -> go.Figure:
    """Fires per unit this year (blue) beside the comparison period (grey), units in display order."""
    fig = go.Figure()
    fig.add_bar(x=units["label"], y=units["count"], name=current_label, marker_color=BLUE, text=units["count"],
                textposition="outside", cliponaxis=False, customdata=[_pct(s) for s in units["share"]],
                hovertemplate="%{x}：%{y}起，占%{customdata}<extra></extra>")
    fig.add_bar(x=units["label"], y=units["prev_count"], name=previous_label, marker_color=GREY)
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(title_text="起数")
    return layout(fig, height=height, title="各县区火灾起数")


def months_bars(months: pd.DataFrame, current_label: str, previous_label: str, *, partial_label: str | None = None,
                height: int = 340) -> go.Figure:
    """Fires per month: this year's bars (to the as-of month when partial) with last year's beside them
    (``prev_year_count``: the same days in the cut month, the whole months after it)."""
    shown = months[months["in_period"]]
    fig = go.Figure()
    fig.add_bar(x=shown["label"], y=shown["count"], name=current_label, marker_color=BLUE, text=shown["count"],
                textposition="outside", cliponaxis=False)
    fig.add_bar(x=months["label"], y=months["prev_year_count"], name=previous_label, marker_color=GREY)
    fig.update_layout(barmode="group", bargap=0.2)
    fig.update_xaxes(categoryorder="array", categoryarray=list(months["label"]),
                     title_text=partial_label or "")
    fig.update_yaxes(title_text="起数")
    return layout(fig, height=height, title="各月火灾起数")


def central_share(central: pd.DataFrame, *, height: int = 340) -> go.Figure:
    """中心城区 vs the rest: a two-slice donut with the central share in the hole."""
    labels, values = list(central["label"]), [int(v) for v in central["count"]]
    share = central.loc[central["key"] == True, "share"]  # noqa: E712 (a pandas mask)
    fig = go.Figure(go.Pie(
        labels=labels, values=values, hole=0.6, sort=False, direction="clockwise",
        marker=dict(colors=[BLUE, GREY], line=dict(color="white", width=2)),
        texttemplate="%{label}<br>%{value}起", textposition="outside", automargin=True,  # labels never cut
        hovertemplate="%{label}：%{value}起（%{percent:.1%}）<extra></extra>",
    ))
    hole = _pct(share.iloc[0]) if len(share) else ""
    fig.add_annotation(text=f"<b>{hole}</b><br>{CENTRAL}", showarrow=False, font=dict(size=18),
                       x=0.5, y=0.5)
    fig.update_layout(showlegend=False)
    fig = layout(fig, height=height, title="中心城区与其他地区")
    fig.update_layout(margin=dict(l=30, r=30, t=70, b=30))
    return fig
