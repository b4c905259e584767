"""Time the store's open (with its integrity read of every table) and concurrent writes.

    .venv/bin/python -m scripts.bench_store [--scale 60] [--db FILE] [--threads 50] [--writes 20]

Builds a demo store at ``--scale`` in a temporary folder (or uses a copy of ``--db``), then prints:
- ``Store.open`` (checks, connect, every table read whole, upgrade) and ``table_digests`` alone, medians of 5;
- ``threads`` × ``writes`` real writes at once (hazard registrations, report resubmissions, first incident
  reports) on a copy: acknowledged, failed, duplicated, missing, and writes per second.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import statistics
import tempfile
import threading
import time
from datetime import date, datetime
from pathlib import Path

from dashboard import demo, duty, hazards, vocab
from dashboard.db import Store, table_digests


def _median(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _open_figures(path: Path) -> None:
    Store.open(path).close()  # upgraded once, so the runs below time the open alone
    opened = _median(lambda: Store.open(path).close())
    store = Store.open(path)
    try:
        digests = table_digests(store._con)
        read = _median(lambda: table_digests(store._con))
    finally:
        store.close()
    rows = sum(n for n, _ in digests.values())
    print(f"file {path.stat().st_size / 1e6:.1f} MB, {len(digests)} tables, {rows:,} rows")
    print(f"Store.open {opened:.3f} s (median of 5), of which reading every table whole {read:.3f} s")


NEW = {"found_date": date(2021, 4, 1), "unit_code": "610902", "source": vocab.SOURCE_GROUPS, "enterprise": "压测公司",
       "sector": "消防", "description": "通道堵塞", "level": vocab.LEVEL_GENERAL, "treatment": vocab.TREAT_DEADLINE,
       "deadline": date(2021, 4, 20)}
REPORT = {"report_date": date(2021, 5, 3), "situation": vocab.REPORT_ZERO, "reporter": "黄海文", "leader": "沈彬学",
          "officer": "黄海文", "leader_phone": "18609158107"}
INCIDENT = {"stage": "初报", "unit_code": "610925", "occurred_at": datetime(2021, 5, 3, 14, 0),
            "received_at": datetime(2021, 5, 3, 14, 20), "reported_at": datetime(2021, 5, 3, 15, 30),
            "place": "压测地点", "kind": "道路交通事故", "sector": "道路交通", "injuries": 1, "direct_loss": 1}


def _concurrent(path: Path, threads: int, writes: int) -> None:
    store = Store.open(path)
    acked: dict[str, list] = collections.defaultdict(list)
    failed: collections.Counter = collections.Counter()
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        start.wait()
        for i in range(writes):
            kind = (n + i) % 3
            try:
                if kind == 0:
                    acked["hazard"].append(hazards.create(store, {**NEW, "description": f"压测{n}-{i}"}, f"压测{n}"))
                elif kind == 1:
                    unit = ("610925", "610902", "610927")[n % 3]
                    version = duty.submit_report(store, {**REPORT, "unit_code": unit}, f"压测{n}")
                    acked["report"].append((unit, version))
                else:
                    acked["incident"].append(duty.record_incident(store, {**INCIDENT, "place": f"压测{n}-{i}"}, f"压测{n}"))
            except Exception as exc:  # noqa: BLE001 — counted and printed
                with lock:
                    failed[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    seconds = time.perf_counter() - started
    try:
        total = sum(len(v) for v in acked.values())
        duplicated = sum(len(v) - len(set(v)) for v in acked.values())
        missing = len(set(acked["hazard"]) - {r[0] for r in store.rows(
            "SELECT id FROM hazards WHERE id IN (SELECT unnest(?::VARCHAR[]))", [acked["hazard"]])})
        missing += len(set(acked["incident"]) - {r[0] for r in store.rows(
            "SELECT id FROM incidents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [acked["incident"]])})
        missing += sum(1 for unit, version in set(acked["report"]) if not store.scalar(
            "SELECT count(*) FROM duty_reports WHERE unit_code = ? AND report_date = ? AND version = ?",
            [unit, REPORT["report_date"], version]))
    finally:
        store.close()
    print(f"{threads} threads × {writes} writes: {total} acknowledged, {sum(failed.values())} failed, "
          f"{duplicated} duplicated, {missing} missing, {seconds:.2f} s ({total / seconds:.0f} writes/s)")
    for reason, n in failed.most_common(5):
        print(f"  {n} × {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--db", help="time a copy of this store instead of building a demo")
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--writes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        if args.db:
            shutil.copy(args.db, path)
        else:
            started = time.perf_counter()
            demo.build(path, scale=args.scale)
            print(f"demo at scale {args.scale} built in {time.perf_counter() - started:.1f} s")
        _open_figures(path)
        _concurrent(path, args.threads, args.writes)


if __name__ == "__main__":
    main()
