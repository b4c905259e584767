"""The ranking as one Excel sheet: rank, change, unit, score, every rule's count and points, the floor and
the three rates; scores below 60 highlighted."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboard import clock
from dashboard.export import Column, filtered_title, xlsx_table
from dashboard.ranking.periods import RankingPeriod
from dashboard.ranking.rules import RULES

__all__ = ["EXPORT_COLUMNS", "export_xlsx"]

EXPORT_COLUMNS = [
    Column("rank", "排名"), Column("change", "名次变化"), Column("unit", "县区"), Column("score", "得分"),
    *(column for rule in RULES for column in (Column(rule.key, f"{rule.name}（{rule.unit}）"),
                                              Column(rule.key + "_points", f"{rule.name}扣分"))),
    Column("deducted", "扣分合计"), Column("floor", "保底加回"), Column("rectification_rate", "隐患整改率(%)"),
    Column("on_time_rate", "按期整改率(%)"), Column("report_rate", "值班报送及时率(%)"),
]


def export_xlsx(frame: pd.DataFrame, period: RankingPeriod, *, as_of: datetime, scope_label: str, city: str) -> bytes:
    """The rows of ``table`` (those in scope) as one sheet, the city-wide ranks kept."""
    return xlsx_table(
        frame.copy(), EXPORT_COLUMNS, title=filtered_title(f"{city}县区安全生产排名 {period.label}", scope_label),
        made_at=as_of,
        subtitle=f"数据截至 {clock.format_datetime(as_of)} · 范围：{scope_label}（名次为全市排名）· "
                 "得分 = 100 − 各项扣分，最低0分",
        sheet_name="县区排名", highlight=[b == clock.RED for b in frame["band"]],
    )
