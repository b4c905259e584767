"""Test helper: damaged and foreign store files, made for real (by DuckDB, by the demo builder, or damaged on
disk as a failing disk would), and a fingerprint to prove a refused file was left exactly as it was.

Each maker takes (tmp_path, demo_db_path) and returns the path to open."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from dashboard.db import Store

ROOT = Path(__file__).resolve().parents[1]
HEADER, BLOCK = 3 * 4096, 262144  # DuckDB 2.0's file: three 4 KB headers, then 256 KB blocks


def fingerprint(path: Path):
    """Bytes and modification time of the file and of its .wal (None when absent)."""
    def one(p: Path):
        if not p.is_file():
            return None
        return hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns
    beside = sorted(set(os.listdir(path.parent)) - {"logs"})  # the command line's log may appear
    return one(path), one(path.with_name(path.name + ".wal")), beside


def duckdb_with_notes(tmp_path, _demo):
    path = tmp_path / "notes.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE notes (id INTEGER, text VARCHAR)")
    con.execute("INSERT INTO notes VALUES (1, '会议纪要')")
    con.close()
    return path


def folder(tmp_path, _demo):
    path = tmp_path / "store.duckdb"
    path.mkdir()
    return path


def text_file(tmp_path, _demo):
    path = tmp_path / "store.duckdb"
    path.write_bytes("这不是数据库\n".encode() * 500)
    return path


def empty_file(tmp_path, _demo):
    path = tmp_path / "store.duckdb"
    path.write_bytes(b"")
    return path


def demo_copy(tmp_path, demo):
    path = tmp_path / "store.duckdb"
    shutil.copy(demo, path)
    return path


def truncated(tmp_path, demo):
    path = demo_copy(tmp_path, demo)
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2)
    return path


def damaged_block(tmp_path, demo):
    """Bytes in the middle of a block holding hazard descriptions overwritten (a failing disk sector)."""
    path = demo_copy(tmp_path, demo)
    con = duckdb.connect(str(path), read_only=True)
    block, offset = con.execute(
        "SELECT block_id, block_offset FROM pragma_storage_info('hazards') WHERE column_name = 'description'"
        " AND block_id >= 0 ORDER BY count DESC LIMIT 1").fetchone()
    con.close()
    with path.open("r+b") as fh:
        fh.seek(HEADER + block * BLOCK + 8 + offset + 64)
        fh.write(b"\xde\xad\xbe\xef" * 16)
    return path


def garbage_wal(tmp_path, demo):
    path = demo_copy(tmp_path, demo)
    path.with_name(path.name + ".wal").write_bytes(b"\x00\x13garbage, not a log" * 200)
    return path


def killed_writer(path: Path, key: str) -> None:
    """A process that commits one write through Store.write and dies without closing (as kill -9 leaves it)."""
    script = (f"import os; from dashboard import roles; from dashboard.db import Store; s = Store.open({str(path)!r});"
              f"s.write(lambda tx: (tx.execute(\"INSERT INTO meta VALUES ('{key}', 'v')\"),"
              f" tx.audit('meta', '{key}', '测试写入', roles.system('测试')))); os._exit(0)")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)
    assert path.with_name(path.name + ".wal").stat().st_size > 0


def wal_of_another_store(tmp_path, demo):
    path = demo_copy(tmp_path, demo)
    other = tmp_path / "other" / "other.duckdb"
    other.parent.mkdir()
    Store.open(other).close()
    killed_writer(other, "elsewhere")
    shutil.copy(other.with_name("other.duckdb.wal"), path.with_name(path.name + ".wal"))
    return path
