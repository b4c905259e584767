"""Spreadsheet import machinery: file -> validated rows + row errors, and import templates.

General on purpose (hazard lists, duty rosters, ...): a caller describes its columns as `Field`s and gets
back clean values or a table of errors (行号 / 列 / 值 / 原因, in Chinese). Nothing here knows a domain.

What people send and what is accepted:
- .xlsx (openpyxl), .xls (xlrd), .csv in UTF-8 (with or without BOM) or GBK/GB18030 (python-calamine was
  measured: about 3.7× faster on 20,000 rows, but it gives a formula's cached value, blank in files whose
  writer did not compute it, where we must refuse the formula, and it cannot read BIFF2 .xls; not used);
- a title row, notes or blank rows above the header (the header row is found by its names);
- headers by name, with the usual variants (``aliases``), full-width characters, extra spaces, a trailing
  ``*`` or ``（必填）``; columns in any order, unknown columns ignored;
- dates typed as 2021-04-14, 2021/4/14, 2021年4月14日, 2021.4.14, 20210414, Excel serial numbers or real
  Excel dates; full-width digits and spaces everywhere (NFKC);
- enumerations exactly or by an alias; numbers with a trailing unit (1.5万元).
Formulas are refused (their value may be stale or missing in a file written by another program): the
row error asks for values. Blank rows are skipped; an entirely empty file is one error.

Reuse (e.g. a duty-roster import)::

    FIELDS = [Field("unit", "单位", ENUM, required=True, choices=unit_names, choice_aliases=aliases),
              Field("duty_date", "值班日期", DATE, required=True, aliases=("日期",)),
              Field("leader", "带班领导", required=True), Field("leader_phone", "带班领导电话", PHONE)]
    result = parse_file(data, file_name, FIELDS, row_check=cross_field_rules,
                        key=lambda v: (v["unit"], v["duty_date"]), progress=callback)
    if result.ok: write result.rows in one Store.write transaction
    else: show result.errors (行号/列/值/原因), offer errors_csv(result.errors)
    template_xlsx(FIELDS, title=..., instructions=[...]) gives the matching template.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

__all__ = ["ERROR_COLUMNS", "EXCEL_EPOCH", "SERIAL_RANGE", "DEFAULT_MAX_LEN", "HEADER_SCAN_ROWS", "TEXT", "DATE",
           "ENUM", "NUMBER", "PHONE", "CODE", "ImportFileError", "Field", "ParseResult", "error_frame",
           "normalize_text", "normalize_header", "normalize_choice", "parse_date", "parse_number", "parse_phone",
           "parse_credit_code", "parse_choice", "parse_value", "is_blank", "show_value", "Formula", "read_cells",
           "match_headers", "find_header", "parse_rows", "parse_file", "errors_csv", "template_xlsx", "describe"]

ERROR_COLUMNS = ("行号", "列", "值", "原因")
EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_RANGE = (20000, 80000)  # 1954 … 2119: numbers outside are not taken for dates
DEFAULT_MAX_LEN = 2000
HEADER_SCAN_ROWS = 30

TEXT, DATE, ENUM, NUMBER, PHONE, CODE = "text", "date", "enum", "number", "phone", "code"


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, empty); the message is Chinese."""


@dataclass(frozen=True)
class Field:
    """One importable column.

    ``key`` is the caller's name for the value; ``header`` the Chinese header of the template;
    ``aliases`` other headers accepted; ``choices`` the exact allowed values of an ENUM and
    ``choice_aliases`` other spellings mapped to one of them; ``note`` goes into the template's
    instruction sheet.
    """

    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    choice_aliases: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    max_len: int = DEFAULT_MAX_LEN
    note: str = ""
    example: Any = None


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
    frame = pd.DataFrame(list(errors), columns=list(ERROR_COLUMNS), dtype=object)
    return frame


# -- normalization ---------------------------------------------------------------------------------
def normalize_text(value: Any) -> str:
    """Full-width to half-width (NFKC), non-breaking and ideographic spaces to plain ones, trimmed."""
    text = unicodedata.normalize("NFKC", str(value))
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def normalize_header(value: Any) -> str:
    """How headers are compared: NFKC, no whitespace, no required-marks or bracketed hints."""
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    text = text.replace("*", "").replace("（必填）", "").replace("(必填)", "").replace("必填", "")
    return text


def normalize_choice(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


# -- value parsers (pure) ---------------------------------------------------------------------------
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*\d{1,2}[:时].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> date:
    """A date as people type or Excel stores it; ValueError with a Chinese message otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("不是日期")
    if isinstance(value, (int, float)):
        return _serial_date(float(value))
    text = normalize_text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(f"日期不存在（{year}年{month}月{day}日）") from None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _serial_date(float(text))
    raise ValueError("无法识别的日期，请写成 2021-04-14、2021/4/14 或 2021年4月14日")


def _serial_date(number: float) -> date:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise ValueError("无法识别的日期（数字不是有效的Excel日期）")
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("不是数字")
    if isinstance(value, (int, float)):
        return float(value)
    text = normalize_text(value).replace(",", "")
    text = re.sub(r"\s*(万元|万|元)$", "", text)
    try:
        number = float(text)
    except ValueError:
        raise ValueError("不是数字") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("不是数字")
    return number


_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def parse_phone(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_text(value).replace(" ", "").replace("－", "-").replace("—", "-")
    if not _PHONE.match(text):
        raise ValueError("电话号码格式不对（手机11位，座机如 0915-3212345）")
    return text


_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def parse_credit_code(value: Any) -> str:
    text = normalize_text(value).replace(" ", "").upper()
    if not _CREDIT_CODE.match(text):
        raise ValueError("统一社会信用代码应为18位数字或大写字母")
    return text


def parse_choice(value: Any, choices: Sequence[str], aliases: dict[str, str] | None = None) -> str:
    """The canonical choice for ``value`` (exact after normalization, or through an alias)."""
    key = normalize_choice(value)
    for choice in choices:
        if normalize_choice(choice) == key:
            return choice
    for alias, target in (aliases or {}).items():
        if normalize_choice(alias) == key:
            return target
    shown = "、".join(choices[:12]) + ("……" if len(choices) > 12 else "")
    raise ValueError(f"不是可选值之一（可选：{shown}）")


def parse_value(spec: Field, raw: Any) -> Any:
    """The clean value of one cell for ``spec``; ValueError (Chinese) when it does not fit."""
    if spec.kind == DATE:
        return parse_date(raw)
    if spec.kind == NUMBER:
        return parse_number(raw)
    if spec.kind == PHONE:
        return parse_phone(raw)
    if spec.kind == CODE:
        return parse_credit_code(raw)
    if spec.kind == ENUM:
        return parse_choice(raw, spec.choices, spec.choice_aliases)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (datetime, date)):
        raw = raw.strftime("%Y-%m-%d")
    return normalize_text(raw)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and normalize_text(value) == ""


def show_value(value: Any, limit: int = 60) -> str:
    """A cell as shown in the error table (long cells shortened)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.strftime("%Y-%m-%d %H:%M") if value.time() != datetime.min.time() else value.strftime("%Y-%m-%d")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return text if len(text) <= limit else text[:limit] + f"……（共{len(text)}字）"


# -- reading files ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula instead of a value."""

    text: str

    def __str__(self) -> str:
        return self.text


def read_cells(data: bytes, file_name: str) -> list[list[Any]]:
    """The first sheet of a file as rows of cell values (str, int/float, datetime, Formula or None)."""
    suffix = Path(file_name).suffix.lower()
    if not data or not data.strip():
        raise ImportFileError("文件是空的，没有任何内容。")
    if suffix == ".xlsx" or suffix == ".xlsm":
        return _read_xlsx(data)
    if suffix == ".xls":
        return _read_xls(data)
    if suffix in (".csv", ".txt"):
        return _read_csv(data)
    raise ImportFileError(f"不支持的文件类型“{suffix or file_name}”，请上传 .xlsx、.xls 或 .csv 文件。")


def _read_xlsx(data: bytes) -> list[list[Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the same message to the user
        raise ImportFileError("无法读取该 Excel 文件（.xlsx），文件可能已损坏或不是 Excel 格式。") from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([Formula(v) if isinstance(v, str) and v.startswith("=") and len(v) > 1 else v for v in row])
        return rows
    finally:
        book.close()


def _read_xls(data: bytes) -> list[list[Any]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as exc:  # noqa: BLE001
        raise ImportFileError("无法读取该 Excel 文件（.xls），文件可能已损坏或不是 Excel 格式。") from exc
    sheet = book.sheet_by_index(0)
    rows = []
    for r in range(sheet.nrows):
        row = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                row.append(None)
            else:
                row.append(cell.value)
        rows.append(row)
    return rows


def _read_csv(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV。")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


# -- header and rows --------------------------------------------------------------------------------
def _header_names(spec: Field) -> set[str]:
    return {normalize_header(spec.header), *(normalize_header(a) for a in spec.aliases)}


def match_headers(row: Sequence[Any], fields: Sequence[Field]) -> dict[str, int]:
    """field key -> column index for the cells of ``row`` that name a field (first match wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        if is_blank(cell) or isinstance(cell, Formula):
            continue
        name = normalize_header(cell)
        for spec in fields:
            if spec.key not in found and name in _header_names(spec):
                found[spec.key] = index
                break
    return found


def find_header(rows: Sequence[Sequence[Any]], fields: Sequence[Field]) -> tuple[int, dict[str, int]]:
    """The index of the header row among the first rows and its column mapping.

    The header is the row naming the most fields; title and blank rows above it are skipped.
    """
    best_index, best = -1, {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = match_headers(row, fields)
        if len(found) > len(best):
            best_index, best = index, found
    required = [f for f in fields if f.required]
    if len(best) < min(2, len(fields)):
        raise ImportFileError(
            "找不到表头行：前" f"{HEADER_SCAN_ROWS}行中没有一行包含足够的列名。请使用导入模板，表头应包含："
            + "、".join(f.header for f in required or fields)
        )
    missing = [f.header for f in required if f.key not in best]
    if missing:
        raise ImportFileError(f"表头（第{best_index + 1}行）缺少必填列：{'、'.join(missing)}。请对照导入模板修改列名。")
    return best_index, best


def parse_rows(
    rows: Sequence[Sequence[Any]],
    fields: Sequence[Field],
    *,
    row_check: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None,
    key: Callable[[dict[str, Any]], Any] | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> ParseResult:
    """Validate every data row below the header.

    ``row_check(values)`` returns (column header, reason) pairs for cross-field rules;
    ``key(values)`` identifies a row, so a second row with the same key is reported as a duplicate.
    Row numbers are the file's own (1-based, as Excel shows them).
    """
    header_index, columns = find_header(rows, fields)
    by_key = {f.key: f for f in fields}
    errors: list[tuple[Any, str, Any, str]] = []
    clean_rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    seen: dict[Any, int] = {}
    body = rows[header_index + 1:]
    total = len(body)
    step = max(1, total // 50)
    for offset, row in enumerate(body):
        row_no = header_index + 2 + offset
        if progress and offset % step == 0:
            progress(offset / max(total, 1), f"正在检查第 {row_no} 行（共 {header_index + 1 + total} 行）")
        cells = {k: (row[i] if i < len(row) else None) for k, i in columns.items()}
        if all(is_blank(v) for v in row):
            continue
        values: dict[str, Any] = {}
        row_errors = []
        for spec_key, raw in cells.items():
            spec = by_key[spec_key]
            if isinstance(raw, Formula):
                row_errors.append((row_no, spec.header, show_value(raw.text), "单元格是公式，请先“选择性粘贴→数值”后再导入"))
                continue
            if is_blank(raw):
                if spec.required:
                    row_errors.append((row_no, spec.header, "", "必填项为空"))
                values[spec_key] = None
                continue
            if isinstance(raw, str) and len(raw) > spec.max_len:
                row_errors.append((row_no, spec.header, show_value(raw), f"内容过长（{len(raw)}字），最多{spec.max_len}字"))
                continue
            try:
                values[spec_key] = parse_value(spec, raw)
            except ValueError as exc:
                row_errors.append((row_no, spec.header, show_value(raw), str(exc)))
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
            continue
        clean_rows.append(values)
        numbers.append(row_no)
    if progress:
        progress(1.0, f"已检查 {total} 行")
    if not clean_rows and not errors:
        errors.append(("", "", "", "表头下没有数据行"))
    header_row = rows[header_index]
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
    **kwargs: Any,
) -> ParseResult:
    """Read and validate a whole file; a file-level problem becomes a single error row."""
    try:
        rows = read_cells(data, file_name)
        if not any(not is_blank(v) for row in rows for v in row):
            raise ImportFileError("文件是空的，没有任何内容。")
        return parse_rows(rows, fields, **kwargs)
    except ImportFileError as exc:
        return ParseResult(rows=[], row_numbers=[], errors=error_frame([("", "", file_name, str(exc))]))


def errors_csv(errors: pd.DataFrame) -> bytes:
    """The error table as CSV with BOM (Excel opens it as Chinese)."""
    return errors.to_csv(index=False).encode("utf-8-sig")


# -- templates --------------------------------------------------------------------------------------
def template_xlsx(
    fields: Sequence[Field],
    *,
    title: str,
    instructions: Sequence[str] = (),
    example: dict[str, Any] | None = None,
    data_rows: int = 1000,
) -> bytes:
    """An import template: a data sheet (headers, one example row, dropdowns for every ENUM) and a
    说明 sheet (every column: required or not, what it accepts). Choice lists live on a hidden sheet so
    long lists (units, sectors) are not limited by Excel's 255-character inline list."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("数据")
    guide = book.add_worksheet("填写说明")
    lists = book.add_worksheet("可选值")
    head = book.add_format({"bold": True, "bg_color": "#DDE3EA", "border": 1, "font_name": "宋体"})
    head_required = book.add_format({"bold": True, "bg_color": "#F8D7DA", "border": 1, "font_name": "宋体"})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    text_fmt = book.add_format({"num_format": "@"})
    example = example or {}
    for col, spec in enumerate(fields):
        sheet.write_string(0, col, spec.header, head_required if spec.required else head)
        width = max(10, min(40, sum(2 if ord(c) > 0x2E7F else 1 for c in spec.header) + 4))
        sheet.set_column(col, col, width, date_fmt if spec.kind == DATE else text_fmt if spec.kind in (PHONE, CODE) else None)
        value = example.get(spec.key, spec.example)
        if isinstance(value, date) and not isinstance(value, datetime):
            sheet.write_datetime(1, col, datetime.combine(value, datetime.min.time()), date_fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(1, col, value)
        elif value is not None:
            sheet.write_string(1, col, str(value))
        if spec.kind == ENUM and spec.choices:
            lists.write_string(0, col, spec.header)
            for r, choice in enumerate(spec.choices, start=1):
                lists.write_string(r, col, choice)
            letter = xlsxwriter.utility.xl_col_to_name(col)
            sheet.data_validation(1, col, data_rows, col, {
                "validate": "list",
                "source": f"=可选值!${letter}$2:${letter}${len(spec.choices) + 1}",
                "error_title": "请从下拉列表中选择",
                "error_message": f"{spec.header}只能填写下拉列表中的值。",
                "input_title": spec.header,
                "input_message": "请从下拉列表中选择",
            })
        elif spec.kind == DATE:
            sheet.data_validation(1, col, data_rows, col, {
                "validate": "date", "criteria": "between",
                "minimum": datetime(1990, 1, 1), "maximum": datetime(2100, 12, 31),
                "error_title": "日期格式", "error_message": "请填写日期，如 2021-04-14。",
            })
    sheet.freeze_panes(1, 0)
    lists.hide()
    bold = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    guide.write_string(0, 0, title, bold)
    row = 1
    for line in instructions:
        guide.write_string(row, 0, line)
        row += 1
    row += 1
    for col, text in enumerate(("列名", "是否必填", "填写要求", "也可识别的列名")):
        guide.write_string(row, col, text, head)
    for spec in fields:
        row += 1
        guide.write_string(row, 0, spec.header)
        guide.write_string(row, 1, "必填" if spec.required else "选填")
        guide.write_string(row, 2, describe(spec), wrap)
        guide.write_string(row, 3, "、".join(spec.aliases))
    guide.set_column(0, 0, 22)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 70)
    guide.set_column(3, 3, 40)
    book.close()
    return buffer.getvalue()


def describe(spec: Field) -> str:
    """What a column accepts, in one Chinese sentence (template instruction sheet)."""
    if spec.kind == DATE:
        text = "日期，如 2021-04-14、2021/4/14 或 2021年4月14日"
    elif spec.kind == NUMBER:
        text = "数字"
    elif spec.kind == PHONE:
        text = "手机11位或座机（如 0915-3212345）"
    elif spec.kind == CODE:
        text = "18位统一社会信用代码"
    elif spec.kind == ENUM:
        text = "从下拉列表选择：" + "、".join(spec.choices)
        if spec.choice_aliases:
            text += "（也可识别：" + "、".join(spec.choice_aliases) + "）"
    else:
        text = f"文字，最多{spec.max_len}字"
    return f"{text}。{spec.note}" if spec.note else text
