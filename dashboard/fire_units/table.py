"""What the 重大火灾隐患 page shows in its tables, as pure functions of the board: the list with its columns,
each row's colours (from the urgency band, never from the text), one unit's fields and its milestones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from dashboard import clock, vocab
from dashboard.fire_units import rules

__all__ = ["board_table", "next_step", "urgency_css", "countdown_css", "flag_css", "DETAIL_FIELDS", "detail_fields",
           "milestone_table"]

_BOLD = "font-weight: 700"


def next_step(row: Any) -> str:
    """What the unit waits for: the review (and its last day), or its next milestone (and whether it is late)."""
    if row.status == vocab.FU_REVIEW_REQUESTED:
        return f"待复查（{clock.format_date(clock.as_date(row.review_due))}前）"
    if not isinstance(row.next_milestone, str):
        return ""
    planned = clock.format_date(clock.as_date(row.next_milestone_date))
    return f"{row.next_milestone}（计划{planned}{'，滞后' if row.milestones_behind else ''}）"


def _listing(level: str, doc: Any) -> str:
    if level == vocab.NOT_LISTED:
        return ""
    return level.replace("挂牌督办", "挂牌") + (f" {doc}" if isinstance(doc, str) else "")


def board_table(board: pd.DataFrame) -> pd.DataFrame:
    """The board as the page lists it, most urgent first, with Chinese headers."""
    return pd.DataFrame({
        "紧急度": [f"● {clock.urgency_label(u)}" for u in board["urgency"]],
        "倒计时": board["countdown"],
        "单位名称": board["name"],
        "县区": board["unit"],
        "责任人及电话": [f"{p} {'' if pd.isna(t) else t}".strip() for p, t in zip(board["resp_person"], board["resp_phone"])],
        "挂牌督办": [_listing(lv, doc) for lv, doc in zip(board["listing_level"], board["listing_doc"])],
        "整改进度": board["progress"],
        "下一节点": [next_step(r) for r in board.itertuples()],
        "滞后节点": board["milestones_behind"],
        "状态": [s + ("·应提级督办" if e else "") for s, e in zip(board["status"], board["escalate"])],
        "整改期限": board["deadline"],
        "责任单位": board["resp_unit"],
        "行业督办部门": board["supervising_dept"],
        "属地消防大队": board["fire_brigade"],
        "媒体公告": board["announced_date"],
    })


def urgency_css(band: str | None) -> str:
    """The 紧急度 cell: the band's colour, bold."""
    return f"color: {clock.URGENCY_COLORS.get(band, '#333')}; {_BOLD}"


def countdown_css(band: str | None) -> str:
    """The 倒计时 cell: red when overdue, orange when due within the orange band, plain otherwise."""
    return f"color: {clock.URGENCY_COLORS[band]}; {_BOLD}" if band in (clock.RED, clock.ORANGE) else ""


def flag_css(value: Any) -> str:
    """A cell that is a warning when it has anything in it (节点滞后, 挂牌督办): red, bold."""
    return f"color: {clock.URGENCY_COLORS[clock.RED]}; {_BOLD}" if value else ""


DETAIL_FIELDS = (
    ("id", "编号"), ("name", "单位名称"), ("unit", "县区"), ("address", "地址"), ("place_type", "场所类型"),
    ("judgement", "判定方式"), ("clauses", "判定条款"), ("description", "隐患描述"), ("filed_date", "立案日期"),
    ("listing_level", "督办级别"), ("listing_doc", "督办文号"), ("listing_date", "挂牌日期"),
    ("announced_date", "媒体公告日期"), ("escalation_due", "应提级督办日期"), ("original_deadline", "原整改期限"),
    ("deadline", "整改期限"), ("countdown", "倒计时"), ("resp_unit", "整改责任单位"), ("resp_person", "整改责任人"),
    ("resp_phone", "责任人电话"), ("supervising_dept", "行业督办部门"), ("fire_brigade", "属地消防大队"),
    ("progress", "整改进度%"), ("funds", "整改资金(万元)"), ("interim_measures", "临时防范措施"), ("status", "状态"),
    ("review_requested_date", "申请复查日期"), ("review_due", "复查时限"), ("closed_date", "销案日期"),
    ("lat", "纬度"), ("lon", "经度"),
)


def detail_fields(unit: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """One unit's fields in the page's order: (label, value)."""
    return [(label, unit.get(key)) for key, label in DETAIL_FIELDS]


def milestone_table(marks: Sequence[Mapping[str, Any]], today: date) -> pd.DataFrame:
    """One unit's milestones: name, planned and actual dates, and 滞后 / 已完成."""
    planned = [clock.as_date(m.get("planned_date")) for m in marks]
    actual = [clock.as_date(m.get("actual_date")) for m in marks]
    return pd.DataFrame({
        "节点": [m["name"] for m in marks],
        "计划日期": pd.to_datetime(pd.Series(planned, dtype=object)),
        "实际完成": pd.to_datetime(pd.Series(actual, dtype=object)),
        "情况": ["滞后" if rules.milestone_behind(p, a, today) else ("已完成" if a else "") for p, a in zip(planned, actual)],
    })
