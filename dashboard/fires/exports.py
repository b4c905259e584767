"""The fire statistics as one Excel table: 合计, then 起火场所, 起火原因, 区域, 县区, 月份, each with its share,
casualties, loss and the change against the year before (the same period for a partial year)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboard import export
from dashboard.fires.periods import comparison_label, period_label
from dashboard.fires.stats import YearStats, change

__all__ = ["EXPORT_COLUMNS", "export_frame", "stats_xlsx"]

EXPORT_COLUMNS = (
    export.Column("section", "分类"), export.Column("label", "项目"), export.Column("count", "起数"),
    export.Column("share", "占比(%)"), export.Column("deaths", "死亡(人)"), export.Column("injuries", "受伤(人)"),
    export.Column("loss", "直接经济损失(万元)"), export.Column("prev_count", "上年起数"),
    export.Column("count_change", "起数增减"), export.Column("count_pct", "起数同比(%)"),
)


def export_frame(stats: YearStats) -> pd.DataFrame:
    """One table of the year's statistics: 合计, then 起火场所, 起火原因, 区域, 县区, 月份."""
    now, before = stats.current, stats.before
    rows = [{"section": "合计", "label": "全部火灾", **now, "share": 100.0 if now["count"] else None,
             "prev_count": before["count"]}]
    for section, frame in (("起火场所", stats.places), ("起火原因", stats.causes), ("区域", stats.central),
                           ("县区", stats.units), ("月份", stats.months)):
        for r in frame.itertuples():
            rows.append({"section": section, "label": r.label, "count": r.count, "share": r.share,
                         "deaths": r.deaths, "injuries": r.injuries, "loss": r.loss, "prev_count": r.prev_count})
    out = pd.DataFrame(rows)
    changes = [change(c, p) for c, p in zip(out["count"], out["prev_count"])]
    out["count_change"] = [int(c.diff) for c in changes]
    out["count_pct"] = [c.pct for c in changes]
    return out


def stats_xlsx(stats: YearStats, *, scope_label: str, as_of: datetime, city: str) -> bytes:
    subtitle = (f"范围：{scope_label} · 统计期：{period_label(stats.period)} · 对比：{comparison_label(stats.period)}"
                f" · 数据截至 {as_of:%Y-%m-%d %H:%M}")
    return export.xlsx_table(export_frame(stats), EXPORT_COLUMNS,
                             title=export.filtered_title(f"{city}{period_label(stats.period)}火灾统计", scope_label),
                             made_at=as_of, subtitle=subtitle, sheet_name="火灾统计")
