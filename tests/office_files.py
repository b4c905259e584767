"""Reopen the files we hand out and check that they look like the office's own (issue 12 item 7).

- Excel (`office_sheet`, `sheet_table`): the merged, centred title; the notes; 制表单位 and 制表时间; 序号; the
  frozen header; the print set-up (A4 landscape, one page wide, the header row on every page, page numbers).
- Word (`gb_document`): GB/T 9704 — A4, the margins, 仿宋_GB2312 三号 body on the 28.95 pt line, the footers'
  "— PAGE —" (odd pages right, even pages left, one character in).
- `pdf_pages`: the .docx laid out by LibreOffice (``soffice``, a Debian package that ``make test`` installs),
  so a document that must fit one page is counted as a reader would see it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dashboard import export, settings

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# -- Excel ------------------------------------------------------------------------------------------------
def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_table(sheet) -> tuple[list[str], list[tuple]]:
    """(headers, rows) of a sheet laid out by export.xlsx_book: the header row, then every row below it."""
    headers = [c.value for c in sheet[export.HEADER_ROW]]
    rows = list(sheet.iter_rows(min_row=export.HEADER_ROW + 1, values_only=True))
    return headers, rows


def sheet_records(sheet) -> list[dict]:
    headers, rows = sheet_table(sheet)
    return [dict(zip(headers, r)) for r in rows]


def office_sheet(sheet, *, title: str | None = None, made_at: str | None = None, numbered: bool = True) -> None:
    """Assert the office's layout and print set-up on a sheet written by export.xlsx_book."""
    headers, rows = sheet_table(sheet)
    width = len(headers)
    last = openpyxl.utils.get_column_letter(width)
    # the title: merged across the table, centred, and saying what is in it
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A{export.TITLE_ROW}:{last}{export.TITLE_ROW}" in merged, merged
    assert sheet.cell(export.TITLE_ROW, 1).alignment.horizontal == "center"
    assert sheet.cell(export.TITLE_ROW, 1).font.b and sheet.cell(export.TITLE_ROW, 1).font.sz >= 14
    if title is not None:
        assert sheet.cell(export.TITLE_ROW, 1).value == title
    assert f"A{export.NOTE_ROW}:{last}{export.NOTE_ROW}" in merged
    # 制表单位 at the left, 制表时间 at the right
    maker = [c.value for c in sheet[export.MAKER_ROW] if c.value]
    assert maker[0] == f"制表单位：{settings.get('office_name')}", maker
    assert maker[-1].startswith("制表时间："), maker
    if made_at is not None:
        assert maker[-1] == f"制表时间：{made_at}"
    if numbered:
        assert headers[0] == "序号"
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1)) or all(isinstance(r[0], str) for r in rows)
    # the header frozen, filterable, repeated on every printed page
    assert sheet.freeze_panes == f"A{export.HEADER_ROW + 1}"
    assert sheet.print_title_rows == f"${export.HEADER_ROW}:${export.HEADER_ROW}"
    # A4 landscape, one page wide and as many down as needed, page numbers in the footer
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert str(setup.paperSize) == "9"  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0  # fitToWidth 1 is the schema's default
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text


# -- Word -------------------------------------------------------------------------------------------------
def _mm(length) -> float:
    return round(length / Mm(1), 1)


def gb_document(data: bytes):
    """Assert the GB/T 9704 layout on a .docx written from export.docx_document; returns the Document."""
    document = Document(io.BytesIO(data))
    for section in document.sections:
        assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)  # A4 portrait
        assert (_mm(section.top_margin), _mm(section.bottom_margin)) == (37.0, 35.0)  # 天头 37 mm
        assert (_mm(section.left_margin), _mm(section.right_margin)) == (28.0, 26.0)  # 订口 28 mm
        # the 版心 is 156 × 225 mm
        assert _mm(section.page_width - section.left_margin - section.right_margin) == 156.0
        assert _mm(section.page_height - section.top_margin - section.bottom_margin) == 225.0
        odd = page_number_footer(section.footer)
        even = page_number_footer(section.even_page_footer)
        assert odd["align"] == "right" and odd["indent"] == ("right", 14.0)
        assert even["align"] == "left" and even["indent"] == ("left", 14.0)
    assert document.settings.odd_and_even_pages_header_footer
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)  # 三号
    fonts = normal.element.rPr.find(W + "rFonts")
    assert fonts.get(W + "eastAsia") == "仿宋_GB2312"
    assert normal.paragraph_format.line_spacing == Pt(28.95)  # 22 lines fill the 225 mm 版心
    return document


def page_number_footer(footer) -> dict:
    """The footer's page number: its text (with the field's cached value), the field code, alignment, indent
    and font. Asserts the 一字线 on both sides and the PAGE field."""
    (paragraph,) = [p for p in footer.paragraphs if p.text.strip()]
    p = paragraph._p
    codes = [t.text.strip() for t in p.iter(W + "instrText")]
    assert codes == ["PAGE"], codes
    kinds = [c.get(W + "fldCharType") for c in p.iter(W + "fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert re.fullmatch(r"— \d+ —", paragraph.text), paragraph.text  # 一字线 (U+2014) either side
    runs = [r for r in paragraph.runs if r.text]
    assert {r._element.rPr.rFonts.get(W + "eastAsia") for r in runs} == {"宋体"}
    assert {r.font.size for r in runs} == {Pt(14)}  # 4号
    fmt = paragraph.paragraph_format
    indent = ("right", fmt.right_indent.pt) if fmt.right_indent else ("left", fmt.left_indent.pt)
    align = {0: "left", 1: "center", 2: "right"}.get(int(paragraph.alignment))
    return {"text": paragraph.text, "align": align, "indent": indent}


def east_asian_font(run) -> str | None:
    fonts = run._element.rPr.find(W + "rFonts") if run._element.rPr is not None else None
    return None if fonts is None else fonts.get(W + "eastAsia")


def properties_in_schema_order(data: bytes) -> list[str]:
    """Every rPr / pPr / tblPr / trPr whose children are out of the schema's order (Word refuses such a
    file as unreadable); empty when all are in order."""
    from docx.opc.package import OpcPackage

    package = OpcPackage.open(io.BytesIO(data))
    wrong = []
    for part in package.iter_parts():
        if not part.partname.endswith(".xml") or "/word/" not in part.partname:
            continue
        from lxml import etree

        root = etree.fromstring(part.blob)
        for kind, order in export._ORDER.items():
            for element in root.iter(W + kind):
                names = [child.tag.rsplit("}", 1)[-1] for child in element]
                known = [n for n in names if n in order]
                if known != sorted(known, key=order.index):
                    wrong.append(f"{part.partname} {kind}: {names}")
    return wrong


# -- LibreOffice: pages as laid out ----------------------------------------------------------------------
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_of(data: bytes, workdir: Path) -> bytes:
    """The .docx converted to PDF by LibreOffice (its own profile in ``workdir``: workers run in parallel)."""
    source = workdir / "document.docx"
    source.write_bytes(data)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{workdir / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(workdir), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (workdir / "document.pdf").read_bytes()


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """The size (points) of each page of a PDF."""
    boxes = re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]",
                       pdf, flags=re.S)
    if not boxes:  # MediaBox before /Type in the dictionary
        boxes = re.findall(
            rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\][^>]*?/Type\s*/Page\b(?!s)", pdf, flags=re.S)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]
