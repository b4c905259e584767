"""Pages timed through the entry script with AppTest, as a user's browser session would run them; and the
ledger beside its pandas peer (scripts/peer_ledger.py). Prints JSON (one object) for scripts/bench.py, or a
table with ``--table``. Asserts nothing.

    .venv/bin/python -m scripts.bench_pages --db /tmp/ankang-bench-60.duckdb [--mode pages|ledger|peer] [--table]

What is timed, each as wall-clock seconds and CPU seconds of this process (every thread, DuckDB's included, so
the CPU figure holds when other work shares the machine); several runs give [wall (median), CPU (least), CPU
(median)]:
- ``open``: the first run of the default page in a fresh process: the store opened (its integrity read of
  every table, upgrades) and the overview computed;
- ``cold``: a page's first run in a new session with Streamlit's data cache empty (as after any write: every
  cached read is keyed on the store's write generation), the store already open;
- ``warm``: ``--repeat`` reruns of the same session (nothing changed);
- ``keyword``: 隐患台账 with a keyword the session has not asked before, each of ``KEYWORDS`` three times
  (with a space before or after it: a filter not seen yet), the median over the keywords;
- ``mem_mb``: the process's peak RSS above what it held before the first run (``ledger`` and ``peer``).

AppTest compiles the entry script and the page on every run; the server keeps their bytecode
(``ScriptCache``). So does this script (one cache for all runs), or warm figures would include ~30 ms of
compiling no user ever waits for.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = ROOT / "streamlit_app.py"
PEER = ROOT / "scripts" / "peer_ledger.py"

# url_path -> page script, every page of the entry script ("" is the default page, 态势总览)
PAGES = {"": "app_pages/overview.py", "map": "app_pages/map.py", "hazards": "app_pages/hazards.py",
         "fire_units": "app_pages/fire_units.py", "duty": "app_pages/duty.py", "ranking": "app_pages/ranking.py",
         "groups": "app_pages/groups.py", "fires": "app_pages/fires.py", "tasks": "app_pages/tasks.py",
         "data": "app_pages/data.py", "settings": "app_pages/settings.py", "system": "app_pages/system.py"}
# keywords a meeting types into 隐患台账 (each new to the session: a cache miss), from rare to common
KEYWORDS = ("配电箱", "消防通道", "仓库", "灭火器", "加油站", "KTV", "有限公司")
KEYWORD_KEY = "hazards.q"


def environment(db: Path, work: Path) -> dict[str, str]:
    """The app's settings for a benchmark run: the store, no scheduled backup, the log beside the run."""
    return {"DASHBOARD_DB": str(db), "DASHBOARD_BACKUP_TIME": "", "DASHBOARD_LOG_FILE": str(work / "bench.log")}


def _share_script_cache() -> None:
    from streamlit.runtime.scriptrunner import script_cache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = script_cache.ScriptCache()
    for module in (app_test, local_script_runner):
        module.ScriptCache = lambda: shared


def rss_mb() -> float:
    return int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024


def peak_mb() -> float:
    """The process's peak RSS (VmHWM: the kernel's high-water mark of this program's memory; getrusage's
    ru_maxrss would carry the parent's peak across fork and exec)."""
    return int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024


def run(at, action=None) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of ``at`` (after ``action`` sets a widget, when given). The garbage of
    the runs before (a map page leaves plenty) is collected first, so that a run pays for its own only."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    (action(at) if action else at).run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception[0].message}")
    return round(wall, 3), round(cpu, 3)


def summary(pairs: list[tuple[float, float]]) -> list[float]:
    """[wall (median), CPU (least), CPU (median)] of several runs. The least CPU time is the figure to judge
    by on a shared machine: what the work costs; other processes only add to it (as ``timeit`` advises)."""
    cpus = [p[1] for p in pairs]
    return [round(statistics.median(p[0] for p in pairs), 3), round(min(cpus), 3), round(statistics.median(cpus), 3)]


def session(script: Path = ENTRY, page: str | None = None, login: str = "office"):
    """A new AppTest session signed in as the demo account ``login`` (市安委办: every page), by a session token
    as the sign-in form leaves one; unsigned, every page would be the sign-in page."""
    from streamlit.testing.v1 import AppTest

    from dashboard.access import sessions
    from dashboard.ui import signin

    at = AppTest.from_file(str(script), default_timeout=900)
    if script == ENTRY:
        at.session_state[signin.TOKEN_KEY] = sessions.start(login)
    if page:
        at.switch_page(page)
    return at


def ensure_account(db: Path, login: str = "office") -> None:
    """The 市安委办 account ``session`` signs in as, made (random password, never written) when ``db`` has none: a
    store built before sign-in, or by ``init``. Without it every page would time the sign-in page."""
    import secrets

    from dashboard import access, roles
    from dashboard.db import Store

    store = Store.open(db)
    try:
        if access.get_user(store, login) is None:
            access.add_user(store, roles.system("压测脚本"), login=login, name="压测", role=roles.OFFICE,
                            password=f"Bench-{secrets.token_hex(6)}-1", must_change=False)
    finally:
        store.close()


def clear_data_cache() -> None:
    import streamlit as st

    st.cache_data.clear()


def pages(repeat: int, names: list[str]) -> dict:
    """open, then per page cold and warm."""
    out: dict = {"open": summary([run(session())])}
    for name in names:
        clear_data_cache()
        at = session(page=PAGES[name])
        cold = summary([run(at)])
        out[name] = {"cold": cold, "warm": summary([run(at) for _ in range(repeat)])}
    return out


def _keywords(at) -> list[float]:
    """A keyword new to the session, each of ``KEYWORDS`` three times: as typed, then with a space before it,
    then after it (the same search, but a filter the cache has not seen: the page searches again); per keyword
    its figures, then the median over the keywords."""
    per_keyword = []
    for k in KEYWORDS:
        runs = [run(at, lambda a, typed=typed: a.text_input(key=KEYWORD_KEY).set_value(typed))
                for typed in (k, f" {k}", f"{k} ")]
        per_keyword.append(summary(runs))
    return [round(statistics.median(f[i] for f in per_keyword), 3) for i in range(3)]


# what any page run loads before it reads data: imported first, so that the memory taken is the data's
_MODULES = ("dashboard.ui", "dashboard.ui.kit", "dashboard.ui.data_page", "dashboard.ui.kiosk", "dashboard.ui.system",
            "dashboard.hazards", "plotly.graph_objects", "plotly.io", "pyarrow", "pandas.io.formats.style", "duckdb")


def ledger(repeat: int, script: Path | None = None) -> dict:
    """隐患台账 (or ``script``, the peer): cold, warm, a new keyword, and the memory taken: ``mem_mb`` the
    process's peak above what it held after the imports; for the ledger also ``page_mb``, the peak above that
    of the store's opening (its integrity read of every table, done once per process; the settings page opens
    it), i.e. what the page itself needs."""
    for module in _MODULES:
        __import__(module)
    before = rss_mb()
    opened = None
    if not script:
        run(session(page=PAGES["settings"]))
        opened = peak_mb()
    at = session(script, None) if script else session(page=PAGES["hazards"])
    cold = summary([run(at)])
    warm = summary([run(at) for _ in range(repeat)])
    keyword = _keywords(at)
    figures = {"cold": cold, "warm": warm, "keyword": keyword, "mem_mb": round(peak_mb() - before, 1)}
    if opened is not None:
        figures["page_mb"] = round(peak_mb() - opened, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--mode", choices=("pages", "ledger", "peer"), default="pages")
    parser.add_argument("--pages", default=",".join(PAGES), help="url paths, comma-separated ('' = 态势总览)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--table", action="store_true", help="print a table instead of JSON")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_pages_"))
    os.environ.update(environment(args.db, work))
    os.environ.pop("DASHBOARD_AS_OF", None)
    sys.path.insert(0, str(ROOT))
    _share_script_cache()
    ensure_account(args.db)
    if args.mode == "pages":
        result = pages(args.repeat, [p for p in args.pages.split(",") if p in PAGES or p == ""])
    else:
        result = ledger(args.repeat, PEER if args.mode == "peer" else None)
    result["load"] = round(os.getloadavg()[0], 1)  # how busy the machine was (1-minute load average, at the end)
    if not args.table:
        print(json.dumps(result, ensure_ascii=False))
        return
    for name, figures in result.items():
        print(f"{name or 'overview':12} {figures}")


if __name__ == "__main__":
    main()
