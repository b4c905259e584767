"""From rows of cells to validated values: the header row found by its names, every data row checked, and
the limits that keep a big junk file cheap to refuse.

Limits (settings, read into ``Limits.configured()``): a file over ``import_max_mb`` is refused before it is
read; reading stops, and the file is refused, at the first data row past ``import_max_rows``; the error table
stops growing at ``import_max_errors`` (a note row says checking stopped there). So a 1,000,000-row junk file
is answered after at most a cap's worth of rows, in bounded memory, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

import pandas as pd

from dashboard.ingest.files import Formula, ImportFileError, open_sheet
from dashboard.ingest.values import (Field, control_characters, is_blank, normalize_header, parse_value,
                                     printable, show_value)

__all__ = ["ERROR_COLUMNS", "HEADER_SCAN_ROWS", "EXCEL_MAX_ROWS", "RECOUNT_AFTER", "EXCEL_ERRORS", "Limits",
           "ParseResult", "error_frame", "size_refusal", "match_headers", "duplicate_headers", "find_header",
           "parse_rows", "parse_file", "errors_text", "errors_csv"]

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

    @property
    def ok(self) -> bool:
        return self.errors.empty

    def frame(self, fields: Sequence[Field]) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=[f.key for f in fields])


def error_frame(errors: Sequence[tuple[Any, str, Any, str]] = ()) -> pd.DataFrame:
    return pd.DataFrame(list(errors), columns=list(ERROR_COLUMNS), dtype=object)


# -- header -----------------------------------------------------------------------------------------------
def _header_names(spec: Field) -> set[str]:
    return {normalize_header(spec.header), *(normalize_header(a) for a in spec.aliases)}


def _names(fields: Sequence[Field]) -> dict[str, Field]:
    """Every header a field answers to (normalized) -> the field; the first field wins a shared name."""
    names: dict[str, Field] = {}
    for spec in fields:
        for name in _header_names(spec):
            names.setdefault(name, spec)
    return names


def _field_of(cell: Any, names: dict[str, Field]) -> Field | None:
    if is_blank(cell) or isinstance(cell, Formula):
        return None
    return names.get(normalize_header(cell))


def match_headers(row: Sequence[Any], fields: Sequence[Field]) -> dict[str, int]:
    """field key -> column index for the cells of ``row`` that name a field (first match wins)."""
    names = _names(fields)
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        spec = _field_of(cell, names)
        if spec is not None and spec.key not in found:
            found[spec.key] = index
    return found


def duplicate_headers(row: Sequence[Any], fields: Sequence[Field]) -> dict[str, list[int]]:
    """field key -> every column index naming it, for the fields ``row`` names more than once."""
    names = _names(fields)
    seen: dict[str, list[int]] = {}
    for index, cell in enumerate(row):
        spec = _field_of(cell, names)
        if spec is not None:
            seen.setdefault(spec.key, []).append(index)
    return {key: indexes for key, indexes in seen.items() if len(indexes) > 1}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def find_header(rows: Sequence[Sequence[Any]], fields: Sequence[Field]) -> tuple[int, dict[str, int]]:
    """The index of the header row among the first rows and its column mapping.

    The header is the row naming the most fields; title and blank rows above it are skipped. Two columns
    naming the same field (two 隐患描述, or 隐患描述 and its alias 隐患内容) refuse the file: one of them
    would otherwise be dropped without a word.
    """
    best_index, best = -1, {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = match_headers(row, fields)
        if len(found) > len(best):
            best_index, best = index, found
    required = [f for f in fields if f.required]
    if len(best) < min(2, len(fields)):
        raise ImportFileError(
            f"找不到表头行：前{HEADER_SCAN_ROWS}行中没有一行包含足够的列名。请使用导入模板，表头应包含："
            + "、".join(f.header for f in required or fields)
        )
    doubled = duplicate_headers(rows[best_index], fields)
    if doubled:
        by_key = {f.key: f for f in fields}
        parts = ["、".join(f"第{_column_letter(i)}列“{show_value(rows[best_index][i], 20)}”" for i in indexes)
                 + f"都是“{by_key[key].header}”" for key, indexes in doubled.items()]
        raise ImportFileError(f"表头（第{best_index + 1}行）中有多列对应同一项：{'；'.join(parts)}。"
                              "请删除或改名多余的列（否则其中一列的内容会被漏掉），再导入。")
    missing = [f.header for f in required if f.key not in best]
    if missing:
        raise ImportFileError(f"表头（第{best_index + 1}行）缺少必填列：{'、'.join(missing)}。请对照导入模板修改列名。")
    return best_index, best


# -- rows -------------------------------------------------------------------------------------------------
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!")


def _cell_problem(spec: Field, raw: Any) -> str | None:
    """Why a non-blank cell cannot be taken before its value is parsed (formula, error value, control
    characters, length)."""
    if isinstance(raw, Formula):
        return "单元格是公式，请先“选择性粘贴→数值”后再导入"
    if isinstance(raw, str):
        if raw.strip().upper() in EXCEL_ERRORS:
            return f"单元格是 Excel 错误值（{raw.strip()}），请先修正该单元格（如公式引用或超出范围的日期）再导入"
        controls = control_characters(raw)
        if controls:
            return (f"含有不可见的控制字符（{'、'.join(controls[:3])}），可能是文件损坏或从其他系统复制时带入；"
                    "请删除这些字符后再导入")
        if len(raw) > spec.max_len:
            return f"内容过长（{len(raw)}字），最多{spec.max_len}字"
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
) -> ParseResult:
    """Validate every data row below the header, reading ``rows`` one at a time.

    ``row_check(values)`` returns (column header, reason) pairs for cross-field rules;
    ``key(values)`` identifies a row, so a second row with the same key is reported as a duplicate.
    Row numbers are the file's own (1-based, as Excel shows them). ``total`` (rows in the file, when known)
    drives the progress fraction. Past ``limits.max_rows`` data rows an ImportFileError is raised; at
    ``limits.max_errors`` errors checking stops. ``over_cap()`` (a cheap count of the whole file) is asked
    once ``RECOUNT_AFTER`` rows were read: True refuses the file then, instead of after validating a cap's worth
    of rows; junk stops at the error cap before it is ever asked.
    """
    limits = limits or Limits.configured()
    if isinstance(rows, Sequence):
        total = len(rows)
    stream = iter(rows)
    head = list(islice(stream, HEADER_SCAN_ROWS))
    if not any(not is_blank(v) for row in head for v in row) and next(stream, None) is None:
        raise ImportFileError("文件是空的（第一个工作表没有任何内容）。请把清单放在第一个工作表中。")
    header_index, columns = find_header(head, fields)
    by_key = {f.key: f for f in fields}
    errors: list[tuple[Any, str, Any, str]] = []
    clean_rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    seen: dict[Any, int] = {}
    body = chain(head[header_index + 1:], stream)
    expected = max(1, (total or 0) - header_index - 1)
    step = max(1, expected // 50) if total else 1000
    filled = 0
    offset = -1
    for offset, row in enumerate(body):
        row_no = header_index + 2 + offset
        if progress and offset % step == 0:
            shown = f"（共约 {header_index + 1 + expected:,} 行）" if total else ""
            progress(min(offset / expected, 0.99) if total else 0.0, f"正在检查第 {row_no:,} 行{shown}")
        if offset == RECOUNT_AFTER and over_cap is not None and over_cap():
            raise ImportFileError(_row_cap_refusal(limits))
        if all(is_blank(v) for v in row):
            if offset >= limits.max_rows + EXCEL_MAX_ROWS:
                raise ImportFileError(_row_cap_refusal(limits))
            continue
        filled += 1
        if filled > limits.max_rows:
            raise ImportFileError(_row_cap_refusal(limits))
        cells = {k: (row[i] if i < len(row) else None) for k, i in columns.items()}
        values: dict[str, Any] = {}
        row_errors = []
        for spec_key, raw in cells.items():
            spec = by_key[spec_key]
            if is_blank(raw):
                if spec.required:
                    row_errors.append((row_no, spec.header, "", "必填项为空"))
                values[spec_key] = None
                continue
            problem = _cell_problem(spec, raw)
            if problem:
                row_errors.append((row_no, spec.header, show_value(raw.text if isinstance(raw, Formula) else raw),
                                   problem))
                continue
            try:
                values[spec_key] = parse_value(spec, raw)
            except (ValueError, OverflowError, TypeError) as exc:
                reason = str(exc) if isinstance(exc, ValueError) and str(exc) else "无法识别的值"
                row_errors.append((row_no, spec.header, show_value(raw), reason))
        for spec in fields:
            values.setdefault(spec.key, None)
        if not row_errors and row_check:
            row_errors.extend((row_no, column, show_value(_raw_for(column, fields, cells)), reason)
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
                break
            continue
        clean_rows.append(values)
        numbers.append(row_no)
    if progress:
        progress(1.0, f"已检查 {offset + 1:,} 行")
    if not clean_rows and not errors:
        errors.append(("", "", "", "表头下没有数据行"))
    header_row = head[header_index]
    return ParseResult(
        rows=clean_rows, row_numbers=numbers, errors=error_frame(errors), header_row=header_index + 1,
        columns={k: str(header_row[i]) for k, i in columns.items()},
    )


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
        sheet = open_sheet(data, file_name)
        most = limits.max_rows + HEADER_SCAN_ROWS  # data rows, plus a header and title rows above it

        def over_cap() -> bool:  # asked only when the file says it may be over the cap
            filled, scanned = sheet.count(most)
            return filled > most or scanned > most + EXCEL_MAX_ROWS

        maybe_over = bool(sheet.estimated_rows and sheet.estimated_rows > most)
        return parse_rows(sheet.rows, fields, total=sheet.estimated_rows, limits=limits,
                          over_cap=over_cap if maybe_over else None, **kwargs)
    except ImportFileError as exc:
        return ParseResult(rows=[], row_numbers=[], errors=error_frame([("", "", file_name, str(exc))]))


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
