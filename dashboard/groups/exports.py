"""The evaluation as an Excel table: flagged groups first and highlighted, the period, the scope, the rule
and 数据截至 in the subtitle."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboard import clock
from dashboard.export import Column, filtered_title, xlsx_table
from dashboard.groups.periods import EvaluationWindow
from dashboard.groups.rules import Thresholds
from dashboard.groups.table import flagged_first, stability_text, verdict

__all__ = ["EXPORT_COLUMNS", "export_frame", "evaluation_xlsx"]

EXPORT_COLUMNS = (
    Column("group", "督查组", 30), Column("unit", "所驻县区"), Column("leader", "组长"), Column("visits", "暗访检查（次）"),
    Column("visits_per_week", "每周检查（次）"), Column("enterprises", "检查企业（家）"), Column("hazards", "发现隐患（条）"),
    Column("major", "其中重大隐患"), Column("due", "应移交隐患（条）"), Column("county_handover_rate", "移交县区政府比例(%)"),
    Column("city_handover_rate", "移交市安委办比例(%)"), Column("rectification_rate", "所驻县区整改率(%)"),
    Column("overdue", "所驻县区逾期隐患"), Column("stability", "人员变更及备案", 40), Column("verdict", "评价"),
    Column("reason_text", "建议约谈原因", 50),
)


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The evaluation as exported: flagged groups first, the verdict and the stability in words."""
    out = flagged_first(frame).reset_index(drop=True)
    out["stability"] = [stability_text(r) for r in out.to_dict("records")]
    out["verdict"] = [verdict(f) for f in out["interview"]]
    return out


def evaluation_xlsx(frame: pd.DataFrame, w: EvaluationWindow, t: Thresholds, *, scope_label: str, as_of: datetime,
                    city: str) -> bytes:
    """The evaluation as .xlsx: title with the period, subtitle with the scope, the rule and 数据截至; the
    groups flagged 建议约谈 first and highlighted."""
    out = export_frame(frame)
    subtitle = (f"范围：{scope_label}　统计期间：{w.label}　数据截至 {clock.format_datetime(as_of)}　"
                f"约谈规则：{t.describe()}")
    return xlsx_table(out, EXPORT_COLUMNS, title=filtered_title(f"{city}进驻式暗访督查组评价（{w.name}）", scope_label),
                      made_at=as_of, subtitle=subtitle,
                      sheet_name="督查组评价", highlight=list(out["interview"]))
