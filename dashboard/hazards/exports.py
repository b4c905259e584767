"""The ledger as a file: the filtered set as .xlsx — first the columns a clerk sends (序号 … 剩余天数, 状态),
then every column on a second sheet; the title names the filters, overdue rows in red — or as .csv (every
column, UTF-8 with BOM, for Excel/WPS). 剩余天数 is the countdown's text (逾期26天, 剩5天, 已销号)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import clock, vocab
from dashboard.db import Store
from dashboard.export import BATCH_ROWS, Column, Rows, Sheet, csv_bytes, filtered_title, xlsx_book
from dashboard.hazards import rules
from dashboard.hazards.filters import ALL_HAZARDS, HazardFilter, conditions

__all__ = ["CLERK_COLUMNS", "LEDGER_COLUMNS", "EXPORT_LIMIT", "LedgerRows", "export_rows", "export_set", "export_xlsx",
           "export_csv"]

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

# what the files hold besides the stored columns: the countdown in words and the two flags as text
_TEXTS = ("countdown", "overdue_text", "extended_text")
_JOINED = {"unit": "u.name", "group_name": "g.name"}


def _select(f: HazardFilter, today: date, limit: int, columns: str) -> tuple[str, list]:
    cond, params = conditions(f, today)
    derived, derived_params = rules.derived_columns(today)
    sql = f"""
        SELECT {columns}, u.name AS unit, g.name AS group_name, {derived}
        FROM hazards h JOIN units u ON u.code = h.unit_code LEFT JOIN groups g ON g.id = h.group_id
        WHERE {cond}
        ORDER BY (h.status = ?), h.deadline, h.id
        LIMIT ?
        """
    return sql, [*derived_params, *params, vocab.ST_CLOSED, int(limit)]


def export_rows(store: Store, f: HazardFilter, today: date, limit: int = EXPORT_LIMIT) -> pd.DataFrame:
    """The whole filtered set (up to ``limit``) with every ledger column, in the table's order."""
    frame = store.query(*_select(f, today, limit, "h.*"))
    texts = _texts(pa.RecordBatch.from_pandas(frame[["days_left", "status", "overdue", "extended"]],
                                              preserve_index=False))
    for name in _TEXTS:
        frame[name] = texts.column(name).to_pandas()
    return frame


@dataclass(frozen=True)
class LedgerRows(Rows):
    """The filtered set as rows read a batch at a time (`export.Rows`), and how many of them are overdue."""

    overdue: int = 0


def export_set(store: Store, f: HazardFilter, today: date, limit: int = EXPORT_LIMIT) -> LedgerRows:
    """The filtered set (up to ``limit``) for `export_xlsx` / `export_csv`, counted now and read from the store
    a batch at a time while the file is written: what a download uses (108,720 rows in a few seconds and a
    few hundred MB at most, where the whole frame took three times the memory)."""
    stored = ", ".join(f"h.{key}" for key in sorted({c.key for c in LEDGER_COLUMNS} - set(_TEXTS) - set(_JOINED)))
    sql, params = _select(f, today, limit, stored)
    count, overdue = store.rows(f"SELECT count(*), count(*) FILTER (WHERE overdue) FROM ({sql})", params)[0]

    def batches(query=(sql, params)):
        for batch in store.batches(*query, rows=BATCH_ROWS):
            yield _texts(batch)
    head = _select(f, today, min(limit, 200), stored)  # what the widths are read from
    return LedgerRows(int(count), batches, lambda: batches(head), int(overdue or 0))


def _texts(batch: pa.RecordBatch) -> pa.RecordBatch:
    """``batch`` with 剩余天数 in words (`clock.countdown_text`, 已销号 once closed), 是否逾期 and 是否延期."""
    days, status = batch.column("days_left"), batch.column("status")
    known = pc.unique(days.drop_null())
    words = pa.array([clock.countdown_text(int(d)) for d in known.to_pylist()], pa.string())
    countdown = pc.fill_null(pc.take(words, pc.index_in(days, value_set=known)), clock.countdown_text(None))
    closed = pc.fill_null(pc.equal(status, vocab.ST_CLOSED), False)
    columns = {
        "countdown": pc.if_else(closed, vocab.ST_CLOSED, countdown),
        "overdue_text": pc.if_else(pc.fill_null(batch.column("overdue"), False), vocab.FLAG_OVERDUE, ""),
        "extended_text": pc.if_else(pc.fill_null(batch.column("extended"), False), vocab.FLAG_EXTENDED, ""),
    }
    for name, values in columns.items():
        batch = batch.append_column(name, values)
    return batch


def export_xlsx(rows: pd.DataFrame | LedgerRows, *, title: str, filter_text: str, as_of: datetime) -> bytes:
    """``rows`` (`export_set`, or the frame of `export_rows`) as .xlsx: the clerk's columns, then every column;
    ``filter_text`` is the filter in words (``describe_filter``), named in the titles unless it is 全部隐患."""
    narrowing = "" if filter_text == ALL_HAZARDS else filter_text
    if isinstance(rows, LedgerRows):
        overdue, count = "overdue", rows.overdue
    else:
        overdue = list(rows["overdue"].fillna(False).astype(bool)) if len(rows) else []
        count = sum(overdue)
    subtitle = (f"共 {len(rows):,} 条，其中逾期未整改 {count:,} 条（红色底纹）；剩余天数按数据截至日计算；"
                f"数据截至 {clock.format_datetime(as_of)}")
    return xlsx_book([
        Sheet(rows, CLERK_COLUMNS, filtered_title(title, narrowing), subtitle, "隐患台账", overdue),
        Sheet(rows, LEDGER_COLUMNS, filtered_title(title, narrowing, "全部字段"), subtitle, "全部字段", overdue),
    ], made_at=as_of)


def export_csv(rows: pd.DataFrame | LedgerRows) -> bytes:
    """``rows`` (`export_set`, or the frame of `export_rows`) as .csv: every column."""
    return csv_bytes(rows, LEDGER_COLUMNS)
