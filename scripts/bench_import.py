"""Benchmark: import a 100,000-row hazard list (.xlsx, the template's columns, Excel's own date cells and text)
into a copy of the demo store, the way the page and the CLI do (``hazards.import_file``). Prints the file's
size, the reading alone (``ingest.open_sheet``), the whole import (read, check every row, write) in wall and
CPU seconds, and a re-import of the same file (adds nothing). Asserts nothing.

    .venv/bin/python -m scripts.bench_import [--rows 100000] [--repeat 1] [--out /tmp/import-bench]
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import time
from datetime import date, timedelta
from pathlib import Path

HEADERS = ["发现时间", "检查组", "来源", "县区", "乡镇", "单位名称", "行业领域", "隐患部位", "隐患描述", "隐患等级", "治理类型",
           "整改措施", "整改责任单位", "整改责任人", "责任人电话", "整改期限", "整改资金(万元)", "备注"]
UNITS = ["汉滨区", "汉阴县", "石泉县", "宁陕县", "紫阳县", "岚皋县", "平利县", "镇坪县", "旬阳市", "白河县", "安康高新区", "恒口示范区"]
SECTORS = ["消防", "建筑施工", "城镇燃气", "危险化学品", "工贸", "道路交通", "九小场所", "特种设备"]


def hazard_list(rows: int, seed: int = 7) -> bytes:
    """``rows`` distinct hazards as an .xlsx the way Excel writes one (shared strings, date cells)."""
    import xlsxwriter

    rng = random.Random(seed)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("隐患清单")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for c, h in enumerate(HEADERS):
        sheet.write_string(0, c, h)
    start = date(2021, 1, 4)
    for r in range(1, rows + 1):
        found = start + timedelta(days=rng.randrange(110))
        unit = rng.choice(UNITS)
        immediate = rng.random() < 0.3
        values = [found, None, "进驻式暗访督查", unit, f"{unit[:2]}第{rng.randrange(1, 12)}街道",
                  f"安康市测试{rng.randrange(5000)}号商贸有限公司", rng.choice(SECTORS), f"{rng.randrange(1, 9)}号楼{r}室",
                  f"疏散通道堆放杂物，安全出口被锁闭（第{r}条）", "一般隐患", "即查即改" if immediate else "限期整改",
                  "清理杂物，打开安全出口", "本单位", rng.choice(["张三", "李四", "王五", "赵六"]),
                  f"138{rng.randrange(10**8):08d}", found if immediate else found + timedelta(days=rng.randrange(5, 60)),
                  rng.choice([0.5, 1, 2.5]), None]
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, date):
                sheet.write_datetime(r, c, v, day)
            elif isinstance(v, (int, float)):
                sheet.write_number(r, c, v)
            else:
                sheet.write_string(r, c, v)
    book.close()
    return buffer.getvalue()


def main() -> None:
    import resource

    from dashboard import demo, hazards, ingest, roles
    from dashboard.db import Store

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", default="/tmp/import-bench")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = out / "demo.duckdb"
    if not base.exists():
        demo.build(base)
    data = hazard_list(args.rows)
    (out / "list.xlsx").write_bytes(data)
    print(f"file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB .xlsx")

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    t0, c0 = time.perf_counter(), cpu()
    sheet = ingest.open_sheet(data, "list.xlsx")
    count = sum(1 for _ in sheet.rows)
    print(f"read only ({sheet.kind}, {count:,} rows): {time.perf_counter() - t0:.2f} s wall, {cpu() - c0:.2f} s CPU")
    for run in range(args.repeat):
        copy = out / "store.duckdb"
        shutil.copy(base, copy)
        Path(str(copy) + ".wal").unlink(missing_ok=True)
        store = Store.open(copy)
        try:
            t0, c0 = time.perf_counter(), cpu()
            done = hazards.import_file(store, data, "list.xlsx", roles.system("基准测试"))
            wall, used = time.perf_counter() - t0, cpu() - c0
            assert done.ok, done.errors.head().to_string()
            print(f"import {run + 1}: added {done.added:,} in {wall:.2f} s wall, {used:.2f} s CPU")
            t0, c0 = time.perf_counter(), cpu()
            again = hazards.import_file(store, data, "list.xlsx", roles.system("基准测试"))
            print(f"re-import {run + 1}: added {again.added:,}, skipped {again.skipped:,} in "
                  f"{time.perf_counter() - t0:.2f} s wall, {cpu() - c0:.2f} s CPU")
        finally:
            store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
