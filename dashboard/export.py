"""Excel / CSV / Word outputs: the general writers every page's downloads use.

- `xlsx_table`: one sheet with a title row (what the table is, its filter summary, 数据截至), Chinese
  headers, a frozen header row, column widths, real Excel dates and highlighted rows.
- `csv_bytes`: UTF-8 with BOM, so Excel on a Chinese Windows opens it without mojibake.
- `docx_document` and friends: Word documents in the usual official look, the East Asian font set on
  every run so Chinese renders as 仿宋 / 黑体 / 宋体 in Word.

Domain documents (a ledger, a briefing, a duty report) are composed from these by their own modules.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import xlsxwriter
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from dashboard import jobs

__all__ = ["HIGHLIGHT_FILL", "HEADER_FILL", "Column", "xlsx_table", "csv_bytes", "BODY_FONT", "TITLE_FONT",
           "TABLE_FONT", "FORMULA_TRIGGERS", "formula_like", "neutralise",
           "neutral_frame", "CSV_LINE_END", "set_run_font", "docx_document", "docx_title", "docx_paragraph", "docx_table", "docx_bytes"]

HIGHLIGHT_FILL = "#F8D7DA"  # overdue rows: the red of the colour language, light enough to read
HEADER_FILL = "#DDE3EA"


@dataclass(frozen=True)
class Column:
    """One exported column: the frame column, its Chinese header and optional width (characters)."""

    key: str
    header: str
    width: float | None = None


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell_value(value):
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def xlsx_table(
    frame: pd.DataFrame,
    columns: Sequence[Column],
    *,
    title: str,
    subtitle: str = "",
    sheet_name: str = "数据",
    highlight: Sequence[bool] | None = None,
) -> bytes:
    """The frame as an .xlsx: row 1 title, row 2 subtitle (filters, 数据截至), row 3 headers (frozen).
    Over ``export_xlsx_max_rows`` rows: ``jobs.ExportTooLarge``; a large one takes a heavy-job slot."""
    jobs.check_export(len(frame), "xlsx")
    with jobs.export_slot(len(frame)):
        return _xlsx_table(frame, columns, title=title, subtitle=subtitle, sheet_name=sheet_name, highlight=highlight)


def _xlsx_table(frame, columns, *, title, subtitle, sheet_name, highlight) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(sheet_name[:31])
    title_fmt = book.add_format({"bold": True, "font_size": 14, "font_name": "黑体"})
    sub_fmt = book.add_format({"font_color": "#555555", "font_name": "宋体"})
    head_fmt = book.add_format({"bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True,
                                "valign": "vcenter", "font_name": "宋体"})
    base = {"border": 1, "valign": "top", "font_name": "宋体"}
    formats = {
        (kind, hot): book.add_format({**base, **extra, **({"bg_color": HIGHLIGHT_FILL} if hot else {})})
        for kind, extra in (("text", {"text_wrap": True}), ("date", {"num_format": "yyyy-mm-dd"}),
                            ("datetime", {"num_format": "yyyy-mm-dd hh:mm"}), ("number", {}))
        for hot in (False, True)
    }
    quoted = {hot: book.add_format({**base, "text_wrap": True, "quote_prefix": True,
                                    **({"bg_color": HIGHLIGHT_FILL} if hot else {})}) for hot in (False, True)}
    sheet.write_string(0, 0, title, title_fmt)
    if subtitle:
        sheet.write_string(1, 0, subtitle, sub_fmt)
    header_row = 2
    for col, spec in enumerate(columns):
        sheet.write_string(header_row, col, spec.header, head_fmt)
        values = [str(v) for v in frame[spec.key].head(200) if v is not None and not pd.isna(v)] if len(frame) else []
        width = spec.width or min(60, max([_display_width(spec.header)] + [_display_width(v) for v in values]) + 2)
        sheet.set_column(col, col, width)
    for row_index, row in enumerate(frame[[c.key for c in columns]].itertuples(index=False), start=header_row + 1):
        hot = bool(highlight[row_index - header_row - 1]) if highlight is not None else False
        for col, value in enumerate(row):
            value = _cell_value(value)
            if value is None:
                sheet.write_blank(row_index, col, None, formats[("text", hot)])
            elif isinstance(value, datetime):
                kind = "date" if value.time() == datetime.min.time() else "datetime"
                sheet.write_datetime(row_index, col, value, formats[(kind, hot)])
            elif isinstance(value, date):
                sheet.write_datetime(row_index, col, datetime.combine(value, datetime.min.time()), formats[("date", hot)])
            elif isinstance(value, bool):
                sheet.write_string(row_index, col, "是" if value else "否", formats[("text", hot)])
            elif isinstance(value, (int, float)):
                sheet.write_number(row_index, col, value, formats[("number", hot)])
            else:
                # write_string: user text is never interpreted as a formula or a link; formula-like text also
                # carries Excel's quote prefix, so editing the cell (or saving the sheet as CSV) cannot run it
                text = str(value)
                sheet.write_string(row_index, col, text, quoted[hot] if formula_like(text) else formats[("text", hot)])
    sheet.freeze_panes(header_row + 1, 0)
    if len(columns):
        sheet.autofilter(header_row, 0, header_row + len(frame), len(columns) - 1)
    book.close()
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame, columns: Sequence[Column]) -> bytes:
    """CSV in UTF-8 with BOM (Excel opens it correctly), Chinese headers, dates as 2021-05-03, formula-like
    text neutralised (``neutralise``). Over ``export_max_rows``: ``jobs.ExportTooLarge``."""
    jobs.check_export(len(frame), "csv")
    with jobs.export_slot(len(frame)):
        return _csv_bytes(frame, columns)


def _csv_bytes(frame: pd.DataFrame, columns: Sequence[Column]) -> bytes:
    out = frame[[c.key for c in columns]].copy()
    for c in columns:
        if pd.api.types.is_datetime64_any_dtype(out[c.key]):
            times = out[c.key]
            known = times.dropna()
            has_time = bool(((known.dt.hour != 0) | (known.dt.minute != 0)).any())
            out[c.key] = times.dt.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    out = neutral_frame(out)
    out.columns = [c.header for c in columns]
    return out.to_csv(index=False, lineterminator=CSV_LINE_END).encode("utf-8-sig")


# -- formulas in downloads ----------------------------------------------------------------------------
# A cell whose text starts with one of these is taken for a formula by Excel / WPS / LibreOffice when a CSV
# is opened, or when an .xlsx cell is edited (=HYPERLINK(...) leaking data, +cmd|..., -2+3, @SUM(...));
# a leading tab or carriage return hides the same.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """True for text a spreadsheet would take for a formula (starts with = + - @ tab or CR)."""
    return isinstance(value, str) and value[:1] in FORMULA_TRIGGERS


def neutralise(value):
    """THE rule for every download: formula-like text gets a leading apostrophe, so Excel shows it as typed
    instead of running it (the apostrophe is Excel's own "this is text" mark). Other values are unchanged.
    .xlsx files keep the text exact and mark such cells with Excel's quote prefix instead (``xlsx_table``)."""
    return "'" + value if formula_like(value) else value


# CRLF, as Excel writes CSV; it also makes the writer quote a cell holding a lone CR, which with "\n" line
# ends it would leave bare, splitting the row where Excel reads the file.
CSV_LINE_END = "\r\n"


def neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell through ``neutralise`` (what a CSV download writes)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise, na_action="ignore").astype(object)
    return out


# -- Word -----------------------------------------------------------------------------------------
BODY_FONT, TITLE_FONT, TABLE_FONT = "仿宋", "黑体", "宋体"


def set_run_font(run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set both the Western and the East Asian font of a run (Word ignores ``font.name`` for Chinese)."""
    run.font.name = name
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        r_fonts.set(qn(attr), name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def docx_document() -> Document:
    """A new document whose default style is 仿宋 三号-ish body text with East Asian fonts set."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(14)
    r_pr = normal.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    r_fonts.set(qn("w:eastAsia"), BODY_FONT)
    return document


def docx_title(document, text: str, *, size: float = 22) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run(text), TITLE_FONT, size, bold=True)


def docx_paragraph(document, text: str, *, bold: bool = False, align: str = "left", size: float = 14,
                   font: str = BODY_FONT, indent: bool = False):
    paragraph = document.add_paragraph()
    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    set_run_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def docx_table(document, headers: Sequence[str], rows: Sequence[Sequence], *, size: float = 10.5):
    """A bordered table with a bold header row; every cell's text in 宋体."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers):
        cell.text = ""
        set_run_font(cell.paragraphs[0].add_run(str(header)), TABLE_FONT, size, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = ""
            set_run_font(cell.paragraphs[0].add_run("" if value is None else str(value)), TABLE_FONT, size)
    return table


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
