"""Reliability figures for the README (``make bench-reliability``); quick versions run in the suite
(tests/backup/test_reliability_quick.py).

- ``writes``: N concurrent writing sessions for S seconds through the domain write paths, as the app's
  sessions run them (one Store per process, a thread per session, a cursor per write): hazard registrations
  (隐患编号 max()+1), resubmissions of the same units' daily reports (version max()+1) and first incident
  reports (SJ numbers). Then every acknowledged write is looked up: lost, duplicated, tracebacks (any
  exception but a refusal with its reason).
- ``kill``: scripts/bench_reliability_kill.py (kill -9 of a writing process, of an import, of the server).
- ``backup``: scripts/bench_reliability_backup.py (a backup taken by the app under that load, restored).

``python -m scripts.bench_reliability [writes|kill|backup|all] [--sessions 50] [--seconds 60] [--cycles 20]
[--scale 1]`` prints the figures.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard import duty, hazards, roles
from dashboard.db import Store, ValidationError
from scripts.bench_store import INCIDENT, REPORT, REPORT_UNITS
from scripts.bench_store import NEW as NEW_HAZARD

KINDS = ("hazard", "report", "incident")
MARK = "压测写入"  # every row a session writes carries it (description / reporter / place): counted afterwards


@dataclass(frozen=True)
class Ack:
    """One acknowledged write: what it was, its key, when it was asked and when acknowledged (monotonic)."""

    kind: str
    key: Any
    marker: str
    started: float
    done: float


@dataclass
class Load:
    """What the sessions did."""

    acked: list[Ack] = field(default_factory=list)
    refused: collections.Counter = field(default_factory=collections.Counter)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def latencies(self, start: float = 0, end: float = float("inf")) -> list[float]:
        return [a.done - a.started for a in self.acked if start <= a.done <= end]


def write_once(store: Store, session: int, i: int) -> Ack:
    """One write of session ``session``, its ``i``-th: the kind rotates so every kind runs all the time."""
    kind = KINDS[(session + i) % 3]
    marker = f"{MARK}{session}-{i}"
    actor = roles.system(f"会话{session}")  # audited as 会话N（系统）
    started = time.monotonic()
    if kind == "hazard":
        key = hazards.create(store, {**NEW_HAZARD, "description": marker}, actor)
    elif kind == "report":
        unit = REPORT_UNITS[session % len(REPORT_UNITS)]
        key = (unit, duty.submit_report(store, {**REPORT, "unit_code": unit, "reporter": marker}, actor))
    else:
        key = duty.record_incident(store, {**INCIDENT, "place": marker}, actor)
    return Ack(kind, key, marker, started, time.monotonic())


def run_sessions(store: Store, sessions: int, seconds: float, load: Load | None = None,
                 on_ack=None, first_session: int = 0) -> Load:
    """``sessions`` threads writing for ``seconds``, all starting at once; ``on_ack(ack)`` after each
    acknowledged write; sessions are numbered from ``first_session`` (markers stay unique across runs)."""
    load = load or Load()
    start = threading.Barrier(sessions)

    def session(n: int) -> None:
        start.wait()
        deadline = time.monotonic() + seconds
        i = 0
        while time.monotonic() < deadline:
            try:
                ack = write_once(store, n, i)
            except ValidationError as exc:
                with load.lock:
                    load.refused[str(exc)] += 1
            except Exception as exc:  # noqa: BLE001 — a traceback a user would have seen: counted
                with load.lock:
                    load.errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
            else:
                with load.lock:
                    load.acked.append(ack)
                if on_ack:
                    on_ack(ack)
            i += 1

    threads = [threading.Thread(target=session, args=(first_session + n,)) for n in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return load


def rows_present(rows: dict[str, set], acked: list[Ack]) -> tuple[int, int]:
    """(lost, duplicated) of ``acked`` against the rows found (``found_rows``)."""
    lost = duplicated = 0
    for kind in KINDS:
        mine = [a for a in acked if a.kind == kind]
        keys = [a.key for a in mine]
        duplicated += len(keys) - len(set(keys))
        found = rows[kind]
        lost += sum(1 for a in mine if (a.key, a.marker) not in found)
        duplicated += max(0, len(found) - len({(a.key, a.marker) for a in mine}))  # rows no ack accounts for
    return lost, duplicated


def found_rows(query) -> dict[str, set]:
    """Every row the sessions wrote, by kind, as (key, marker); ``query(sql)`` reads the store or a copy."""
    like = MARK + "%"
    return {
        "hazard": {(k, m) for k, m in query(f"SELECT id, description FROM hazards WHERE description LIKE '{like}'")},
        "report": {((u, v), m) for u, v, m in query(
            f"SELECT unit_code, version, reporter FROM duty_reports WHERE reporter LIKE '{like}'")},
        "incident": {(k, m) for k, m in query(f"SELECT id, place FROM incidents WHERE place LIKE '{like}'")},
    }


def session_events(query) -> int:
    """Audit events written by the sessions (one per write)."""
    return query("SELECT count(*) FROM audit_events WHERE actor LIKE '会话%'")[0][0]


@dataclass(frozen=True)
class WritesFigures:
    sessions: int
    seconds: float
    acked: int
    refused: int
    errors: list[str]
    lost: int
    duplicated: int
    unaccounted_events: int
    p50: float
    p99: float
    worst: float

    def lines(self) -> list[str]:
        return [
            f"{self.sessions} sessions × {self.seconds:.0f} s through the domain write paths: {self.acked:,} writes "
            f"acknowledged ({self.acked / self.seconds:,.0f}/s), {self.refused} refused with a reason",
            f"  lost {self.lost}, duplicated {self.duplicated}, tracebacks {len(self.errors)}, audit events without "
            f"their write (or writes without theirs) {self.unaccounted_events}",
            f"  write latency p50 {self.p50 * 1000:.0f} ms, p99 {self.p99 * 1000:.0f} ms, max {self.worst * 1000:.0f} ms",
        ] + [f"  traceback: {e}" for e in self.errors[:5]]


def writes(store: Store, sessions: int = 50, seconds: float = 60) -> WritesFigures:
    load = run_sessions(store, sessions, seconds)
    lost, duplicated = rows_present(found_rows(store.rows), load.acked)
    events = session_events(store.rows)
    times = sorted(load.latencies()) or [0.0]
    return WritesFigures(sessions, seconds, len(load.acked), sum(load.refused.values()), load.errors, lost, duplicated,
                         abs(events - len(load.acked)), statistics.median(times),
                         times[min(len(times) - 1, int(len(times) * 0.99))], times[-1])


def demo_copy(directory: Path, scale: int = 1) -> Path:
    """A fresh demo store in ``directory`` (built once per scale in the temp directory, then copied)."""
    from dashboard import demo

    cache = Path(tempfile.gettempdir()) / f"ankang-bench-demo-{scale}.duckdb"
    if not cache.exists():
        partial = cache.with_name(cache.name + f".{time.time_ns()}")
        demo.build(partial, scale=scale)
        partial.rename(cache)
    target = directory / "dashboard.duckdb"
    shutil.copy(cache, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", nargs="?", default="all", choices=["writes", "kill", "backup", "all"])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ankang-reliability-") as tmp:
        tmp = Path(tmp)
        if args.which in ("writes", "all"):
            (tmp / "w").mkdir()
            store = Store.open(demo_copy(tmp / "w", args.scale))
            try:
                for line in writes(store, args.sessions, args.seconds).lines():
                    print(line, flush=True)
            finally:
                store.close()
        if args.which in ("kill", "all"):
            from scripts import bench_reliability_kill

            for line in bench_reliability_kill.run(tmp / "k", args.cycles, scale=args.scale).lines():
                print(line, flush=True)
        if args.which in ("backup", "all"):
            from scripts import bench_reliability_backup

            figures = bench_reliability_backup.run(tmp / "b", args.sessions, max(10.0, args.seconds / 2), scale=args.scale)
            for line in figures.lines():
                print(line, flush=True)


if __name__ == "__main__":
    main()
