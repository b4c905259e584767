"""The app's backup service and the command line: the CLI asks the app that holds the store (and takes the
backup itself when no app does), the daily schedule, heartbeats, and restore's refusals as exit codes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from dashboard import backup
from dashboard.backup import service as svc
from dashboard.db import Store

ROOT = Path(__file__).resolve().parents[2]


def cli(db: Path, *args: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DASHBOARD_DB": str(db), **env}
    environment.pop("DASHBOARD_AS_OF", None)
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def db(demo_db_path, tmp_path):
    import shutil

    path = tmp_path / "live.duckdb"
    shutil.copy(demo_db_path, path)
    return path


def test_the_cli_takes_the_backup_itself_when_no_app_holds_the_file(db):
    done = cli(db, "backup")
    assert done.returncode == 0, done.stderr
    last = Path(done.stdout.strip().splitlines()[-1])
    assert last.parent == db.parent / "backups"
    made = backup.verify(last)
    assert made.verified and made.reason == backup.COMMAND
    assert done.stdout.startswith(f"备份完成并已校验：{len(made.tables)} 张表 {made.rows:,} 行")
    listed = cli(db, "backup", "--list")
    assert str(last) in listed.stdout and "已校验" in listed.stdout


def test_the_cli_asks_the_running_app_which_makes_it(db, tmp_path):
    store = Store.open(db)  # this process plays the app: it holds the file
    service = backup.ensure_service(db, grace=3600)
    try:
        done = cli(db, "backup", "--to", str(tmp_path / "usb"))
    finally:
        backup.stop_service(db)
        store.close()
    assert done.returncode == 0, done.stderr
    assert "看板正在运行" in done.stderr and f"进程 {os.getpid()}" in done.stderr
    made = backup.open_backup(done.stdout.strip().splitlines()[-1])
    assert made.path.parent == tmp_path / "usb" and made.verified and made.reason == backup.COMMAND
    assert not service.running and backup.service_alive(db) is None  # stopped: its heartbeat is gone
    assert list(backup.request_dir(db).iterdir()) == []  # request and answer cleaned up


def test_a_backup_the_app_cannot_make_is_reported_by_the_cli(db, tmp_path):
    store = Store.open(db)
    backup.ensure_service(db, grace=3600)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    try:
        done = cli(db, "backup", "--to", str(blocker))
    finally:
        backup.stop_service(db)
        store.close()
    assert done.returncode == 1
    assert "错误：无法在备份目录中创建备份" in done.stderr and str(blocker) in done.stderr


def test_an_app_that_holds_the_file_without_answering_is_a_clear_refusal(db):
    store = Store.open(db)  # no service: an app of an older version, or a running import
    try:
        done = cli(db, "backup")
    finally:
        store.close()
    assert done.returncode == 1 and done.stderr.startswith("错误：") and "Traceback" not in done.stderr


def test_the_daily_backup_is_taken_once_by_the_service(db, monkeypatch):
    past = (datetime.now() - timedelta(minutes=5)).strftime("%H:%M")
    monkeypatch.setenv("DASHBOARD_BACKUP_TIME", "00:00" if past > datetime.now().strftime("%H:%M") else past)
    store = Store.open(db)
    service = backup.ensure_service(db, grace=0, log=lambda text: None)
    try:
        deadline = time.monotonic() + 30
        while backup.latest(db.parent / "backups") is None and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.5)  # more rounds of the loop: no second backup
    finally:
        backup.stop_service(db)
        store.close()
    made = backup.list_backups(db.parent / "backups")
    assert [b.reason for b in made] == [backup.SCHEDULED] and made[0].verified
    assert isinstance(service.last_result, backup.Backup)


def _beat(db: Path, **change) -> None:
    directory = backup.request_dir(db)
    directory.mkdir(parents=True, exist_ok=True)
    beat = {"pid": os.getpid(), "host": socket.gethostname(), "db": str(db), "beat": time.time(), **change}
    (directory / "service.json").write_text(json.dumps(beat), encoding="utf-8")


@pytest.mark.parametrize("change, alive", [
    ({}, True),
    ({"beat": time.time() - 60}, False),  # stale
    ({"host": "another-host"}, False),  # a copied directory
    ({"pid": 2 ** 22 + 12345}, False),  # a process that is gone
])
def test_service_alive(tmp_path, change, alive):
    db = tmp_path / "x.duckdb"
    _beat(db, **change)
    assert (backup.service_alive(db) is not None) is alive


def test_no_heartbeat_no_service(tmp_path):
    assert backup.service_alive(tmp_path / "x.duckdb") is None
    (backup.request_dir(tmp_path / "x.duckdb")).mkdir()
    (backup.request_dir(tmp_path / "x.duckdb") / "service.json").write_text("{not json")
    assert backup.service_alive(tmp_path / "x.duckdb") is None


def test_a_stale_request_is_dropped_not_answered(db):
    store = Store.open(db)
    directory = backup.request_dir(db)
    directory.mkdir(parents=True, exist_ok=True)
    old = directory / "req-old.json"
    old.write_text(json.dumps({"id": "old", "to": None}), encoding="utf-8")
    os.utime(old, (time.time() - svc.STALE_REQUEST_SECONDS - 5,) * 2)
    backup.ensure_service(db, grace=3600)
    try:
        time.sleep(2)
    finally:
        backup.stop_service(db)
        store.close()
    assert list(directory.iterdir()) == [] and backup.list_backups(db.parent / "backups") == []


def test_restore_on_the_command_line(db, tmp_path):
    made = cli(db, "backup")
    path = made.stdout.strip().splitlines()[-1]
    out = tmp_path / "spare" / "restored.duckdb"
    done = cli(db, "restore", path, "--out", str(out))
    assert done.returncode == 0, done.stderr
    tables = len(backup.verify(Path(path)).tables)  # every table of the store, whatever migrations add
    assert done.stdout.startswith(f"已恢复到 {out}：{tables} 张表") and "与备份时" in done.stdout
    assert f"DASHBOARD_DB={out}" in done.stdout and "systemctl stop ankang-dashboard" in done.stdout
    assert out.is_file()
    again = cli(db, "restore", path, "--out", str(out))
    assert again.returncode == 1 and "已存在" in again.stderr
    live = cli(db, "restore", path, "--out", str(db))
    assert live.returncode == 1 and "正在使用的数据库" in live.stderr
    missing = cli(db, "restore", str(tmp_path / "nothing"), "--out", str(tmp_path / "n.duckdb"))
    assert missing.returncode == 1 and "不是备份目录" in missing.stderr
