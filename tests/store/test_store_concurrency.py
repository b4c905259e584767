"""Concurrent writers on a real store: nothing acknowledged is lost, nothing is duplicated, nobody gets a
traceback. Ids and versions are read as max()+1 inside the write; Store.write takes the writes to one file one
at a time, and retries a duplicate generated key or a conflict caused from outside that lock.

The long version (50 sessions for 60 s through the server) is scripts/bench_reliability.py; this is the quick
one, on the workload scripts/bench_store.py times."""

import collections
import threading

import pytest

from dashboard import hazards, roles
from dashboard.db import StoreError, ValidationError
from scripts.bench_store import NEW, REPORT, REPORT_UNITS, mixed_writes  # the workload the script times

TESTER = roles.system("测试")  # who writes here (who may: tests/access)


def _run(threads: int, work) -> list[BaseException]:
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def worker(n):
        start.wait()  # all at once
        try:
            work(n)
        except BaseException as exc:  # noqa: BLE001 — collected, the assertions show them
            failures.append(exc)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return failures


def test_fifty_threads_of_real_writes_lose_nothing_and_duplicate_nothing(demo_store):
    """50 threads × 20 writes: hazard registrations (隐患编号 max()+1), resubmissions of three units' reports
    for one day (version max()+1) and first incident reports (SJyyyymmdd-NN). Before: 65–730 failed with
    ConstraintException (Duplicate key)."""
    store = demo_store
    before_versions = {u: store.scalar("SELECT coalesce(max(version), 0) FROM duty_reports WHERE unit_code = ?"
                                       " AND report_date = ?", [u, REPORT["report_date"]]) for u in REPORT_UNITS}
    before_events = store.scalar("SELECT count(*) FROM audit_events")
    acked, failures, _ = mixed_writes(store, 50, 20)
    assert failures == []
    kinds = collections.Counter((n + i) % 3 for n in range(50) for i in range(20))
    assert {k: len(v) for k, v in acked.items()} == {"hazard": kinds[0], "report": kinds[1], "incident": kinds[2]}
    # every acknowledged hazard is there, once, with what was typed
    ids = acked["hazard"]
    assert len(set(ids)) == len(ids)
    stored = dict(store.rows("SELECT id, description FROM hazards WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]))
    assert set(stored) == set(ids) and len({d for d in stored.values()}) == len(ids)
    # report versions: each unit's acknowledged versions are exactly the next ones, no gap, no repeat
    for unit in REPORT_UNITS:
        versions = sorted(v for u, v in acked["report"] if u == unit)
        first = before_versions[unit] + 1
        assert versions == list(range(first, first + len(versions)))
        assert store.scalar("SELECT count(*) FROM duty_reports WHERE unit_code = ? AND report_date = ? AND version >= ?",
                            [unit, REPORT["report_date"], first]) == len(versions)
    incidents = acked["incident"]
    assert len(set(incidents)) == len(incidents)
    assert store.scalar("SELECT count(*) FROM incidents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                        [incidents]) == len(incidents)
    assert store.scalar("SELECT count(*) FROM audit_events") == before_events + 1000


def test_an_explicit_duplicate_id_is_still_refused_with_its_message_when_typed_at_once(demo_store):
    """20 people register the same typed 隐患编号 at the same moment: one gets it, 19 are told it exists."""
    outcomes = collections.Counter()
    lock = threading.Lock()

    def work(n):
        try:
            hazards.create(demo_store, {**NEW, "id": "YH2021-900001", "description": f"重复编号{n}"},
                           roles.system(f"测试{n}"))
            outcome = "ok"
        except ValidationError as exc:
            outcome = str(exc)
        with lock:
            outcomes[outcome] += 1

    assert _run(20, work) == []
    assert outcomes == {"ok": 1, "隐患编号 YH2021-900001 已存在": 19}
    assert demo_store.scalar("SELECT count(*) FROM hazards WHERE id = 'YH2021-900001'") == 1


def _next_key(tx):
    return (tx.one("SELECT coalesce(max(TRY_CAST(key AS INTEGER)), 0) FROM meta WHERE key SIMILAR TO '[0-9]+'")[0]) + 1


def test_a_duplicate_generated_key_from_outside_the_lock_is_retried_whole(tmp_path):
    """Another cursor (not through Store.write: a script, a future second writer) takes the key this write
    computed; the write is retried and takes the next one. Before: ConstraintException reached the user."""
    from dashboard.db import Store

    store = Store.open(tmp_path / "t.duckdb")
    attempts = []

    def add(tx):
        key = _next_key(tx)
        attempts.append(key)
        if len(attempts) == 1:
            store._con.cursor().execute("INSERT INTO meta VALUES (?, 'outside')", [str(key)])
        tx.execute("INSERT INTO meta VALUES (?, 'mine')", [str(key)])
        tx.audit("meta", str(key), "测试写入", TESTER)
        return key

    try:
        assert store.write(add) == 2
        assert attempts == [1, 2]
        assert store.rows("SELECT key, value FROM meta ORDER BY key") == [("1", "outside"), ("2", "mine")]
    finally:
        store.close()


def test_other_constraint_errors_are_not_retried(tmp_path):
    import duckdb

    from dashboard.db import Store

    store = Store.open(tmp_path / "t.duckdb")
    attempts = []

    def bad(tx):
        attempts.append(1)
        tx.execute("INSERT INTO meta VALUES (NULL, 'x')")  # NOT NULL: a bug, retrying would not help
        tx.audit("meta", "x", "测试写入", TESTER)

    try:
        with pytest.raises(duckdb.ConstraintException):
            store.write(bad)
        assert attempts == [1]
    finally:
        store.close()


def test_a_write_waits_its_turn_and_a_wait_too_long_is_refused_with_nothing_written(tmp_path):
    from dashboard.db import Store

    store = Store.open(tmp_path / "t.duckdb")
    inside, release = threading.Event(), threading.Event()

    def slow(tx):
        tx.execute("INSERT INTO meta VALUES ('slow', 'x')")
        tx.audit("meta", "slow", "测试写入", TESTER)
        inside.set()
        release.wait(10)

    def quick(tx):
        tx.execute("INSERT INTO meta VALUES ('quick', 'x')")
        tx.audit("meta", "quick", "测试写入", TESTER)

    first = threading.Thread(target=store.write, args=(slow,))
    first.start()
    try:
        assert inside.wait(10)
        with pytest.raises(StoreError, match="系统正忙.*本次没有保存"):
            store.write(quick, wait=0.2)
        waiting = threading.Thread(target=store.write, args=(quick,))  # the default wait outlasts the slow write
        waiting.start()
    finally:
        release.set()
        first.join()
    waiting.join()
    try:
        assert store.rows("SELECT key FROM meta ORDER BY key") == [("quick",), ("slow",)]
        assert store.generation == 2
    finally:
        store.close()
