"""Plotly figures of the 督查组评价 page: groups compared against the 约谈 thresholds, and one group's months.
The house layout (``dashboard.plotting``): blue for figures; red only for what falls below the line the chart
draws (visits per week below the 约谈 line, handover shares below theirs) — a group flagged 建议约谈 for
another reason is not red on a chart it passes; the threshold as a dashed line named on the chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.groups.rules import falls_short
from dashboard.plotting import BLUE, GREY, RED, TEAL, layout

__all__ = ["visits_per_week", "handover_shares", "months"]


def _threshold_line(fig: go.Figure, value: float, text: str) -> None:
    fig.add_hline(y=value, line=dict(color=RED, dash="dash", width=2), annotation_text=text,
                  annotation_position="top right", annotation_font=dict(color=RED),
                  annotation_bgcolor="rgba(255,255,255,0.85)")


def visits_per_week(frame: pd.DataFrame, threshold: float, *, height: int = 380) -> go.Figure:
    """Visits per week per group (units in the frame's order): red below ``threshold`` (the rule's test, equal
    passes), blue otherwise or not judged, the threshold dashed; the legend and title say what red means."""
    values = [None if pd.isna(v) else float(v) for v in frame["visits_per_week"]]
    low = [falls_short(v, threshold) for v in values]
    fig = go.Figure()
    for below, name, color in ((True, f"低于约谈线（每周{threshold:g}次）", RED), (False, "达到约谈线", BLUE)):
        rows = [i for i, short in enumerate(low) if short == below]
        fig.add_bar(
            x=[frame["unit"].iloc[i] for i in rows], y=[values[i] for i in rows], name=name, marker_color=color,
            text=["" if values[i] is None else f"{values[i]:.1f}" for i in rows], textposition="outside",
            cliponaxis=False, customdata=[[frame["visits"].iloc[i], frame["days"].iloc[i]] for i in rows],
            hovertemplate="%{x}：每周%{y:.1f}次（%{customdata[0]}次 / %{customdata[1]}天）<extra></extra>",
        )
    _threshold_line(fig, threshold, f"约谈线 每周{threshold:g}次")
    fig.update_layout(barmode="overlay")  # one bar per group: each is in one of the two traces
    fig.update_xaxes(categoryorder="array", categoryarray=list(frame["unit"]))
    fig.update_yaxes(title_text="次/周", rangemode="tozero")
    return layout(fig, height=height, title=f"各督查组每周暗访检查次数（红色为低于约谈线每周{threshold:g}次）")


def handover_shares(frame: pd.DataFrame, threshold_percent: float, *, height: int = 380) -> go.Figure:
    """The share of due hazards handed over in writing, to the county and to 市安委办, per group; the shares
    below ``threshold_percent`` (as the rule judges them) outlined red and labelled."""
    fig = go.Figure()
    for column, name, color in (("county_handover_rate", "移交县区政府", BLUE),
                                ("city_handover_rate", "移交市安委办", TEAL)):
        values = [None if pd.isna(v) else float(v) for v in frame[column]]
        low = [falls_short(v, threshold_percent) for v in values]
        fig.add_bar(x=frame["unit"], y=values, name=name, marker_color=color,
                    marker_line=dict(color=[RED if short else color for short in low], width=2),
                    text=[f"{v:.1f}%" if short else "" for v, short in zip(values, low)],  # the low ones
                    textposition="outside", cliponaxis=False, textfont=dict(color=RED),
                    hovertemplate="%{x} " + name + "：%{y:.1f}%<extra></extra>")
    _threshold_line(fig, threshold_percent, f"约谈线 {threshold_percent:g}%")
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="%", range=[0, 112])
    return layout(fig, height=height, title="隐患清单书面移交比例（发现满期限的隐患）")


def months(monthly: pd.DataFrame, *, height: int = 320) -> go.Figure:
    """One group's hazards found per month, the major ones, and how many were handed over in writing."""
    labels = [f"{pd.Timestamp(m).year}年{pd.Timestamp(m).month}月" for m in monthly["month"]]
    fig = go.Figure()
    fig.add_bar(x=labels, y=monthly["found"], name="发现隐患", marker_color=BLUE, text=monthly["found"],
                textposition="outside", cliponaxis=False)
    fig.add_bar(x=labels, y=monthly["major"], name="其中重大隐患", marker_color=RED)
    fig.add_scatter(x=labels, y=monthly["handed_county"], name="已移交县区政府", mode="lines+markers",
                    line=dict(color=GREY, width=2))
    fig.add_scatter(x=labels, y=monthly["handed_city"], name="已移交市安委办", mode="lines+markers",
                    line=dict(color=TEAL, width=2, dash="dot"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="条", rangemode="tozero")
    return layout(fig, height=height, title="各月发现隐患及书面移交")
