"""From rows of cells to validated values: the header row found by its names, every data row checked, and
the limits that keep a big junk file cheap to refuse.

Limits (settings, read into ``Limits.configured()``): a file over ``import_max_mb`` is refused before it is
read; reading stops, and the file is refused, at the first data row past ``import_max_rows``; the error table
stops growing at ``import_max_errors`` (a note row says checking stopped there). So a 1,000,000-row junk file
is answered after at most a cap's worth of rows, in bounded memory, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

import pandas as pd

from dashboard.ingest.files import FAST_MAX_ROWS, Formula, ImportFileError, open_sheet
from dashboard.ingest.headers import HOW_IGNORED, Column, Layout, read_layout
from dashboard.ingest.values import (DATE, Field, PartialDate, control_characters, is_blank, normalize_header,
                                     normalize_text, parse_value, printable, show_value)

__all__ = ["ERROR_COLUMNS", "HEADER_SCAN_ROWS", "EXCEL_MAX_ROWS", "RECOUNT_AFTER", "EXCEL_ERRORS", "Limits",
           "ParseResult", "error_frame", "size_refusal", "find_header",
           "parse_rows", "parse_file", "errors_text", "errors_csv", "layout_of", "footer_reason", "FOOTER_WORDS",
           "context_year", "CHUNK_ROWS", "FIRST_CHUNK_ROWS", "HeaderError", "column_letter"]

ERROR_COLUMNS = ("行号", "列", "值", "原因")
HEADER_SCAN_ROWS = 30
EXCEL_MAX_ROWS = 1_048_576  # blank rows beyond the row cap are read up to a sheet's full height, then refused
RECOUNT_AFTER = 2_000  # rows read before a file that says it is over the cap is counted (junk stops sooner)


@dataclass(frozen=True)
class Limits:
    """How much of a file an import reads: bytes, data rows, errors kept (see the module docstring)."""

    max_mb: float = 20
    max_rows: int = 200_000
    max_errors: int = 1000

    @classmethod
    def configured(cls) -> Limits:
        from dashboard import settings

        return cls(float(settings.get("import_max_mb")), int(settings.get("import_max_rows")),
                   int(settings.get("import_max_errors")))

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)


def size_refusal(size: int, limits: Limits | None = None) -> str | None:
    """The refusal for a file of ``size`` bytes, or None when it is within the upload limit."""
    limits = limits or Limits.configured()
    if size <= limits.max_bytes:
        return None
    return (f"文件大小 {size / 1024 / 1024:.1f} MB，超过导入上限 {limits.max_mb:g} MB（设置 import_max_mb），未读取。"
            "请删除多余的内容（如图片、空行、其他工作表），或分成几个文件导入。")


def _row_cap_refusal(limits: Limits) -> str:
    return (f"文件超过 {limits.max_rows:,} 行（单次导入上限，设置 import_max_rows），已停止读取，没有导入任何内容。"
            "请分成几个文件导入，或删除多余的行（含大量空行）后再导入。")


@dataclass
class ParseResult:
    """Clean values (one dict per accepted data row), the file's row number of each, and the errors."""

    rows: list[dict[str, Any]]
    row_numbers: list[int]
    errors: pd.DataFrame
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field key -> header as found in the file
    layout: Layout | None = None  # how every column was read (headers.Layout)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, why): footer lines
    fixed: dict[str, Any] = field(default_factory=dict)  # field key -> value given for the whole file

    @property
    def ok(self) -> bool:
        return self.errors.empty

    def frame(self, fields: Sequence[Field]) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=[f.key for f in fields])


def error_frame(errors: Sequence[tuple[Any, str, Any, str]] = ()) -> pd.DataFrame:
    return pd.DataFrame(list(errors), columns=list(ERROR_COLUMNS), dtype=object)


# -- header (headers.read_layout reads it; here its refusals) ------------------------------------------------
def column_letter(index: int) -> str:
    """Excel's name of a 0-based column (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class HeaderError(ImportFileError):
    """A header that was found but cannot be used as it is; ``layout`` says how each column was read, so the
    preview can show it and offer a dropdown for the column that needs a hand."""

    def __init__(self, message: str, layout: Layout) -> None:
        super().__init__(message)
        self.layout = layout


def find_header(rows: Sequence[Sequence[Any]], fields: Sequence[Field]) -> tuple[int, dict[str, int]]:
    """The index of the header row among the first rows and its column mapping (``headers.read_layout``;
    refusals as ``layout_of``)."""
    layout = layout_of(rows, fields)
    return layout.header_index, layout.mapped()


def layout_of(rows: Sequence[Sequence[Any]], fields: Sequence[Field], mapping=None,
              supplied: Iterable[str] = (), hints: Mapping[str, str] | None = None) -> Layout:
    """The header among the first rows (``headers.read_layout``), refused in Chinese when none is found, when
    two columns fill one field, or when a required field has no column and is not ``supplied`` otherwise
    (``hints``: field key -> what to do instead, e.g. choose it at upload)."""
    return _checked(read_layout(rows[:HEADER_SCAN_ROWS], fields, mapping), fields, supplied, hints)


def _checked(layout: Layout | None, fields: Sequence[Field], supplied: Iterable[str] = (),
             hints: Mapping[str, str] | None = None) -> Layout:
    """``layout_of``'s refusals, for a layout already read."""
    required = [f for f in fields if f.required]
    if layout is None:
        raise ImportFileError(
            f"找不到表头行：前{HEADER_SCAN_ROWS}行中没有一行包含足够的列名。请使用导入模板，表头应包含："
            + "、".join(f.header for f in required or fields)
        )
    by_key = {f.key: f for f in fields}
    seen: dict[str, list[Column]] = {}
    for column in layout.columns:
        if column.key is not None:
            seen.setdefault(column.key, []).append(column)
    doubled = {key: found for key, found in seen.items() if len(found) > 1}
    row_no = layout.header_index + 1
    if doubled:
        parts = ["、".join(f"第{column_letter(c.index)}列“{show_value(c.header, 20)}”" for c in found)
                 + f"都是“{by_key[key].header}”" for key, found in doubled.items()]
        raise HeaderError(f"表头（第{row_no}行）中有多列对应同一项：{'；'.join(parts)}。"
                          "请删除或改名多余的列（否则其中一列的内容会被漏掉），再导入。", layout)
    supplied = set(supplied)
    missing = [f for f in required if f.key not in seen and f.key not in supplied]
    if missing:
        extra = "".join(f"{(hints or {}).get(f.key)}" for f in missing if (hints or {}).get(f.key))
        raise HeaderError(f"表头（第{row_no}行）缺少必填列：{'、'.join(f.header for f in missing)}。"
                          + (extra or "请对照导入模板修改列名。"), layout)
    return layout


# -- rows -------------------------------------------------------------------------------------------------
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!")
# A row whose first filled cell starts with one of these is the table's foot (totals, who filled it in), not a
# record: skipped and listed, never an error. "注：" / "说明：" lines under the table likewise.
FOOTER_WORDS = ("合计", "总计", "小计", "共计", "填表人", "填报人", "审核人", "审核", "制表", "制表人", "制表日期", "填表日期",
                "填报日期", "填报单位", "负责人", "单位负责人", "主要负责人", "分管领导", "联系人", "注", "说明", "备注")
_FOOTER = re.compile(r"^(?:" + "|".join(sorted(FOOTER_WORDS, key=len, reverse=True)) + r")(?:[:：\s]|$)")
_FOOTER_TOTAL = re.compile(r"^(?:合计|总计|小计|共计)")
CHUNK_ROWS = 5000
FIRST_CHUNK_ROWS = 64
_CACHE_MAX = 200_000


def footer_reason(row: Sequence[Any]) -> str | None:
    """Why a row is the table's foot (合计 / 填表人 / 审核人 / 制表 / 注：…), or None for a record."""
    first = next((v for v in row if not is_blank(v)), None)
    if not isinstance(first, str):
        return None
    text = normalize_header(first)
    if _FOOTER_TOTAL.match(text) or _FOOTER.match(text):
        return f"表尾行（{show_value(first.strip(), 20)}），已跳过"
    return None


def _heading_text(row: Sequence[Any]) -> str | None:
    """The text of a heading line (nothing but one text cell: a merged heading across the table), or None."""
    filled = [v for v in row if not is_blank(v)]
    return filled[0] if len(filled) == 1 and isinstance(filled[0], str) else None


def _cell_problem(spec: Field, raw: Any) -> str | None:
    """Why a non-blank cell cannot be taken before its value is parsed (formula, error value, control
    characters, length)."""
    if isinstance(raw, Formula):
        return "单元格是公式，请先“选择性粘贴→数值”后再导入"
    if isinstance(raw, str):
        if "#" in raw[:8] and raw.strip().upper() in EXCEL_ERRORS:
            return f"单元格是 Excel 错误值（{raw.strip()}），请先修正该单元格（如公式引用或超出范围的日期）再导入"
        controls = control_characters(raw) if _ANY_CONTROL.search(raw) else None
        if controls:
            return (f"含有不可见的控制字符（{'、'.join(controls[:3])}），可能是文件损坏或从其他系统复制时带入；"
                    "请删除这些字符后再导入")
        if len(raw) > spec.max_len:
            return f"内容过长（{len(raw)}字），最多{spec.max_len}字"
    return None


_BLANK = ("b",)
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # values._CONTROL: the quick test first


def _read_cell(spec: Field, raw: Any) -> tuple:
    """One cell for ``spec``: ("b",) blank, ("v", value) or ("e", shown value, reason)."""
    if is_blank(raw):
        return _BLANK
    problem = _cell_problem(spec, raw)
    if problem:
        return ("e", show_value(raw.text if isinstance(raw, Formula) else raw), problem)
    try:
        return ("v", parse_value(spec, raw))
    except (ValueError, OverflowError, TypeError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) and str(exc) else "无法识别的值"
        return ("e", show_value(raw), reason)


def _read_column(spec: Field, cells: Sequence[Any], cache: dict) -> list[tuple]:
    """Every cell of one column of a chunk, each distinct value parsed once (a list repeats its county, sector,
    level, dates and people thousands of times)."""
    if len(cache) > _CACHE_MAX:
        cache.clear()
    out = []
    append = out.append
    get = cache.get
    for raw in cells:
        if raw is None:
            append(_BLANK)
            continue
        ident = (raw.__class__, raw)
        try:
            found = get(ident)
        except TypeError:  # unhashable: parse it as it is
            append(_read_cell(spec, raw))
            continue
        if found is None:
            found = cache[ident] = _read_cell(spec, raw)
        append(found)
    return out


def context_year(lines: Sequence[str]) -> int | None:
    """The year the rows above the header name (“2021年…隐患清单”, “填报日期：2021年5月6日”), if any."""
    for line in lines:
        match = re.search(r"(20\d{2})\s*(?:年|[-/.]\d)", normalize_text(line))
        if match:
            return int(match.group(1))
    return None


def parse_rows(
    rows: Iterable[Sequence[Any]],
    fields: Sequence[Field],
    *,
    row_check: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None,
    key: Callable[[dict[str, Any]], Any] | None = None,
    progress: Callable[[float, str], None] | None = None,
    total: int | None = None,
    limits: Limits | None = None,
    over_cap: Callable[[], bool] | None = None,
    mapping: Mapping[str, str | None] | Callable[[Layout], Mapping[str, str | None] | None] | None = None,
    fixed: Mapping[str, Any] | Callable[[Layout], Mapping[str, Any]] | None = None,
    infer: Callable[[dict[str, Any], dict[str, Any]], list[tuple[str, str]]] | None = None,
    hints: Mapping[str, str] | None = None,
) -> ParseResult:
    """Validate every data row below the header, reading ``rows`` a chunk at a time, column by column.

    ``mapping`` (file header -> field header, or None to ignore) overrides how columns are matched (see
    ``headers``). ``fixed`` (or ``fixed(layout)``) gives raw values for fields the file has no column for, or
    leaves blank (chosen at upload, read from the title): they are parsed like cells. ``infer(values, raw)``
    fills what a rule can tell (and may return (field key, reason) problems) before ``row_check(values)``
    returns (column header, reason) pairs for cross-field rules; ``key(values)`` identifies a row, so a second
    row with the same key is reported as a duplicate. Footer lines (合计, 填表人, …) are skipped and listed in
    ``skipped``; so are rows with nothing but a 序号. A blank cell of a ``carry`` field takes the value above
    it (merged down); a line with nothing but one text, when a ``heading`` field is read, is that field's value
    for the rows below it (listed in ``skipped``). Row numbers are the file's own (1-based, as Excel shows
    them). ``total`` (rows in the file, when known) drives the progress fraction. Past ``limits.max_rows``
    data rows an ImportFileError is raised; at ``limits.max_errors`` errors checking stops. ``over_cap()`` (a
    cheap count of the whole file) is asked once ``RECOUNT_AFTER`` rows were read: True refuses the file then,
    instead of after validating a cap's worth of rows; junk stops at the error cap before it is ever asked.
    """
    limits = limits or Limits.configured()
    if isinstance(rows, Sequence):
        total = len(rows)
    stream = iter(rows)
    head = list(islice(stream, HEADER_SCAN_ROWS))
    if not any(not is_blank(v) for row in head for v in row) and next(stream, None) is None:
        raise ImportFileError("文件是空的（第一个工作表没有任何内容）。请把清单放在第一个工作表中。")
    by_key = {f.key: f for f in fields}
    read = None
    if callable(mapping):  # asked with the layout read without one (e.g. a mapping remembered for it)
        read = read_layout(head, fields)
        mapping = mapping(read) if read is not None else None
    if mapping or read is None:  # the header is read once more only when a mapping changes how
        read = read_layout(head, fields, mapping)
    given = dict((fixed(read) if read is not None else {}) if callable(fixed) else (fixed or {}))
    given = {k: v for k, v in given.items() if k in by_key and not is_blank(v)}
    layout = _checked(read, fields, supplied=given, hints=hints)
    header_index = layout.header_index
    columns = layout.mapped()
    year = context_year(layout.above)
    fixed_values = {}
    for spec_key, raw in given.items():
        state = _read_cell(by_key[spec_key], raw)
        if state[0] == "e":
            raise ImportFileError(f"导入时指定的“{by_key[spec_key].header}”（{state[1]}）无法使用：{state[2]}")
        fixed_values[spec_key] = state[1]
    serial = {c.index for c in layout.columns if c.how == HOW_IGNORED}
    order = [k for k in columns] + [k for k in fixed_values if k not in columns]
    if any(f.heading and f.key not in order for f in fields):
        order.append(next(f.key for f in fields if f.heading))
    unset = [f.key for f in fields if f.key not in order]
    partial_fields = [f for f in fields if f.kind == DATE and f.year_from is not None and f.key in order]
    errors: list[tuple[Any, str, Any, str]] = []
    clean_rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    skipped: list[tuple[int, str]] = []
    seen: dict[Any, int] = {}
    carried: dict[str, Any] = {}  # the last value of each ``carry`` column, for the blank cells below it
    heading = next((f for f in fields if f.heading), None)  # with or without a column of its own
    caches: dict[str, dict] = {k: {} for k in columns}
    body = chain(head[header_index + 1:], stream)
    expected = max(1, (total or 0) - header_index - 1)
    filled = 0
    offset = -1
    stopped = False
    chunk: list[tuple[int, Sequence[Any]]] = []
    # small chunks first (a junk file stops near the error cap having read little more), then about 50
    # progress steps a file, at most CHUNK_ROWS rows at a time
    target = max(20, min(CHUNK_ROWS, expected // 50)) if total else CHUNK_ROWS
    chunk_rows = min(FIRST_CHUNK_ROWS, target)
    if progress:
        progress(0.0, "正在检查……")

    def check_chunk() -> bool:
        """Validate the rows of ``chunk``; False once the error cap is reached."""
        width = max(len(r) for _, r in chunk)
        grid = [r if len(r) == width else list(r) + [None] * (width - len(r)) for _, r in chunk]
        transposed = list(zip(*grid))  # the chunk column by column, in one C-level pass
        read = {k: _read_column(by_key[k], transposed[i] if i < width else [None] * len(chunk), caches[k])
                for k, i in columns.items()}
        blank_values = dict.fromkeys(unset)
        plan = [(k, by_key[k].required, by_key[k].header, read.get(k), columns.get(k), k in fixed_values,
                 fixed_values.get(k), by_key[k].heading or (by_key[k].carry and k in columns)) for k in order]
        for j, (row_no, row) in enumerate(chunk):
            values: dict[str, Any] = blank_values.copy()
            raw_cells: dict[str, Any] = {}
            row_errors = []
            width = len(row)
            for spec_key, required, header, column, index, has_fixed, fixed_value, carries in plan:
                state = column[j] if column is not None else _BLANK
                if index is not None:
                    raw_cells[spec_key] = row[index] if index < width else None
                kind = state[0]
                if kind == "v":
                    values[spec_key] = state[1]
                    if carries:
                        carried[spec_key] = state[1]
                elif kind == "b":
                    if carries and spec_key in carried:  # under a cell merged down: the value above
                        values[spec_key] = carried[spec_key]
                        continue
                    if has_fixed:
                        values[spec_key] = fixed_value
                        continue
                    if required:
                        row_errors.append((row_no, header, "", "必填项为空"))
                    values[spec_key] = None
                else:
                    row_errors.append((row_no, header, state[1], state[2]))
            if not row_errors and partial_fields:
                row_errors.extend((row_no, by_key[k].header, show_value(raw_cells.get(k)), reason)
                                  for k, reason in _complete_dates(values, partial_fields, year))
            if not row_errors and infer:
                row_errors.extend((row_no, by_key[k].header if k in by_key else k, show_value(raw_cells.get(k)), reason)
                                  for k, reason in infer(values, raw_cells))
            if not row_errors and row_check:
                row_errors.extend((row_no, column, show_value(_raw_for(column, fields, raw_cells)), reason)
                                  for column, reason in row_check(values))
            if not row_errors and key:
                ident = key(values)
                if ident in seen:
                    row_errors.append((row_no, "整行", "", f"与第{seen[ident]}行重复"))
                else:
                    seen[ident] = row_no
            if row_errors:
                errors.extend(row_errors)
                if len(errors) >= limits.max_errors:
                    del errors[limits.max_errors:]
                    errors.append(("", "", "", f"问题已达 {limits.max_errors:,} 处（上限，设置 import_max_errors），"
                                               f"第 {row_no:,} 行之后未再检查。请先修改以上问题，再重新导入。"))
                    return False
                continue
            clean_rows.append(values)
            numbers.append(row_no)
        return True

    for offset, row in enumerate(body):
        row_no = header_index + 2 + offset
        if offset == RECOUNT_AFTER and over_cap is not None and over_cap():
            raise ImportFileError(_row_cap_refusal(limits))
        if all(is_blank(v) or (i in serial and isinstance(v, (int, float))) for i, v in enumerate(row)):
            if offset >= limits.max_rows + EXCEL_MAX_ROWS:
                raise ImportFileError(_row_cap_refusal(limits))
            continue
        footer = footer_reason(row)
        if footer:
            skipped.append((row_no, footer))
            continue
        text = _heading_text(row) if heading is not None else None
        if text is not None:  # a heading line: the value of ``heading`` for the rows below it
            if chunk and not check_chunk():  # the rows above it are read with the heading before it
                stopped = True
                break
            chunk = []
            state = _read_cell(heading, text)
            if state[0] == "e":
                errors.append((row_no, heading.header, state[1], state[2]))
            else:
                carried[heading.key] = state[1]
                skipped.append((row_no, f"分组标题行（{show_value(text, 20)}），其下各行的{heading.header}"))
            continue
        filled += 1
        if filled > limits.max_rows:
            raise ImportFileError(_row_cap_refusal(limits))
        chunk.append((row_no, row))
        if len(chunk) >= chunk_rows:
            if progress:
                shown = f"（共约 {header_index + 1 + expected:,} 行）" if total else ""
                progress(min(offset / expected, 0.99) if total else 0.0, f"正在检查第 {row_no:,} 行{shown}")
            if not check_chunk():
                stopped = True
                break
            chunk = []
            chunk_rows = min(target, chunk_rows * 2)
    if chunk and not stopped:
        check_chunk()
    if progress:
        progress(1.0, f"已检查 {offset + 1:,} 行")
    if not clean_rows and not errors:
        errors.append(("", "", "", "表头下没有数据行"))
    return ParseResult(
        rows=clean_rows, row_numbers=numbers, errors=error_frame(errors), header_row=header_index + 1,
        columns={c.key: c.header for c in layout.columns if c.key is not None},
        layout=layout, skipped=skipped, fixed=fixed_values,
    )


def _complete_dates(values: dict[str, Any], fields: Sequence[Field], year: int | None) -> list[tuple[str, str]]:
    """Dates typed without a year (``PartialDate``): the first such day on or after the row's ``year_from``
    date (a deadline is set on the day of the find), else in the year the title names; refused otherwise."""
    problems = []
    for spec in fields:
        value = values.get(spec.key)
        if not isinstance(value, PartialDate):
            continue
        anchor = values.get(spec.year_from) if spec.year_from else None
        try:
            if isinstance(anchor, date):
                values[spec.key] = value.on_or_after(anchor)
            elif year is not None:
                values[spec.key] = value.in_year(year)
            else:
                problems.append((spec.key, "日期缺少年份，请写成 2021年5月28日 这样的完整日期"))
        except ValueError as exc:
            problems.append((spec.key, str(exc)))
    return problems


def _raw_for(header: str, fields: Sequence[Field], cells: dict[str, Any]) -> Any:
    for spec in fields:
        if spec.header == header:
            return cells.get(spec.key)
    return None


def parse_file(
    data: bytes,
    file_name: str,
    fields: Sequence[Field],
    *,
    limits: Limits | None = None,
    **kwargs: Any,
) -> ParseResult:
    """Read and validate a whole file, streamed; a file-level problem (format, size, row cap, header)
    becomes a single error row whose 值 is the file name."""
    limits = limits or Limits.configured()
    try:
        refusal = size_refusal(len(data), limits)
        if refusal:
            raise ImportFileError(refusal)
        most = limits.max_rows + HEADER_SCAN_ROWS  # data rows, plus a header and title rows above it
        # calamine reads a sheet whole: one over the cap (with room for footers and spacer rows) is streamed instead
        sheet = open_sheet(data, file_name, fast_max_rows=min(FAST_MAX_ROWS, most + 1000))

        def over_cap() -> bool:  # asked only when the file says it may be over the cap
            filled, scanned = sheet.count(most)
            return filled > most or scanned > most + EXCEL_MAX_ROWS

        maybe_over = bool(sheet.estimated_rows and sheet.estimated_rows > most)
        return parse_rows(sheet.rows, fields, total=sheet.estimated_rows, limits=limits,
                          over_cap=over_cap if maybe_over else None, **kwargs)
    except ImportFileError as exc:
        return ParseResult(rows=[], row_numbers=[], errors=error_frame([("", "", file_name, str(exc))]),
                           layout=getattr(exc, "layout", None))


def errors_text(errors: pd.DataFrame) -> str:
    """The error table as tab-separated lines for a terminal (the CLI): every cell through ``printable``, so a
    refused cell holding escape codes cannot recolour, move or retitle the administrator's terminal."""
    return errors.map(lambda v: " ".join(printable("" if v is None else v).split("\t")).replace("\n", " ")).to_csv(
        index=False, sep="\t")


def errors_csv(errors: pd.DataFrame) -> bytes:
    """The error table as CSV with BOM (Excel opens it as Chinese); a refused cell such as
    ``=HYPERLINK(...)`` is neutralised like every other download (``export.neutralise``)."""
    from dashboard import export

    return export.neutral_frame(errors).to_csv(index=False, lineterminator=export.CSV_LINE_END).encode("utf-8-sig")
