"""Benchmark: 县区排名's table (every rule for every unit, this period and the previous one) on a demo store.
Prints figures; asserts nothing.

    .venv/bin/python -m scripts.bench_ranking [--scale 1] [--out /tmp/bench-ranking.duckdb] [--repeat 7] [--reuse]
"""

from __future__ import annotations

from dashboard import demo, ranking
from scripts.bench import bench_store, timed


def main() -> None:
    store, args = bench_store(1, "/tmp/bench-ranking.duckdb")
    as_of = demo.AS_OF
    today = as_of.date()
    print(f"hazards: {store.scalar('SELECT count(*) FROM hazards'):,}")
    print(f"{'ranking.table':32} {'first s':>9} {'median s':>9}")
    for kind in ranking.KINDS:
        period = ranking.period_of(kind, today, today)
        first, median = timed(lambda: ranking.table(store, period, as_of), args.repeat)
        print(f"{period.label[:24]:32} {first:9.3f} {median:9.3f}")
    store.close()


if __name__ == "__main__":
    main()
