"""Benchmark: build a scaled demo store and time the overview's queries on it. Prints figures; asserts nothing.

    .venv/bin/python -m scripts.bench [--scale 700] [--out /tmp/bench.duckdb] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from dashboard import demo, duty, fire_units, hazards
from dashboard.db import Store


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return runs[0], statistics.median(runs[1:] or runs)


def bench_store(default_scale: int, default_out: str) -> tuple[Store, argparse.Namespace]:
    """Parse --scale/--out/--repeat/--reuse, build the scaled demo store unless reused, and open it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=default_scale)
    parser.add_argument("--out", default=default_out)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep an existing file of that name")
    args = parser.parse_args()
    out = Path(args.out)
    if out.exists() and not args.reuse:
        out.unlink()
    if not out.exists():
        start = time.perf_counter()
        summary = demo.build(out, scale=args.scale)
        print(f"build scale={args.scale}: {time.perf_counter() - start:.1f} s ({summary})")
    print(f"file size: {out.stat().st_size / 1e6:.0f} MB")
    return Store.open(out), args


def main() -> None:
    store, args = bench_store(700, "/tmp/dashboard-bench.duckdb")
    today = date(2021, 5, 3)
    n = store.scalar("SELECT count(*) FROM hazards")
    print(f"hazards: {n:,}")
    cases = {
        "hazards.summary (city)": lambda: hazards.summary(store, today),
        "hazards.summary (汉滨区)": lambda: hazards.summary(store, today, ("610902",)),
        "hazards.by_unit": lambda: hazards.by_unit(store, today),
        "hazards.weekly_trend": lambda: hazards.weekly_trend(store, today),
        "fire_units.board": lambda: fire_units.board(store, today),
        "duty.reports_received": lambda: duty.reports_received(store, today),
    }
    print(f"{'query':32} {'first s':>9} {'median s':>9}")
    for name, fn in cases.items():
        first, median = timed(fn, args.repeat)
        print(f"{name:32} {first:9.3f} {median:9.3f}")
    store.close()


if __name__ == "__main__":
    main()
