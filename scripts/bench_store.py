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

from dashboard import demo, duty, hazards, roles, vocab
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


NEW = {"found_date": date(2021, 4, 1), "unit_code": "610902", "source": vocab.SOURCE_GROUPS, "enterprise": "某公司",
       "sector": "消防", "description": "通道堵塞", "level": vocab.LEVEL_GENERAL, "treatment": vocab.TREAT_DEADLINE,
       "deadline": date(2021, 4, 20)}
REPORT = {"report_date": date(2021, 5, 3), "situation": vocab.REPORT_ZERO, "reporter": "黄海文", "leader": "沈彬学",
          "officer": "黄海文", "leader_phone": "18609158107"}
INCIDENT = {"stage": "初报", "unit_code": "610925", "occurred_at": datetime(2021, 5, 3, 14, 0),
            "received_at": datetime(2021, 5, 3, 14, 20), "reported_at": datetime(2021, 5, 3, 15, 30),
            "place": "岚皋县南宫山镇S207线", "kind": "道路交通事故", "sector": "道路交通", "injuries": 1, "direct_loss": 1}
REPORT_UNITS = ("610925", "610902", "610927")


def mixed_writes(store: Store, threads: int, writes: int) -> tuple[dict[str, list], list[BaseException], float]:
    """``threads`` threads released at once, each making ``writes`` real writes in turn: a hazard registration
    (its 隐患编号 read as max()+1), a resubmission of one of three units' reports for 2021-05-03 (version
    max()+1), a first incident report (SJyyyymmdd-NN). Returns what was acknowledged by kind (hazard ids,
    (unit, version) pairs, incident ids), every exception raised, and the seconds taken."""
    acked: dict[str, list] = collections.defaultdict(list)
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        start.wait()
        actor = roles.system(f"测试{n}")  # audited as 测试N（系统）
        for i in range(writes):
            kind = (n + i) % 3
            try:
                if kind == 0:
                    result = ("hazard", hazards.create(store, {**NEW, "description": f"并发{n}-{i}"}, actor))
                elif kind == 1:
                    unit = REPORT_UNITS[n % 3]
                    result = ("report", (unit, duty.submit_report(store, {**REPORT, "unit_code": unit}, actor)))
                else:
                    result = ("incident", duty.record_incident(store, {**INCIDENT, "place": f"地点{n}-{i}"}, actor))
            except BaseException as exc:  # noqa: BLE001 — collected for the caller
                with lock:
                    failures.append(exc)
                continue
            with lock:
                acked[result[0]].append(result[1])

    started = time.perf_counter()
    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return acked, failures, time.perf_counter() - started


def _concurrent(path: Path, threads: int, writes: int) -> None:
    store = Store.open(path)
    try:
        acked, failures, seconds = mixed_writes(store, threads, writes)
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
    print(f"{threads} threads × {writes} writes: {total} acknowledged, {len(failures)} failed, "
          f"{duplicated} duplicated, {missing} missing, {seconds:.2f} s ({total / seconds:.0f} writes/s)")
    for reason, n in collections.Counter(f"{type(e).__name__}: {str(e)[:80]}" for e in failures).most_common(5):
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
