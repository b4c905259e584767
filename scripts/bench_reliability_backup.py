"""A backup taken by the running app under load restores with every table's hash equal to that moment.

This process plays the app: it holds the store, runs the app's backup service (dashboard/backup/service.py)
and N writing sessions (scripts/bench_reliability.py). Part-way through, ``python -m dashboard backup`` runs as
a separate process, as an administrator would: it finds the running service, asks it, and prints the path.
Then ``python -m dashboard restore`` writes a new file, and this checks, independently of the restore's own
check, that every table's row count and content hash equals the manifest's (the live store at the moment of
the copy), that every write acknowledged before the request is in it and none asked after the backup finished,
and that no write is there in part (each session write is its rows plus one audit event). Also how long
writes waited while the copy ran.

``python -m scripts.bench_reliability_backup [--sessions 50] [--seconds 30] [--scale 1]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard import backup
from dashboard.db import Store
from scripts import bench_reliability as load_

ROOT = Path(__file__).resolve().parents[1]


def cli(db: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m dashboard ARGS`` on ``db`` as its own process."""
    env = {**os.environ, "DASHBOARD_DB": str(db)}
    env.pop("DASHBOARD_AS_OF", None)
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@dataclass(frozen=True)
class BackupFigures:
    sessions: int
    seconds: float
    acked: int
    errors: int
    backup_seconds: float  # from the request to the answer (copy + verification + the CLI's polling)
    copy_seconds: float
    verify_seconds: float
    tables: int
    tables_equal: int
    rows: int
    before_present: str
    after_absent: str
    partial: int
    rate_outside: float  # writes acknowledged per second outside the backup request
    rate_during: float  # and while the copy and its verification ran
    gap_during: float  # the longest pause between two acknowledgements while the copy ran
    gap_outside: float
    writes_during: int

    @property
    def ok(self) -> bool:
        total, equal = self.tables, self.tables_equal
        return (equal == total and self.partial == 0 and self.errors == 0
                and self.before_present.split("/")[0] == self.before_present.split("/")[1]
                and self.after_absent.split("/")[0] == self.after_absent.split("/")[1])

    def lines(self) -> list[str]:
        return [
            f"backup under load ({self.sessions} sessions writing for {self.seconds:.0f} s, {self.acked:,} writes, "
            f"{self.errors} tracebacks): requested by `python -m dashboard backup`, made by the app in "
            f"{self.backup_seconds:.2f} s (copy {self.copy_seconds:.2f} s, verification {self.verify_seconds:.2f} s)",
            f"  restored with `python -m dashboard restore`: {self.tables_equal}/{self.tables} tables with row count and "
            f"hash equal to the manifest ({self.rows:,} rows); writes acknowledged before the request present "
            f"{self.before_present}, asked after it finished absent {self.after_absent}, partly present {self.partial}",
            f"  while the copy and its verification ran: {self.writes_during} writes acknowledged "
            f"({self.rate_during:.0f}/s; outside the backup request {self.rate_outside:.0f}/s), the longest pause "
            f"between two acknowledgements {self.gap_during * 1000:.0f} ms (outside: {self.gap_outside * 1000:.0f} ms)",
        ]


def run(directory: Path, sessions: int = 50, seconds: float = 30, *, scale: int = 1) -> BackupFigures:
    directory.mkdir(parents=True, exist_ok=True)
    db = load_.demo_copy(directory, scale)
    store = Store.open(db)
    service = backup.ensure_service(db, grace=3600)  # the app's service; no scheduled backup in the way
    load = load_.Load()
    offset = time.time() - time.monotonic()
    window: dict[str, float] = {}
    answer: dict[str, subprocess.CompletedProcess] = {}

    def ask() -> None:
        time.sleep(seconds / 3)
        window["asked"] = time.monotonic()
        answer["backup"] = cli(db, "backup")
        window["answered"] = time.monotonic()

    asking = threading.Thread(target=ask)
    asking.start()
    try:
        load_.run_sessions(store, sessions, seconds, load)
        asking.join()
    finally:
        backup.stop_service(db)
        store.close()
    made = answer["backup"]
    if made.returncode != 0:
        raise RuntimeError(f"backup failed: {made.stderr}")
    path = Path(made.stdout.strip().splitlines()[-1])
    taken = backup.open_backup(path)
    out = directory / "restored.duckdb"
    restored = cli(db, "restore", str(path), "--out", str(out))
    if restored.returncode != 0:
        raise RuntimeError(f"restore failed: {restored.stderr}")
    found = backup.figures_of_file(out)
    equal = sum(1 for name, figure in taken.tables.items() if found["tables"].get(name) == figure)
    con = duckdb.connect(str(out), read_only=True)
    try:
        rows = load_.found_rows(lambda sql: con.execute(sql).fetchall())
        events = load_.session_events(lambda sql: con.execute(sql).fetchall())
    finally:
        con.close()
    present = {(a.kind, a.key, a.marker) for a in load.acked
               if (a.key, a.marker) in rows[a.kind]}
    before = [a for a in load.acked if a.done < window["asked"]]
    after = [a for a in load.acked if a.started > window["answered"]]
    in_copy = sum(len(v) for v in rows.values())
    timings = taken.manifest.get("timings", {})
    # the copy and its verification, on this process's monotonic clock (the manifest says when, in Unix time)
    copy_start = timings["started"] - offset
    copy_end = copy_start + timings["copy_seconds"] + timings["verify_seconds"]
    # a write blocked by the copy would show as a pause in the acknowledgements: the longest gap between two,
    # and the rate, while the copy ran against the rest of the run (latencies alone mislead: a write that
    # overlaps any short window is likelier to be a long one)
    done = sorted(a.done for a in load.acked)
    gaps_in = [b - a for a, b in zip(done, done[1:]) if b >= copy_start and a <= copy_end]
    gaps_out = [b - a for a, b in zip(done, done[1:]) if b < window["asked"] or a > window["answered"]]
    in_copy_acks = sum(1 for t in done if copy_start <= t <= copy_end)
    outside = [t for t in done if t < window["asked"] or t > window["answered"]]
    span_out = (window["asked"] - done[0]) + max(0.0, done[-1] - window["answered"])
    return BackupFigures(
        sessions, seconds, len(load.acked), len(load.errors), window["answered"] - window["asked"],
        timings.get("copy_seconds", 0), timings.get("verify_seconds", 0), len(taken.tables), equal, taken.rows,
        f"{sum(1 for a in before if (a.kind, a.key, a.marker) in present)}/{len(before)}",
        f"{sum(1 for a in after if (a.kind, a.key, a.marker) not in present)}/{len(after)}",
        abs(events - in_copy), len(outside) / span_out if span_out > 0 else 0.0,
        in_copy_acks / max(copy_end - copy_start, 1e-6), max(gaps_in or [0]), max(gaps_out or [0]), in_copy_acks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ankang-backup-bench-") as tmp:
        for line in run(Path(tmp), args.sessions, args.seconds, scale=args.scale).lines():
            print(line, flush=True)


if __name__ == "__main__":
    main()
