"""kill -9, over and over: the store opens afterwards, nothing is there in part, nothing acknowledged is lost.

Three kinds of victim, ``cycles`` of each, on one store that carries everything from cycle to cycle:
- a writing process: 20 sessions writing through the domain write paths as the app's sessions do
  (scripts/bench_reliability.py), printing each write once it is acknowledged; killed 1–4 s in;
- an import: ``python -m dashboard import hazards FILE`` of a new 2,000-row file, killed at a random moment
  between its start and a little after the time a whole import takes;
- the server: ``python -m scripts.serve`` (the service's way of starting), killed while the app is making a
  backup that ``python -m dashboard backup`` asked of it.
After each kill: ``Store.open`` (which reads every table whole) must succeed; every acknowledged write must be
there; each session write's rows and its audit event must be there together or not at all; an import is there
whole or not at all; no backup directory may claim to be verified unless it is.

``python -m scripts.bench_reliability_kill [--cycles 20]``; the writer mode (``writer DB``) is its victim.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import backup
from dashboard.db import Store, StoreError
from scripts import app_server
from scripts import bench_reliability as load_

ROOT = Path(__file__).resolve().parents[1]
IMPORT_ROWS = 2000
HEADER = ("隐患编号,发现时间,检查组,来源,县区,乡镇,单位名称,统一社会信用代码,行业领域,隐患部位,隐患描述,隐患等级,治理类型,"
          "整改措施,整改责任单位,整改责任人,责任人电话,整改期限,整改资金(万元),临时管控措施,备注")


@dataclass
class KillFigures:
    kills: dict[str, int] = field(default_factory=lambda: {"writer": 0, "import": 0, "server": 0})
    opened: dict[str, int] = field(default_factory=lambda: {"writer": 0, "import": 0, "server": 0})
    refused: list[str] = field(default_factory=list)
    acked: int = 0
    lost: int = 0
    partial: int = 0
    duplicated: int = 0
    imports_whole: int = 0
    imports_absent: int = 0
    imports_partial: int = 0
    imports_acked_lost: int = 0
    backups_claimed_bad: int = 0
    backups_unfinished: int = 0
    backups_verified: int = 0
    mid_copy: int = 0

    def lines(self) -> list[str]:
        k, o = self.kills, self.opened
        return [
            f"kill -9 of a writing process ×{k['writer']}: the store opened {o['writer']}/{k['writer']}; "
            f"{self.acked:,} writes acknowledged, lost {self.lost}, partly written {self.partial}, "
            f"duplicated {self.duplicated}",
            f"kill -9 of an import ({IMPORT_ROWS:,} rows) ×{k['import']}: the store opened {o['import']}/{k['import']}; "
            f"imports whole {self.imports_whole}, absent {self.imports_absent}, partial {self.imports_partial}, "
            f"acknowledged and lost {self.imports_acked_lost}",
            f"kill -9 of the server while it made a backup ×{k['server']} ({self.mid_copy} with the copy under way): "
            f"the store opened {o['server']}/{k['server']}; "
            f"backups left verified {self.backups_verified} (each re-verified), unfinished {self.backups_unfinished} "
            f"(listed as 未完成, pruned after 6 h), claiming a verification they fail {self.backups_claimed_bad}",
        ] + [f"  refused on open: {r}" for r in self.refused[:5]]


# -- the victim: a writing process -----------------------------------------------------------------------------
def writer(db: Path, sessions: int) -> None:
    store = Store.open(db)
    print("READY", flush=True)
    lock = threading.Lock()

    def acked(ack: load_.Ack) -> None:
        with lock:  # whole lines: the parent counts what it read
            sys.stdout.write(json.dumps([ack.kind, ack.key, ack.marker], ensure_ascii=False) + "\n")
            sys.stdout.flush()

    offset = int(time.time() * 1000) % 10_000_000  # markers unique across cycles
    load_.run_sessions(store, sessions, 3600, on_ack=acked, first_session=offset)


def _key(kind: str, key):
    return tuple(key) if kind == "report" else key


def _check_store(db: Path, figures: KillFigures, victim: str) -> Store | None:
    try:
        store = Store.open(db)
    except StoreError as exc:
        figures.refused.append(f"{victim}: {exc}")
        return None
    figures.opened[victim] += 1
    return store


def _kill_writer(db: Path, figures: KillFigures, acked: list, rng: random.Random) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "scripts.bench_reliability_kill", "writer", str(db)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout.readline().strip() == "READY"
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    time.sleep(rng.uniform(1, 4))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(5)
    figures.kills["writer"] += 1
    for line in lines:
        if line.endswith("\n"):  # a line cut by the kill was never acknowledged
            kind, key, marker = json.loads(line)
            acked.append((kind, _key(kind, key), marker))
    store = _check_store(db, figures, "writer")
    if store is None:
        return
    try:
        rows = load_.found_rows(store.rows)
        markers = [m for kind in rows for _, m in rows[kind]]
        figures.duplicated = len(markers) - len(set(markers))
        figures.lost = sum(1 for kind, key, marker in acked if (key, marker) not in rows[kind])
        figures.acked = len(acked)
        figures.partial = abs(load_.session_events(store.rows) - len(markers))
    finally:
        store.close()


def _import_file(directory: Path, cycle: int) -> Path:
    path = directory / f"import-{cycle}.csv"
    lines = [HEADER] + [
        f",2021-04-14,,进驻式暗访督查,白河县,老城街道,压测导入{cycle}单位{i},,消防,{i}号仓库,压测导入{cycle}-{i} 疏散通道堆放杂物,"
        f"一般隐患,限期整改,清理杂物,压测导入{cycle}单位{i},张三,13800000000,2021-05-20,0.5,,"
        for i in range(IMPORT_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def _imported(store: Store, cycle: int) -> int:
    return store.scalar("SELECT count(*) FROM hazards WHERE description LIKE ?", [f"压测导入{cycle}-%"])


def _kill_import(db: Path, directory: Path, cycle: int, figures: KillFigures, rng: random.Random,
                 whole_seconds: float) -> float:
    """Returns how long a whole import took when it finished before the kill (else ``whole_seconds``)."""
    env = {**os.environ, "DASHBOARD_DB": str(db)}
    env.pop("DASHBOARD_AS_OF", None)
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "import", "hazards", str(_import_file(directory, cycle))],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        proc.wait(timeout=rng.uniform(0.3, whole_seconds * 1.1) if whole_seconds < 60 else whole_seconds)
        took = time.monotonic() - started
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        took = whole_seconds
    acknowledged = "导入完成" in (proc.stdout.read() if proc.stdout else "")
    figures.kills["import"] += 1
    store = _check_store(db, figures, "import")
    if store is None:
        return whole_seconds
    try:
        count = _imported(store, cycle)
    finally:
        store.close()
    if count == IMPORT_ROWS:
        figures.imports_whole += 1
    elif count == 0:
        figures.imports_absent += 1
        figures.imports_acked_lost += acknowledged
    else:
        figures.imports_partial += 1
    return took if acknowledged else whole_seconds


def _kill_server(db: Path, directory: Path, figures: KillFigures, rng: random.Random) -> None:
    port = app_server.free_port()
    env = {**os.environ, "DASHBOARD_DB": str(db), "DASHBOARD_SERVER_PORT": str(port), "PYTHONUNBUFFERED": "1"}
    env.pop("DASHBOARD_AS_OF", None)
    with (directory / "server.log").open("a") as log:
        server = subprocess.Popen([sys.executable, "-m", "scripts.serve"], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while backup.service_alive(db) is None or backup.service_alive(db)["pid"] != server.pid:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the server did not start, see {directory / 'server.log'}")
            time.sleep(0.1)
        asking = subprocess.Popen([sys.executable, "-m", "dashboard", "backup"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        backups = backup.backup_dir(db)
        deadline = time.monotonic() + 30
        while not any(p.name.endswith(".partial") for p in (backups.iterdir() if backups.exists() else [])):
            if time.monotonic() > deadline:
                break
            time.sleep(0.002)
        else:
            time.sleep(rng.uniform(0, 0.15))  # somewhere in the copy or its verification
    finally:
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
    if any(p.name.endswith(".partial") for p in backups.iterdir()):
        figures.mid_copy += 1
    asking.kill()  # the administrator's command, waiting for an answer that will not come
    asking.wait()
    figures.kills["server"] += 1
    store = _check_store(db, figures, "server")
    if store is not None:
        store.close()
    for entry in backup.list_backups(backup.backup_dir(db)):  # each is looked at once, then moved aside
        if entry.status == backup.INCOMPLETE:
            figures.backups_unfinished += 1
        elif entry.verified:
            if backup.verify(entry.path).verified:
                figures.backups_verified += 1
            else:
                figures.backups_claimed_bad += 1
        shutil.rmtree(entry.path)


def run(directory: Path, cycles: int = 20, *, scale: int = 1, seed: int = 13) -> KillFigures:
    directory.mkdir(parents=True, exist_ok=True)
    db = load_.demo_copy(directory, scale)
    rng = random.Random(seed)
    figures = KillFigures()
    acked: list = []
    whole = None  # how long a whole import takes: the first one is let run (up to a minute) to find out
    for cycle in range(cycles):
        _kill_writer(db, figures, acked, rng)
        took = _kill_import(db, directory, cycle, figures, rng, whole or 60.0)
        whole = whole or took
        _kill_server(db, directory, figures, rng)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", default="run", choices=["run", "writer"])
    parser.add_argument("db", nargs="?")
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()
    if args.mode == "writer":
        writer(Path(args.db), args.sessions)
        return
    with tempfile.TemporaryDirectory(prefix="ankang-kill-") as tmp:
        for line in run(Path(tmp), args.cycles).lines():
            print(line, flush=True)


if __name__ == "__main__":
    main()
