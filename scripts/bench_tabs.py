"""A full room: ``--tabs`` (20) Chromium tabs open 态势总览 at once against a running app. Prints JSON for
scripts/bench.py (or a line with ``--table``); asserts nothing.

    .venv/bin/python -m scripts.bench_tabs --db /tmp/ankang-bench-700.duckdb [--tabs 20] [--table]

Starts the app on ``--db`` as a user would (scripts/app_server.py), waits until it answers and one tab has
shown the overview (a running app: the store open, the figures computed once), then opens every tab at once in one Debian chromium (every request that leaves 127.0.0.1 aborted and counted) and waits until
each tab shows the whole overview (``overview_ready``). Figures: seconds until all are ready (and the first,
the median), the server's peak RSS (the kernel's high-water mark, VmHWM, over its whole life) and its CPU
seconds over the storm, and the CPU seconds Chromium spent drawing the tabs. On one 2-core machine the tabs
wait mostly on Chromium, not on the server: a wall of 20 screens has 20 PCs to draw them, so the server's
CPU seconds (its share of the two cores) are the figure that says whether the server keeps up.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from scripts import app_server
from scripts.bench_pages import environment

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
CHARTS = 3  # the overview's Plotly figures: the ranking's scores, the countdown strip, the weekly trend


def overview_ready(page) -> bool:
    """The overview is whole: the script has finished, its charts are drawn and its map shows the counties
    (in whichever frame the map component draws)."""
    drawn = page.evaluate(f"""() => !!document.querySelector('{IDLE}')
        && document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length >= {CHARTS}""")
    if not drawn:
        return False
    for frame in page.frames:
        try:
            if frame.locator(".leaflet-container .leaflet-interactive, .leaflet-container canvas").count():
                return True
        except Exception:  # noqa: BLE001 (a frame replaced while asked: ask again next round)
            continue
    return False


def status(pid: int) -> dict[str, float]:
    """The process's peak RSS (MB) and CPU seconds so far."""
    text = Path(f"/proc/{pid}/status").read_text()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {"peak_mb": int(re.search(r"VmHWM:\s+(\d+)", text).group(1)) / 1024,
            "cpu_s": (int(fields[11]) + int(fields[12])) / ticks}


def browser_cpu() -> dict[int, float]:
    """CPU seconds so far of every Chromium process on the machine (browser, renderers, GPU, utility), by pid."""
    ticks, seen = os.sysconf("SC_CLK_TCK"), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = stat.read_text().split("(", 1)[1].rsplit(")", 1)
        except OSError:  # the process ended while we looked
            continue
        if name.startswith(("chrom", "headless_shell")):
            fields = rest.split()
            seen[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return seen


def storm(db: Path, tabs: int, timeout: float) -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench_tabs_"))
    login, password = app_server.bench_account(db)  # the room's people are signed in (one account, one cookie)
    port = app_server.free_port()
    server = app_server.start(db, port, work / "streamlit.log", env=environment(db, work), timeout=600)
    external: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=app_server.CHROMIUM, headless=True,
                                         args=app_server.CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            context.route("**/*", app_server.offline_guard(external))
            first = context.new_page()  # a running app: one user has opened the overview before the room does
            app_server.sign_in(first, f"http://127.0.0.1:{port}", login, password, timeout=timeout * 1000)
            deadline = time.monotonic() + timeout
            while not overview_ready(first) and time.monotonic() < deadline:
                time.sleep(0.2)
            first.close()
            before, browser_before = status(server.pid), browser_cpu()
            pages = [context.new_page() for _ in range(tabs)]
            started = time.monotonic()
            for page in pages:  # all at once: each navigation returns as soon as its document arrives
                page.goto(f"http://127.0.0.1:{port}/", wait_until="commit", timeout=timeout * 1000)
            ready: dict[int, float] = {}
            while len(ready) < tabs and time.monotonic() - started < timeout:
                for i, page in enumerate(pages):
                    if i not in ready and overview_ready(page):
                        ready[i] = time.monotonic() - started
                time.sleep(0.2)
            browser_after = browser_cpu()
            browser.close()
        after = status(server.pid)
    finally:
        app_server.stop(server)
    times = sorted(ready.values())
    return {"tabs": tabs, "ready": len(ready), "all_s": round(times[-1], 1) if len(times) == tabs else None,
            "first_s": round(times[0], 1) if times else None,
            "median_s": round(statistics.median(times), 1) if times else None,
            "peak_mb": round(after["peak_mb"]), "cpu_s": round(after["cpu_s"] - before["cpu_s"], 1),
            "browser_cpu_s": round(sum(t - browser_before.get(pid, 0) for pid, t in browser_after.items()), 1),
            "external": len(external)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--tabs", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for every tab")
    parser.add_argument("--table", action="store_true")
    args = parser.parse_args()
    result = storm(args.db, args.tabs, args.timeout)
    print(json.dumps(result) if not args.table else
          f"{result['ready']}/{result['tabs']} tabs ready, all in {result['all_s']} s (first {result['first_s']} s, "
          f"median {result['median_s']} s); server peak {result['peak_mb']} MB, {result['cpu_s']} s CPU; "
          f"Chromium {result['browser_cpu_s']} s CPU; "
          f"requests to outside the machine: {result['external']}")


if __name__ == "__main__":
    main()
