"""The task list as an Excel file: the (filtered) sub-items, overdue rows highlighted."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboard import clock, export, settings

EXPORT_COLUMNS = (
    export.Column("id", "编号", 7),
    export.Column("category", "整治类别", 24),
    export.Column("item", "子项任务", 30),
    export.Column("lead_dept", "牵头部门", 16),
    export.Column("coop_depts", "配合部门", 22),
    export.Column("progress", "完成进度(%)", 10),
    export.Column("status", "状态", 8),
    export.Column("deadline", "完成期限", 12),
    export.Column("countdown", "倒计时", 10),
    export.Column("note", "最新进展", 40),
    export.Column("updated_at", "最近更新", 17),
)


def list_xlsx(frame: pd.DataFrame, *, as_of: datetime, filters: str = "") -> bytes:
    """The (filtered) list from ``queries.task_list`` as .xlsx, overdue rows highlighted; ``filters`` is the
    filters in words (``queries.filter_text``)."""
    out = frame.copy()
    out["deadline"] = [clock.as_date(d) for d in out["deadline"]]
    out["updated_at"] = [clock.as_datetime(v) for v in out["updated_at"]]
    overdue = int(out["overdue"].sum())
    subtitle = "　".join(part for part in (
        filters, f"共 {len(out)} 项，逾期 {overdue} 项（标红）", f"数据截至 {clock.format_datetime(as_of)}") if part)
    return export.xlsx_table(out, EXPORT_COLUMNS,
                             title=export.filtered_title(f"{settings.get('city_name')}安全生产专项整治任务清单", filters),
                             made_at=as_of, subtitle=subtitle, sheet_name="专项整治任务", highlight=list(out["overdue"]))
