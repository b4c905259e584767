"""The wall screen over a long run: does memory stay flat, does the page's DOM stay flat, does it come back
by itself after the server goes away?

Starts the app on a copy of the demo data, opens the wall screen in Debian's chromium at 1920×1080
(every non-local request aborted), lets it refresh and rotate, restarts the server once half way, and
prints one line per sample and a summary:

    .venv/bin/python -m scripts.bench_kiosk --minutes 30 --refresh 2

The figures in the README come from this script.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

from dashboard import demo
from scripts import app_server

BAR = ".w-header"  # the wall's header: 读取于 hh:mm:ss and the view on air (data-wall-view)
ON_AIR = "() => (document.querySelector('[data-wall-view]') || {}).dataset?.wallView || '?'"


def rss_mb(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024


def read_time(page) -> str | None:
    try:
        text = page.locator(BAR).inner_text(timeout=2000)
    except Exception:  # noqa: BLE001 (mid-rerun or disconnected: no bar this instant)
        return None
    found = re.search(r"读取于 (\d\d:\d\d:\d\d)", text)
    return found.group(1) if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--refresh", type=int, default=2, help="seconds between refreshes (the wall's ?refresh=)")
    parser.add_argument("--views", default="overview:20,fire_units:15,duty:15,ranking:15,map:20")
    parser.add_argument("--sample", type=float, default=30, help="seconds between samples")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench_kiosk_"))
    db = work / "dashboard.duckdb"
    demo.build(db)
    token = app_server.wall_token(db)  # the wall PC's read-only link: no sign-in on the wall
    port = app_server.free_port()
    log = work / "streamlit.log"
    server = app_server.start(db, port, log)
    url = (f"http://127.0.0.1:{port}/?kiosk=1&embed=true&embed_options=dark_theme&exceptions=1"
           f"&refresh={args.refresh}&views={args.views}&wall={token}")
    external: list[str] = []
    reads: set[str] = set()
    views: set[str] = set()
    rows = []
    restarted = recovered_after = None
    reads_before_restart = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=app_server.CHROMIUM, headless=True,
                                         args=[*app_server.CHROMIUM_ARGS, "--enable-precise-memory-info"])
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.route("**/*", app_server.offline_guard(external))
            page.goto(url)
            page.locator(BAR).wait_for(timeout=60_000)
            page.evaluate("window.__wall = 1")
            start = time.monotonic()
            end = start + args.minutes * 60
            next_sample = start
            print(f"wall screen for {args.minutes:g} min, refresh {args.refresh} s, views {args.views}")
            print(f"{'min':>6} {'view':<12} {'server MB':>9} {'DOM nodes':>9} {'JS heap MB':>10} {'reads':>6} reload")
            while time.monotonic() < end:
                now = time.monotonic()
                seen = read_time(page)
                if seen:
                    reads.add(seen)
                    if restarted is not None and recovered_after is None and len(reads) > reads_before_restart:
                        recovered_after = time.monotonic() - restarted
                try:
                    views.add(page.evaluate(ON_AIR))
                except Exception:  # noqa: BLE001 (mid-rerun or disconnected)
                    pass
                if restarted is None and now - start > args.minutes * 30:  # half way: the server goes away
                    app_server.stop(server)
                    time.sleep(5)
                    reads_before_restart = len(reads)
                    server = app_server.start(db, port, log)
                    restarted = time.monotonic()
                    print(f"{(now - start) / 60:6.1f} server stopped for 5 s and started again")
                if now >= next_sample:
                    dom = page.evaluate("document.getElementsByTagName('*').length")
                    heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0") / 2**20
                    reload = "no" if page.evaluate("window.__wall === 1") else "YES"
                    row = ((now - start) / 60, page.evaluate(ON_AIR), rss_mb(server.pid), dom, heap, len(reads))
                    rows.append(row)
                    print(f"{row[0]:6.1f} {row[1]:<12} {row[2]:9.0f} {row[3]:9d} {row[4]:10.1f} {row[5]:6d} {reload}")
                    next_sample += args.sample
                page.wait_for_timeout(500)
            browser.close()
    finally:
        app_server.stop(server)
    first, last = rows[1] if len(rows) > 1 else rows[0], rows[-1]
    print()
    print(f"distinct refreshes seen: {len(reads)}; views shown: {', '.join(sorted(views))}")
    print(f"server RSS: {first[2]:.0f} MB after the first sample -> {last[2]:.0f} MB at the end"
          f" (max {max(r[2] for r in rows):.0f} MB; the restart resets it)")
    print(f"DOM nodes: min {min(r[3] for r in rows)}, max {max(r[3] for r in rows)}, last {last[3]}")
    print(f"JS heap: {first[4]:.1f} MB -> {last[4]:.1f} MB (max {max(r[4] for r in rows):.1f} MB)")
    print("recovered after the restart in " + (f"{recovered_after:.1f} s" if recovered_after else "— (did NOT recover)"))
    print(f"requests to outside the machine: {len(external)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
