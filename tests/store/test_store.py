"""The store: writes and their retries, migrations, the audit times. Files it refuses: test_store_files.py;
concurrent real writes: test_store_concurrency.py."""

import os
import shutil
import threading

import duckdb
import pytest

from dashboard import db, roles
from dashboard.db import Store, StoreError, ValidationError

TESTER = roles.system("测试")  # who writes here (who may: tests/access)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "t.duckdb")
    yield s
    s.close()


def _insert_meta(key):
    def fn(tx):
        tx.execute("INSERT INTO meta VALUES (?, ?)", [key, "v"])
        tx.audit("meta", key, "测试写入", TESTER)
    return fn


def test_new_file_gets_latest_schema(store):
    assert store.schema_version() == db.LATEST_VERSION
    tables = {r[0] for r in store.rows("SELECT table_name FROM information_schema.tables")}
    assert {"hazards", "audit_events", "fire_units", "duty_reports", "units", "schema_version"} <= tables


def test_twenty_threads_writing_lose_nothing(store):
    errors = []

    def worker(n):
        try:
            for i in range(25):
                store.write(_insert_meta(f"k{n}-{i}"))
        except Exception as exc:  # collected: the assertion below shows them
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.scalar("SELECT count(*) FROM meta") == 500
    assert store.scalar("SELECT count(*) FROM audit_events WHERE entity = 'meta'") == 500
    assert store.generation == 500


def test_conflicting_updates_of_one_row_are_retried(store):
    store.write(lambda tx: (tx.execute("INSERT INTO meta VALUES ('counter', '0')"), tx.audit("meta", "c", "建", TESTER)))

    def bump(tx):
        value = int(tx.one("SELECT value FROM meta WHERE key = 'counter'")[0])
        tx.execute("UPDATE meta SET value = ? WHERE key = 'counter'", [str(value + 1)])
        tx.audit("meta", "counter", "加一", TESTER)

    threads = [threading.Thread(target=lambda: [store.write(bump, retries=50) for _ in range(10)]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.scalar("SELECT value FROM meta WHERE key = 'counter'") == "80"


def test_a_conflict_is_retried_whole(store):
    """The first attempt collides with another cursor's committed update; the retry succeeds."""
    store.write(lambda tx: (tx.execute("INSERT INTO meta VALUES ('x', '0')"), tx.audit("meta", "x", "建", TESTER)))
    attempts = []

    def collide(tx):
        attempts.append(1)
        tx.execute("SELECT value FROM meta WHERE key = 'x'")
        if len(attempts) == 1:
            other = store._con.cursor()
            other.execute("UPDATE meta SET value = 'other' WHERE key = 'x'")
        tx.execute("UPDATE meta SET value = 'mine' WHERE key = 'x'")
        tx.audit("meta", "x", "改", TESTER)

    store.write(collide)
    assert len(attempts) == 2
    assert store.scalar("SELECT value FROM meta WHERE key = 'x'") == "mine"


def test_refused_action_writes_nothing(store):
    def refused(tx):
        tx.execute("INSERT INTO meta VALUES ('half', 'written')")
        tx.audit("meta", "half", "写一半", TESTER)
        raise ValidationError("不允许")

    with pytest.raises(ValidationError):
        store.write(refused)
    assert store.scalar("SELECT count(*) FROM meta WHERE key = 'half'") == 0
    assert store.scalar("SELECT count(*) FROM audit_events") == 0
    assert store.generation == 0


def test_write_without_audit_event_is_refused(store):
    with pytest.raises(RuntimeError):
        store.write(lambda tx: tx.execute("INSERT INTO meta VALUES ('silent', 'x')"))
    assert store.scalar("SELECT count(*) FROM meta") == 0


def test_older_file_is_upgraded_with_rows_intact(tmp_path):
    """A file at version 1 is opened by a program that knows a later migration."""
    path = tmp_path / "old.duckdb"
    old = Store.open(path)
    old.write(_insert_meta("kept"))
    old.write(lambda tx: (
        tx.execute("INSERT INTO units VALUES ('610902', '汉滨区', '县区', 32.68, 109.02, 1)"),
        tx.audit("units", "610902", "建", TESTER),
    ))
    old.close()

    newer = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, newer)
    (newer / "9000_add_note.sql").write_text("ALTER TABLE units ADD COLUMN note VARCHAR DEFAULT '新列';")
    upgraded = Store.open(path, migrations_dir=newer)
    assert upgraded.schema_version() == 9000
    assert upgraded.rows("SELECT key, value FROM meta") == [("kept", "v")]
    assert upgraded.rows("SELECT code, name, note FROM units") == [("610902", "汉滨区", "新列")]
    assert upgraded.scalar("SELECT count(*) FROM audit_events") == 2
    upgraded.close()


def test_newer_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "newer.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (999, now())")
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="高于本程序支持"):
        Store.open(path)
    assert path.read_bytes() == before


def test_path_under_a_file_is_refused(tmp_path):
    """Also as root: a directory that cannot exist because a file is in the way."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory")
    with pytest.raises(StoreError, match="无法创建数据库目录"):
        Store.open(blocker / "x.duckdb")


def test_second_process_is_told_the_app_holds_the_file(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "held.duckdb"
    holder = Store.open(path)
    try:
        result = subprocess.run(
            [sys.executable, "-c", f"from dashboard.db import Store; Store.open({str(path)!r})"],
            capture_output=True, text=True, cwd=os.getcwd(),
        )
    finally:
        holder.close()
    assert result.returncode != 0
    assert "正被另一个程序" in result.stderr


def test_units_load_into_a_new_store_and_reload_in_place(tmp_path):
    from dashboard import units

    store = Store.open(tmp_path / "u.duckdb")
    units.ensure_units(store)
    assert store.scalar("SELECT count(*) FROM units") == 12
    store.write(lambda tx: units.load_units(tx, TESTER))  # a second load updates, never duplicates
    assert store.scalar("SELECT count(*) FROM units") == 12
    assert units.resolve(store, "旬阳县") == units.resolve(store, "旬 阳 市") == "610981"
    assert units.resolve(store, "高新区") == "6109GX" and units.resolve(store, "恒口") == "6109HK"
    assert units.resolve(store, "西安市") is None
    store.close()


def test_cli_says_one_clear_line_when_the_path_is_refused(tmp_path):
    import subprocess
    import sys

    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    result = subprocess.run([sys.executable, "-m", "dashboard", "demo", "--out", str(blocker / "x.duckdb")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("错误：无法创建数据库目录") and "Traceback" not in result.stderr


def test_a_migration_that_landed_late_is_still_applied(tmp_path):
    """0004 was committed before 0003: a file opened in between has 1, 2 and 4; opening it again adds 3."""
    early = tmp_path / "early"
    shutil.copytree(db.MIGRATIONS_DIR, early)
    late = early / "0003_task_tracking.sql"
    late_sql = late.read_text(encoding="utf-8")
    late.unlink()
    path = tmp_path / "between.duckdb"
    Store.open(path, migrations_dir=early).close()
    (early / late.name).write_text(late_sql, encoding="utf-8")
    store = Store.open(path, migrations_dir=early)
    assert store.applied_versions() == {v for v, _ in db.migrations(early)}
    columns = {r[0] for r in store.rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'tasks'")}
    assert {"coop_depts", "note", "updated_at"} <= columns
    store.close()
