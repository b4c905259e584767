"""Spreadsheet import machinery: file -> validated rows + row errors, and import templates.

General on purpose (hazard lists, duty rosters, ...): a caller describes its columns as `Field`s and gets
back clean values or a table of errors (行号 / 列 / 值 / 原因, in Chinese). Nothing here knows a domain.

- ``values``: ``Field`` and the pure value parsers (dates, numbers, phones, codes, choices), ``printable``.
- ``files``: what a file is (by its bytes) and its first sheet as streamed rows; every unreadable file is an
  ``ImportFileError`` with a Chinese sentence, never a traceback.
- ``rows``: the header row, every data row checked, the limits (``Limits``: size, rows, errors kept).
- ``templates``: the import template for a list of fields.

What people send and what is accepted:
- .xlsx (openpyxl, read-only and streamed), .xls (xlrd), .csv / .txt in UTF-8 (with or without BOM),
  GBK/GB18030 or UTF-16 with BOM (python-calamine was measured: about 3.7× faster on 20,000 rows, but it
  gives a formula's cached value, blank in files whose writer did not compute it, where we must refuse the
  formula, and it cannot read BIFF2 .xls; not used);
- a title row, notes or blank rows above the header (the header row is found by its names);
- headers by name, with the usual variants (``aliases``), full-width characters, extra spaces, a trailing
  ``*`` or ``（必填）``; columns in any order, unknown columns ignored; two columns naming one field refused;
- dates typed as 2021-04-14, 2021/4/14, 2021年4月14日, 2021.4.14, 20210414, Excel serial numbers or real
  Excel dates; full-width digits and spaces everywhere (NFKC);
- enumerations exactly or by an alias; numbers with a trailing unit (1.5万元).
Formulas are refused (their value may be stale or missing in a file written by another program): the
row error asks for values. Text with control characters (a NUL, an escape) is refused naming them. Blank
rows are skipped; an entirely empty file is one error.

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

from dashboard.ingest.files import (SHARED_STRINGS_MAX_BYTES, SUPPORTED_SUFFIXES, Formula, ImportFileError, Sheet,
                                    open_sheet, read_cells)
from dashboard.ingest.rows import (ERROR_COLUMNS, EXCEL_ERRORS, EXCEL_MAX_ROWS, HEADER_SCAN_ROWS, RECOUNT_AFTER,
                                   Limits, ParseResult, duplicate_headers, error_frame, errors_csv, errors_text, find_header, match_headers,
                                   parse_file, parse_rows, size_refusal)
from dashboard.ingest.templates import describe, template_xlsx
from dashboard.ingest.values import (CODE, DATE, DEFAULT_MAX_LEN, ENUM, EXCEL_EPOCH, NUMBER, PHONE, SERIAL_RANGE,
                                     TEXT, Field, control_characters, is_blank, normalize_choice, normalize_header,
                                     normalize_text, parse_choice, parse_credit_code, parse_date, parse_number,
                                     parse_phone, parse_value, printable, show_value)

__all__ = ["ERROR_COLUMNS", "EXCEL_EPOCH", "SERIAL_RANGE", "DEFAULT_MAX_LEN", "HEADER_SCAN_ROWS", "EXCEL_MAX_ROWS",
           "RECOUNT_AFTER", "EXCEL_ERRORS", "TEXT", "DATE", "ENUM", "NUMBER", "PHONE", "CODE", "ImportFileError",
           "Field", "ParseResult", "Limits", "error_frame", "size_refusal", "normalize_text", "normalize_header",
           "normalize_choice", "parse_date", "parse_number", "parse_phone", "parse_credit_code", "parse_choice",
           "parse_value", "is_blank", "show_value", "control_characters", "printable", "Formula", "Sheet",
           "open_sheet", "read_cells", "SUPPORTED_SUFFIXES", "SHARED_STRINGS_MAX_BYTES", "match_headers",
           "duplicate_headers", "find_header", "parse_rows", "parse_file", "errors_text", "errors_csv",
           "template_xlsx", "describe"]
