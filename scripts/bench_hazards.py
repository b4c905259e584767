"""Benchmark: build a scaled demo store (``--scale 60`` is about 109k hazards) and time the 隐患台账
page's queries for typical meeting filters: ``ledger`` (what the page asks once per rerun) and the single
answers it bundles. Prints figures; asserts nothing.

    .venv/bin/python -m scripts.bench_hazards [--scale 60] [--out /tmp/hazards-bench.duckdb] [--repeat 5] [--reuse]
"""

from __future__ import annotations

from datetime import date

from dashboard import hazards, vocab
from scripts.bench import bench_store, timed


def main() -> None:
    store, args = bench_store(60, "/tmp/hazards-bench.duckdb")
    today = date(2021, 5, 3)
    print(f"hazards: {store.scalar('SELECT count(*) FROM hazards'):,}")
    filters = {
        "all": hazards.HazardFilter(),
        "汉滨区+消防+逾期": hazards.HazardFilter(scope=("610902",), sectors=("消防",), flags=(vocab.FLAG_OVERDUE,)),
        "open major listed": hazards.HazardFilter(levels=(vocab.LEVEL_MAJOR,), flags=(vocab.FLAG_LISTED,),
                                                  statuses=vocab.OPEN_STATUSES),
        "keyword 仓库 + April": hazards.HazardFilter(keyword="仓库", found_from=date(2021, 4, 1), found_to=date(2021, 4, 30)),
        "已延期": hazards.HazardFilter(flags=(vocab.FLAG_EXTENDED,)),
    }
    some_id = store.scalar("SELECT max(id) FROM hazards")
    print(f"{'filter':22} {'query':18} {'first s':>9} {'median s':>9}")
    for label, selection in filters.items():
        cases = {
            "ledger (the page)": lambda: hazards.ledger(store, selection, today),
            "filtered_summary": lambda: hazards.filtered_summary(store, selection, today),
            "table (500 rows)": lambda: hazards.table(store, selection, today),
            "breakdown sector": lambda: hazards.breakdown(store, selection, today, "sector"),
            "breakdown unit": lambda: hazards.breakdown(store, selection, today, "unit"),
            "export_rows": lambda: hazards.export_rows(store, selection, today),
        }
        for name, fn in cases.items():
            first, median = timed(fn, args.repeat)
            print(f"{label:22} {name:18} {first:9.3f} {median:9.3f}")
    for name, fn in {"detail": lambda: hazards.detail(store, some_id, today),
                     "history": lambda: hazards.history(store, some_id)}.items():
        first, median = timed(fn, args.repeat)
        print(f"{'one hazard':22} {name:18} {first:9.3f} {median:9.3f}")
    store.close()


if __name__ == "__main__":
    main()
