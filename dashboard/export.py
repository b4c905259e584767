"""Excel / CSV / Word outputs: the general writers every page's downloads use.

- `xlsx_table` / `xlsx_book`: sheets laid out as the office sends tables — a merged, centred title that says
  what is in it (`filtered_title` adds the filters), a line of notes, 制表单位 and 制表时间, 序号, a frozen
  header, real Excel dates, highlighted rows — and set up to print: A4 landscape, one page wide, the header
  row repeated on every page, 第 N 页 in the footer.
- `csv_bytes`: UTF-8 with BOM, so Excel on a Chinese Windows opens it without mojibake.
- `docx_document` and friends: Word documents in the layout of GB/T 9704-2012 (A4, 天头 37 mm, 订口 28 mm,
  版心 156 × 225 mm, 仿宋_GB2312 三号 body on 22 lines of 28 characters, 方正小标宋简体 二号 title, 黑体 /
  楷体_GB2312 headings, page numbers "— 1 —" odd right / even left), tables in 仿宋 at 五号 / 小五.

Domain documents (a ledger, a briefing, a duty report) are composed from these by their own modules.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from xlsxwriter.utility import xl_col_to_name

from dashboard import jobs, settings

__all__ = ["HIGHLIGHT_FILL", "HEADER_FILL", "Column", "Sheet", "TITLE_ROW", "NOTE_ROW", "MAKER_ROW", "HEADER_ROW",
           "NUMBER_HEADER", "CITY_WIDE", "PRINT_FOOTER", "PRINT_WIDTH", "MIN_WIDTH", "ROW_HEIGHTS_UP_TO", "LINE_HEIGHT",
           "FILE_PART_MAX", "filtered_title", "file_name", "fit_widths",
           "Rows", "BATCH_ROWS", "ZIP_LEVEL", "xlsx_table", "xlsx_book", "csv_bytes",
           "FORMULA_TRIGGERS", "formula_like", "neutralise", "neutral_frame", "CSV_LINE_END",
           "PAGE_MM", "MARGINS_MM", "TEXT_AREA_MM", "BODY_SIZE", "TITLE_SIZE", "PAGE_NUMBER_SIZE", "SIZE_NAMES",
           "LINES_PER_PAGE", "CHARS_PER_LINE", "LINE_PITCH", "CHAR_SPACING_TWIPS", "CHAR_PITCH", "FOOTER_DISTANCE_MM",
           "BODY_FONT", "TITLE_FONT", "HEADING_FONT",
           "SUBHEADING_FONT", "TABLE_FONT", "PAGE_NUMBER_FONT", "LATIN_FONT", "FONT_FALLBACKS", "DASH",
           "set_run_font", "docx_document", "docx_title", "docx_heading", "docx_paragraph", "docx_byline",
           "docx_grid", "docx_add_row", "docx_cell_text", "docx_table", "docx_bytes",
           "RED", "docx_masthead", "docx_lead", "docx_signoff", "docx_imprint", "text_width"]

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


@dataclass(frozen=True)
class Rows:
    """A table read a batch at a time instead of held whole (a big export: `Store.batches`, a DuckDB query's
    Arrow record batches): ``count`` rows in all; ``batches()`` yields pyarrow RecordBatches (or DataFrames)
    holding the columns' keys, from the first row at every call."""

    count: int
    batches: Callable[[], Iterable]
    head: Callable[[], Iterable] | None = None  # the first 200 rows or more alone, when that is cheaper (a LIMIT)

    def __len__(self) -> int:
        return self.count


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: ``frame``'s ``columns`` under a title that says what they are (a filtered
    subset names its filters: `filtered_title`), an optional line of notes, highlighted rows, 序号 first.
    ``frame`` is a DataFrame or `Rows`; ``highlight`` one flag a row, or the name of a boolean column."""

    frame: pd.DataFrame | Rows
    columns: Sequence[Column]
    title: str
    subtitle: str = ""
    name: str = "数据"
    highlight: Sequence[bool] | str | None = None
    numbered: bool = True  # a 序号 column first (left out when the columns already start with one)


# Every sheet: row 1 the title (merged, centred), row 2 the notes (merged), row 3 制表单位 at the left and
# 制表时间 at the right, row 4 the column headers (frozen, repeated on every printed page), then the rows.
TITLE_ROW, NOTE_ROW, MAKER_ROW, HEADER_ROW = 1, 2, 3, 4  # 1-based, as Excel numbers them
NUMBER_HEADER = "序号"
PRINT_FOOTER = "&C第 &P 页，共 &N 页"
# Column widths (characters) that fit across A4 landscape at a scale still legible on paper: wider tables
# wrap their longest columns first (the rows grow to fit); ``ROW_HEIGHTS_UP_TO`` rows get measured heights.
PRINT_WIDTH, MIN_WIDTH, ROW_HEIGHTS_UP_TO, LINE_HEIGHT = 170.0, 8.0, 5_000, 13.5


CITY_WIDE = "全市"  # the scope label of the whole city: it narrows nothing


def filtered_title(title: str, *narrowing: str) -> str:
    """``title`` with what narrows it in brackets: 安康市隐患台账（县区：旬阳市；标记：逾期）. Empty parts and
    the city-wide scope (全市) narrow nothing and are left out."""
    parts = [part for part in narrowing if part and part != CITY_WIDE]
    return f"{title}（{'；'.join(parts)}）" if parts else title


_NOT_IN_FILE_NAMES = str.maketrans({ch: "－" for ch in '\\/:*?"<>|'} | {"\n": " ", "\r": " ", "\t": " "})
FILE_PART_MAX = 40  # characters of one part (a long filter in words) before it is cut with …


def file_name(*parts: str, day: date, ext: str) -> str:
    """A download's file name in Chinese: the parts that say what it is (title, scope, filters; empty parts and
    全市 left out), then the date: ``安康市隐患台账_旬阳市_20210503.xlsx``. Characters Windows refuses in a
    name become －, a very long part is cut."""
    kept = []
    for part in parts:
        part = str(part or "").translate(_NOT_IN_FILE_NAMES).strip()
        if part and part != CITY_WIDE:
            kept.append(part if len(part) <= FILE_PART_MAX else part[:FILE_PART_MAX - 1] + "…")
    return "_".join([*kept, f"{day:%Y%m%d}"]) + "." + ext.lstrip(".")


def xlsx_table(
    frame: pd.DataFrame | Rows,
    columns: Sequence[Column],
    *,
    title: str,
    made_at: datetime,
    subtitle: str = "",
    sheet_name: str = "数据",
    highlight: Sequence[bool] | str | None = None,
    numbered: bool = True,
) -> bytes:
    """The frame as a one-sheet .xlsx in the office's layout (see `xlsx_book`)."""
    return xlsx_book([Sheet(frame, columns, title, subtitle, sheet_name, highlight, numbered)], made_at=made_at)


def xlsx_book(sheets: Sequence[Sheet], *, made_at: datetime, office: str | None = None) -> bytes:
    """An .xlsx of ``sheets``, each laid out as offices send tables: the title merged and centred, the notes,
    制表单位 (the ``office_name`` setting unless ``office``) and 制表时间 (``made_at``, the as-of time), 序号,
    the header frozen; printed landscape on A4, one page wide, the header row on every page, page numbers.
    Over ``export_xlsx_max_rows`` rows: ``jobs.ExportTooLarge``; a large one takes a heavy-job slot.

    Fast at volume, in about constant memory (108,720 ledger rows on two sheets: seconds, not a minute): the
    frame (or `Rows`, a batch at a time) is written a column at a time — each column's cells rendered as
    XML by Arrow's string kernels with the column's format, no Python call per cell — straight into the
    sheet's compressed part; xlsxwriter writes the rest of the book (title rows, formats, print set-up)."""
    rows = max((len(s.frame) for s in sheets), default=0)
    jobs.check_export(rows, "xlsx")
    with jobs.export_slot(sum(len(s.frame) for s in sheets)):
        return _xlsx_book(sheets, made_at=made_at, office=office)


def _numbered(sheet: Sheet) -> list[Column]:
    columns = list(sheet.columns)
    if not sheet.numbered or (columns and columns[0].header == NUMBER_HEADER):
        return columns
    return [Column(_ROW_NUMBER, NUMBER_HEADER, 6), *columns]


_ROW_NUMBER = "_row_number"  # the 序号 column we add: the row's place, not a column of the data
BATCH_ROWS = 8_192  # rows rendered at a time (a frame's slice; `Rows` bring their own batches)
ZIP_LEVEL = 1  # deflate level of the sheets' XML: level 6 (zipfile's default) is 3x slower for 10% less


def _xlsx_book(sheets: Sequence[Sheet], *, made_at: datetime, office: str | None) -> bytes:
    office = office or str(settings.get("office_name"))
    skeleton = io.BytesIO()
    book = xlsxwriter.Workbook(skeleton, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": sheets[0].title if sheets else "", "author": office, "company": office})
    fmt = _Formats(book)
    bodies = {}
    for index, sheet in enumerate(sheets, start=1):  # xlsxwriter names the parts sheet1.xml, sheet2.xml, ...
        bodies[f"xl/worksheets/sheet{index}.xml"] = _write_sheet(book, fmt, sheet, made_at=made_at, office=office)
    book.close()
    return _spliced(skeleton.getvalue(), bodies)


class _Formats:
    """The cell formats of a workbook (xlsxwriter wants them made once per book); ``xf`` their style
    numbers in the file, which the data rows (written outside xlsxwriter) name."""

    def __init__(self, book):
        font = {"font_name": "宋体", "font_size": 10}
        self.title = book.add_format({"bold": True, "font_size": 16, "font_name": "黑体", "align": "center",
                                      "valign": "vcenter", "text_wrap": True})
        self.note = book.add_format({**font, "font_color": "#444444", "text_wrap": True, "valign": "vcenter"})
        self.maker_left = book.add_format({**font, "align": "left", "valign": "vcenter"})
        self.maker_right = book.add_format({**font, "align": "right", "valign": "vcenter"})
        self.head = book.add_format({**font, "bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True,
                                     "align": "center", "valign": "vcenter"})
        base = {**font, "border": 1, "valign": "top"}
        cells = {
            (kind, hot): book.add_format({**base, **extra, **({"bg_color": HIGHLIGHT_FILL} if hot else {})})
            for kind, extra in (("text", {"text_wrap": True}), ("date", {"num_format": "yyyy-mm-dd"}),
                                ("datetime", {"num_format": "yyyy-mm-dd hh:mm"}), ("number", {}),
                                ("index", {"align": "center"}),
                                ("quoted", {"text_wrap": True, "quote_prefix": True}))
            for hot in (False, True)
        }
        # the style number xlsxwriter gives a format on its first use (what its write_* calls do): a data
        # cell names it as s="…"
        self.xf = {key: str(cell_format._get_xf_index()) for key, cell_format in cells.items()}


def _merge(ws, row: int, first: int, last: int, text: str, cell_format) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, text, cell_format)
    else:
        ws.write_string(row, first, text, cell_format)


def fit_widths(widths: Sequence[float], floors: Sequence[float], budget: float = PRINT_WIDTH) -> list[float]:
    """Column widths narrowed to ``budget`` in all, the widest first, none below its floor: the largest cap
    such that sum(min(width, max(cap, floor))) fits (the floors alone may exceed the budget)."""
    def total(cap):
        return sum(min(w, max(cap, f)) for w, f in zip(widths, floors))

    if total(max(widths, default=0)) <= budget:
        return list(widths)
    low, high = 0.0, float(max(widths))
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if total(middle) <= budget else (low, middle)
    return [round(min(w, max(low, f)), 1) for w, f in zip(widths, floors)]


def _lines(text: str, width: float) -> int:
    per_line = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(_display_width(part) / per_line)) for part in text.split("\n"))


@dataclass
class _Body:
    """A sheet's data rows, spliced into the part xlsxwriter wrote: its ``ref`` (the used range) and the
    rows' XML a batch at a time."""

    ref: str
    chunks: Iterator[memoryview]


def _write_sheet(book, fmt: _Formats, sheet: Sheet, *, made_at: datetime, office: str) -> _Body | None:
    from dashboard import clock

    columns = _numbered(sheet)
    count = len(sheet.frame)
    batches = _batches(sheet, columns, head=True)
    first = next(batches, None)
    if isinstance(sheet.frame, Rows):  # read again when written: no two sheets' queries open at once
        batches.close()
    ws = book.add_worksheet(sheet.name[:31])
    last = max(len(columns) - 1, 0)
    natural = []
    header_row = HEADER_ROW - 1  # 0-based from here on
    head = first.head(columns) if first is not None else None  # the widths follow the first 200 rows
    for spec in columns:
        values = ([str(v) for v in head[spec.key] if v is not None and not pd.isna(v)]
                  if head is not None and spec.key in head else [])
        longest = max([_display_width(spec.header)] + [_display_width(v) for v in values])
        natural.append(spec.width or min(60, longest + 2))
    floors = [min(w, max(MIN_WIDTH, math.ceil(_display_width(c.header) / 2) + 2)) for w, c in zip(natural, columns)]
    widths = fit_widths(natural, floors)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    # the title and the notes wrap inside their merged row: give the rows the height their text needs
    total = sum(widths) or 1
    _merge(ws, TITLE_ROW - 1, 0, last, sheet.title, fmt.title)
    ws.set_row(TITLE_ROW - 1, 26 * _lines(sheet.title, total / 1.6))  # 16 pt: 1.6 times the body's width
    note = sheet.subtitle or f"共 {count:,} 条"
    _merge(ws, NOTE_ROW - 1, 0, last, note, fmt.note)
    ws.set_row(NOTE_ROW - 1, LINE_HEIGHT * _lines(note, total) + 3)
    split = max(0, (last + 1) // 2 - 1)
    _merge(ws, MAKER_ROW - 1, 0, split, f"制表单位：{office}", fmt.maker_left)
    if last > split:
        _merge(ws, MAKER_ROW - 1, split + 1, last, f"制表时间：{clock.format_cn_datetime(made_at)}", fmt.maker_right)
    for col, spec in enumerate(columns):
        ws.write_string(header_row, col, spec.header, fmt.head)
    ws.set_row(header_row, LINE_HEIGHT * max((_lines(c.header, w) for c, w in zip(columns, widths)), default=1) + 3)
    ws.freeze_panes(header_row + 1, 0)
    if columns:
        ws.autofilter(header_row, 0, header_row + count, last)
    # print set-up: A4 landscape, one page wide (as many pages down as needed), the header row on every page
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer(PRINT_FOOTER)
    if first is None or not columns:
        return None
    if isinstance(sheet.frame, Rows):
        first = None  # its rows are read again when written: not kept meanwhile
    numbered = bool(columns) and columns[0].header == NUMBER_HEADER
    layout = _Layout([xl_col_to_name(col) for col in range(len(columns))], widths, fmt.xf,
                     numbered=numbered, measure=count <= ROW_HEIGHTS_UP_TO)

    def chunks() -> Iterator[memoryview]:
        row = header_row + 1
        for batch in _batches(sheet, columns) if isinstance(sheet.frame, Rows) else itertools.chain([first], batches):
            yield _rows_xml(batch, columns, layout, row)
            row += batch.rows
    return _Body(f"A1:{xl_col_to_name(last)}{header_row + 1 + count}", chunks())


def _spliced(skeleton: bytes, bodies: dict[str, _Body | None]) -> bytes:
    """The book xlsxwriter wrote (every sheet's title rows, formats, print set-up) with each sheet's data rows
    streamed into its part, compressed as they come: the rows' XML is never held whole."""
    out = tempfile.TemporaryFile()  # on disk while it is written: the file is held once, when it is read back
    with out, zipfile.ZipFile(io.BytesIO(skeleton)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as target:
        for info in source.infolist():
            body = bodies.get(info.filename)
            if body is None:
                target.writestr(info, source.read(info))
                continue
            text = source.read(info).decode("utf-8").replace("<sheetData/>", "<sheetData></sheetData>")
            before, after = text.split("</sheetData>", 1)
            before = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{body.ref}"/>', before, count=1)
            with target.open(info.filename, "w") as part:
                part.write(before.encode("utf-8"))
                for chunk in body.chunks:
                    part.write(chunk)
                part.write(("</sheetData>" + after).encode("utf-8"))
        target.close()
        out.seek(0)
        return out.read()


# -- the data rows as XML, a column at a time ------------------------------------------------------------
@dataclass(frozen=True)
class _Batch:
    """Some rows of a sheet: the columns' values as Arrow arrays (a column of mixed Python types as a list),
    which of them are highlighted, and their count."""

    values: dict[str, pa.Array | list]
    hot: pa.Array | None
    rows: int

    def head(self, columns: Sequence[Column], n: int = 200) -> dict[str, list]:
        """The first ``n`` values of each column as pandas gives them (what the widths are measured on)."""
        out = {}
        for spec in columns:
            values = self.values.get(spec.key)
            if isinstance(values, list):
                out[spec.key] = values[:n]
            elif values is not None:
                out[spec.key] = list(pa.chunked_array([values.slice(0, n)]).to_pandas(
                    date_as_object=False, integer_object_nulls=True))
        return out


def _batches(sheet: Sheet, columns: Sequence[Column], head: bool = False) -> Iterator[_Batch]:
    """The sheet's rows a batch at a time (``head``: the first batch is all that will be read)."""
    keys = [c.key for c in columns if c.key != _ROW_NUMBER]
    source = sheet.frame
    flag = sheet.highlight if isinstance(sheet.highlight, str) else None
    flags = None if flag is not None or sheet.highlight is None else np.asarray(sheet.highlight, dtype=bool)
    if isinstance(source, Rows):
        parts = source.head() if head and source.head is not None else source.batches()
    else:
        parts = (source.iloc[start:start + BATCH_ROWS] for start in range(0, len(source), BATCH_ROWS))
    done = 0
    for part in parts:
        rows = part.num_rows if isinstance(part, pa.RecordBatch) else len(part)
        if not rows:
            continue
        values = {key: _arrow(part, key) for key in keys}
        if flag is not None:
            hot = pc.fill_null(_arrow(part, flag), False)
        elif flags is not None:
            hot = pa.array(flags[done:done + rows])
        else:
            hot = None
        yield _Batch(values, hot, rows)
        done += rows


def _arrow(part, key: str) -> pa.Array | list:
    """One column of a batch as an Arrow array of one type (a list of Python values when its values are of
    several kinds: numbers and text in one column)."""
    if isinstance(part, pa.RecordBatch):
        values = part.column(key)
    else:
        series = part[key]
        if series.dtype == object:
            cells = [_cell_value(v) for v in series]
            kinds = {_kind(v) for v in cells if v is not None}
            if len(kinds) > 1:
                return cells
            kind = kinds.pop() if kinds else None
            if kind == "text":
                cells = [None if v is None else str(v) for v in cells]
            values = pa.array(cells, type={"text": pa.large_string(), "datetime": pa.timestamp("us"),
                                           "date": pa.date32(), "bool": pa.bool_(), None: pa.null()}.get(kind))
        else:
            values = pa.array(series, from_pandas=True)
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    if pa.types.is_string_view(values.type):
        values = values.cast(pa.large_string())
    return values


def _kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    return "text"


@dataclass(frozen=True)
class _Layout:
    letters: list[str]
    widths: list[float]
    xf: dict[tuple[str, bool], str]
    numbered: bool
    measure: bool  # rows get the height their wrapped text needs (up to ROW_HEIGHTS_UP_TO rows)


def _rows_xml(batch: _Batch, columns: Sequence[Column], layout: _Layout, first_row: int) -> bytes:
    """The ``<row>`` elements of a batch whose first row is sheet row ``first_row`` (0-based), as UTF-8."""
    n = batch.rows
    refs = pa.array(np.arange(first_row + 1, first_row + 1 + n)).cast(pa.large_string())
    hot = batch.hot
    cells, lines = [], np.ones(n, dtype=np.int64)
    for col, spec in enumerate(columns):
        if spec.key == _ROW_NUMBER:
            values = pa.array(np.arange(first_row - HEADER_ROW + 1, first_row - HEADER_ROW + 1 + n))
        else:
            values = batch.values[spec.key]
        index = col == 0 and layout.numbered
        xml, needed = _cells(values, layout.letters[col], refs, hot, layout, layout.widths[col], index)
        cells.append(xml)
        if needed is not None:
            lines = np.maximum(lines, needed)
    height = (pa.array([_row_height(k) if k > 1 else "" for k in lines.tolist()], pa.large_string())
              if layout.measure and lines.max() > 1 else "")
    rows = _join('<row r="', refs, '"', height, ">", *cells, "</row>", "")
    return _text_bytes(rows)


_ROW_HEIGHT: dict[int, str] = {}


def _row_height(lines: int) -> str:
    """The attributes of a row ``lines`` lines tall, as xlsxwriter's set_row writes them (whole pixels)."""
    points = int((LINE_HEIGHT * lines + 2) * 4.0 / 3.0 + 0.5) * 0.75
    return _ROW_HEIGHT.setdefault(lines, f' ht="{points:.16g}" customHeight="1"')


def _text_bytes(array: pa.Array) -> memoryview:
    """The values of a string array end to end, straight from its data buffer (no copy)."""
    if not len(array):
        return memoryview(b"")
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=width)[array.offset:array.offset + len(array) + 1]
    return memoryview(array.buffers()[2])[int(offsets[0]):int(offsets[-1])]


def _style(layout: _Layout, kind: str, hot, quoted=None):
    """The style number of each cell: ``kind``'s format, highlighted in ``hot`` rows, with Excel's quote
    prefix where ``quoted`` (a scalar when the whole column has one)."""
    any_quoted = quoted is not None and pc.any(quoted).as_py()

    def pick(lit: bool):
        own = layout.xf[(kind, lit)]
        return pc.if_else(quoted, layout.xf[("quoted", lit)], own) if any_quoted else own

    if hot is None or not pc.any(hot).as_py():
        return pick(False)
    return pc.if_else(hot, pick(True), pick(False))


def _cells(values, letter: str, refs: pa.Array, hot, layout: _Layout, width: float,
           index: bool) -> tuple[pa.Array, np.ndarray | None]:
    """The ``<c>`` elements of one column (and, for text when rows are measured, the lines each needs)."""
    if isinstance(values, list):  # several kinds of value: each kind on its own, put back in place
        kinds = np.array(["none" if v is None else _kind(v) for v in values])
        out, lines = np.empty(len(values), dtype=object), np.ones(len(values), dtype=np.int64)
        for kind in set(kinds.tolist()):
            where = np.flatnonzero(kinds == kind)
            picked = [values[i] for i in where]
            typed = pa.array([None if v is None else str(v) if kind == "text" else v for v in picked],
                             type=pa.large_string() if kind == "text" else None)
            xml, needed = _cells(typed, letter, refs.take(where), None if hot is None else hot.take(where), layout,
                                 width, index)
            out[where] = xml.to_numpy(zero_copy_only=False)
            if needed is not None:
                lines[where] = needed
        return pa.array(out, type=pa.large_string()), lines
    start = ('<c r="' + letter, refs, '" s="')
    kind_of = values.type
    if pa.types.is_boolean(kind_of):
        values = pc.if_else(values, "是", "否")
        kind_of = values.type
    if pa.types.is_string(kind_of) or pa.types.is_large_string(kind_of):
        return _text_cells(values, start, hot, layout, width)
    if pa.types.is_null(kind_of):
        return _join(*start, _style(layout, "text", hot), _BLANK, ""), None
    if pa.types.is_timestamp(kind_of) or pa.types.is_date(kind_of):
        if pa.types.is_timestamp(kind_of) and kind_of.tz is not None:
            values = pc.local_timestamp(values)
        micros = pc.cast(pc.cast(values, pa.timestamp("us"), safe=False), pa.int64())
        day = 86_400_000_000
        ticks = pc.fill_null(micros, 0).to_numpy()
        days, rest = np.divmod(ticks, day)
        serial = pa.array(days + 25_569 + rest / day)  # Excel's day numbers (1900 system): 1970-01-01 is 25569
        style = _style(layout, "date", hot)
        if rest.any():
            style = pc.if_else(pa.array(rest == 0), style, _style(layout, "datetime", hot))
        number = pc.if_else(pc.is_null(values), pa.scalar(None, pa.large_string()), serial.cast(pa.large_string()))
    elif pa.types.is_integer(kind_of) or pa.types.is_floating(kind_of) or pa.types.is_decimal(kind_of):
        if pa.types.is_decimal(kind_of):
            values = values.cast(pa.float64())
        style = _style(layout, "index" if index and pa.types.is_integer(kind_of) else "number", hot)
        number = values.cast(pa.large_string())
        if pa.types.is_floating(kind_of):  # NaN and infinities: no number Excel can hold, left blank
            number = pc.if_else(pc.fill_null(pc.is_finite(values), False), number, pa.scalar(None, pa.large_string()))
    else:  # anything else is written as its text
        return _cells(pa.array([None if v is None else str(v) for v in values.to_pylist()], pa.large_string()),
                      letter, refs, hot, layout, width, index)
    tail = _join('"><v>', number, "</v></c>", "")  # null where there is no number: a blank cell
    if tail.null_count:
        style = pc.if_else(pc.is_null(tail), _style(layout, "text", hot), style)
        tail = pc.fill_null(tail, _BLANK)
    return _join(*start, style, tail, ""), None


_BLANK = '"/>'  # what closes a blank cell's <c> after its style: the border and fill without a value


def _join(*parts) -> pa.Array:
    """The parts (text, or string arrays of the batch's length) joined end to end, row by row (null where a
    part is null); in large strings (64-bit offsets), so no batch of long texts outgrows them."""
    return pc.binary_join_element_wise(
        *(pa.scalar(p, pa.large_string()) if isinstance(p, str)
          else p if pa.types.is_large_string(p.type) else p.cast(pa.large_string()) for p in parts))


# Text as xlsxwriter writes it in an inline string: cut at Excel's 32,767 characters, control characters as
# _xHHHH_ (a literal _xHHHH_ escaped as _x005F_xHHHH_), & < > as entities, xml:space="preserve" on text that
# starts or ends with white space (Python's \s, the Unicode spaces included).
_CONTROL = "[\\x{00}-\\x{08}\\x{0B}-\\x{1F}]"
_SPACE = ("[\\x{09}-\\x{0D}\\x{1C}-\\x{20}\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}"
          "\\x{205F}\\x{3000}]")
_PRESERVE = f"^{_SPACE}|{_SPACE}$"
_WIDE = "[^\\x{00}-\\x{2E7F}]"  # what _display_width counts twice
_STRING_MAX = 32_767


def _text_cells(text: pa.Array, start, hot, layout: _Layout, width: float) -> tuple[pa.Array, np.ndarray | None]:
    text = text.cast(pa.large_string())
    lines = _line_counts(text, width) if layout.measure else None
    if (pc.max(pc.utf8_length(text)).as_py() or 0) > _STRING_MAX // 2:
        text = pa.array([v if v is None or len(v.encode("utf-16-le")) <= 2 * _STRING_MAX
                         else v.encode("utf-16-le")[:2 * _STRING_MAX].decode("utf-16-le", "ignore")
                         for v in text.to_pylist()], pa.large_string())
    quoted = pc.fill_null(pc.match_substring_regex(text, _TRIGGER), False)
    escaped = text
    if pc.any(pc.match_substring_regex(escaped, "_x[0-9a-fA-F]{4}_")).as_py():
        escaped = pc.replace_substring_regex(escaped, "(_x[0-9a-fA-F]{4}_)", "_x005F\\1")
    if pc.any(pc.match_substring_regex(escaped, _CONTROL)).as_py():
        for code in (*range(0x00, 0x09), *range(0x0B, 0x20)):
            escaped = pc.replace_substring(escaped, chr(code), f"_x{code:04X}_")
    if pc.any(pc.match_substring_regex(escaped, "[&<>\\x{FFFE}\\x{FFFF}]")).as_py():
        for char, entity in (("\ufffe", "_xFFFE_"), ("\uffff", "_xFFFF_"), ("&", "&amp;"), ("<", "&lt;"),
                             (">", "&gt;")):
            escaped = pc.replace_substring(escaped, char, entity)
    preserve = pc.if_else(pc.fill_null(pc.match_substring_regex(escaped, _PRESERVE), False),
                          ' xml:space="preserve"', "")
    tail = _join('" t="inlineStr"><is><t', preserve, ">", escaped, "</t></is></c>", "")
    if tail.null_count:  # no value: a blank cell, bordered (and filled) like its neighbours
        tail = pc.fill_null(tail, _BLANK)
    return _join(*start, _style(layout, "text", hot, quoted), tail, ""), lines


def _line_counts(text: pa.Array, width: float) -> np.ndarray:
    """`_lines` of every value (1 for none), by Arrow: the parts between line breaks, each its display width
    over the width of a line, at least one line each."""
    per_line = max(width - 1.5, 1.0)
    parts = pc.split_pattern(pc.fill_null(text, ""), "\n")
    flat = pc.list_flatten(parts)
    shown = (pc.utf8_length(flat).to_numpy(zero_copy_only=False)
             + pc.count_substring_regex(flat, _WIDE).to_numpy(zero_copy_only=False))
    each = np.maximum(1, np.ceil(shown / per_line)).astype(np.int64)
    return np.bincount(pc.list_parent_indices(parts).to_numpy(zero_copy_only=False), weights=each,
                       minlength=len(text)).astype(np.int64)


def csv_bytes(frame: pd.DataFrame | Rows, columns: Sequence[Column]) -> bytes:
    """CSV in UTF-8 with BOM (Excel opens it correctly), Chinese headers, dates as 2021-05-03, formula-like
    text neutralised (``neutralise``). Over ``export_max_rows``: ``jobs.ExportTooLarge``. `Rows` are written
    a batch at a time (a DATE column as dates, a TIMESTAMP column with its minutes)."""
    jobs.check_export(len(frame), "csv")
    with jobs.export_slot(len(frame)):
        return _csv_bytes(frame, columns)


def _csv_bytes(frame: pd.DataFrame | Rows, columns: Sequence[Column]) -> bytes:
    keys = [c.key for c in columns]
    out = io.BytesIO()
    out.write(b"\xef\xbb\xbf")  # the BOM
    if isinstance(frame, Rows):
        parts = ((_pandas(part, keys), {k: pa.types.is_timestamp(part.schema.field(k).type) for k in keys})
                 if isinstance(part, pa.RecordBatch) else (part, None) for part in frame.batches())
    else:
        parts = iter([(frame, None)])
    header = True
    for part, times in parts:
        if len(part) or header:
            out.write(_csv_text(part[keys], columns, times, header=header).encode("utf-8"))
            header = False
    if header:
        out.write(_csv_text(pd.DataFrame(columns=keys), columns, None, header=True).encode("utf-8"))
    return out.getvalue()


_NULLABLE = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
             pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def _pandas(batch: pa.RecordBatch, keys: Sequence[str]) -> pd.DataFrame:
    """A batch as the store's DataFrame would hold it (dates as datetime64, integers with gaps as integers)."""
    return batch.select(keys).to_pandas(date_as_object=False, types_mapper=_NULLABLE.get)


def _csv_text(out: pd.DataFrame, columns: Sequence[Column], times: dict[str, bool] | None, *, header: bool) -> str:
    """``times``: whether each datetime column is written with its time (None: where any value has one)."""
    out = out.copy()
    for c in columns:
        if pd.api.types.is_datetime64_any_dtype(out[c.key]):
            values = out[c.key]
            if times is None:
                known = values.dropna()
                has_time = bool(((known.dt.hour != 0) | (known.dt.minute != 0)).any())
            else:
                has_time = times[c.key]
            out[c.key] = values.dt.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    out = neutral_frame(out)
    out.columns = [c.header for c in columns]
    return out.to_csv(index=False, header=header, lineterminator=CSV_LINE_END)


# -- formulas in downloads ----------------------------------------------------------------------------
# A cell whose text starts with one of these is taken for a formula by Excel / WPS / LibreOffice when a CSV
# is opened, or when an .xlsx cell is edited (=HYPERLINK(...) leaking data, +cmd|..., -2+3, @SUM(...));
# a leading tab or carriage return hides the same.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# the same test in Arrow's regular expressions (the writer of .xlsx rows): a first character among them
_TRIGGER = "^[" + "".join(f"\\x{{{ord(t):X}}}" for t in FORMULA_TRIGGERS) + "]"


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
        values = out[column]
        if values.dtype == object:
            out[column] = values.map(neutralise, na_action="ignore").astype(object)
        elif pd.api.types.is_string_dtype(values):  # text only: the same rule a column at a time
            risky = values.str.startswith(FORMULA_TRIGGERS).fillna(False).astype(bool)
            out[column] = values.where(~risky, "'" + values).astype(object)
    return out


# -- Word: the official layout of GB/T 9704-2012 (党政机关公文格式) ---------------------------------------
# Page: A4; 天头 (top) 37 mm, 订口 (left) 28 mm, 版心 156 × 225 mm, hence right 26 mm and bottom 35 mm.
# Body: 仿宋_GB2312 三号 (16 pt), 22 lines of 28 characters: a line pitch of 225 mm / 22 ≈ 28.95 pt, and a
# character grid of 156 mm / 28 ≈ 15.79 pt (Word's docGrid charSpace is the pitch minus the font size in
# 1/4096 pt). Title 方正小标宋简体 二号 centred; headings 黑体 三号 (一、) and 楷体_GB2312 三号 (（一）).
# Page numbers: 4号 half-width 宋体 "— 1 —", 7 mm below the 版心, odd pages right and even pages left, one
# character in from the edge.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_AREA_MM = (156, 225)
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE = 16.0, 22.0, 14.0   # 三号, 二号, 四号
SIZE_NAMES = {"二号": 22.0, "三号": 16.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH = 28.95  # pt: 22 lines fill the 225 mm 版心 (637.8 pt)
# 28 三号 characters (448 pt) are wider than the 版心 (442.2 pt): body text is condensed by 0.25 pt a character
# (w:spacing, in twentieths of a point), which Word, WPS and LibreOffice all honour. (Word's own way, a
# docGrid of type linesAndChars, makes LibreOffice put one character in every other cell.)
CHAR_SPACING_TWIPS = -5
CHAR_PITCH = BODY_SIZE + CHAR_SPACING_TWIPS / 20
# The bottom of the footer sits so that the page number's dash is 7 mm below the 版心 (35 mm - 7 mm - half a line).
FOOTER_DISTANCE_MM = 25.8
BODY_FONT, TITLE_FONT, HEADING_FONT, SUBHEADING_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
TABLE_FONT, PAGE_NUMBER_FONT = "仿宋_GB2312", "宋体"
# Digits and Latin letters in Times New Roman, as offices set it (LibreOffice draws it with the metric twin
# Liberation Serif, so what we render to check the layout measures like Word); page numbers stay in 宋体.
LATIN_FONT = "Times New Roman"
# What Word uses when a government font is not installed (w:altName in the font table).
FONT_FALLBACKS = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}
DASH = "—"  # 一字线 (U+2014)

_MM_TWIPS = 1440 / 25.4


def _twips(mm: float) -> int:
    return round(mm * _MM_TWIPS)


# The schema's order of the children we set (Word refuses a file whose properties are out of order).
_ORDER = {
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
            "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
            "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
            "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
            "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
            "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
              "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
              "tblCaption", "tblDescription"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden"),
}


def _child(parent, name: str):
    """The ``w:name`` child of a properties element, created in its schema position if missing."""
    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    order = _ORDER[parent.tag.rsplit("}", 1)[1]]
    later = set(order[order.index(name) + 1:])
    child = parent.makeelement(qn(f"w:{name}"), {})
    for i, sibling in enumerate(parent):
        if sibling.tag.rsplit("}", 1)[-1] in later:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _set_fonts(r_pr, name: str, latin: str = LATIN_FONT) -> None:
    """``name`` for East Asian text, ``latin`` for the rest; theme fonts removed (a theme attribute beats a
    name)."""
    r_fonts = _child(r_pr, "rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(attr), None)
    r_fonts.set(qn("w:eastAsia"), name)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        r_fonts.set(qn(attr), latin)


def set_run_font(run, name: str, size: float | None = None, bold: bool | None = None,
                 spacing: int | None = None, latin: str = LATIN_FONT) -> None:
    """Set the East Asian font of a run (Word ignores ``font.name`` for Chinese) and its Western one;
    ``spacing`` is the character spacing in twentieths of a point (0 undoes the body's condensing)."""
    _set_fonts(run._element.get_or_add_rPr(), name, latin)
    if spacing is not None:
        _char_spacing(run._element.get_or_add_rPr(), spacing)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def _char_spacing(r_pr, twips: int) -> None:
    _child(r_pr, "spacing").set(qn("w:val"), str(twips))


def _off_grid(paragraph) -> None:
    """Text that is not body text (title, tables, footer) keeps its own line height instead of the grid's."""
    _child(paragraph._p.get_or_add_pPr(), "snapToGrid").set(qn("w:val"), "0")


def _spacing(paragraph, line_pt: float) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = fmt.space_after = Pt(0)


def _page_geometry(section) -> None:
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = section._sectPr.makeelement(qn("w:docGrid"), {})
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH * 20)))


def _page_number(paragraph, *, odd: bool) -> None:
    """'— 1 —' with a PAGE field, 4号 宋体; odd pages right, even pages left, one character in."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    if odd:
        fmt.right_indent = Pt(PAGE_NUMBER_SIZE)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_SIZE)
    _spacing(paragraph, PAGE_NUMBER_SIZE * 1.2)
    _off_grid(paragraph)

    def run(text: str = ""):
        r = paragraph.add_run(text)
        set_run_font(r, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, spacing=0, latin=PAGE_NUMBER_FONT)
        return r

    def field_char(kind: str) -> None:
        r = run()
        r._r.append(r._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))

    run(DASH + " ")
    field_char("begin")
    instr = run()._r
    code = instr.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    code.text = " PAGE "
    instr.append(code)
    field_char("separate")
    run("1")  # the value shown until the field is updated (Word and LibreOffice update it when laying out)
    field_char("end")
    run(" " + DASH)


def _font_fallbacks(document) -> None:
    """Name 仿宋 / 楷体 / 宋体 as the fonts to use where the GB2312 and 方正 fonts are not installed."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    part = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    for name, alt in FONT_FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "modern"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "fixed"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def docx_document(*, author: str | None = None) -> Document:
    """A new document in the GB/T 9704 layout: A4, the standard margins and 版心, 仿宋_GB2312 三号 body on a
    22 × 28 grid, page numbers "— 1 —" in the footers (odd right, even left)."""
    document = Document()
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None:
            _set_fonts(r_pr, BODY_FONT)
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    _char_spacing(normal.element.get_or_add_rPr(), CHAR_SPACING_TWIPS)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PITCH)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False  # a 公文 fills every line of the grid
    section = document.sections[0]
    _page_geometry(section)
    document.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    _font_fallbacks(document)
    document.core_properties.author = author or str(settings.get("office_name"))
    document.core_properties.language = "zh-CN"
    return document


def docx_title(document, text: str, *, size: float = TITLE_SIZE) -> None:
    """The document's title: 方正小标宋简体 二号, centred (小标宋 is heavy by itself: not bold)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _off_grid(paragraph)
    _spacing(paragraph, max(LINE_PITCH, size * 1.3))
    set_run_font(paragraph.add_run(text), TITLE_FONT, size, bold=False, spacing=0)
    return paragraph


def docx_heading(document, text: str, *, level: int = 1):
    """一、 headings in 黑体 三号, （一） headings in 楷体_GB2312 三号, indented two characters like the body."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(CHAR_PITCH * 2)
    paragraph.paragraph_format.keep_with_next = True
    set_run_font(paragraph.add_run(text), HEADING_FONT if level == 1 else SUBHEADING_FONT, BODY_SIZE, bold=False)
    return paragraph


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def docx_paragraph(document, text: str, *, bold: bool = False, align: str = "justify", size: float = BODY_SIZE,
                   font: str = BODY_FONT, indent: bool = True):
    """Body text: 仿宋_GB2312 三号, justified, the first line indented two characters."""
    paragraph = document.add_paragraph()
    paragraph.alignment = _ALIGN[align]
    body = size == BODY_SIZE
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(CHAR_PITCH * 2 if body else size * 2)
    if not body:
        _off_grid(paragraph)
        _spacing(paragraph, size * 1.5)
    set_run_font(paragraph.add_run(text), font, size, bold=bold, spacing=None if body else 0)
    return paragraph


def docx_byline(document, left: str, right: str, *, size: float = BODY_SIZE, rule: bool = True):
    """One line with ``left`` at the left edge and ``right`` at the right (编发单位 and date of a 简报), with
    the red rule of a 简报 below when ``rule``."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_AREA_MM[0]), WD_TAB_ALIGNMENT.RIGHT)
    set_run_font(paragraph.add_run(f"{left}\t{right}"), BODY_FONT, size)
    if rule:
        _rule(paragraph, "bottom", 12, RED)
        paragraph.paragraph_format.space_after = Pt(6)  # what follows keeps clear of the rule
    return paragraph


def _cell_margins(table, mm: float) -> None:
    margins = _child(table._tbl.tblPr, "tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        width = 0 if side in ("top", "bottom") else _twips(mm)
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): str(width), qn("w:type"): "dxa"}))


def docx_cell_text(cell, text, *, size: float, font: str = TABLE_FONT, bold: bool = False,
                   align: str = "left") -> None:
    """A table cell's text (lines split on newlines) in a table font, off the body grid."""
    lines = ("" if text is None else str(text)).split("\n")
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in cell.paragraphs[0]._p.r_lst:
        cell.paragraphs[0]._p.remove(run)
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = _ALIGN[align]
        _off_grid(paragraph)
        _spacing(paragraph, round(size * 1.3 * 2) / 2)
        paragraph.paragraph_format.first_line_indent = Pt(0)
        set_run_font(paragraph.add_run(line), font, size, bold=bold, spacing=0)


def docx_grid(document, widths_mm: Sequence[float]):
    """An empty bordered table of fixed columns (``widths_mm``, adding up to the 版心's 156 mm), centred,
    with narrow cell margins; fill it with `docx_add_row`."""
    table = document.add_table(rows=0, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed
    _cell_margins(table, 1.0)
    # Word reads the cells' widths, LibreOffice the grid's: the grid here, the cells in docx_add_row
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(_twips(width)))
    return table


def docx_add_row(table, values: Sequence, *, spans: Sequence[int] | None = None, size: float = SIZE_NAMES["五号"],
                 font: str | Sequence[str] = TABLE_FONT, align: str | Sequence[str] = "left", header: bool = False):
    """One row of ``values``; ``spans`` merges cells (e.g. (2, 5): a label over two columns, its text over
    five); ``font`` and ``align`` are one for all cells or one per value; ``header`` repeats the row at the
    top of every page. Returns the row's cells."""
    spans = list(spans or [1] * len(values))
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    row = table.add_row()
    if header:
        _child(row._tr.get_or_add_trPr(), "tblHeader")
    cells, start = [], 0
    for span in spans:
        cell = row.cells[start]
        if span > 1:
            cell = cell.merge(row.cells[start + span - 1])
        cell.width = Twips(sum(widths[start:start + span]))
        cells.append(cell)
        start += span
    fonts = [font] * len(values) if isinstance(font, str) else list(font)
    aligns = [align] * len(values) if isinstance(align, str) else list(align)
    for cell, value, f, a in zip(cells, values, fonts, aligns):
        docx_cell_text(cell, value, size=size, font=f, align=a)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return cells


def docx_table(document, headers: Sequence[str], rows: Sequence[Sequence], *, size: float = SIZE_NAMES["五号"],
               font: str = TABLE_FONT, widths_mm: Sequence[float] | None = None, center: Sequence[int] = ()):
    """A bordered table across the 版心 with a 黑体 header row repeated on every page; cells in 仿宋 (or
    ``font``) at a table size (五号 by default), off the body grid. ``widths_mm`` sets the columns (they
    should add up to 156 mm; equal columns without it); ``center`` lists the columns to centre."""
    widths = list(widths_mm or [TEXT_AREA_MM[0] / len(headers)] * len(headers))
    table = docx_grid(document, widths)
    docx_add_row(table, headers, size=size, font=HEADING_FONT, align="center", header=True)
    aligns = ["center" if i in center else "left" for i in range(len(headers))]
    for values in rows:
        docx_add_row(table, ["" if v is None else v for v in values], size=size, font=font, align=aligns)
    return table


# -- the parts of a numbered document (GB/T 9704-2012 §7): 版头, 主送, 署名 and 成文日期, 版记 --------------------------
RED = "C00000"  # the masthead, the red rule under it and under a 简报's byline


def text_width(text: str) -> float:
    """Width of ``text`` in body characters: a Chinese character 1, a digit or Latin letter (Times) half."""
    return _display_width(text) / 2


def _rule(paragraph, side: str, eighths: int, color: str = "000000") -> None:
    border = _child(paragraph._p.get_or_add_pPr(), "pBdr")
    border.append(border.makeelement(qn(f"w:{side}"), {qn("w:val"): "single", qn("w:sz"): str(eighths),
                                                        qn("w:space"): "1", qn("w:color"): color}))


def docx_masthead(document, organ: str, number: str):
    """The 版头 of a 下行文: the 发文机关标志 (``organ``, red 方正小标宋, centred, 35 mm below the top of the 版心, as
    large as fits up to 小初), the 发文字号 centred two lines below it, and the red rule 4 mm under the 文号."""
    size = min(36.0, float(int(TEXT_AREA_MM[0] * 72 / 25.4 / max(len(organ), 1))))
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _off_grid(mark)
    _spacing(mark, size * 1.2)
    mark.paragraph_format.space_before = Mm(35) - Pt(size * 0.1)
    run = mark.add_run(organ)
    set_run_font(run, TITLE_FONT, size, bold=False, spacing=0)
    from docx.shared import RGBColor
    run.font.color.rgb = RGBColor.from_string(RED)
    line = document.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.paragraph_format.space_before = Pt(LINE_PITCH * 2)
    set_run_font(line.add_run(number), BODY_FONT, BODY_SIZE, spacing=0)
    _rule(line, "bottom", 18, RED)  # 2.25 pt, "与版心等宽的红色分隔线"
    line.paragraph_format.space_after = Pt(LINE_PITCH * 2)  # two lines down to the title
    return line


def docx_lead(document, lead: str, text: str = "", *, indent: bool = True):
    """A body paragraph whose opening words (一、落实整改责任。) are 黑体 and the rest 仿宋_GB2312; ``indent=False``
    for the 主送 line (顶格)."""
    paragraph = docx_paragraph(document, lead, font=HEADING_FONT if text else BODY_FONT, indent=indent)
    if text:
        set_run_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
    return paragraph


def docx_signoff(document, organ: str, dated: str):
    """署名 and 成文日期 of a document without a seal (§7.3.5.2): one blank line below the text, the organ 右空二字,
    the date on the next line starting two characters right of the organ's first (or, when the date is the
    longer, the date 右空二字 and the organ moved left to keep the two characters)."""
    organ_w, date_w = text_width(organ), text_width(dated)
    if organ_w - date_w >= 2:  # the usual case: the organ 右空二字, the date's first character 2 right of the organ's
        organ_right, date_right = 2.0, organ_w - date_w
    else:                      # the date 右空二字, the organ moved left to keep the 2 characters
        organ_right, date_right = date_w + 4 - organ_w, 2.0
    document.add_paragraph()
    out = []
    for text, right in ((organ, organ_right), (dated, date_right)):
        paragraph = docx_paragraph(document, text, align="right", indent=False)
        paragraph.paragraph_format.right_indent = Pt(CHAR_PITCH * right)
        out.append(paragraph)
    return out


def docx_imprint(document, copies: str | None, printer: str, printed: str):
    """The 版记 (§7.4): 抄送 (when ``copies``) and the 印发机关 at the left with the 印发日期 at the right, 四号
    仿宋, one character in from each side, between a thick rule above, a thin rule between and a thick rule
    below. It follows the text (a blank line above it); a clerk moves it to the foot of the last page."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    size = SIZE_NAMES["四号"]
    document.add_paragraph()
    lines = []
    if copies:
        lines.append(f"抄送：{copies}。")
    lines.append(f"{printer}\t{printed}印发")
    out = []
    for i, text in enumerate(lines):
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(size)
        fmt.first_line_indent = Pt(0)
        _off_grid(paragraph)
        _spacing(paragraph, size * 1.8)
        if "\t" in text:
            fmt.tab_stops.add_tab_stop(Mm(TEXT_AREA_MM[0]) - Pt(size * 2), WD_TAB_ALIGNMENT.RIGHT)
        set_run_font(paragraph.add_run(text), BODY_FONT, size, spacing=0)
        if i == 0:
            _rule(paragraph, "top", 8)       # 0.35 mm 粗线
        if i == len(lines) - 1:
            _rule(paragraph, "bottom", 8)
        if i < len(lines) - 1:
            _rule(paragraph, "bottom", 4)    # 0.25 mm 细线
        out.append(paragraph)
    return out


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
