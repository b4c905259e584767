"""The Excel writer at volume (issue 18): the data rows are rendered a column at a time by Arrow and streamed
into the sheet; `export.Rows` feeds them a batch at a time. Every kind of value read back as Excel would show
it, with its format; a table written from batches is the file its whole frame gives, across batch boundaries."""

from __future__ import annotations

import io
import math
import zipfile
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

from dashboard import export
from office_files import office_sheet, sheet_table, workbook

MADE = datetime(2021, 5, 3, 17, 0)
FIRST = export.HEADER_ROW + 1  # the first data row


def _one(values, dtype=None, **kwargs):
    """The cells of a one-column table of ``values`` (after 序号), as openpyxl reads them back."""
    frame = pd.DataFrame({"v": pd.Series(values, dtype=dtype)})
    sheet = workbook(export.xlsx_table(frame, [export.Column("v", "值")], title="t", made_at=MADE, **kwargs)).active
    return [sheet.cell(FIRST + i, 2) for i in range(len(values))]


@pytest.mark.parametrize("value, dtype, shown, number_format", [
    ("安康市某公司", None, "安康市某公司", "General"),
    ("a & b <c> \"d\"", None, "a & b <c> \"d\"", "General"),                  # XML's specials escaped
    ("第一行\n第二行", None, "第一行\n第二行", "General"),
    ("  前后空格  ", None, "  前后空格  ", "General"),                          # kept: xml:space="preserve"
    ("\u3000全角空格", None, "\u3000全角空格", "General"),
    ("铃\x07声", None, "铃_x0007_声", "General"),                              # a control character: Excel's escape
    ("", None, "", "General"),
    (None, None, None, "General"),                                          # a blank cell, still bordered
    (3, None, 3, "General"),
    (4.5, None, 4.5, "General"),
    (float("nan"), None, None, "General"),
    (float("inf"), None, None, "General"),                                  # no number Excel can hold: blank
    (7, "Int64", 7, "General"),
    (True, None, "是", "General"),
    (False, "boolean", "否", "General"),
    (datetime(2021, 5, 1), "datetime64[us]", datetime(2021, 5, 1), "yyyy-mm-dd"),
    (datetime(2021, 5, 1, 13, 30), "datetime64[us]", datetime(2021, 5, 1, 13, 30), "yyyy-mm-dd hh:mm"),
    (date(2021, 5, 2), None, datetime(2021, 5, 2), "yyyy-mm-dd"),
    (pd.Timestamp("2021-05-01 08:00", tz="Asia/Shanghai"), None, datetime(2021, 5, 1, 8), "yyyy-mm-dd hh:mm"),
])
def test_every_kind_of_value_reads_back_with_its_format(value, dtype, shown, number_format):
    (cell,) = _one([value], dtype)
    assert cell.value == shown and cell.number_format == number_format
    assert cell.border.left.style == "thin" and cell.font.name == "宋体"


def test_a_decimal_from_the_store_is_a_number():
    batch = pa.RecordBatch.from_pydict({"v": pa.array([Decimal("12.50"), None], pa.decimal128(10, 2))})
    sheet = workbook(export.xlsx_table(export.Rows(2, lambda: iter([batch])), [export.Column("v", "值")], title="t",
                                       made_at=MADE)).active
    assert [sheet.cell(FIRST, 2).value, sheet.cell(FIRST + 1, 2).value] == [12.5, None]


def test_a_column_of_mixed_kinds_keeps_each_value_its_kind():
    values = ["文字", 3, 4.5, None, datetime(2021, 5, 1, 13, 30), date(2021, 5, 2), True, "=1+1"]
    cells = _one(values, object, highlight=[True] * len(values))
    assert [c.value for c in cells] == ["文字", 3, 4.5, None, datetime(2021, 5, 1, 13, 30), datetime(2021, 5, 2),
                                        "是", "=1+1"]
    assert [c.data_type for c in cells][:3] == ["s", "n", "n"] and cells[4].number_format == "yyyy-mm-dd hh:mm"
    assert cells[7].quotePrefix and not cells[0].quotePrefix
    assert all(c.fill.fgColor.rgb.endswith(export.HIGHLIGHT_FILL.lstrip("#")) for c in cells)


def test_text_longer_than_excel_holds_is_cut_at_its_limit():
    (cell,) = _one(["长" * 40_000])
    assert cell.value == "长" * 32_767


def _frame(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({
        "id": [f"YH{i:06d}" for i in range(n)],
        "text": [["短", "很长的说明文字" * 9, "=SUM(A1)", None, "第一行\n第二行"][i % 5] for i in range(n)],
        "day": pd.to_datetime("2021-05-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D"),
        "n": pd.array([None if i % 7 == 0 else i for i in range(n)], dtype="Int64"),
        "hot": [i % 3 == 0 for i in range(n)],
    })


COLUMNS = [export.Column("id", "隐患编号", 12), export.Column("text", "说明"), export.Column("day", "日期"),
           export.Column("n", "数量")]


def _styles(sheet) -> list[tuple]:
    return [(c.value, c.number_format, c.fill.fgColor.rgb, c.alignment.wrap_text, c.alignment.horizontal,
             c.quotePrefix, sheet.row_dimensions[c.row].height)
            for row in sheet.iter_rows(min_row=FIRST) for c in row]


@pytest.mark.parametrize("rows, batch", [(0, 4), (1, 4), (23, 4), (23, 8_192)])
def test_rows_read_a_batch_at_a_time_give_the_file_of_the_whole_frame(monkeypatch, rows, batch):
    """`Rows` (record batches or DataFrames, highlighted by a column) and a DataFrame (a flag a row), written
    ``batch`` rows at a time: the same cells, formats, heights and 序号 across the batch boundaries."""
    monkeypatch.setattr(export, "BATCH_ROWS", batch)
    frame = _frame(rows)
    whole = workbook(export.xlsx_table(frame, COLUMNS, title="整表", made_at=MADE, highlight=list(frame["hot"])))

    def record_batches():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        return iter(table.to_batches(max_chunksize=batch))

    def frames():
        return (frame.iloc[i:i + batch] for i in range(0, len(frame), batch))

    for source in (record_batches, frames):
        streamed = workbook(export.xlsx_table(export.Rows(len(frame), source), COLUMNS, title="整表", made_at=MADE,
                                              highlight="hot"))
        office_sheet(streamed.active, title="整表")
        assert _styles(streamed.active) == _styles(whole.active)
        assert sheet_table(streamed.active) == sheet_table(whole.active)
        assert [r[0] for r in sheet_table(streamed.active)[1]] == list(range(1, rows + 1))
        assert streamed.active.dimensions == whole.active.dimensions
        assert ({k: d.width for k, d in streamed.active.column_dimensions.items()}
                == {k: d.width for k, d in whole.active.column_dimensions.items()})
    assert rows < 2 or whole.active.row_dimensions[FIRST + 1].height >= 2 * export.LINE_HEIGHT  # a long text wraps


def test_rows_are_measured_up_to_the_limit_only(monkeypatch):
    monkeypatch.setattr(export, "ROW_HEIGHTS_UP_TO", 4)
    long = pd.DataFrame({"text": ["很长的说明文字" * 9] * 5})
    sheet = workbook(export.xlsx_table(long, [export.Column("text", "说明")], title="t", made_at=MADE)).active
    assert sheet.row_dimensions[FIRST].height is None  # 5 rows, over the limit: Excel's own height
    sheet = workbook(export.xlsx_table(long.head(4), [export.Column("text", "说明")], title="t", made_at=MADE)).active
    assert sheet.row_dimensions[FIRST].height >= 2 * export.LINE_HEIGHT


def test_a_large_table_is_streamed_into_a_zip_excel_opens():
    """50,000 rows: the sheet's XML is one part of a valid package (openpyxl reads it read-only, as a
    stream), inline strings with their styles, the used range declared."""
    n = 50_000
    frame = pd.DataFrame({"id": [f"YH{i:06d}" for i in range(n)], "x": np.arange(n) * 0.5})
    data = export.xlsx_table(frame, [export.Column("id", "编号"), export.Column("x", "数")], title="大表", made_at=MADE)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        head = package.open("xl/worksheets/sheet1.xml").read(2_000).decode()
    assert f'<dimension ref="A1:C{export.HEADER_ROW + n}"/>' in head
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(min_row=FIRST, values_only=True))
    assert len(rows) == n and rows[-1] == (n, f"YH{n - 1:06d}", (n - 1) * 0.5)
    assert all(math.isclose(r[2], i * 0.5) for i, r in enumerate(rows[:100]))


def test_csv_of_rows_is_the_csv_of_the_frame(monkeypatch):
    monkeypatch.setattr(export, "BATCH_ROWS", 4)
    frame = _frame(23)
    columns = [*COLUMNS, export.Column("hot", "标红")]
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.set_column(2, "day", table["day"].cast(pa.date32()))  # a DATE column, as the store gives it
    rows = export.Rows(len(frame), lambda: iter(table.to_batches(max_chunksize=4)))
    assert export.csv_bytes(rows, columns) == export.csv_bytes(frame, columns)
    assert "\r\nYH000002,'=SUM(A1)," in export.csv_bytes(rows, columns).decode("utf-8-sig")  # defused
    empty = export.Rows(0, lambda: iter(()))
    assert export.csv_bytes(empty, columns) == export.csv_bytes(frame.head(0), columns)
