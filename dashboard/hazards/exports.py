"""The ledger as a file: every column of the filtered set as .xlsx (title, filter, 数据截至, overdue rows in
red) or .csv (UTF-8 with BOM, for Excel/WPS)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboard import clock, vocab
from dashboard.db import Store
from dashboard.export import Column, csv_bytes, xlsx_table
from dashboard.hazards import rules
from dashboard.hazards.filters import HazardFilter, conditions

__all__ = ["LEDGER_COLUMNS", "EXPORT_LIMIT", "export_rows", "export_xlsx", "export_csv"]

LEDGER_COLUMNS = (
    Column("id", "隐患编号", 16), Column("found_date", "发现时间", 12), Column("group_name", "检查组", 24),
    Column("source", "来源"), Column("unit", "县区"), Column("township", "乡镇"), Column("enterprise", "单位名称", 28),
    Column("credit_code", "统一社会信用代码", 22), Column("sector", "行业领域"), Column("location", "隐患部位"),
    Column("description", "隐患描述", 40), Column("level", "隐患等级"), Column("treatment", "治理类型"),
    Column("measures", "整改措施", 30), Column("resp_unit", "整改责任单位", 24), Column("resp_person", "整改责任人"),
    Column("resp_phone", "责任人电话", 15), Column("original_deadline", "原整改期限", 12),
    Column("deadline", "整改期限", 12), Column("days_left", "剩余天数"), Column("funds", "整改资金(万元)"),
    Column("interim_measures", "临时管控措施", 24), Column("status", "状态"), Column("overdue_text", "是否逾期"),
    Column("extended_text", "是否延期"), Column("completed_date", "整改完成日期", 12), Column("verifier", "复查验收人"),
    Column("verified_date", "复查日期", 12), Column("verify_result", "复查结论"), Column("closed_date", "销号日期", 12),
    Column("listing_level", "督办级别"), Column("listing_unit", "督办单位"), Column("listing_doc", "督办文号"),
    Column("enforcement", "执法措施"), Column("handed_county_on", "移交县区日期", 12),
    Column("handed_city_on", "移交市安委办日期", 12), Column("remark", "备注"),
)
EXPORT_LIMIT = 200_000


def export_rows(store: Store, f: HazardFilter, today: date, limit: int = EXPORT_LIMIT) -> pd.DataFrame:
    """The whole filtered set (up to ``limit``) with every ledger column, in the table's order."""
    cond, params = conditions(f, today)
    derived, derived_params = rules.derived_columns(today)
    frame = store.query(
        f"""
        SELECT h.*, u.name AS unit, g.name AS group_name, {derived}
        FROM hazards h JOIN units u ON u.code = h.unit_code LEFT JOIN groups g ON g.id = h.group_id
        WHERE {cond}
        ORDER BY (h.status = ?), h.deadline, h.id
        LIMIT ?
        """,
        [*derived_params, *params, vocab.ST_CLOSED, int(limit)],
    )
    frame["overdue_text"] = frame["overdue"].map(lambda v: vocab.FLAG_OVERDUE if v else "")
    frame["extended_text"] = frame["extended"].map(lambda v: vocab.FLAG_EXTENDED if v else "")
    return frame


def export_xlsx(frame: pd.DataFrame, *, title: str, filter_text: str, as_of: datetime) -> bytes:
    subtitle = f"筛选条件：{filter_text}　共 {len(frame):,} 条　数据截至 {clock.format_datetime(as_of)}"
    return xlsx_table(frame, LEDGER_COLUMNS, title=title, subtitle=subtitle, sheet_name="隐患台账",
                      highlight=list(frame["overdue"].fillna(False).astype(bool)) if len(frame) else [])


def export_csv(frame: pd.DataFrame) -> bytes:
    return csv_bytes(frame, LEDGER_COLUMNS)
