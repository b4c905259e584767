"""What the 督查组评价 page and its export show, as pure functions of the evaluation: flagged groups first,
the tiles, the table with its Chinese headers, the verdict's colour, a group's stability in words, and the
hazards not yet handed over."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import pandas as pd

from dashboard import clock, numbers

__all__ = ["FLAGGED", "NORMAL", "verdict", "verdict_css", "flagged_first", "short_name", "stability_text",
           "stability_short", "summary", "evaluation_table", "not_handed_over_table"]

FLAGGED, NORMAL = "建议约谈", "正常"


def verdict(interview: bool) -> str:
    return FLAGGED if interview else NORMAL


def verdict_css(value: str) -> str:
    """The 评价 cell: 建议约谈 bold red, 正常 green (for ``Styler.map``)."""
    if value == FLAGGED:
        return f"color: {clock.URGENCY_COLORS[clock.RED]}; font-weight: 700"
    return f"color: {clock.URGENCY_COLORS[clock.GREEN]}"


def flagged_first(frame: pd.DataFrame) -> pd.DataFrame:
    """The groups flagged 建议约谈 first (most reasons first), then the rest, each in unit order."""
    order = frame.assign(_n=[-len(r) for r in frame["reasons"]], _i=range(len(frame)))
    return order.sort_values(["interview", "_n", "_i"], ascending=[False, True, True]).drop(columns=["_n", "_i"])


def short_name(name: str) -> str:
    """第四暗访督查组（驻宁陕县） -> 第四组（宁陕县）, for narrow table cells and chart labels."""
    return name.replace("暗访督查组（驻", "组（")


def stability_text(row: Mapping[str, Any]) -> str:
    """A group's changes in one line: 本期组长变更1次、成员调整0次；累计1次，均已备案（最慢2天）."""
    total = int(row["changes_total"])
    if not total:
        return "无人员变更"
    unfiled = int(row["unfiled_changes"])
    filing = f"{unfiled}次未备案" if unfiled else "均已备案"
    slowest = row.get("slowest_filing_days")
    if slowest is not None and not pd.isna(slowest):
        filing += f"（最慢{int(slowest)}天）"
    return f"本期组长变更{int(row['leader_changes'])}次、成员变动{int(row['member_changes'])}次；累计{total}次，{filing}"


def stability_short(row: Mapping[str, Any]) -> str:
    """The same for a table cell: 无变更 / 变更1次·均已备案 / 变更2次·1次未备案."""
    total = int(row["changes_total"])
    if not total:
        return "无变更"
    unfiled = int(row["unfiled_changes"])
    return f"变更{total}次·{f'{unfiled}次未备案' if unfiled else '均已备案'}"


def summary(frame: pd.DataFrame) -> dict:
    """Tiles: groups, flagged, visits, enterprises, hazards, major, and the handover shares over all groups."""
    due = int(frame["due"].sum())
    return {
        "groups": len(frame), "flagged": int(frame["interview"].sum()), "visits": int(frame["visits"].sum()),
        "enterprises": int(frame["enterprises"].sum()), "hazards": int(frame["hazards"].sum()),
        "major": int(frame["major"].sum()), "due": due,
        "county_handover_rate": numbers.percent(int(frame["handed_county"].sum()), due),
        "city_handover_rate": numbers.percent(int(frame["handed_city"].sum()), due),
    }


def evaluation_table(ordered: pd.DataFrame) -> pd.DataFrame:
    """The page's table of every group (``ordered``: the evaluation, flagged first), with Chinese headers."""
    return pd.DataFrame({
        "评价": [verdict(f) for f in ordered["interview"]],
        "督查组": [short_name(n) for n in ordered["group"]],
        "组长": ordered["leader"],
        "建议约谈原因": ordered["reason_text"],
        "暗访检查": ordered["visits"],
        "每周检查": ordered["visits_per_week"],
        "检查企业": ordered["enterprises"],
        "隐患/重大": [f"{h} / {m}" for h, m in zip(ordered["hazards"], ordered["major"])],
        "移交县区": ordered["county_handover_rate"],
        "移交市安委办": ordered["city_handover_rate"],
        "县区整改率": ordered["rectification_rate"],
        "县区逾期": ordered["overdue"],
        "人员变更": [stability_short(r) for r in ordered.to_dict("records")],
    })


def _handed_text(value: Any) -> str:
    return "未移交" if pd.isna(value) else clock.format_date(clock.as_date(value))


def not_handed_over_table(missing: pd.DataFrame, link: str = "hazards?hazards.id=") -> pd.DataFrame:
    """The hazards not yet handed over (``queries.not_handed_over``) as the page lists them: each id as a link
    into the ledger (``link`` + the URL-quoted id), the handover dates or 未移交."""
    return pd.DataFrame({
        "隐患编号": [link + quote(i) for i in missing["id"]], "发现时间": missing["found_date"],
        "单位名称": missing["enterprise"], "隐患等级": missing["level"], "状态": missing["status"],
        "移交县区": [_handed_text(d) for d in missing["handed_county_on"]],
        "移交市安委办": [_handed_text(d) for d in missing["handed_city_on"]],
    })
