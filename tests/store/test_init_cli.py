"""``python -m dashboard init --out FILE``: an empty store (every migration, the units, nothing else), refused over
an existing file unless ``--force``, and the next steps printed. Real files, the real command."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import contents, new_store, roles, units
from dashboard.__main__ import main
from dashboard.access import accounts
from dashboard.db import Store, StoreError, migrations

ROOT = Path(__file__).resolve().parents[2]
# The tables an empty store holds rows in: the migrations' record, the units and their aliases, the one audit line.
FILLED = {"schema_version", "units", "unit_aliases", "audit_events"}


def _rows_by_table(path: Path) -> dict[str, int]:
    store = Store.open(path, create=False)
    try:
        tables = [t for (t,) in store.rows("SELECT table_name FROM information_schema.tables"
                                           " WHERE table_schema = 'main' AND table_type = 'BASE TABLE'")]
        return {t: int(store.scalar(f'SELECT count(*) FROM "{t}"')) for t in tables}
    finally:
        store.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_init_makes_an_empty_store_with_the_units_and_prints_the_next_steps(tmp_path):
    out = tmp_path / "office.duckdb"
    done = subprocess.run([sys.executable, "-m", "dashboard", "init", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"已新建空数据库：{out}（12 个县区，没有任何业务数据）")
    assert f"DASHBOARD_DB={out} python -m dashboard user add 登录名 --name 姓名 --role 管理员" in done.stdout
    for kind in contents.KINDS:  # every kind named with the page and section where it is loaded
        assert f"{kind.noun}：{kind.where()}" in done.stdout
    assert "Traceback" not in done.stderr

    rows = _rows_by_table(out)
    assert {t for t, n in rows.items() if n} == FILLED, rows  # hazards, groups, users, meta … all empty
    assert rows["units"] == len(units.read_units_csv()) == 12
    store = Store.open(out, create=False)
    try:
        assert store.schema_version() == max(version for version, _ in migrations())  # every migration
        assert not store.is_demo() and store.meta("as_of") is None  # now is the real clock, no 演示数据 badge
        assert store.rows("SELECT entity, action, actor_login FROM audit_events") == [
            ("units", "载入县区名录", roles.system().login)]
        assert contents.loaded(store, store.as_of().date()).nothing
    finally:
        store.close()


@pytest.mark.parametrize("existing", ["a store", "another file", "only a write-ahead log"])
def test_init_refuses_an_existing_file_and_changes_nothing(tmp_path, capsys, existing):
    out = tmp_path / "office.duckdb"
    if existing == "a store":
        new_store.create(out)
        there = out
    elif existing == "another file":
        out.write_text("台账备份，请勿删除", encoding="utf-8")
        there = out
    else:
        there = Path(f"{out}.wal")
        there.write_bytes(b"\x00" * 64)
    before = _digest(there)

    assert main(["init", "--out", str(out)]) == 2
    said = capsys.readouterr()
    assert said.err.startswith(f"文件已存在：{out}。没有覆盖，原文件未改动。")
    assert "--force" in said.err and "Traceback" not in said.err
    assert _digest(there) == before
    assert out.exists() == (existing != "only a write-ahead log")  # nothing made either


def test_force_replaces_a_store_with_an_empty_one(tmp_path, capsys):
    out = tmp_path / "office.duckdb"
    new_store.create(out)
    store = Store.open(out)
    try:
        accounts.add_user(store, roles.system("测试"), login="admin", name="管理员甲", role=roles.ADMIN,
                          password="Abcdefgh12345", must_change=False)
    finally:
        store.close()
    assert _rows_by_table(out)["users"] == 1

    assert main(["init", "--out", str(out), "--force"]) == 0
    assert "已新建空数据库" in capsys.readouterr().out
    rows = _rows_by_table(out)
    assert rows["users"] == 0 and rows["units"] == 12


def test_create_refuses_an_existing_path_itself(tmp_path):
    """The library call never replaces a file either: that is the command's --force, decided before."""
    out = tmp_path / "office.duckdb"
    out.write_bytes(b"keep me")
    with pytest.raises(StoreError, match="已存在"):
        new_store.create(out)
    assert out.read_bytes() == b"keep me"
