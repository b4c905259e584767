"""Writes the hazard-import test corpus: good and bad files the groups might send.

``python tests/data/import/make_corpus.py`` refreshes the files in this folder; the tests call
``write_corpus(tmp_path)`` so they never depend on stale copies. ``EXPECTED`` says what each file gets.

The .xls file is written as a minimal BIFF2 worksheet stream by ``write_biff2`` below (no .xls writer is
installed; xlrd reads BIFF2 streams, so the import reads a real legacy Excel file).
"""

from __future__ import annotations

import struct
import sys
from datetime import datetime
from pathlib import Path

import openpyxl

HEADERS = ["隐患编号", "发现时间", "检查组", "来源", "县区", "乡镇", "单位名称", "统一社会信用代码", "行业领域", "隐患部位",
           "隐患描述", "隐患等级", "治理类型", "整改措施", "整改责任单位", "整改责任人", "责任人电话", "整改期限",
           "整改资金(万元)", "临时管控措施", "备注"]
# The same columns as people type them: variants, extra spaces, a required mark, full-width brackets.
VARIANT_HEADERS = ["编号", " 发现日期 ", "督查组", "隐患来源", "县（区）", "乡镇（街道）", "企业名称*", "信用代码", "所属行业",
                   "部位", "存在问题", "隐患级别", "整改方式", "整改要求", "责任单位", "责任人", "联系电话", "整改时限",
                   "整改资金（万元）", "临时措施", "备注"]


def _row(n: int, **over) -> list:
    base = {
        "隐患编号": None, "发现时间": "2021-04-14", "检查组": None, "来源": "进驻式暗访督查", "县区": "汉滨区",
        "乡镇": "老城街道", "单位名称": f"测试导入商贸有限公司{n}", "统一社会信用代码": None, "行业领域": "消防",
        "隐患部位": f"{n}号仓库", "隐患描述": f"疏散通道堆放杂物（第{n}条）", "隐患等级": "一般隐患", "治理类型": "限期整改",
        "整改措施": "清理杂物", "整改责任单位": f"测试导入商贸有限公司{n}", "整改责任人": "张三", "责任人电话": "13800000000",
        "整改期限": "2021-05-20", "整改资金(万元)": 0.5, "临时管控措施": None, "备注": None,
    }
    base.update(over)
    return [base[h] for h in HEADERS]


def _xlsx(path: Path, rows: list[list], *, title: str | None = None, blank_rows: int = 0) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    for _ in range(blank_rows):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_biff2(path: Path, rows: list[list], codepage: int = 936) -> None:
    """A minimal Excel 2.x worksheet: BOF, CODEPAGE, LABEL / NUMBER cells, EOF."""
    def record(opcode: int, data: bytes) -> bytes:
        return struct.pack("<HH", opcode, len(data)) + data

    out = record(0x0009, struct.pack("<HH", 0x0002, 0x0010)) + record(0x0042, struct.pack("<H", codepage))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)):
                out += record(0x0003, struct.pack("<HH3sd", r, c, b"\0\0\0", float(value)))
            else:
                raw = str(value).encode("gbk")[:255]
                out += record(0x0004, struct.pack("<HH3sB", r, c, b"\0\0\0", len(raw)) + raw)
    out += record(0x000A, b"")
    path.write_bytes(out)


def _csv(rows: list[list], encoding: str) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode(encoding)


GOOD_ROWS = 4
# file -> (rows added on the first import, a substring of every error reason, error column or None)
EXPECTED = {
    "good_variants.xlsx": (GOOD_ROWS, None, None),
    "good_gbk.csv": (3, None, None),
    "good_utf8_bom.csv": (2, None, None),
    "good_legacy.xls": (2, None, None),
    "wrong_headers.xlsx": (0, "缺少必填列", None),
    "no_header.xlsx": (0, "找不到表头", None),
    "bad_enumerations.xlsx": (0, "不是可选值", None),
    "bad_dates.xlsx": (0, "日期", None),
    "duplicate_rows.xlsx": (0, "重复", "整行"),
    "empty.xlsx": (0, "文件是空的", None),
    "empty.csv": (0, "文件是空的", None),
    "header_only.xlsx": (0, "没有数据行", None),
    "huge_cell.xlsx": (0, "内容过长", "隐患描述"),
    "formula.xlsx": (0, "公式", "整改资金(万元)"),
    "not_excel.xlsx": (0, "不是 Excel 格式", None),
}


def write_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in EXPECTED}
    serial_0414 = (datetime(2021, 4, 14) - datetime(1899, 12, 30)).days  # 44300
    # a title row and a blank row above variant headers; dates in every typed form; aliases; full width
    good = [
        _row(1, 发现时间=serial_0414, 整改期限="2021/5/20"),
        _row(2, 发现时间="2021年4月15日", 县区="旬阳县", 行业领域="危化品", 隐患等级="重大", 整改期限="2021.6.30",
             检查组=None, 来源="部门执法检查"),
        _row(3, 发现时间="２０２１－０４－１６", 县区=" 高新区 ", 治理类型="当场整改", 整改期限=None,
             责任人电话="0915-3212345"),
        _row(4, 发现时间=datetime(2021, 4, 17), 县区="恒口", 整改期限=datetime(2021, 5, 31), 隐患编号="YH2021-IMP001",
             **{"整改资金(万元)": "１．５万元"}),
    ]
    _xlsx(paths["good_variants.xlsx"], [VARIANT_HEADERS, *good], title="汉滨区暗访督查组隐患清单（2021年4月）", blank_rows=1)
    paths["good_gbk.csv"].write_bytes(_csv([HEADERS, *[_row(10 + i, 县区="紫阳县") for i in range(3)]], "gbk"))
    paths["good_utf8_bom.csv"].write_bytes(_csv([HEADERS, *[_row(20 + i, 县区="白河县") for i in range(2)]], "utf-8-sig"))
    write_biff2(paths["good_legacy.xls"], [["岚皋县隐患清单"], HEADERS,
                                          *[_row(30 + i, 县区="岚皋县", 发现时间=serial_0414) for i in range(2)]])
    wrong = [{"单位名称": "公司名", "行业领域": "行业分类"}.get(h, h) for h in HEADERS]
    _xlsx(paths["wrong_headers.xlsx"], [wrong, _row(1)])
    _xlsx(paths["no_header.xlsx"], [["第一列", "第二列"], ["a", "b"]])
    _xlsx(paths["bad_enumerations.xlsx"], [HEADERS, _row(1, 行业领域="消防安全"), _row(2, 隐患等级="特大隐患"),
                                           _row(3, 县区="西安市")])
    _xlsx(paths["bad_dates.xlsx"], [HEADERS, _row(1, 发现时间="2021-13-45"), _row(2, 发现时间="上周三"),
                                    _row(3, 发现时间="2021-04-20", 整改期限="2021-04-10"),
                                    _row(4, 发现时间="2021-06-01", 整改期限="2021-06-30")])
    _xlsx(paths["duplicate_rows.xlsx"], [HEADERS, _row(1), _row(2), _row(1)])
    openpyxl.Workbook().save(paths["empty.xlsx"])
    paths["empty.csv"].write_bytes(b"")
    _xlsx(paths["header_only.xlsx"], [HEADERS])
    _xlsx(paths["huge_cell.xlsx"], [HEADERS, _row(1, 隐患描述="杂物堆放" * 1500)])
    _xlsx(paths["formula.xlsx"], [HEADERS, _row(1, **{"整改资金(万元)": "=1+2"})])
    paths["not_excel.xlsx"].write_bytes(b"this is not a spreadsheet at all")
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for name in write_corpus(target):
        print(target / name)
