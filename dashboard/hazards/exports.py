"""The ledger as a file: the filtered set as .xlsx — first the columns a clerk sends (序号 … 剩余天数, 状态),
then every column on a second sheet; the title names the filters, overdue rows in red — or as .csv (every
column, UTF-8 with BOM, for Excel/WPS). 剩余天数 is the countdown's text (逾期26天, 剩5天, 已销号)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboard import clock, vocab
from dashboard.db import Store
from dashboard.export import Column, Sheet, csv_bytes, filtered_title, xlsx_book
from dashboard.hazards import rules
from dashboard.hazards.filters import ALL_HAZARDS, HazardFilter, conditions

__all__ = ["CLERK_COLUMNS", "LEDGER_COLUMNS", "EXPORT_LIMIT", "export_rows", "export_xlsx", "export_csv"]

# The first sheet: what a clerk sends up or hands over (the rest of the record is on the second sheet)
CLERK_COLUMNS = (
    Column("id", "隐患编号", 16), Column("unit", "县区", 10), Column("enterprise", "单位名称", 24),
    Column("sector", "行业领域", 10), Column("description", "隐患描述", 36), Column("level", "隐患等级", 9),
    Column("resp_unit", "整改责任单位", 20), Column("resp_person", "整改责任人", 9), Column("deadline", "整改期限", 11),
    Column("countdown", "剩余天数", 10), Column("status", "状态", 8), Column("listing_level", "督办级别", 11),
)

LEDGER_COLUMNS = (
    Column("id", "隐患编号", 16), Column("found_date", "发现时间", 12), Column("group_name", "检查组", 24),
    Column("source", "来源"), Column("unit", "县区"), Column("township", "乡镇"), Column("enterprise", "单位名称", 28),
    Column("credit_code", "统一社会信用代码", 22), Column("sector", "行业领域"), Column("location", "隐患部位"),
    Column("description", "隐患描述", 40), Column("level", "隐患等级"), Column("treatment", "治理类型"),
    Column("measures", "整改措施", 30), Column("resp_unit", "整改责任单位", 24), Column("resp_person", "整改责任人"),
    Column("resp_phone", "责任人电话", 15), Column("original_deadline", "原整改期限", 12),
    Column("deadline", "整改期限", 12), Column("countdown", "剩余天数"), Column("funds", "整改资金(万元)"),
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
    frame["countdown"] = [vocab.ST_CLOSED if status == vocab.ST_CLOSED
                          else clock.countdown_text(None if pd.isna(days) else int(days))
                          for days, status in zip(frame["days_left"], frame["status"])]
    frame["overdue_text"] = frame["overdue"].map(lambda v: vocab.FLAG_OVERDUE if v else "")
    frame["extended_text"] = frame["extended"].map(lambda v: vocab.FLAG_EXTENDED if v else "")
    return frame


def export_xlsx(frame: pd.DataFrame, *, title: str, filter_text: str, as_of: datetime) -> bytes:
    """``frame`` (``export_rows``) as .xlsx: the clerk's columns, then every column; ``filter_text`` is the
    filter in words (``describe_filter``), named in the titles unless it is 全部隐患."""
    narrowing = "" if filter_text == ALL_HAZARDS else filter_text
    overdue = list(frame["overdue"].fillna(False).astype(bool)) if len(frame) else []
    subtitle = (f"共 {len(frame):,} 条，其中逾期未整改 {sum(overdue):,} 条（红色底纹）；剩余天数按数据截至日计算；"
                f"数据截至 {clock.format_datetime(as_of)}")
    return xlsx_book([
        Sheet(frame, CLERK_COLUMNS, filtered_title(title, narrowing), subtitle, "隐患台账", overdue),
        Sheet(frame, LEDGER_COLUMNS, filtered_title(title, narrowing, "全部字段"), subtitle, "全部字段", overdue),
    ], made_at=as_of)


def export_csv(frame: pd.DataFrame) -> bytes:
    return csv_bytes(frame, LEDGER_COLUMNS)
