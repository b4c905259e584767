"""Files in and out at volume (issue 18): the ledger's Excel export of every hazard at scale 60 (108,720 rows,
two sheets) and the import of a 100,000-row .xlsx hazard list. Prints figures; asserts nothing.

    .venv/bin/python -m scripts.bench_io [--what export,import] [--export-db /tmp/ankang-bench-60.duckdb]
                                         [--import-db /tmp/ankang-bench-1.duckdb] [--repeat 3] [--rows 100000]
                                         [--json]

Each run is its own process (``--worker``), on its own copy of the store (the benchmark's stores may be open in
another process, and an import must start from the same store every time):

- export: ``hazards.export_set`` of the whole ledger then ``hazards.export_xlsx`` (what 隐患台账's 导出 Excel
  button runs), and the CSV the same way (``hazards.export_csv``);
- import: ``hazards.import_file`` (what the page and the CLI run) of a list written once by
  ``scripts.bench_import.hazard_list`` (the template's columns, Excel's date cells, distinct hazards) into a
  copy of the scale-1 store (1,812 hazards): read, check every row, write in one transaction.

Per run: wall and CPU seconds (every thread of the process: DuckDB's too) and memory — the process's peak
(VmHWM) and how far it rose above what the process held before the work (the store open, the libraries
loaded, the import's file in memory): that rise is what the work costs the server. The figures of several
runs: the median wall time, the least and the median CPU time (``bench_pages.summary``), the largest rise.
``make bench`` (scripts/bench.py) puts them in the issue's table (``measure``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WHAT = ("export", "import")


def _cpu() -> float:
    return time.process_time()


def _copy(db: Path, workdir: Path) -> Path:
    copy = workdir / "store.duckdb"
    shutil.copy(db, copy)
    wal = Path(str(db) + ".wal")
    if wal.exists():
        shutil.copy(wal, Path(str(copy) + ".wal"))
    return copy


def worker(what: str, db: Path, data: Path | None) -> dict:
    """One timed run in this process (a fresh one): the figures as a dict."""
    from dashboard import hazards, roles
    from dashboard.db import Store
    from scripts.bench_pages import peak_mb, rss_mb

    with tempfile.TemporaryDirectory(prefix=f"bench-{what}-") as workdir:
        store = Store.open(_copy(db, Path(workdir)))
        try:
            as_of = store.as_of()
            result: dict = {"what": what}
            if what == "export":
                hazards.export_set(store, hazards.HazardFilter(), as_of.date())  # the query planned once, warm
                gc.collect()
                before = rss_mb()
                wall, cpu = time.perf_counter(), _cpu()
                rows = hazards.export_set(store, hazards.HazardFilter(), as_of.date())
                xlsx = hazards.export_xlsx(rows, title="安康市隐患台账", filter_text=hazards.ALL_HAZARDS, as_of=as_of)
                result |= {"rows": len(rows), "wall": time.perf_counter() - wall, "cpu": _cpu() - cpu,
                           "size_mb": len(xlsx) / 1e6}
                del xlsx
                result |= {"peak_mb": peak_mb(), "rise_mb": peak_mb() - before}
                wall, cpu = time.perf_counter(), _cpu()
                text = hazards.export_csv(hazards.export_set(store, hazards.HazardFilter(), as_of.date()))
                result |= {"csv_wall": time.perf_counter() - wall, "csv_cpu": _cpu() - cpu,
                           "csv_mb": len(text) / 1e6}
            else:
                content = data.read_bytes()
                gc.collect()
                before = rss_mb()
                wall, cpu = time.perf_counter(), _cpu()
                done = hazards.import_file(store, content, data.name, roles.system("基准测试"))
                result |= {"rows": done.added, "ok": bool(done.ok), "wall": time.perf_counter() - wall,
                           "cpu": _cpu() - cpu, "size_mb": len(content) / 1e6, "peak_mb": peak_mb(),
                           "rise_mb": peak_mb() - before}
                if not done.ok:
                    result["errors"] = done.errors.head(3).to_string()
        finally:
            store.close()
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}


def _run(what: str, db: Path, data: Path | None) -> dict:
    args = [sys.executable, "-m", "scripts.bench_io", "--worker", what, "--db", str(db)]
    if data is not None:
        args += ["--data", str(data)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"bench_io {what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_list(rows: int, out: Path) -> Path:
    """The .xlsx hazard list of ``rows`` rows, written once (kept in ``out`` for the next run)."""
    from scripts.bench_import import hazard_list

    path = out / f"bench-hazard-list-{rows}.xlsx"
    if not path.exists():
        path.write_bytes(hazard_list(rows))
    return path


def measure(what: str, db: Path, *, repeat: int = 3, rows: int = 100_000, out: Path = Path("/tmp")) -> dict:
    """``repeat`` runs of ``what`` ("export" or "import") on ``db``, each in its own process: the summary
    (``figure``: [wall median, CPU least, CPU median]; the largest memory rise and peak) and every run."""
    from scripts.bench_pages import summary

    data = import_list(rows, out) if what == "import" else None
    runs = [_run(what, db, data) for _ in range(repeat)]
    result = {"what": what, "rows": runs[0]["rows"], "figure": summary([(r["wall"], r["cpu"]) for r in runs]),
              "rise_mb": max(r["rise_mb"] for r in runs), "peak_mb": max(r["peak_mb"] for r in runs),
              "size_mb": runs[0]["size_mb"], "load": round(os.getloadavg()[0], 1), "runs": runs}
    if what == "export":
        result["csv"] = summary([(r["csv_wall"], r["csv_cpu"]) for r in runs])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", default=",".join(WHAT))
    parser.add_argument("--export-db", type=Path, default=Path("/tmp/ankang-bench-60.duckdb"))
    parser.add_argument("--import-db", type=Path, default=Path("/tmp/ankang-bench-1.duckdb"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp"), help="where the import's list is kept")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    parser.add_argument("--worker", choices=WHAT, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.db, args.data), ensure_ascii=False))
        return
    results = {}
    for what in args.what.split(","):
        db = args.export_db if what == "export" else args.import_db
        results[what] = measure(what, db, repeat=args.repeat, rows=args.rows, out=args.out)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    for what, r in results.items():
        wall, least, median = r["figure"]
        print(f"{what} of {r['rows']:,} rows ({r['size_mb']:.1f} MB .xlsx): {wall:.2f} s wall (median), "
              f"{least:.2f} s CPU (least; median {median:.2f}); memory {r['rise_mb']:.0f} MB above the process "
              f"before it (peak {r['peak_mb']:.0f} MB); load {r['load']}")
        if "csv" in r:
            print(f"  its CSV: {r['csv'][0]:.2f} s wall, {r['csv'][1]:.2f} s CPU")
        for run in r["runs"]:
            print("  run:", {k: v for k, v in run.items() if k != "what"})


if __name__ == "__main__":
    main()
