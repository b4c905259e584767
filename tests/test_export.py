"""The general writers: files opened back and checked cell by cell."""

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
from docx import Document

from dashboard import export
from office_files import office_sheet

COLUMNS = [export.Column("id", "隐患编号"), export.Column("name", "单位名称"), export.Column("deadline", "整改期限"),
           export.Column("n", "数量")]


def _frame():
    return pd.DataFrame({
        "id": ["YH1", "YH2"],
        "name": ["=1+1 安康市某公司", "某超市"],
        "deadline": pd.to_datetime([date(2021, 5, 1), None]),
        "n": [3, 4.5],
    })


def test_xlsx_table_reopens_with_title_frozen_header_dates_and_highlight():
    data = export.xlsx_table(_frame(), COLUMNS, title="隐患台账", subtitle="筛选：汉滨区 · 数据截至 2021-05-03 17:00",
                             highlight=[True, False], made_at=datetime(2021, 5, 3, 17))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    office_sheet(sheet, title="隐患台账", made_at="2021年5月3日 17:00")
    assert "数据截至" in sheet["A2"].value
    assert [c.value for c in sheet[4]] == ["序号", "隐患编号", "单位名称", "整改期限", "数量"]
    assert sheet.freeze_panes == "A5"
    assert sheet["A5"].value == 1 and sheet["A6"].value == 2
    assert sheet["C5"].value == "=1+1 安康市某公司" and sheet["C5"].data_type == "s"  # text, not a formula
    assert sheet["D5"].value == datetime(2021, 5, 1) and sheet["D5"].number_format == "yyyy-mm-dd"
    assert sheet["D6"].value is None
    assert sheet["E6"].value == 4.5
    assert sheet["B5"].fill.fgColor.rgb.endswith("F8D7DA")
    assert sheet["B6"].fill.fgColor.rgb in (None, "00000000")
    assert sheet.column_dimensions["C"].width >= 16


def test_csv_has_bom_and_chinese_headers():
    data = export.csv_bytes(_frame(), COLUMNS)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig").splitlines()
    assert text[0] == "隐患编号,单位名称,整改期限,数量"
    assert text[1].startswith("YH1,'=1+1 安康市某公司,2021-05-01,3")  # a formula-like text is defused
    assert text[2].startswith("YH2,某超市,,4.5")


def test_docx_sets_east_asian_fonts():
    document = export.docx_document()
    export.docx_title(document, "安康市值班日报")
    export.docx_paragraph(document, "正文内容", indent=True)
    export.docx_table(document, ["单位", "情况"], [["汉滨区", "零报告"]])
    reopened = Document(io.BytesIO(export.docx_bytes(document)))
    assert reopened.paragraphs[0].text == "安康市值班日报"
    fonts = reopened.paragraphs[0].runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    assert reopened.tables[0].cell(1, 1).text == "零报告"
