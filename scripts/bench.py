"""``make bench``: the speed table of issue #18, measured on this machine. Prints figures; asserts nothing.

    .venv/bin/python -m scripts.bench [--scales 1,60,700] [--reuse] [--dir /tmp] [--repeat 5]
                                      [--tabs 20] [--tabs-scale 700] [--skip tabs,peer,ranking,import,export]

1. Builds the demo store at each scale once (``/tmp/ankang-bench-<scale>.duckdb``: 1.8k, 109k and 1.27M
   hazards); ``--reuse`` keeps files already there (``make bench`` passes it; delete them, or run without it,
   after the demo changes). Opening an older file upgrades it in place.
2. Every page through the entry script with AppTest (scripts/bench_pages.py), each scale in a fresh process:
   cold (a new session, the data cache empty, as after any write) and warm (reruns of the same session), as
   wall-clock and CPU seconds (every thread of the process: on a busy machine CPU is the figure to trust).
3. 隐患台账 beside its pandas-in-memory peer (scripts/peer_ledger.py): warm, a new keyword, cold, memory.
4. 县区排名 at each scale: do the scores still tell counties apart (dashboard/ranking/arithmetic.py)?
5. ``--tabs`` Chromium tabs opening 态势总览 at once on the ``--tabs-scale`` store (scripts/bench_tabs.py).
   Files in and out (scripts/bench_io.py, each run its own process on a copy of the store): the ledger's
   Excel export of all 108,720 hazards at scale 60 (3 runs; memory: how far the process rose above the open
   store) and the import of a 100,000-row .xlsx into the scale-1 store (2 runs).
6. The issue's table: what, goal, measured, met. Each figure is the median wall time and the least CPU time of
   its runs (and the CPU median): the machine is shared, and other processes only ever add to a run's CPU
   time, so the least is what the work costs (``timeit``'s advice); "met" compares that with the goal.

Adding a line to the table is one entry in ``ROWS``, with its own ``run`` when the pages' figures do not
cover it (``Row(what, goal, measured, met, run=..., name=...)``, as import and export do).
The helpers ``timed`` and ``bench_store`` serve the single-purpose scripts (bench_hazards, bench_ranking).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashboard import demo
from dashboard.db import Store

ROOT = Path(__file__).resolve().parents[1]


# -- helpers for the single-purpose benchmarks --------------------------------------------------------------
def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return runs[0], statistics.median(runs[1:] or runs)


def demo_store(scale: int, out: Path, reuse: bool) -> Path:
    """The demo at ``scale`` in ``out``, built unless ``reuse`` and the file is there."""
    if out.exists() and not reuse:
        out.unlink()
    if not out.exists():
        start = time.perf_counter()
        summary = demo.build(out, scale=scale)
        print(f"built scale {scale} in {time.perf_counter() - start:.0f} s: {out} ({summary})", flush=True)
    return out


def bench_store(default_scale: int, default_out: str) -> tuple[Store, argparse.Namespace]:
    """Parse --scale/--out/--repeat/--reuse, build the scaled demo store unless reused, and open it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=default_scale)
    parser.add_argument("--out", default=default_out)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep an existing file of that name")
    args = parser.parse_args()
    out = demo_store(args.scale, Path(args.out), args.reuse)
    print(f"file size: {out.stat().st_size / 1e6:.0f} MB")
    return Store.open(out), args


# -- the measurements ----------------------------------------------------------------------------------------
Figure = list[float]  # [wall s (median), CPU s (least), CPU s (median)]: scripts/bench_pages.summary


@dataclass
class Figures:
    scales: list[int]
    pages: dict[int, dict] = field(default_factory=dict)     # scale -> bench_pages --mode pages
    ledger: dict[int, dict] = field(default_factory=dict)    # scale -> bench_pages --mode ledger
    peer: dict[int, dict] = field(default_factory=dict)      # scale -> bench_pages --mode peer
    ranking: dict[int, dict] = field(default_factory=dict)   # scale -> the month's scores
    tabs: dict | None = None                                 # bench_tabs
    tabs_scale: int | None = None
    stores: dict[int, Path] = field(default_factory=dict)   # scale -> the demo store
    extra: dict[str, object] = field(default_factory=dict)  # a row's own measurement (Row.run), by its ``what``
    store_dir: Path = Path("/tmp")                           # where the demo stores are kept (--dir)

    def page(self, scale: int, name: str) -> dict | None:
        return self.pages.get(scale, {}).get(name)


def _worker(module: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ranking_spread(path: Path) -> dict:
    """This month's 县区排名 on the store: the scores, how many distinct, how many at 0. (Run in its own
    process, ``--ranking-of``: opening a large store must not weigh on this one's memory.)"""
    from dashboard import ranking

    store = Store.open(path)
    try:
        as_of = store.as_of()
        table = ranking.table(store, ranking.period_of(ranking.MONTH, as_of.date(), as_of.date()), as_of)
    finally:
        store.close()
    scores = list(table["score"])
    return {"scores": dict(zip(table["unit"], scores)), "distinct": len(set(scores)),
            "zeros": sum(s == 0 for s in scores), "min": min(scores), "max": max(scores)}


# -- the table --------------------------------------------------------------------------------------------------
def seconds(figure: Figure | None, median: bool = False) -> str:
    """"0.43 s (0.12 s CPU)": the median wall time and the least CPU time (``median``: and the CPU median)."""
    if figure is None:
        return "—"
    return f"{figure[0]:.2f} s ({figure[1]:.2f} s CPU" + (f", median {figure[2]:.2f}" if median else "") + ")"


def _warm(f: Figures, name: str, scale: int) -> Figure | None:
    figures = f.page(scale, name)
    return figures["warm"] if figures else None


QUIET = "wall"  # met on wall-clock time, the machine quiet


def _within(limit: float, *figures: Figure | None, loads: tuple[float, ...] = ()) -> bool | str | None:
    """True when every least CPU time is within the limit (the rule when the machine is busy); QUIET when
    not, but every wall time is and the machine was quiet (``loads``, the 1-minute load averages of the runs,
    at most its cores): then wall time is what a user waits. None: not measured."""
    if any(p is None for p in figures):
        return None
    if all(p[1] <= limit for p in figures):
        return True
    quiet = bool(loads) and max(loads) <= (os.cpu_count() or 1)
    return QUIET if quiet and all(p[0] <= limit for p in figures) else False


def _loads(f: Figures, *scales: int) -> tuple[float, ...]:
    return tuple(f.pages[s]["load"] for s in scales if "load" in f.pages.get(s, {}))


@dataclass(frozen=True)
class Row:
    """One line of the issue's table. ``run`` (optional) measures what only this line needs, once, after the
    stores are built (its result lands in ``Figures.extra[what]``); ``measured`` and ``met`` read the figures.
    A line without ``measured`` prints ``pending``."""

    what: str
    goal: str
    measured: Callable[[Figures], str] | None = None
    met: Callable[[Figures], bool | str | None] = lambda f: None
    pending: str = ""
    run: Callable[[Figures], object] | None = None
    name: str = ""  # what --skip calls the line's own measurement (``run``)


def _two_scales(what: str, name: str, limit: float) -> Row:
    return Row(what, f"≤ {limit} s / ≤ {limit} s",
               lambda f: " / ".join(seconds(_warm(f, name, s), median=True) for s in (60, 700)),
               lambda f: _within(limit, _warm(f, name, 60), _warm(f, name, 700), loads=_loads(f, 60, 700)))


def _keyword(f: Figures) -> str:
    mine, peer = f.ledger.get(700), f.peer.get(700)
    text = seconds(mine["keyword"], median=True) if mine else "—"
    return text + (f"; pandas peer {seconds(peer['keyword'], median=True)}" if peer else "")


def _tabs(f: Figures) -> str:
    t = f.tabs
    if not t:
        return "—"
    browser = f"; Chromium {t['browser_cpu_s']} s CPU drawing them" if "browser_cpu_s" in t else ""
    return (f"{t['ready']}/{t['tabs']} ready, all in {t['all_s']} s (median {t['median_s']} s) at scale "
            f"{f.tabs_scale}; server peak {t['peak_mb']} MB, {t['cpu_s']} s CPU{browser}")


def _server_share(f: Figures) -> str:
    t = f.tabs
    if not t:
        return "not measured"
    return (f"{t['cpu_s']} s CPU for the {t['tabs']} sessions: about {round(t['cpu_s'] / (os.cpu_count() or 1), 1)} s "
            f"of the server's {os.cpu_count()} cores, peak {t['peak_mb']} MB")


def _io_store(f: Figures, scale: int) -> Path:
    return f.stores.get(scale) or demo_store(scale, f.store_dir / f"ankang-bench-{scale}.duckdb", reuse=True)


def _io(what: str, scale: int, repeat: int) -> Callable[[Figures], dict]:
    """A line's own runs of scripts/bench_io.py (each in its own process, on a copy of the scale's store)."""
    def run(f: Figures) -> dict:
        from scripts import bench_io

        return bench_io.measure(what, _io_store(f, scale), repeat=repeat, out=f.store_dir)
    return run


def _io_figure(f: Figures, what: str) -> dict | None:
    return f.extra.get(what)  # type: ignore[return-value]


def _io_measured(what: str, memory: bool) -> Callable[[Figures], str]:
    def measured(f: Figures) -> str:
        r = _io_figure(f, what)
        if not r:
            return "—"
        text = f"{seconds(r['figure'], median=True)}, {r['rows']:,} rows"
        if memory:
            text += f"; memory +{r['rise_mb']:.0f} MB above the open store (process peak {r['peak_mb']:.0f} MB)"
        return text
    return measured


def _io_met(what: str, limit: float, memory_mb: float | None) -> Callable[[Figures], bool | str | None]:
    """Within ``limit`` seconds (``_within``: CPU, or wall on a quiet machine) and, when given, a memory rise
    within ``memory_mb``."""
    def met(f: Figures) -> bool | str | None:
        r = _io_figure(f, what)
        if not r:
            return None
        timely = _within(limit, r["figure"], loads=(r["load"],))
        if memory_mb is not None and r["rise_mb"] > memory_mb:
            return False
        return timely
    return met


IMPORT_ROW, EXPORT_ROW = "import 100,000 rows (.xlsx)", "Excel export of 108,720 rows"

ROWS: list[Row] = [
    _two_scales("态势总览 warm, 109k / 1.27M", "", 0.3),
    _two_scales("一张图 warm, 109k / 1.27M", "map", 0.3),
    Row("隐患台账, a new keyword at 1.27M", "≤ 0.3 s", _keyword,
        lambda f: _within(0.3, f.ledger[700]["keyword"], loads=(f.ledger[700].get("load", 99),))
        if 700 in f.ledger else None),
    Row("重大火灾隐患 warm, 1.8k / 109k / 1.27M", "≤ 0.1 s",
        lambda f: " / ".join(seconds(_warm(f, "fire_units", s), median=True) for s in (1, 60, 700)),
        lambda f: _within(0.1, *(_warm(f, "fire_units", s) for s in (1, 60, 700)), loads=_loads(f, 1, 60, 700))),
    Row("20 browser tabs opening 态势总览 at once", "all ready ≤ 15 s; ≤ 600 MB", _tabs,
        lambda f: None if not f.tabs or f.tabs["all_s"] is None else
        f.tabs["all_s"] <= 15 and f.tabs["peak_mb"] <= 600),
    Row("… the server's share of it (each screen drawn by its own PC)", "≤ 15 s of its cores; ≤ 600 MB",
        _server_share, lambda f: None if not f.tabs else
        f.tabs["cpu_s"] / (os.cpu_count() or 1) <= 15 and f.tabs["peak_mb"] <= 600),
    Row(IMPORT_ROW, "≤ 10 s", _io_measured(IMPORT_ROW, memory=False), _io_met(IMPORT_ROW, 10, None),
        run=_io("import", 1, repeat=2), name="import"),
    Row(EXPORT_ROW, "≤ 10 s, ≤ 500 MB", _io_measured(EXPORT_ROW, memory=True), _io_met(EXPORT_ROW, 10, 500),
        run=_io("export", 60, repeat=3), name="export"),
]


def print_table(f: Figures) -> None:
    print("\n## The issue's table (measured now; met: the least CPU time within the goal, or the wall time when"
          " the machine was quiet)\n")
    print("| what | goal | measured | met |\n|---|---|---|---|")
    for row in ROWS:
        if row.measured is None:
            print(f"| {row.what} | {row.goal} | {row.pending} | |")
            continue
        met = row.met(f)
        said = {None: "—", True: "yes", QUIET: "yes (wall time, the machine quiet)", False: "NO"}[met]
        print(f"| {row.what} | {row.goal} | {row.measured(f)} | {said} |")


def print_pages(f: Figures) -> None:
    from scripts.bench_pages import PAGES

    print("\n## Pages through the entry script (AppTest): cold / warm, wall s (CPU s)\n")
    print("| page | " + " | ".join(f"scale {s} cold | scale {s} warm" for s in f.scales) + " |")
    print("|---|" + "---|---|" * len(f.scales))
    for name, script in PAGES.items():
        cells = []
        for s in f.scales:
            figures = f.page(s, name)
            cells += [seconds(figures and figures["cold"]), seconds(figures and figures["warm"])]
        print(f"| {Path(script).stem} | " + " | ".join(cells) + " |")
    print("| (1-minute load average after the scale's runs) | " + " | ".join(
        f"{f.pages.get(s, {}).get('load', '—')} | " for s in f.scales) + " |")
    print("| (first run: store opened, overview) | " + " | ".join(
        f"{seconds(f.pages.get(s, {}).get('open'))} | " for s in f.scales) + " |")


def print_ledger(f: Figures) -> None:
    if not f.peer:
        return
    print("\n## 隐患台账 beside a page that keeps the whole table in pandas (scripts/peer_ledger.py)\n")
    print("| scale | page | warm | a new keyword | cold | peak memory taken |\n|---|---|---|---|---|---|")
    for s in f.scales:
        for label, figures in (("隐患台账 (DuckDB, once per rerun)", f.ledger.get(s)), ("pandas peer", f.peer.get(s))):
            if figures:
                memory = f"{figures['mem_mb']:.0f} MB"
                if "page_mb" in figures:
                    memory += f" ({figures['page_mb']:.0f} MB above the open store)"
                print(f"| {s} | {label} | {seconds(figures['warm'])} | {seconds(figures['keyword'])} | "
                      f"{seconds(figures['cold'])} | {memory} |")


def print_ranking(f: Figures) -> None:
    if not f.ranking:
        return
    print("\n## 县区排名 this month: do the scores still tell the counties apart?\n")
    print("| scale | lowest | highest | distinct scores of 12 | at 0 |\n|---|---|---|---|---|")
    for s, r in f.ranking.items():
        print(f"| {s} | {r['min']:g} | {r['max']:g} | {r['distinct']} | {r['zeros']} |")


def print_io(f: Figures) -> None:
    runs = [(row.what, f.extra.get(row.what)) for row in ROWS if row.name in ("import", "export")]
    if not any(r for _, r in runs):
        return
    print("\n## Files in and out (scripts/bench_io.py)\n")
    print("| what | rows | file | wall (median) | CPU (least / median) | memory above the open store | "
          "process peak |\n|---|---|---|---|---|---|---|")
    for what, r in runs:
        if not r:
            continue
        wall, least, median = r["figure"]
        print(f"| {what} | {r['rows']:,} | {r['size_mb']:.1f} MB | {wall:.2f} s | {least:.2f} / {median:.2f} s | "
              f"{r['rise_mb']:.0f} MB | {r['peak_mb']:.0f} MB |")
        if "csv" in r:
            print(f"| the same set as CSV | {r['rows']:,} | | {r['csv'][0]:.2f} s | {r['csv'][1]:.2f} / "
                  f"{r['csv'][2]:.2f} s | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,60,700")
    parser.add_argument("--dir", default="/tmp", type=Path)
    parser.add_argument("--reuse", action="store_true", help="keep demo stores already built")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tabs", type=int, default=20)
    parser.add_argument("--tabs-scale", type=int, default=700)
    parser.add_argument("--skip", default="", help="comma-separated: pages, peer, ranking, tabs, import, export")
    parser.add_argument("--ranking-of", type=Path, help=argparse.SUPPRESS)  # the worker of section 4
    args = parser.parse_args()
    if args.ranking_of:
        print(json.dumps(ranking_spread(args.ranking_of), ensure_ascii=False))
        return
    skip = set(args.skip.split(","))
    scales = [int(s) for s in args.scales.split(",")]
    f = Figures(scales, store_dir=args.dir)
    print(f"# make bench on {os.uname().nodename}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"{date.today()}", flush=True)
    stores = f.stores = {s: demo_store(s, args.dir / f"ankang-bench-{s}.duckdb", args.reuse)
                         for s in sorted({*scales, *([args.tabs_scale] if "tabs" not in skip else [])})}
    for s in scales:
        started = time.monotonic()
        if "pages" not in skip:
            f.pages[s] = _worker("scripts.bench_pages", "--db", str(stores[s]), "--repeat", str(args.repeat))
            f.ledger[s] = _worker("scripts.bench_pages", "--db", str(stores[s]), "--mode", "ledger")
        if "peer" not in skip:
            f.peer[s] = _worker("scripts.bench_pages", "--db", str(stores[s]), "--mode", "peer")
        if "ranking" not in skip:
            f.ranking[s] = _worker("scripts.bench", "--ranking-of", str(stores[s]))
        print(f"scale {s}: measured in {time.monotonic() - started:.0f} s", flush=True)
    for row in ROWS:
        if row.run is not None and (row.name or row.what) not in skip:
            f.extra[row.what] = row.run(f)
            print(f"{row.name or row.what}: measured", flush=True)
    if "tabs" not in skip:
        f.tabs_scale = args.tabs_scale
        f.tabs = _worker("scripts.bench_tabs", "--db", str(stores[args.tabs_scale]), "--tabs", str(args.tabs))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print_pages(f)
    print_ledger(f)
    print_ranking(f)
    print_io(f)
    print_table(f)


if __name__ == "__main__":
    main()
