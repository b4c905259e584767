"""Excel downloads in the office's layout (title, notes, 制表单位 / 制表时间, 序号, print set-up), opened back;
the titles and file names that say what a download holds."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from dashboard import export
from office_files import office_sheet, sheet_records, sheet_table, workbook

MADE = datetime(2021, 5, 3, 17, 0)


def _frame(n=3):
    return pd.DataFrame({"unit": ["汉滨区", "旬阳市", "白河县"][:n],
                         "note": ["很长的说明文字" * 12, "短", None][:n],
                         "deadline": pd.to_datetime([date(2021, 5, 1), date(2021, 6, 1), None][:n])})


COLUMNS = [export.Column("unit", "县区"), export.Column("note", "说明"), export.Column("deadline", "整改期限")]


def test_one_sheet_in_the_office_layout_and_print_set_up():
    sheet = workbook(export.xlsx_table(_frame(), COLUMNS, title="安康市测试表（旬阳市）", subtitle="共 3 条",
                                       made_at=MADE)).active
    office_sheet(sheet, title="安康市测试表（旬阳市）", made_at="2021年5月3日 17:00")
    headers, rows = sheet_table(sheet)
    assert headers == ["序号", "县区", "说明", "整改期限"]
    assert [r[:2] for r in rows] == [(1, "汉滨区"), (2, "旬阳市"), (3, "白河县")]
    assert sheet["A2"].value == "共 3 条"
    # a wrapped row is as tall as its text (neither Excel nor LibreOffice grows it on opening)
    assert sheet.row_dimensions[5].height >= 2 * export.LINE_HEIGHT
    assert sheet.row_dimensions[6].height is None  # one line: Excel's own height


def test_columns_that_start_with_their_own_number_get_no_second_one():
    columns = [export.Column("no", "序号"), *COLUMNS]
    sheet = workbook(export.xlsx_table(_frame().assign(no=[7, 8, 9]), columns, title="t", made_at=MADE)).active
    headers, rows = sheet_table(sheet)
    assert headers == ["序号", "县区", "说明", "整改期限"] and [r[0] for r in rows] == [7, 8, 9]
    unnumbered = workbook(export.xlsx_table(_frame(), COLUMNS, title="t", made_at=MADE, numbered=False)).active
    assert sheet_table(unnumbered)[0] == ["县区", "说明", "整改期限"]


def test_an_empty_table_still_has_its_title_maker_line_and_header():
    sheet = workbook(export.xlsx_table(_frame(0), COLUMNS, title="空表", made_at=MADE)).active
    office_sheet(sheet, title="空表")
    assert sheet["A2"].value == "共 0 条" and sheet_table(sheet) == (["序号", "县区", "说明", "整改期限"], [])


def test_a_book_of_two_sheets_each_in_the_layout():
    frame = _frame()
    book = workbook(export.xlsx_book([
        export.Sheet(frame, COLUMNS[:1], "主表", name="主表"),
        export.Sheet(frame, COLUMNS, "全部字段", name="全部字段", highlight=[True, False, False]),
    ], made_at=MADE))
    assert book.sheetnames == ["主表", "全部字段"]
    office_sheet(book["主表"], title="主表")
    office_sheet(book["全部字段"], title="全部字段")
    assert [r["县区"] for r in sheet_records(book["全部字段"])] == ["汉滨区", "旬阳市", "白河县"]
    assert book["全部字段"]["B5"].fill.fgColor.rgb.endswith(export.HIGHLIGHT_FILL.lstrip("#"))


@pytest.mark.parametrize("title, parts, expected", [
    ("安康市隐患台账", (), "安康市隐患台账"),
    ("安康市隐患台账", ("县区：旬阳市；标记：逾期",), "安康市隐患台账（县区：旬阳市；标记：逾期）"),
    ("安康市县区排名", ("全市",), "安康市县区排名"),                       # the whole city narrows nothing
    ("安康市重大火灾隐患公告", ("旬阳市", "", "已逾期"), "安康市重大火灾隐患公告（旬阳市；已逾期）"),
])
def test_filtered_title(title, parts, expected):
    assert export.filtered_title(title, *parts) == expected


@pytest.mark.parametrize("parts, ext, expected", [
    (("安康市隐患台账",), "xlsx", "安康市隐患台账_20210503.xlsx"),
    (("安康市县区排名", "2021年5月", "全市"), ".xlsx", "安康市县区排名_2021年5月_20210503.xlsx"),
    (("安康市隐患台账", "关键词：a/b*c?"), "csv", "安康市隐患台账_关键词：a－b－c－_20210503.csv"),
    (("值班日报", "县区：" + "汉滨区、" * 20), "docx", "值班日报_县区：" + "汉滨区、" * 9 + "…_20210503.docx"),
])
def test_file_names_are_chinese_safe_and_dated(parts, ext, expected):
    name = export.file_name(*parts, day=date(2021, 5, 3), ext=ext)
    assert name == expected
    assert not set(name) & set('\\/:*?"<>|')


@pytest.mark.parametrize("widths, floors, budget, expected", [
    ([10, 20, 30], [8, 8, 8], 100, [10, 20, 30]),          # fits: unchanged
    ([10, 20, 60], [8, 8, 8], 60, [10, 20, 30]),           # the widest gives way first
    ([10, 40, 60], [8, 8, 8], 60, [10, 25, 25]),           # then the next widest with it
    ([30, 30, 30], [20, 20, 20], 30, [20, 20, 20]),         # never below a floor (the floors may not fit)
])
def test_fit_widths(widths, floors, budget, expected):
    assert export.fit_widths(widths, floors, budget) == pytest.approx(expected, abs=0.1)
