"""Word documents in the layout of GB/T 9704-2012, opened back (python-docx) and laid out (LibreOffice)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Pt

from dashboard import export
from office_files import W, east_asian_font, gb_document, pdf_of, pdf_pages, properties_in_schema_order, soffice

A4 = (595.3, 841.9)  # points


def _sample(paragraphs: int = 3) -> bytes:
    document = export.docx_document()
    export.docx_title(document, "安康市安全生产委员会办公室关于做好“五一”假期安全防范工作的通知")
    export.docx_byline(document, "安康市安全生产委员会办公室", "2021年5月3日")
    export.docx_heading(document, "一、总体要求")
    export.docx_heading(document, "（一）压实责任", level=2)
    for _ in range(paragraphs):
        export.docx_paragraph(document, "各县区要" + "甲乙丙丁戊己庚辛壬癸" * 6 + "。")
    export.docx_table(document, ["序号", "县区", "情况"], [[1, "汉滨区", "零报告"], [2, "汉阴县", None]],
                      widths_mm=(12, 40, 104), center=(0,))
    return export.docx_bytes(document)


def test_the_page_margins_body_and_page_numbers_are_those_of_gb_9704():
    document = gb_document(_sample())
    title, byline, heading1, heading2, body = document.paragraphs[:5]
    assert title.text.startswith("安康市安全生产委员会办公室关于") and title.alignment == 1  # centred
    assert east_asian_font(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)  # 二号
    assert byline.text == "安康市安全生产委员会办公室\t2021年5月3日"
    assert (east_asian_font(heading1.runs[0]), heading1.runs[0].font.size) == ("黑体", Pt(16))
    assert (east_asian_font(heading2.runs[0]), heading2.runs[0].font.size) == ("楷体_GB2312", Pt(16))
    # body: the style's 仿宋_GB2312 三号, the first line two characters in
    assert east_asian_font(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(2 * export.CHAR_PITCH)
    # digits and Latin letters in Times New Roman, page numbers in 宋体 (half-width)
    assert body.runs[0]._element.rPr.rFonts.get(W + "ascii") == "Times New Roman"


def test_tables_are_in_the_table_font_with_the_header_repeated_and_fixed_widths():
    document = Document(io.BytesIO(_sample()))
    (table,) = document.tables
    header = table.rows[0]
    assert header._tr.trPr.find(W + "tblHeader") is not None  # repeated on every page
    assert [c.text for c in header.cells] == ["序号", "县区", "情况"]
    assert east_asian_font(header.cells[0].paragraphs[0].runs[0]) == "黑体"
    cell_run = table.rows[1].cells[1].paragraphs[0].runs[0]
    assert east_asian_font(cell_run) == "仿宋_GB2312" and cell_run.font.size == Pt(10.5)  # 五号
    assert table.rows[2].cells[2].text == ""  # None is an empty cell, not "None"
    widths = [round(int(c.get(W + "w")) / 56.7) for c in table._tbl.tblGrid.findall(W + "gridCol")]
    assert widths == [12, 40, 104]
    assert table.rows[1].cells[0].paragraphs[0].alignment == 1  # 序号 centred


def test_the_font_table_names_what_word_uses_without_the_government_fonts():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    document = Document(io.BytesIO(_sample()))
    fonts = etree.fromstring(document.part.part_related_by(RT.FONT_TABLE).blob)
    alt = {f.get(W + "name"): f.find(W + "altName").get(W + "val") for f in fonts if f.find(W + "altName") is not None}
    assert alt == {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}


def test_every_property_element_is_in_schema_order():
    """Word calls a file with properties out of order unreadable; LibreOffice would not tell us."""
    assert properties_in_schema_order(_sample()) == []


needs_soffice = pytest.mark.skipif(soffice() is None,
                                   reason="LibreOffice (soffice) is not installed: make test installs it")


@needs_soffice
def test_laid_out_a_page_holds_22_lines_of_28_characters_and_numbers_its_pages(tmp_path):
    """LibreOffice lays the document out: A4 pages, 22 body lines of 28 characters, "— 2 —" at the left of
    page 2 and "— 3 —" at the right of page 3."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is missing: make test installs it")
    pdf = pdf_of(_sample(paragraphs=40), tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) >= 3 and all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in pages)
    (tmp_path / "out.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "3", str(tmp_path / "out.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    page2, page3 = text.split("\f")[:2]
    lines = [line for line in page2.splitlines() if line.strip()]
    number = lines.pop()
    last = [line for line in page3.splitlines() if line.strip()][-1]
    assert re.fullmatch(r"—\s*2\s*—", number.strip()) and re.fullmatch(r"—\s*3\s*—", last.strip())

    def indent(line):
        return len(line) - len(line.lstrip())

    # an even page's number sits at the left, an odd page's at the right (both one character in)
    assert indent(number) < 10 < 20 < indent(last)
    assert len(lines) == export.LINES_PER_PAGE
    # each paragraph is 65 characters: 26 after the two-character indent, 28, then the last 11
    first = {len(line.strip()) for line in lines if line.startswith(" ")}
    others = {len(line.strip()) for line in lines if not line.startswith(" ")}
    assert first == {export.CHARS_PER_LINE - 2} and others == {export.CHARS_PER_LINE, 65 - 26 - 28}
