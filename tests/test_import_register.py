"""The import register and undo (dashboard/import_register.py): every import kept with its file; undo takes a
whole import back, the store equal to before it table by table (db.table_digests) except the register's own
records; refused, naming the rows, when they changed since; re-import adds nothing, and works again after undo."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from dashboard import duty, import_register, roles
from dashboard import hazards as hz
from dashboard.__main__ import main as cli
from dashboard.db import ValidationError, table_digests

sys.path.insert(0, str(Path(__file__).resolve().parent / "data" / "import"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "duty"))
from duty_cases import LANGAO, XUNYANG, roster_xlsx  # noqa: E402
from make_corpus import write_corpus  # noqa: E402

# What an undo leaves different from the store before the import: the register row (kept, marked 已撤销), the
# original file (kept downloadable) and two audit events (the import's own and the 撤销导入). Nothing else.
REGISTER_TABLES = {"imports", "import_files", "audit_events"}
# Who acts here: system actors named as the people the tests meant (who may do what: tests/access)
LIAISON, ADMIN, IMPORTER, DUTY = (roles.system(n) for n in ("汉滨组联络员", "管理员", "甲", "值班员"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def digests(store):
    return table_digests(store._con)


def _audit_without(store, import_id):
    return store.rows("SELECT * FROM audit_events WHERE NOT (entity = 'import' AND entity_id = ?) ORDER BY id",
                      [str(import_id)])


def _assert_as_before(store, before, audit_before, import_id):
    after = digests(store)
    assert set(after) == set(before)
    differs = {t for t in before if after[t] != before[t]}
    assert differs <= REGISTER_TABLES, differs
    assert _audit_without(store, import_id) == audit_before
    assert [r[0] for r in store.rows("SELECT action FROM audit_events WHERE entity = 'import' AND entity_id = ?"
                                     " ORDER BY id", [str(import_id)])] in (["导入隐患", "撤销导入"],
                                                                             ["导入值班表", "撤销导入"])
    assert store.scalar("SELECT count(*) FROM import_rows WHERE import_id = ?", [import_id]) == 0


def test_hazard_import_is_registered_with_its_file_and_undone_byte_for_byte(demo_store, corpus):
    data = corpus["good_variants.xlsx"].read_bytes()
    before, audit_before = digests(demo_store), _audit_without(demo_store, -1)
    count = demo_store.scalar("SELECT count(*) FROM hazards")
    done = hz.import_file(demo_store, data, "good_variants.xlsx", LIAISON, source="部门执法检查")
    assert done.ok and done.added == 4
    entry = import_register.imports(demo_store)[0]
    assert (entry.id, entry.label, entry.file_name, entry.actor, entry.rows_total, entry.rows_added, entry.status) == (
        done.import_id, "隐患", "good_variants.xlsx", "汉滨组联络员（系统）", 4, 4, "已导入")
    assert entry.choices["source"] == "部门执法检查" and "来源：部门执法检查" in entry.mapping_text
    assert import_register.original(demo_store, done.import_id) == ("good_variants.xlsx", data)

    removed = import_register.undo(demo_store, done.import_id, ADMIN, "导错了文件")
    assert removed == {"hazards": 4, "audit_events": 4}
    assert demo_store.scalar("SELECT count(*) FROM hazards") == count
    _assert_as_before(demo_store, before, audit_before, done.import_id)
    entry = import_register.get(demo_store, done.import_id)
    assert (entry.status, entry.undone_by, entry.undo_reason) == ("已撤销", "管理员（系统）", "导错了文件")
    assert import_register.original(demo_store, done.import_id) == ("good_variants.xlsx", data)  # still downloadable
    undo_event = demo_store.rows("SELECT actor, reason FROM audit_events WHERE action = '撤销导入'")
    assert undo_event == [("管理员（系统）", "导错了文件")]

    again = hz.import_file(demo_store, data, "good_variants.xlsx", IMPORTER)  # after an undo, re-import works again
    assert (again.added, again.skipped) == (4, 0)
    assert sorted(again.ids) == sorted(done.ids)  # the same numbers: as if the undone import never happened
    twice = hz.import_file(demo_store, data, "good_variants.xlsx", IMPORTER)  # and re-importing adds nothing
    assert (twice.added, twice.skipped) == (0, 4)
    assert demo_store.scalar("SELECT count(*) FROM import_files") == 1  # one file kept for three imports
    assert import_register.undo(demo_store, twice.import_id, IMPORTER, "重复导入") == {}  # nothing to take back


def test_a_remembered_mapping_goes_with_the_import(demo_store, corpus):
    data = corpus["good_variants.xlsx"].read_bytes()
    before = digests(demo_store)
    done = hz.import_file(demo_store, data, "g.xlsx", IMPORTER, mapping={"备注": None})
    assert done.ok and demo_store.scalar("SELECT count(*) FROM import_mappings") == 1
    import_register.undo(demo_store, done.import_id, IMPORTER, "映射选错")
    assert demo_store.scalar("SELECT count(*) FROM import_mappings") == 0
    assert {t for t, d in digests(demo_store).items() if d != before[t]} <= REGISTER_TABLES


def _listed(store, hid):
    hz.act(store, hid, hz.A_START, {}, roles.system("整改员"))


def _edited(store, hid):
    store._con.execute("UPDATE hazards SET remark = '改过' WHERE id = ?", [hid])


def _deleted(store, hid):
    store._con.execute("DELETE FROM hazards WHERE id = ?", [hid])


@pytest.mark.parametrize("change, said", [
    (_listed, "导入后又有操作：开始整改"),
    (_edited, "已被修改"),
    (_deleted, "已删除"),
])
def test_undo_is_refused_when_a_row_changed_since(demo_store, corpus, change, said):
    done = hz.import_file(demo_store, corpus["good_variants.xlsx"].read_bytes(), "g.xlsx", IMPORTER)
    hid = sorted(done.ids)[0]
    change(demo_store, hid)
    before = digests(demo_store)
    with pytest.raises(ValidationError) as refused:
        import_register.undo(demo_store, done.import_id, ADMIN, "导错了")
    assert f"第 {done.import_id} 号导入的 1 条记录在导入后已有变动，不能撤销：{hid}（{said}）" in str(refused.value)
    assert digests(demo_store) == before  # nothing written
    assert import_register.get(demo_store, done.import_id).status == "已导入"


def test_refusal_names_how_many_and_at_most_ten(demo_store, tmp_path):
    rows = [["", f"2021-04-{1 + i % 28:02d}", "第一组", "部门执法检查", "汉滨区", "", f"单位{i}", "", "消防", "", f"问题{i}",
             "一般", "限期整改", "", "", "", "", "2021-05-30"] for i in range(12)]
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append([f.header for f in hz.store_import_fields(demo_store)][:18])
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "12.xlsx")
    done = hz.import_file(demo_store, (tmp_path / "12.xlsx").read_bytes(), "12.xlsx", IMPORTER)
    assert done.ok and done.added == 12, done.errors.to_string()
    for hid in done.ids:
        _edited(demo_store, hid)
    with pytest.raises(ValidationError, match=r"12 条记录在导入后已有变动.*等 12 条"):
        import_register.undo(demo_store, done.import_id, IMPORTER, "x")


@pytest.mark.parametrize("setup, actor, reason, said", [
    ("none", IMPORTER, "x", "没有第 999 号导入记录"),
    ("legacy", IMPORTER, "x", "早于导入登记功能"),
    ("undone", IMPORTER, "x", "已于"),
    ("fresh", "甲", "x", "未登录"),  # a typed name is not a signed-in user
    ("fresh", IMPORTER, "  ", "请填写撤销原因"),
])
def test_undo_refusals(demo_store, corpus, setup, actor, reason, said):
    import_id = 999
    if setup == "legacy":
        import_id = demo_store.write(lambda tx: (tx.audit("t", "1", "t", IMPORTER), tx.one(
            "INSERT INTO imports (kind, file_name, actor, imported_at, rows_total, rows_added)"
            " VALUES ('hazards', 'old.xlsx', '甲', ?, 1, 1) RETURNING id", [tx.at])[0])[1])
    elif setup in ("undone", "fresh"):
        import_id = hz.import_file(demo_store, corpus["good_variants.xlsx"].read_bytes(), "g.xlsx", IMPORTER).import_id
        if setup == "undone":
            import_register.undo(demo_store, import_id, IMPORTER, "第一次")
    with pytest.raises(ValidationError, match=said):
        import_register.undo(demo_store, import_id, actor, reason)


# -- the roster: replaced days come back as they were ---------------------------------------------------
ROSTER = [
    ["2021/5/4", "旬阳县", "王五", "副市长", "13900000001", "赵六", "13900000002", "0915-7212345"],
    ["2021-05-05", "岚皋县", "钱七", "副县长", "13900000003", "孙八", "13900000004", None],
]


def test_roster_import_undone_byte_for_byte_and_reimport_adds_nothing(demo_store):
    data = roster_xlsx(ROSTER)
    before, audit_before = digests(demo_store), _audit_without(demo_store, -1)
    old = duty.roster_entry(demo_store, XUNYANG, date(2021, 5, 4))
    done = duty.import_roster(demo_store, data, "值班表.xlsx", DUTY)
    assert (done.added, done.replaced, done.unchanged) == (0, 2, 0)
    again = duty.import_roster(demo_store, data, "值班表.xlsx", DUTY)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 2)
    entry = import_register.get(demo_store, done.import_id)
    assert (entry.label, entry.rows_replaced) == ("值班表", 2)
    import_register.undo(demo_store, again.import_id, DUTY, "重复")
    import_register.undo(demo_store, done.import_id, DUTY, "导错了")
    assert duty.roster_entry(demo_store, XUNYANG, date(2021, 5, 4)) == old
    after = digests(demo_store)
    assert {t for t in before if after[t] != before[t]} <= REGISTER_TABLES
    assert _audit_without(demo_store, done.import_id)[:len(audit_before)] == audit_before


def test_roster_undo_refused_after_an_edit_of_its_day(demo_store):
    done = duty.import_roster(demo_store, roster_xlsx(ROSTER), "值班表.xlsx", DUTY)
    duty.save_roster(demo_store, {"unit_code": LANGAO, "duty_date": date(2021, 5, 5), "leader": "张三",
                                  "officer": "李四"}, DUTY)
    with pytest.raises(ValidationError, match=f"1 条记录.*{LANGAO}/2021-05-05（导入后又有操作：修改值班表）"):
        import_register.undo(demo_store, done.import_id, DUTY, "x")


def test_a_later_import_of_the_same_days_must_be_undone_first(demo_store):
    first = duty.import_roster(demo_store, roster_xlsx(ROSTER), "a.xlsx", DUTY)
    changed = [[*ROSTER[0][:2], "周九", *ROSTER[0][3:]]]
    second = duty.import_roster(demo_store, roster_xlsx(changed), "b.xlsx", DUTY)
    assert second.replaced == 1
    with pytest.raises(ValidationError, match="已被修改"):
        import_register.undo(demo_store, first.import_id, DUTY, "x")
    import_register.undo(demo_store, second.import_id, DUTY, "x")
    import_register.undo(demo_store, first.import_id, DUTY, "x")


# -- CLI --------------------------------------------------------------------------------------------------
def test_cli_imports_list_and_undo(demo_store, corpus, monkeypatch, capsys):
    path = demo_store.path
    demo_store.close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    assert cli(["import", "hazards", str(corpus["good_variants.xlsx"])]) == 0
    capsys.readouterr()
    assert cli(["imports", "list"]) == 0
    first = capsys.readouterr().out.splitlines()[0].split("\t")
    command_line = roles.system().label  # the CLI acts as the command line's operating-system user
    assert command_line.startswith("命令行（") and command_line.endswith("（系统）")
    assert first[1:4] == ["隐患", "good_variants.xlsx", command_line] and "新增 4" in first[5] and first[6] == "已导入"
    assert cli(["imports", "undo", first[0], "--reason", "导错"]) == 0
    assert f"已撤销第 {first[0]} 号导入" in capsys.readouterr().out
    assert cli(["imports", "undo", first[0], "--reason", "导错"]) == 1
    assert "未撤销" in capsys.readouterr().err
    assert cli(["imports", "list"]) == 0
    assert "已撤销" in capsys.readouterr().out.splitlines()[0]
    from dashboard.db import Store

    demo_store._con = Store.open(path)._con  # the fixture closes it


def test_a_backup_keeps_the_originals_and_what_undo_needs(demo_store, corpus, tmp_path):
    from dashboard import backup
    from dashboard.db import Store

    data = corpus["good_variants.xlsx"].read_bytes()
    done = hz.import_file(demo_store, data, "good_variants.xlsx", IMPORTER)
    made = backup.take(demo_store, tmp_path / "backups", evidence=None)
    restored = backup.restore(made.path, tmp_path / "restored.duckdb", live=demo_store.path)
    copy = Store.open(restored.out)
    try:
        assert import_register.original(copy, done.import_id) == ("good_variants.xlsx", data)
        count = copy.scalar("SELECT count(*) FROM hazards")
        import_register.undo(copy, done.import_id, IMPORTER, "恢复后撤销")  # the restored store can still undo it
        assert copy.scalar("SELECT count(*) FROM hazards") == count - 4
    finally:
        copy.close()
