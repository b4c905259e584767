"""Reading a spreadsheet file as rows of cells, streamed and guarded.

What a file is comes from its bytes, not its name: an .xlsx renamed .xls is read as the .xlsx it is, and a
web page (HTML) or an Excel 2003 XML file saved with an .xls name, a password-protected workbook, an .ods, a
truncated zip and binary junk are each refused with a Chinese sentence saying what the file is and what to do.
Rows are yielded one at a time (openpyxl ``read_only`` ``iter_rows``, ``csv.reader`` over the text), so the
caller can stop at its row cap without the rest of the file ever being read into memory. Anything the
underlying reader raises while reading (a missing shared-strings table, a broken XML part, a date cell out of
range) becomes an ``ImportFileError``: a refusal, never a traceback and never a server path.

CSV is read as written: the delimiter is comma, tab or semicolon (the one the header area uses most), the
quote is always the double quote (no dialect sniffing: a sniffer once took ``'`` for the quote and stored
``' OR '1'='1`` as ``OR 1'='1``), line endings may be CRLF, LF or CR, and a cell over 131,072 characters (the
csv module's limit) refuses the file naming its line.
"""

from __future__ import annotations

import csv
import html
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ImportFileError", "Formula", "Sheet", "open_sheet", "read_cells", "SUPPORTED_SUFFIXES",
           "SHARED_STRINGS_MAX_BYTES", "FAST_MAX_ROWS"]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")
FAST_MAX_ROWS = 400_000  # an .xlsx with more <row>s is streamed with openpyxl, not read whole by calamine
# openpyxl reads the whole shared-strings table into memory even in read_only mode: a zip whose table
# unpacks to more than this is refused before it is read (a legitimate 200,000-row list stays far below).
SHARED_STRINGS_MAX_BYTES = 256 * 1024 * 1024
_CSV_DELIMITERS = (",", "\t", ";")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_SNIFF_CHARS = 8192

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BIFF_BOF = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")  # Excel 2.x-8 worksheet streams
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted .xlsx carries in its OLE container


# openpyxl warns (on stderr, naming its own file on the server) about what it skips or treats as an error
# value: styles, data-validation extensions, dates out of range. The import says what matters itself.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, empty, over a limit); the message is Chinese."""


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula instead of a value."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Sheet:
    """The first worksheet of a file: ``rows`` yields each row as a list of cell values (str, int/float,
    datetime, Formula or None); ``estimated_rows`` is the row count the file declares, when it does (progress
    only: it may be absent or wrong)."""

    rows: Iterator[list[Any]]
    estimated_rows: int | None
    kind: str
    recount: Callable[[int], tuple[int, int]] | None = None

    def count(self, stop_after: int) -> tuple[int, int]:
        """(non-blank rows, all rows) of the sheet, from a second, cheap pass that stops once the non-blank
        rows exceed ``stop_after``: lets a file far over the row cap be refused before any row is validated."""
        if self.recount is None:
            return 0, 0
        try:
            return self.recount(stop_after)
        except ImportFileError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ImportFileError(_UNREADABLE[self.kind]) from exc


_REFUSED_KIND = {
    "html": "这个文件实际是网页（HTML）格式，只是扩展名为 Excel。请用 Excel 或 WPS 打开它，“另存为” .xlsx 格式后再导入。",
    "xml2003": "这个文件是 Excel 2003 XML 表格格式，无法直接导入。请用 Excel 或 WPS 打开它，“另存为” .xlsx 格式后再导入。",
    "encrypted": "这个 Excel 文件设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码（文件→信息→保护工作簿）后再导入。",
    "ods": "这个文件是 OpenDocument 表格（.ods）格式。请用 WPS 或 LibreOffice 打开它，“另存为” .xlsx 格式后再导入。",
    "pdf": "这个文件是 PDF 文档，不是表格。请上传 .xlsx、.xls 或 .csv 格式的清单。",
    "docx": "这个文件是 Word 文档，不是表格。请把清单放在 Excel 中，保存为 .xlsx 后再导入。",
    "zip": "这个文件是压缩包或已损坏的 Excel 文件，无法读取。请上传 .xlsx、.xls 或 .csv 格式的清单。",
    "binary": "这个文件不是表格（内容不是文字，也不是 Excel 格式），可能已损坏。请上传 .xlsx、.xls 或 .csv 格式的清单。",
}
_UNREADABLE = {
    "xlsx": "无法读取该 Excel 文件（.xlsx）：文件已损坏或不完整（可能下载或复制时中断）。请用 Excel 或 WPS 打开后重新保存，再导入。",
    "xls": "无法读取该 Excel 文件（.xls）：文件已损坏或不是 Excel 格式。请用 Excel 或 WPS 打开后另存为 .xlsx，再导入。",
    "csv": "无法读取该 CSV 文件。请用 Excel 或 WPS 打开后另存为 .xlsx 或 UTF-8 编码的 CSV，再导入。",
}


def _kind(data: bytes, suffix: str) -> str:
    """What the bytes are: xlsx, xls, csv, or one of the refused kinds above."""
    head = data[:_SNIFF_CHARS]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 with BOM: Excel's "Unicode 文本" (tab-separated)
    if head.startswith(_ZIP) or head.startswith(_EMPTY_ZIP):
        if b"mimetypeapplication/vnd.oasis.opendocument" in head[:200]:
            return "ods"
        if b"word/" in head and b"xl/" not in head:
            return "docx"
        return "xlsx"
    if head.startswith(_OLE):
        return "encrypted" if _ENCRYPTED in data[:1 << 20] or _ENCRYPTED in data[-(1 << 20):] else "xls"
    if head[:2] in _BIFF_BOF:
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head.lower() and b"<html" not in text[:2048]:
            return "xml2003"
        if any(tag in text for tag in (b"<html", b"<table", b"<!doctype html", b"<meta", b"<head")):
            return "html"
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return "binary" if _looks_binary(head) else "html" if text.startswith(b"<") else "not_excel"
    return "binary" if _looks_binary(head) else "csv"


def _looks_binary(head: bytes) -> bool:
    """Bytes that no text file holds: many control bytes (a NUL alone may be a stray in a text file)."""
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 20)


def open_sheet(data: bytes, file_name: str, *, fast_max_rows: int = FAST_MAX_ROWS) -> Sheet:
    """The first worksheet of ``data``, streamed; ``ImportFileError`` (Chinese) when it cannot be read. An .xlsx
    of at most ``fast_max_rows`` rows is read with python-calamine (whole, in Rust), a longer one streamed with
    openpyxl (the caller's row cap then stops it early, in little memory)."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFileError(f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 .xlsx、.xls 或 .csv 文件。")
    if not data or not data.strip():
        raise ImportFileError("文件是空的，没有任何内容。")
    kind = _kind(data, suffix)
    if kind in _REFUSED_KIND:
        raise ImportFileError(_REFUSED_KIND[kind])
    if kind == "not_excel":
        raise ImportFileError(f"这个文件不是 Excel 格式（扩展名为 {suffix}，内容却是文字）。如果它是 CSV，"
                              "请把扩展名改为 .csv；否则请用 Excel 或 WPS 另存为 .xlsx 后再导入。")
    opener = {"xlsx": lambda raw: _xlsx(raw, fast_max_rows), "xls": _xls, "csv": _csv}[kind]
    try:
        estimated, rows = opener(data)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the reader raises, the user gets a sentence
        raise ImportFileError(_UNREADABLE[kind]) from exc
    return Sheet(_guarded(rows, kind), estimated, kind, lambda stop_after: _count(opener(data)[1], stop_after))


def _count(rows: Iterable[list[Any]], stop_after: int) -> tuple[int, int]:
    filled = total = 0
    for row in rows:
        total += 1
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in row):
            filled += 1
            if filled > stop_after:
                break
    close = getattr(rows, "close", None)
    if close:
        close()
    return filled, total


def _guarded(rows: Iterator[list[Any]], kind: str) -> Iterator[list[Any]]:
    """``rows``, with anything the reader raises mid-file turned into a refusal naming how far it got."""
    count = 0
    try:
        for row in rows:
            count += 1
            yield row
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001
        where = f"（读到第 {count + 1} 行时出错）" if count else ""
        raise ImportFileError(_UNREADABLE[kind].replace("：", where + "：", 1)) from exc
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()


def read_cells(data: bytes, file_name: str, max_rows: int | None = None) -> list[list[Any]]:
    """The first sheet as a list of rows (at most ``max_rows``; the import itself streams via ``open_sheet``)."""
    rows = []
    for row in open_sheet(data, file_name).rows:
        if max_rows is not None and len(rows) >= max_rows:
            break
        rows.append(row)
    return rows


# -- .xlsx ----------------------------------------------------------------------------------------------
# python-calamine (Rust) reads cells about 10x faster than openpyxl, but it gives a formula's cached value (blank
# when the writer did not compute it) and shows an error cell (#REF!) as blank: both must be refused. So the first
# worksheet's XML is scanned first, streamed (constant memory), for ``<f>`` elements and ``t="e"`` cells; their
# cells are then given as ``Formula`` / the error text over calamine's values. A sheet calamine cannot read (its
# error), one whose cells carry no ``r`` reference, or one with more ``<row>`` elements than ``FAST_MAX_ROWS``
# (a junk file over the cap: openpyxl streams it and the caller stops at its cap) is read with openpyxl as before.
_SCAN_CHUNK = 4 << 20
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_SPECIAL_HINT = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/", b't="e"', b"t='e'")
_SPECIAL_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?)(/?)>"                                     # the cell's attributes
    rb"(?:\s*<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>))?"        # a formula, if any
    rb"(?:\s*<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>)?")                        # its (cached) value
_REF = re.compile(rb"\br=[\"']([A-Z]{1,3})([0-9]+)[\"']")
_ERROR_TYPE = re.compile(rb"\bt=[\"']e[\"']")


def _attribute(tag: bytes, name: bytes) -> str | None:
    match = re.search(rb"\b" + name + rb"=\"([^\"]*)\"", tag)
    return match.group(1).decode("utf-8", "replace") if match else None


def _first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first worksheet (not a chart sheet), as openpyxl and calamine take it."""
    book = archive.read("xl/workbook.xml")
    rels = {_attribute(tag, b"Id"): (_attribute(tag, b"Target"), _attribute(tag, b"Type") or "")
            for tag in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels"))}
    for match in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        rid = _attribute(match.group(), b"r:id") or _attribute(match.group(), b"id")
        target, kind = rels.get(rid, (None, ""))
        if target is None or not kind.endswith("/worksheet"):
            continue
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        return target
    return None


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


@dataclass
class _SheetScan:
    rows: int = 0
    special: dict[tuple[int, int], Any] = None  # (row, column) 0-based -> Formula or the error text
    unreferenced: bool = False


def _scan_sheet(archive: zipfile.ZipFile, part: str) -> _SheetScan:
    """``<row>`` count and the formula / error cells of one worksheet part, streamed in 4 MB chunks."""
    scan = _SheetScan(special={})
    tail = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_SCAN_CHUNK)
            if not chunk:
                break
            text = tail + chunk
            scan.rows += text.count(b"<row") - tail.count(b"<row") + text.count(b":row ") - tail.count(b":row ")
            if any(hint in text for hint in _SPECIAL_HINT):
                cut = text.rfind(b"</row>")  # scan whole rows; the rest goes with the next chunk
                cut = len(text) if cut < 0 or not stream.peek(1) else cut + 6
                _special_cells(text[:cut], scan)
                tail = text[cut:]
                scan.rows -= tail.count(b"<row") + tail.count(b":row ")
                continue
            tail = text[-64:]
    return scan


def _special_cells(text: bytes, scan: _SheetScan) -> None:
    for match in _SPECIAL_CELL.finditer(text):
        attributes, _closed, formula, value = match.groups()
        is_error = _ERROR_TYPE.search(attributes) is not None
        if match.group(3) is None and b"<f" not in match.group() and b":f" not in match.group() and not is_error:
            continue
        ref = _REF.search(attributes)
        if ref is None:
            scan.unreferenced = True
            return
        where = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
        if formula is not None or b"<f" in match.group() or b":f" in match.group():
            body = html.unescape((formula or b"").decode("utf-8", "replace"))
            scan.special[where] = Formula("=" + body if body else "=（公式）")
        elif is_error:
            scan.special[where] = html.unescape(value.decode("utf-8", "replace")) if value else "#错误"


def _xlsx(data: bytes, fast_max_rows: int | None = FAST_MAX_ROWS) -> tuple[int | None, Iterator[list[Any]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(_UNREADABLE["xlsx"]) from exc
    if "xl/workbook.xml" not in names:
        raise ImportFileError(_REFUSED_KIND["zip"])
    shared = names.get("xl/sharedStrings.xml")
    if shared is not None and shared.file_size > SHARED_STRINGS_MAX_BYTES:
        raise ImportFileError(f"这个 Excel 文件解压后的文字内容超过 {SHARED_STRINGS_MAX_BYTES // (1 << 20)} MB，"
                              "不是正常的清单文件。请检查文件，或分成几个文件导入。")
    if fast_max_rows:
        fast = _xlsx_calamine(data, archive, names, fast_max_rows)
        if fast is not None:
            return fast
    return _xlsx_openpyxl(data)


def _xlsx_calamine(data: bytes, archive: zipfile.ZipFile, names: dict,
                   fast_max_rows: int) -> tuple[int | None, Iterator[list[Any]]] | None:
    """The first worksheet through python-calamine, or None where openpyxl must read it (see above)."""
    import python_calamine

    try:
        part = _first_sheet_part(archive)
        if part is None or part not in names:
            return None
        scan = _scan_sheet(archive, part)
        if scan.unreferenced or scan.rows > fast_max_rows:
            return None
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        index = next((i for i, meta in enumerate(book.sheets_metadata)
                      if meta.typ == python_calamine.SheetTypeEnum.WorkSheet), None)
        if index is None:
            return None
        sheet = book.get_sheet_by_index(index)
        start = sheet.start
    except Exception:  # noqa: BLE001 - calamine's or the scan's trouble: openpyxl reads it, or says why not
        return None
    pad = [None] * (start[1] if start else 0)  # iter_rows starts at the first used column
    by_row: dict[int, dict[int, Any]] = {}
    for (sr, sc), value in scan.special.items():
        by_row.setdefault(sr, {})[sc] = value

    def rows() -> Iterator[list[Any]]:
        try:
            for r, row in enumerate(sheet.iter_rows()):
                # calamine decodes _xHHHH_ itself, and a text cell is text (a formula is in ``by_row``)
                cells = pad + [None if v == "" else v for v in row]
                for sc, value in by_row.get(r, {}).items():
                    cells.extend([None] * (sc + 1 - len(cells)))
                    cells[sc] = value
                yield cells
        finally:
            book.close()

    return (sheet.height + (start[0] if start else 0)) if start else 0, rows()


def _xlsx_openpyxl(data: bytes) -> tuple[int | None, Iterator[list[Any]]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    if not book.worksheets:
        book.close()
        raise ImportFileError("这个 Excel 文件中没有工作表（只有图表页或为空）。请把清单放在第一个工作表中。")
    sheet = book.worksheets[0]
    try:
        estimated = sheet.max_row
    except Exception:  # noqa: BLE001 - a bad dimension is only a worse progress bar
        estimated = None

    def rows() -> Iterator[list[Any]]:
        try:
            for row in sheet.iter_rows(values_only=True):
                yield [_xlsx_text(v) if isinstance(v, str) else v for v in row]
        finally:
            book.close()

    return estimated, rows()


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _xlsx_text(value: str) -> str | Formula:
    """A text cell as Excel shows it: ``_xHHHH_`` is OOXML's escape for a character XML cannot hold (a NUL is
    stored as ``_x0000_``; a typed ``_x0041_`` as ``_x005F_x0041_``), which openpyxl leaves undecoded."""
    if "_x" in value:
        value = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return Formula(value) if value.startswith("=") and len(value) > 1 else value


# -- .xls -----------------------------------------------------------------------------------------------
def _xls(data: bytes) -> tuple[int | None, Iterator[list[Any]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO())  # its warnings are not ours to print
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise ImportFileError(_REFUSED_KIND["encrypted"]) from exc
        raise ImportFileError(_UNREADABLE["xls"]) from exc
    if book.nsheets == 0:
        raise ImportFileError("这个 Excel 文件中没有工作表。请把清单放在第一个工作表中。")
    sheet = book.sheet_by_index(0)

    def rows() -> Iterator[list[Any]]:
        try:
            for r in range(sheet.nrows):
                row = []
                for cell in sheet.row(r):
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        row.append(None)
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        row.append(xlrd.error_text_from_code.get(cell.value, "#错误"))
                    else:
                        row.append(cell.value)
                yield row
        finally:
            book.release_resources()

    return sheet.nrows, rows()


# -- .csv -----------------------------------------------------------------------------------------------
def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV。") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV。")


def _delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one used most in the first lines (outside quotes); comma on a tie."""
    sample = text[:_SNIFF_CHARS]
    counts = dict.fromkeys(_CSV_DELIMITERS, 0)
    quoted = False
    for ch in sample:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_CSV_DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv(data: bytes) -> tuple[int | None, Iterator[list[Any]]]:
    text = _decode(data)
    estimated = text.count("\n") or text.count("\r")
    # lines one at a time, endings kept (CRLF, LF or a lone CR), never a second copy of the whole text
    lines = (match.group() for match in _LINE.finditer(text))
    reader = csv.reader(lines, delimiter=_delimiter(text), quotechar='"', doublequote=True, skipinitialspace=False,
                        strict=False)

    def rows() -> Iterator[list[Any]]:
        try:
            for row in reader:
                yield [cell if cell != "" else None for cell in row]
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                raise ImportFileError(f"CSV 文件第 {line} 行附近有一个单元格超过 {csv.field_size_limit():,} 个字符"
                                      "（可能缺少一个结束引号），不是正常的清单内容。请检查该行后再导入。") from exc
            raise ImportFileError(f"CSV 文件第 {line} 行无法读取（格式不正确）。请用 Excel 或 WPS 打开后另存为 .xlsx，"
                                  "再导入。") from exc

    return estimated, rows()
