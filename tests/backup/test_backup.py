"""Backups: a verified copy with its manifest, the directory listing, full re-verification, restore into a new
file only (a table of refusals), evidence files, and a failed attempt that leaves its reason."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import backup
from dashboard.backup import copies


def _tables(path: Path) -> dict[str, list]:
    """Every table's rows, sorted, read with plain DuckDB."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()]
        return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}
    finally:
        con.close()


@pytest.fixture
def made(demo_store, tmp_path):
    return backup.take(demo_store, tmp_path / "backups", evidence=None)


def test_a_backup_is_the_store_table_by_table_with_its_manifest(demo_store, made):
    assert made.verified and made.name.startswith("backup-")
    assert sorted(p.name for p in made.path.iterdir()) == [backup.DB_FILE, backup.MANIFEST]  # no .wal beside it
    manifest = json.loads((made.path / backup.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["status"] == backup.VERIFIED and manifest["reason"] == backup.MANUAL
    assert manifest["source"] == str(demo_store.path) and manifest["demo"] is True
    assert manifest["schema_version"] == demo_store.schema_version()
    assert manifest["database"]["sha256"] == copies._sha256(made.path / backup.DB_FILE)
    for name, figure in manifest["tables"].items():
        assert figure["rows"] == demo_store.scalar(f'SELECT count(*) FROM "{name}"'), name
    assert manifest["sequences"]["audit_events_id"] == demo_store.scalar("SELECT max(id) FROM audit_events")
    demo_store.close()
    assert _tables(made.path / backup.DB_FILE) == _tables(demo_store.path)


def test_the_list_newest_first_with_failed_and_unfinished_attempts(demo_store, tmp_path):
    directory = tmp_path / "backups"
    first = backup.take(demo_store, directory, evidence=None)
    second = backup.take(demo_store, directory, evidence=None)
    (directory / "backup-20200101-000000.partial").mkdir()
    (directory / "notes").mkdir()  # not a backup: ignored
    listed = backup.list_backups(directory)
    assert [b.path for b in listed[:2]] == [second.path, first.path]
    assert listed[-1].status == backup.INCOMPLETE
    assert backup.latest(directory).path == second.path
    assert backup.latest(tmp_path / "none") is None and backup.list_backups(tmp_path / "none") == []


def test_a_failed_backup_leaves_its_reason_and_changes_nothing(demo_store, tmp_path):
    directory = tmp_path / "backups"
    before = demo_store.scalar("SELECT count(*) FROM audit_events")
    with pytest.raises(backup.BackupError, match="佐证材料目录 missing 不存在"):
        backup.take(demo_store, directory, evidence=tmp_path / "missing")
    [failed] = backup.list_backups(directory)
    assert failed.status == backup.FAILED and "佐证材料目录" in failed.problem
    assert sorted(p.name for p in failed.path.iterdir()) == [backup.MANIFEST]  # the half copy is gone
    assert backup.latest(directory) is None
    assert demo_store.scalar("SELECT count(*) FROM audit_events") == before


def test_an_unwritable_backup_directory_is_refused_in_chinese(demo_store, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(backup.BackupError, match="无法在备份目录中创建备份") as refused:
        backup.take(demo_store, blocker / "backups", evidence=None)
    assert str(tmp_path) not in str(refused.value) and refused.value.path == blocker / "backups"


def test_evidence_files_are_copied_hashed_and_checked(demo_store, tmp_path):
    evidence = tmp_path / "evidence"
    (evidence / "2021").mkdir(parents=True)
    (evidence / "2021" / "照片.jpg").write_bytes(b"\xff\xd8photo")
    (evidence / "整改报告.pdf").write_bytes(b"%PDF-1.4")
    made = backup.take(demo_store, tmp_path / "backups", evidence=evidence)
    assert made.evidence_files == 2
    assert (made.path / backup.EVIDENCE / "2021" / "照片.jpg").read_bytes() == b"\xff\xd8photo"
    assert backup.verify(made.path).verified
    (made.path / backup.EVIDENCE / "整改报告.pdf").write_bytes(b"changed")
    damaged = backup.verify(made.path)
    assert damaged.status == backup.DAMAGED and damaged.problem == "佐证材料 整改报告.pdf 与记录不符"
    restored = tmp_path / "r.duckdb"
    with pytest.raises(backup.BackupError, match="整改报告.pdf 与记录不符"):
        backup.restore(made.path, restored, live=demo_store.path, evidence_out=tmp_path / "ev")
    assert not restored.exists()


def test_the_evidence_setting_empty_means_none(demo_store, tmp_path, monkeypatch):
    monkeypatch.delenv("DASHBOARD_EVIDENCE_DIR", raising=False)
    assert backup.evidence_dir() is None
    assert backup.take(demo_store, tmp_path / "b").manifest["evidence"] is None
    monkeypatch.setenv("DASHBOARD_EVIDENCE_DIR", str(tmp_path))
    assert backup.evidence_dir() == tmp_path


def test_restore_writes_a_new_file_equal_to_the_backup(demo_store, made, tmp_path):
    out = tmp_path / "restored" / "new.duckdb"
    done = backup.restore(made.path / backup.MANIFEST, out, live=demo_store.path)  # the manifest names it too
    assert done.out == out and done.tables == len(made.tables) and done.rows == made.rows
    assert sorted(p.name for p in out.parent.iterdir()) == ["new.duckdb"]  # no temporary left
    demo_store.close()
    assert _tables(out) == _tables(demo_store.path)


def _tamper_table(made):
    shutil.copy(made.path / backup.DB_FILE, made.path / "x.duckdb")
    con = duckdb.connect(str(made.path / "x.duckdb"))
    con.execute("UPDATE hazards SET description = 'changed' WHERE id = (SELECT min(id) FROM hazards)")
    con.close()
    os.replace(made.path / "x.duckdb", made.path / backup.DB_FILE)
    manifest = json.loads((made.path / backup.MANIFEST).read_text(encoding="utf-8"))
    manifest["database"].update(sha256=copies._sha256(made.path / backup.DB_FILE),
                                bytes=(made.path / backup.DB_FILE).stat().st_size)
    (made.path / backup.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


REFUSALS = [
    # (what, prepare(made, tmp_path, live) -> (source, out), message)
    ("out exists", lambda m, t, live: (m.path, _touch(t / "old.duckdb")), "已存在：恢复只写入新文件"),
    ("out's WAL exists", lambda m, t, live: (m.path, _wal(t / "w.duckdb")), "已存在：恢复只写入新文件"),
    ("out is the live store", lambda m, t, live: (m.path, live), "是看板正在使用的数据库"),
    ("not a backup", lambda m, t, live: (t, t / "n.duckdb"), "不是备份目录"),
    ("a failed attempt", lambda m, t, live: (_fail(m), t / "n.duckdb"), "不能用于恢复：失败"),
    ("file changed", lambda m, t, live: (_append(m), t / "n.duckdb"), "不能用于恢复：已损坏"),
    ("file replaced", lambda m, t, live: (_resha(m), t / "n.duckdb"), "SHA-256 与记录不符"),
    ("a table differs", lambda m, t, live: (_tamper_table(m) or m.path, t / "n.duckdb"), "表 hazards 内容校验值不符"),
]


def _touch(path):
    path.write_bytes(b"keep me")
    return path


def _wal(path):
    path.with_name(path.name + ".wal").write_bytes(b"keep me")
    return path


def _fail(made):
    manifest = json.loads((made.path / backup.MANIFEST).read_text(encoding="utf-8"))
    (made.path / backup.MANIFEST).write_text(json.dumps({**manifest, "status": backup.FAILED}), encoding="utf-8")
    return made.path


def _append(made):
    with (made.path / backup.DB_FILE).open("ab") as fh:
        fh.write(b"\0" * 10)
    return made.path


def _resha(made):
    data = bytearray((made.path / backup.DB_FILE).read_bytes())
    data[-1] ^= 0xFF  # same size, other bytes
    (made.path / backup.DB_FILE).write_bytes(bytes(data))
    return made.path


@pytest.mark.parametrize("what, prepare, message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_restore_refuses_and_writes_nothing(demo_store, made, tmp_path, what, prepare, message):
    target = tmp_path / "target"
    target.mkdir()
    source, out = prepare(made, target, demo_store.path)
    before = sorted((p.name, p.stat().st_size) for p in target.iterdir())
    live_before = demo_store.path.stat().st_mtime_ns
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(source, out, live=demo_store.path)
    assert sorted((p.name, p.stat().st_size) for p in target.iterdir()) == before
    assert demo_store.path.stat().st_mtime_ns == live_before


@pytest.mark.parametrize("seconds, text", [(0, "刚刚"), (59, "刚刚"), (60, "1 分钟前"), (3599, "59 分钟前"),
                                           (3600, "1 小时前"), (47 * 3600, "47 小时前"), (48 * 3600, "2 天前")])
def test_age_text(seconds, text):
    from datetime import datetime, timedelta

    now = datetime(2021, 5, 3, 17, 0)
    assert backup.age_text(now - timedelta(seconds=seconds), now) == text


def test_backups_and_restores_are_logged(demo_store, tmp_path):
    from dashboard import logs

    log = logs.configure(tmp_path / "logs" / "dashboard.log")
    try:
        made = backup.take(demo_store, tmp_path / "backups", evidence=None)
        with pytest.raises(backup.BackupError):
            backup.take(demo_store, tmp_path / "backups", evidence=tmp_path / "missing")
        backup.restore(made.path, tmp_path / "r.duckdb", live=demo_store.path)
    finally:
        logs.stop()
    ok, failed = logs.read_events(log, event_name="backup")
    assert (ok["outcome"], ok["name"], ok["rows"], ok["reason"]) == ("ok", made.name, made.rows, backup.MANUAL)
    assert ok["level"] == "INFO" and ok["copy_seconds"] >= 0 and str(tmp_path) not in json.dumps(ok)
    assert (failed["outcome"], failed["level"]) == ("failed", "ERROR") and "佐证材料目录" in failed["error"]
    [restored] = logs.read_events(log, event_name="restore")
    assert (restored["backup"], restored["out"], restored["rows"]) == (made.name, "r.duckdb", made.rows)


def test_a_backup_asked_by_a_role_that_may_not_is_refused(demo_store, tmp_path):
    from dashboard import roles
    from dashboard.db import ValidationError

    leader = roles.User("leader", "王建国", roles.LEADER)
    with pytest.raises(ValidationError, match="无权执行“立即备份”"):
        backup.take(demo_store, tmp_path / "backups", evidence=None, actor=leader)
    assert not (tmp_path / "backups").exists()
    made = backup.take(demo_store, tmp_path / "backups", evidence=None, actor=roles.User("office", "陈建华", roles.OFFICE))
    assert made.verified
