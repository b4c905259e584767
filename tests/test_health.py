"""``python -m dashboard health`` and the 系统状态 page: the store opens and reads whole, its schema version,
the last write, the newest backup and its age, free disk, the last day's log; exit 1 when anything fails."""

import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import apptest
import pytest
from apptest import open_page

from dashboard import health, logs, roles
from dashboard.db import LATEST_VERSION, Store

ROOT = Path(__file__).resolve().parents[1]
app_db = apptest.app_db
NAMES = ["数据库", "结构版本", "最后写入", "最近备份", "磁盘空间", "运行日志"]


def _copy(demo_db_path, tmp_path) -> Path:
    path = tmp_path / "store.duckdb"
    shutil.copy(demo_db_path, path)
    return path


def _cli(path: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "health", "--db", str(path)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


def _by_name(report):
    return {c.name: c for c in report.checks}


@pytest.fixture
def own_log(tmp_path):
    """The events of this test only: an earlier test in the same process (a page run, a store refusing a
    write on purpose) may have configured the process's log and filled it with failures."""
    before = logs.configured_path()
    logs.configure(tmp_path / "logs" / "dashboard.log")
    yield
    logs.stop()
    if before is not None:
        logs.configure(before)


def test_a_healthy_store_reports_every_check_and_the_command_exits_0(demo_db_path, tmp_path, own_log):
    path = _copy(demo_db_path, tmp_path)
    report = health.of_path(path)
    assert [c.name for c in report.checks] == NAMES
    checks = _by_name(report)
    assert report.healthy
    assert checks["数据库"].status == health.PASSED and "全部读取无误" in checks["数据库"].text
    assert checks["结构版本"].status == health.PASSED and checks["结构版本"].text == f"{LATEST_VERSION}（与本程序一致）"
    assert checks["最近备份"].status == health.NOTE and "尚无备份" in checks["最近备份"].text
    assert checks["磁盘空间"].status == health.PASSED
    result = _cli(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("看板状态：健康")
    assert f"数据库文件：{path.resolve()}" in result.stdout  # the command names the path; the page never does


def test_an_older_store_is_a_note_the_app_upgrades_and_the_command_changes_nothing(tmp_path):
    from damaged_files import fingerprint

    from dashboard import db

    early = tmp_path / "v4"
    early.mkdir()
    for version, migration in db.migrations():
        if version <= 4:
            shutil.copy(migration, early)
    path = tmp_path / "old.duckdb"
    Store.open(path, migrations_dir=early).close()
    before = fingerprint(path)
    check = _by_name(health.of_path(path))["结构版本"]
    assert check.status == health.NOTE and check.text == f"4，本程序为 {LATEST_VERSION}：看板下次打开时自动升级"
    assert fingerprint(path) == before


def test_the_last_write_shows_its_real_time_beside_the_as_of_time(demo_store):
    from dashboard import hazards, vocab

    hazards.create(demo_store, {"found_date": datetime(2021, 4, 1).date(), "unit_code": "610902", "sector": "消防",
                                "source": vocab.SOURCE_GROUPS, "enterprise": "某公司", "description": "通道堵塞",
                                "level": vocab.LEVEL_GENERAL, "treatment": vocab.TREAT_DEADLINE,
                                "deadline": datetime(2021, 4, 20).date()}, roles.system("登记员"))
    check = _by_name(health.of_store(demo_store))["最后写入"]
    assert check.status == health.PASSED and "刚刚" in check.text and "记为数据截至 2021-05-03 17:00" in check.text


@pytest.mark.parametrize("damage, finding", [
    ("missing", "不存在"),
    ("corrupt", "已损坏（读取数据时发现损坏的数据块）"),
    ("garbage_wal", "预写日志"),
])
def test_a_store_that_does_not_open_is_unhealthy(demo_db_path, tmp_path, damage, finding):
    from damaged_files import damaged_block, garbage_wal

    path = {"missing": lambda: tmp_path / "none.duckdb",
            "corrupt": lambda: damaged_block(tmp_path, demo_db_path),
            "garbage_wal": lambda: garbage_wal(tmp_path, demo_db_path)}[damage]()
    report = health.of_path(path)
    database = _by_name(report)["数据库"]
    assert not report.healthy and database.status == health.FAILED and finding in database.text
    result = _cli(path)
    assert result.returncode == 1 and "[异常] 数据库：" in result.stdout and "Traceback" not in result.stderr


def test_low_disk_is_unhealthy(demo_db_path, tmp_path):
    path = _copy(demo_db_path, tmp_path)
    result = _cli(path, DASHBOARD_HEALTH_MIN_FREE_MB=str(10 ** 12))
    assert result.returncode == 1
    assert "看板状态：异常：磁盘空间" in result.stdout and "低于设置的" in result.stdout


def test_backups_fresh_stale_and_none_verified(demo_store, tmp_path, monkeypatch):
    from dashboard import backup

    monkeypatch.setenv("DASHBOARD_BACKUP_DIR", str(tmp_path / "backups"))
    taken = backup.take(demo_store)
    fresh = health.backup_check(demo_store.path, taken.created_at + timedelta(hours=1))
    assert fresh.status == health.PASSED and "1 小时前" in fresh.text and "已校验" in fresh.text
    stale = health.backup_check(demo_store.path, taken.created_at + timedelta(hours=30))
    assert stale.status == health.FAILED and "已超过 26 小时没有新的备份" in stale.text
    (taken.path / "manifest.json").unlink()  # damaged: no longer a verified backup
    none_left = health.backup_check(demo_store.path, taken.created_at)
    assert none_left.status == health.FAILED and "没有通过校验的备份" in none_left.text


def test_a_store_held_by_the_running_app_is_reported_from_its_log(tmp_path):
    """DuckDB lets no other process open the file the app holds: the report says so and reads the app's log."""
    path = tmp_path / "live.duckdb"
    hold = ("import sys; from pathlib import Path; from dashboard import logs, roles; from dashboard.db import Store;"
            "logs.configure(logs.default_path(Path(sys.argv[1]))); s = Store.open(sys.argv[1]);"
            "s.write(lambda tx: tx.audit('meta', 'k', '测试写入', roles.system('测试')));"
            "print('ready', flush=True); sys.stdin.read(); s.close()")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(path)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = _cli(path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert result.returncode == 0, result.stdout
    assert f"[正常] 数据库：由正在运行的看板（进程 {holder.pid}）打开" in result.stdout
    assert f"[正常] 结构版本：{LATEST_VERSION}（看板于" in result.stdout
    assert "[正常] 最后写入：" in result.stdout and "据运行日志" in result.stdout


def test_failed_writes_in_the_last_day_are_unhealthy(tmp_path):
    now = datetime(2026, 12, 2, 9, 0)
    events = [{"at": "2026-12-02 08:00:00.000", "event": "write", "outcome": "ok"},
              {"at": "2026-12-01 08:00:00.000", "event": "write", "outcome": "failed"},  # over a day ago
              {"at": "2026-12-02 08:30:00.000", "event": "page", "outcome": "ok", "slow": True}]
    check = health.log_check(now, events)
    assert check.status == health.PASSED
    assert check.text == "最近 24 小时：写入 1 次（未成功 0 次），页面运行 1 次（出错 0 次，慢 1 次）"
    events.append({"at": "2026-12-02 08:40:00.000", "event": "write", "outcome": "conflict"})
    assert health.log_check(now, events).status == health.FAILED


def test_the_system_page_shows_the_report_without_server_paths(app_db):
    try:
        at = open_page("app_pages/system.py")
        assert [s.value for s in at.success] == ["系统状态正常。"]
        table = at.dataframe[0].value
        assert list(table["检查项"]) == NAMES
        shown = " ".join(str(v) for v in table["情况"]) + " ".join(e.value for e in at.caption)
        assert "全部读取无误" in shown
        assert str(app_db.parent) not in shown and "/" not in " ".join(str(v) for v in table["情况"])
    finally:
        logs.stop()


def test_the_store_is_read_whole_again_after_a_write_or_a_while(demo_store, monkeypatch):
    """The tables read whole once per write generation (the page's reruns cost nothing), again after a write
    and after READ_AGAIN_AFTER."""
    reads = []
    verify = demo_store.verify
    monkeypatch.setattr(demo_store, "verify", lambda: reads.append(1) or verify())
    now = datetime(2026, 12, 2, 9, 0)
    first = _by_name(health.of_store(demo_store, now=now))["数据库"]
    again = _by_name(health.of_store(demo_store, now=now + timedelta(minutes=1)))["数据库"]
    assert len(reads) == 1 and "全部读取无误" in first.text and "此后没有写入" not in first.text
    assert again.status == health.PASSED and "09:00 读取，此后没有写入" in again.text
    demo_store.write(lambda tx: tx.audit("test", "x", "检查", roles.system("health")))
    health.of_store(demo_store, now=now + timedelta(minutes=2))
    assert len(reads) == 2
    health.of_store(demo_store, now=now + timedelta(minutes=2) + health.READ_AGAIN_AFTER)
    assert len(reads) == 3
