"""The real-shaped files of every kind besides hazards (tests/data/import/real/make_real_kinds.py) end to end on
a fresh copy of the demo store: through the CLI (``python -m dashboard import <kind> FILE``) each gives its
expected outcome — rows added and already there, what was inferred, or its refusal with nothing written —
and importing it again adds nothing; through the machinery (``ingest.kinds.run``) each import is in the
register, and undoing it leaves every table as before the import except the register's own records."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import apptest
import pytest
from import_page import real  # noqa: F401  (a fixture)

from dashboard import import_register, roles
from dashboard.__main__ import import_kinds
from dashboard.__main__ import main as cli
from dashboard.db import Store, table_digests
from dashboard.ingest import kinds

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import" / "real"))
from make_real_kinds import EXPECTED  # noqa: E402

OFFICE = roles.User("office", "陈建华", roles.OFFICE)
REGISTER_TABLES = {"imports", "import_files", "audit_events"}
TABLES = {"fire_units": "fire_units", "fire_unit_plans": "fire_unit_milestones", "fires": "fire_incidents",
          "tasks": "tasks", "groups": "group_members", "group_visits": "inspections", "group_changes": "group_changes",
          "group_interviews": "group_interviews"}


@pytest.fixture
def store_path(demo_db_path, tmp_path, monkeypatch):
    copy = tmp_path / "store.duckdb"
    shutil.copy(demo_db_path, copy)
    monkeypatch.setenv("DASHBOARD_DB", str(copy))
    return copy


def _count(path, kind) -> int:
    return apptest.sql(path, f"SELECT count(*) FROM {TABLES[kind]}")[0][0]


def test_every_kind_has_files_and_refusals():
    by_kind: dict[str, list] = {}
    for case in EXPECTED.values():
        by_kind.setdefault(case.kind, []).append(case)
    assert set(by_kind) <= set(import_kinds())
    for kind, cases in by_kind.items():
        assert sum(c.refused is None for c in cases) >= 1 and any(c.refused for c in cases), kind
    assert sum(len(c) for c in by_kind.values()) >= 10


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_through_the_cli(real, store_path, capsys, name):
    case = EXPECTED[name]
    args = ["import", case.kind, str(real / name), *case.options]
    before = _count(store_path, case.kind)
    digests = apptest.sql(store_path, "SELECT count(*) FROM audit_events")
    code = cli(args)
    out, err = capsys.readouterr()
    if case.refused is not None:
        assert code == 1 and "未导入" in err and case.refused in err, err
        assert _count(store_path, case.kind) == before
        assert apptest.sql(store_path, "SELECT count(*) FROM audit_events") == digests
        return
    assert code == 0, err
    unit = import_kinds()[case.kind].unit
    assert f"新增 {case.added} {unit}" in out and f"已存在未重复导入 {case.skipped} {unit}" in out, out
    if case.replaced:
        assert f"更新 {case.replaced} {unit}" in out, out
    for said in case.inferred:
        assert said in out, out
    assert _count(store_path, case.kind) == before + case.added
    assert cli(args) == 0  # again: nothing added twice
    again = capsys.readouterr().out
    assert f"新增 0 {unit}" in again and f"，更新 " not in again, again
    assert _count(store_path, case.kind) == before + case.added


@pytest.mark.parametrize("name", sorted(n for n, c in EXPECTED.items() if c.refused is None))
def test_each_import_is_registered_and_undone_table_by_table(real, demo_db_path, tmp_path, name):
    case = EXPECTED[name]
    kind = import_kinds()[case.kind]
    copy = tmp_path / "store.duckdb"
    shutil.copy(demo_db_path, copy)
    store = Store.open(copy)
    try:
        data = (real / name).read_bytes()
        before = table_digests(store._con)
        options = dict(zip((o.removeprefix("--") for o in case.options[::2]), case.options[1::2]))
        done = kinds.run(kind, store, data, name, OFFICE, options=options)
        assert done.ok and (done.added, done.replaced) == (case.added, case.replaced)
        entry = import_register.get(store, done.import_id)
        assert (entry.label, entry.file_name, entry.rows_added, entry.rows_replaced) == (
            kind.label, name, case.added, case.replaced)
        assert import_register.original(store, done.import_id) == (name, data)
        import_register.undo(store, done.import_id, OFFICE, "导错了文件")
        after = table_digests(store._con)
        assert {t for t in before if after[t] != before[t]} <= REGISTER_TABLES
        actions = store.rows("SELECT action FROM audit_events WHERE entity = 'import' AND entity_id = ? ORDER BY id",
                             [str(done.import_id)])
        assert [a for (a,) in actions] == [kind.action, "撤销导入"]
        again = kinds.run(kind, store, data, name, OFFICE, options=options)  # after an undo it imports again
        assert (again.added, again.replaced) == (case.added, case.replaced)
    finally:
        store.close()


@pytest.mark.parametrize("args, said", [
    (["tasks", "t01_专项整治_任务清单_分组标题行.xlsx", "--county", "汉滨区"], "--county 不用于专项整治文件（可用的选项：无）"),
    (["fires", "h03_火灾_白河县_两行表头.xlsx", "--group", "3"], "--group 不用于火灾记录文件（可用的选项：--county）"),
    (["group_visits", "g02_督查检查记录_标题组别.xlsx", "--source", "其他"], "--source 不用于督查检查记录文件（可用的选项：--group）"),
])
def test_an_option_a_kind_does_not_read_is_refused(real, store_path, capsys, args, said):
    before = apptest.sql(store_path, "SELECT count(*) FROM audit_events")
    assert cli(["import", args[0], str(real / args[1]), *args[2:]]) == 2
    assert said in capsys.readouterr().err
    assert apptest.sql(store_path, "SELECT count(*) FROM audit_events") == before


def test_the_county_chosen_for_a_file_without_one(real, store_path, capsys, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["起火时间", "起火场所", "起火原因", "死亡人数", "受伤人数", "直接经济损失（万元）"])
    book.active.append(["2021-04-30 09:00", "住宅", "电气火灾", 0, 0, 0.5])
    book.save(tmp_path / "无县区.xlsx")
    assert cli(["import", "fires", str(tmp_path / "无县区.xlsx")]) == 1
    assert "请在标题中写明县区" in capsys.readouterr().err
    assert cli(["import", "fires", str(tmp_path / "无县区.xlsx"), "--county", "宁陕县"]) == 0
    assert "县区：导入时选择“宁陕县”" in capsys.readouterr().out
    assert apptest.sql(store_path, "SELECT unit_code FROM fire_incidents WHERE occurred_at = '2021-04-30 09:00'") == [
        ("610923",)]
    assert cli(["imports", "list"]) == 0
    assert "县区：宁陕县" in capsys.readouterr().out


@pytest.mark.parametrize("word", sorted(set(import_kinds()) - {"hazards"}))
def test_each_kinds_template_reads_back_with_its_example(demo_store, word):
    kind = import_kinds()[word]
    data = kinds.template(kind, demo_store)
    preview = kinds.preview(kind, demo_store, data, kind.template_name)
    assert preview.ok, preview.result.errors.to_dict("records")
    assert len(preview.rows) == 1 and not preview.unresolved  # every header of the template is read as itself
    assert set(preview.columns["方式"]) <= {"列名一致"}
