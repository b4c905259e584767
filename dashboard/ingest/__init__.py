"""Spreadsheet import machinery: file -> validated rows + row errors, and import templates.

General on purpose (hazard lists, duty rosters, ...): a caller describes its columns as `Field`s and gets
back clean values or a table of errors (行号 / 列 / 值 / 原因, in Chinese). Nothing here knows a domain.

- ``values``: ``Field`` and the pure value parsers (dates, numbers, phones, codes, choices), ``printable``.
- ``files``: what a file is (by its bytes) and its first sheet as streamed rows; every unreadable file is an
  ``ImportFileError`` with a Chinese sentence, never a traceback.
- ``headers``: the header read by meaning (synonyms, containment, spacing / full-width variants, two-line
  headers, a hand-made ``mapping``), the rows above it (title, 填报单位 / 填报日期), the layout's signature.
- ``rows``: every data row checked, column by column a chunk at a time (each distinct value of a column parsed
  once), footer lines skipped, the limits (``Limits``: size, rows, errors kept).
- ``templates``: the import template for a list of fields.

What people send and what is accepted:
- .xlsx through python-calamine (about 6× faster than openpyxl), its formula and error cells found first by a
  streamed scan of the sheet's XML for ``<f>`` and ``t="e"`` (calamine would give a formula's cached value,
  blank where the writer computed none, and an error cell as blank: both are refused); openpyxl (read-only,
  streamed) where calamine cannot read or the sheet is over ``files.FAST_MAX_ROWS`` rows; .xls (xlrd, BIFF2
  to BIFF8), .csv / .txt in UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 with BOM;
- a title row, a 填报单位 / 填报日期 line, notes or blank rows above the header (found by its names; the lines
  above it are kept for the caller: a group or county named in the title); a header on two lines;
- headers by meaning (``headers``): the usual variants (``aliases``), full-width characters, spaces and line
  breaks, a trailing ``*`` or ``（必填）``, a bracketed hint, a header containing a field's name (被检查单位名称);
  columns in any order, unknown columns shown and ignored; two columns naming one field refused;
- a field the file has no column for given once for the whole file (``fixed``), or inferred per row
  (``infer``); footer lines (合计, 填表人, 审核人, 制表, 注：…) skipped and listed, never errors;
- dates typed as 2021-04-14, 2021/4/14, 2021年4月14日, 2021.4.14, 20210414, Excel serial numbers or real
  Excel dates, with a trailing 前 / 之前 / 以前 / 止 (“2021年5月28日前”), a month's end (“2021年5月底”), and
  without a year where the field says whose year to take (``year_from``: “5月底” in a deadline column is the
  first May 31 on or after the row's 发现时间; else the year the title names; else refused);
  full-width digits and spaces everywhere (NFKC), trailing full-width spaces;
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

from dashboard.ingest.files import (FAST_MAX_ROWS, SHARED_STRINGS_MAX_BYTES, SUPPORTED_SUFFIXES, Formula,
                                    ImportFileError, Sheet, open_sheet, read_cells)
from dashboard.ingest.headers import (HOW_ALIAS, HOW_AMBIGUOUS, HOW_CONTAINS, HOW_EXACT, HOW_IGNORED, HOW_MANUAL,
                                      HOW_UNKNOWN, Column, Layout, header_text, match_header, read_layout, signature)
from dashboard.ingest.rows import (CHUNK_ROWS, ERROR_COLUMNS, EXCEL_ERRORS, EXCEL_MAX_ROWS, FIRST_CHUNK_ROWS,
                                   FOOTER_WORDS, HEADER_SCAN_ROWS, RECOUNT_AFTER, HeaderError, Limits, ParseResult,
                                   column_letter, context_year, error_frame, errors_csv, errors_text, find_header,
                                   footer_reason, layout_of, parse_file, parse_rows, size_refusal)
from dashboard.ingest.templates import describe, template_xlsx
from dashboard.ingest.values import (CODE, DATE, DATETIME, DEFAULT_MAX_LEN, PERCENT, chinese_number, chinese_numeral, group_number, numbered,
                                     parse_percent, ENUM, EXCEL_EPOCH, NUMBER, PHONE, SERIAL_RANGE, TEXT,
                                     Field, Marker, PartialDate, control_characters, is_blank, marker_of,
                                     normalize_choice, normalize_header, normalize_text, parse_choice,
                                     parse_credit_code, parse_date, parse_datetime, parse_number, parse_phone, parse_value, printable,
                                     show_value)

__all__ = ["ERROR_COLUMNS", "EXCEL_EPOCH", "SERIAL_RANGE", "DEFAULT_MAX_LEN", "HEADER_SCAN_ROWS", "EXCEL_MAX_ROWS",
           "RECOUNT_AFTER", "EXCEL_ERRORS", "TEXT", "DATE", "DATETIME", "parse_datetime", "PERCENT", "parse_percent", "chinese_number", "chinese_numeral", "group_number", "numbered", "ENUM", "NUMBER", "PHONE", "CODE", "ImportFileError",
           "Field", "ParseResult", "Limits", "error_frame", "size_refusal", "normalize_text", "normalize_header",
           "normalize_choice", "parse_date", "parse_number", "parse_phone", "parse_credit_code", "parse_choice",
           "parse_value", "is_blank", "show_value", "control_characters", "printable", "Formula", "Sheet",
           "open_sheet", "read_cells", "SUPPORTED_SUFFIXES", "SHARED_STRINGS_MAX_BYTES",
           "find_header", "parse_rows", "parse_file", "errors_text", "errors_csv",
           "template_xlsx", "describe", "FAST_MAX_ROWS", "HOW_ALIAS", "HOW_AMBIGUOUS", "HOW_CONTAINS", "HOW_EXACT",
           "HOW_IGNORED", "HOW_MANUAL", "HOW_UNKNOWN", "Column", "Layout", "header_text", "match_header",
           "read_layout", "signature", "CHUNK_ROWS", "FIRST_CHUNK_ROWS", "FOOTER_WORDS", "context_year",
           "footer_reason", "layout_of", "HeaderError", "column_letter", "Marker", "PartialDate", "marker_of"]
