"""Files the store refuses: each left exactly as it was (bytes and time, its write-ahead log too), each with
a Chinese sentence saying what is wrong and never DuckDB's English ("IO Error…", "Catalog Error…") nor the
server path. And what must still open: a store beside the genuine log of a writer killed mid-work.

Every file here is real: made by DuckDB, by the demo builder, or damaged on disk as a failing disk would."""

import os
import shutil
import subprocess
import sys

import duckdb
import pytest
from damaged_files import (ROOT, damaged_block, duckdb_with_notes, empty_file, fingerprint, folder, garbage_wal,
                           killed_writer, text_file, truncated, wal_of_another_store)

from dashboard.db import Store, StoreError

@pytest.mark.parametrize("make, reason", [
    (duckdb_with_notes, "是别的程序的 DuckDB 数据库（其中有 notes 等 1 张表，没有看板的数据），看板没有改动它"),
    (folder, "是一个文件夹，不是数据库文件"),
    (text_file, "不是 DuckDB 数据库文件，看板没有改动它"),
    (empty_file, "是空文件（0 字节），不是数据库"),
    (truncated, "数据库文件 store.duckdb 已损坏"),
    (damaged_block, "已损坏（读取数据时发现损坏的数据块），看板没有打开它，也没有改动它。请从备份恢复"),
    (garbage_wal, "旁的预写日志 store.duckdb.wal 不是 DuckDB 的预写日志（可能已损坏或被其他文件覆盖）"),
    (wal_of_another_store, "旁的预写日志 store.duckdb.wal 不属于这个数据库文件"),
])
def test_refused_untouched_saying_what_is_wrong_in_chinese(tmp_path, demo_db_path, make, reason):
    path = make(tmp_path, demo_db_path)
    before = fingerprint(path)
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    message = str(refused.value)
    assert reason in message
    assert "Error" not in message and "Exception" not in message
    assert str(tmp_path) not in message  # the name only: pages must not show server paths
    assert refused.value.path == path  # the command line prints the full path itself
    assert fingerprint(path) == before


def test_a_folder_is_not_called_damaged(tmp_path):
    with pytest.raises(StoreError) as refused:
        Store.open(folder(tmp_path, None))
    assert "已损坏" not in str(refused.value)


def test_a_damaged_block_is_found_on_open_and_the_command_line_import_writes_nothing(tmp_path, demo_db_path):
    """Before: the store opened, a page later failed with `_duckdb.Error: Corrupt database file` and a CLI
    import still wrote into the file."""
    path = damaged_block(tmp_path, demo_db_path)
    before = fingerprint(path)
    sheet = ROOT / "tests" / "data" / "import" / "good_utf8_bom.csv"  # a file the import accepts
    result = subprocess.run([sys.executable, "-m", "dashboard", "import", "hazards", str(sheet)], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "DASHBOARD_DB": str(path)})
    assert result.returncode == 1
    assert result.stderr.startswith("错误：数据库文件 store.duckdb 已损坏") and "请从备份恢复" in result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    assert fingerprint(path) == before


def test_a_store_beside_a_killed_writers_log_opens_with_that_write(tmp_path):
    """The WAL check refuses only what is not a DuckDB log: the log a killed process leaves is replayed."""
    path = tmp_path / "store.duckdb"
    Store.open(path).close()
    killed_writer(path, "acknowledged")
    store = Store.open(path)
    try:
        assert store.meta("acknowledged") == "v"
    finally:
        store.close()


def test_a_garbage_log_moved_aside_as_told_lets_the_store_open(tmp_path, demo_db_path):
    path = garbage_wal(tmp_path, demo_db_path)
    with pytest.raises(StoreError, match="改名移走（例如 store.duckdb.wal.bad）"):
        Store.open(path)
    wal = path.with_name("store.duckdb.wal")
    kept = wal.read_bytes()
    wal.rename(path.with_name("store.duckdb.wal.bad"))
    store = Store.open(path)
    try:
        assert store.scalar("SELECT count(*) FROM hazards") > 0
    finally:
        store.close()
    assert path.with_name("store.duckdb.wal.bad").read_bytes() == kept


def test_an_empty_duckdb_file_becomes_a_store_only_when_asked_to_create(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="是空的 DuckDB 数据库，还没有看板的数据"):
        Store.open(path, create=False)
    store = Store.open(path)
    try:
        assert store.scalar("SELECT count(*) FROM schema_version") > 0
    finally:
        store.close()


def test_an_older_store_of_ours_is_still_upgraded(tmp_path):
    """Ours = schema_version, meta and audit_events: a version-1 file is ours and is upgraded."""
    from dashboard import db

    early = tmp_path / "early"
    early.mkdir()
    shutil.copy(db.MIGRATIONS_DIR / "0001_init.sql", early)
    path = tmp_path / "v1.duckdb"
    Store.open(path, migrations_dir=early).close()
    store = Store.open(path)
    try:
        assert store.schema_version() == db.LATEST_VERSION
    finally:
        store.close()


_HOLD = ("import sys; from dashboard import roles; from dashboard.db import Store; s = Store.open(sys.argv[1]);"
         "s.write(lambda tx: (tx.execute(\"INSERT INTO meta VALUES ('held', 'yes')\"),"
         " tx.audit('meta', 'held', '测试写入', roles.system('测试'))));"
         "print('ready', flush=True); sys.stdin.read(); s.close()")


def test_demo_force_is_refused_while_another_process_holds_the_file(tmp_path):
    """Before: `demo --out FILE --force` deleted the file a running app held and returned 0; the app's later
    writes vanished on restart."""
    path = tmp_path / "live.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        inode = path.stat().st_ino
        result = subprocess.run([sys.executable, "-m", "dashboard", "demo", "--out", str(path), "--force"], cwd=ROOT,
                                capture_output=True, text=True)
        assert path.stat().st_ino == inode  # not deleted and rebuilt
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(f"错误：数据库 live.duckdb 正被另一个程序（通常是正在运行的看板）占用（进程 {holder.pid}）。")
    assert "Traceback" not in result.stderr
    store = Store.open(path)
    try:
        assert store.meta("held") == "yes" and not store.is_demo()
    finally:
        store.close()


def test_demo_force_still_replaces_a_file_nobody_holds(tmp_path):
    path = tmp_path / "old.duckdb"
    path.write_bytes(b"not even a database")
    result = subprocess.run([sys.executable, "-m", "dashboard", "demo", "--out", str(path), "--force"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    store = Store.open(path)
    try:
        assert store.is_demo()
    finally:
        store.close()


def test_a_block_damaged_after_the_open_is_the_same_chinese_refusal_when_read(tmp_path, demo_db_path):
    """The open read every table; a disk failing later is found when the block is read again."""
    from damaged_files import BLOCK, HEADER, demo_copy

    path = demo_copy(tmp_path, demo_db_path)
    store = Store.open(path)
    try:
        block, offset = store.rows(
            "SELECT block_id, block_offset FROM pragma_storage_info('hazards') WHERE column_name = 'description'"
            " AND block_id >= 0 ORDER BY count DESC LIMIT 1")[0]
        limit = store.scalar("SELECT current_setting('memory_limit')")
        with path.open("r+b") as fh:
            fh.seek(HEADER + block * BLOCK + 8 + offset + 64)
            fh.write(b"\xde\xad\xbe\xef" * 16)
        refused = None
        for _ in range(5):  # the block leaves memory, as it would after a while (under a busy machine's other
            store._con.execute("SET memory_limit = '2MB'")  # tests, one squeeze has not always been enough)
            store.rows("SELECT sum(hash(t)) FROM audit_events t")
            store._con.execute(f"SET memory_limit = '{limit}'")
            try:
                store.scalar("SELECT count(DISTINCT description) FROM hazards")
            except StoreError as exc:
                refused = exc
                break
        assert refused is not None, "the damaged block was never read again from the file"
        assert str(refused).startswith("数据库文件 store.duckdb 已损坏（读取时发现损坏的数据块），请停止看板从备份恢复")
    finally:
        store.close()


def _page_meeting_a_store_error():
    from types import SimpleNamespace

    import streamlit as st

    from dashboard.db import Store
    from dashboard.ui import system

    with system.page_run(SimpleNamespace(url_path="hazards")):
        st.write("页面开始")
        Store.open(st.session_state["folder"])  # a real refusal, raised in the middle of a page


def test_a_store_error_a_page_did_not_handle_is_said_not_a_traceback(tmp_path):
    from streamlit.testing.v1 import AppTest

    folder = tmp_path / "store.duckdb"
    folder.mkdir()
    at = AppTest.from_function(_page_meeting_a_store_error)
    at.session_state["folder"] = str(folder)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["数据库出错，本页无法显示：数据库位置 store\\.duckdb 是一个文件夹，不是数据库文件。"
                                           "请在设置 db（环境变量 DASHBOARD\\_DB）中写数据库文件的路径，例如 "
                                           "data/dashboard\\.duckdb。"]
