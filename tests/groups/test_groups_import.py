"""The groups' records in: a roster (a new member, a new phone, everything else as on file; on an empty store the
groups themselves with their leaders), visits named by the title, changes on file with and without their filing,
约谈 records by county name — what each stores and what 督查组评价 then counts; a roster's whole-file rules; the
group read from a cell as a table of cases. Each file's outcome, re-import and undo: tests/ingest/test_real_kinds.py."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from import_page import real  # noqa: F401  (a fixture)
from dashboard import groups, roles
from dashboard.db import Store, ValidationError
from dashboard.groups.imports import GroupIndex
from dashboard.ingest import kinds


OFFICE = roles.User("office", "陈建华", roles.OFFICE)


def _run(kind, store, real, name, **options):
    done = kinds.run(kind, store, (real / name).read_bytes(), name, OFFICE, options=options)
    assert done.ok, done.errors.to_dict("records")
    return done


def test_a_roster_adds_the_new_member_and_updates_a_phone(demo_store, real):
    _run(groups.ROSTER_IMPORT, demo_store, real, "g01_督查组名单_分组标题行.xlsx")
    roster = groups.members(demo_store, 1).set_index("name")
    assert roster.loc["周晓红", "role"] == "成员" and roster.loc["周晓红", "org"] == "市消防救援支队"
    assert roster.loc["冯民燕", "phone"] == "13309150999"
    assert len(groups.members(demo_store, 2)) == 4  # as on file
    history = demo_store.audit_history("group", "1")
    assert history["action"].iloc[-1] == groups.A_ROSTER


def test_on_an_empty_store_the_roster_makes_the_groups(tmp_path, real):
    from dashboard import new_store

    path = tmp_path / "empty.duckdb"
    new_store.create(path)
    store = Store.open(path)
    try:
        done = _run(groups.ROSTER_IMPORT, store, real, "g01_督查组名单_分组标题行.xlsx")
        assert done.added == 9
        made = store.query("SELECT id, unit_code, name, leader, leader_rank, lead_unit, stationed_on FROM groups ORDER BY id")
        assert made.to_dict("records") == [
            {"id": 1, "unit_code": "610902", "name": "第一暗访督查组（驻汉滨区）", "leader": "孔惠", "leader_rank": "副县级",
             "lead_unit": "市应急管理局", "stationed_on": made["stationed_on"].iloc[0]},
            {"id": 2, "unit_code": "610921", "name": "第二暗访督查组（驻汉阴县）", "leader": "许新", "leader_rank": "副县级",
             "lead_unit": "市住建局", "stationed_on": made["stationed_on"].iloc[1]}]
        assert {d.date() for d in made["stationed_on"]} == {date(2021, 1, 4)}
        assert list(store.audit_history("group", "1")["action"]) == [groups.A_STATIONED]
        visits = _run(groups.VISITS_IMPORT, store, real, "g02_督查检查记录_标题组别.xlsx")
        assert visits.added == 5  # nothing of the demo's here
    finally:
        store.close()


def _roster(tmp_path, rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["组别", "驻点县区", "组长单位", "姓名", "组内职务"])
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "r.xlsx")
    return (tmp_path / "r.xlsx").read_bytes()


@pytest.mark.parametrize("rows, said", [
    ([["第一组", None, None, "甲", "组长"], ["第一组", None, None, "乙", "组长"]], "第一组有 2 名组长（甲、乙），一个督查组只有一名组长"),
])
def test_a_roster_with_two_leaders_is_refused(demo_store, tmp_path, rows, said):
    with pytest.raises(ValidationError, match=said):
        kinds.run(groups.ROSTER_IMPORT, demo_store, _roster(tmp_path, rows), "r.xlsx", OFFICE)


def test_a_new_group_needs_its_leader(tmp_path):
    from dashboard import new_store

    path = tmp_path / "empty.duckdb"
    new_store.create(path)
    store = Store.open(path)
    try:
        data = _roster(tmp_path, [["第三组", "石泉县", "市交通运输局", "甲", "成员"]])
        with pytest.raises(ValidationError, match="新的督查组“第三组”没有组长"):
            kinds.run(groups.ROSTER_IMPORT, store, data, "r.xlsx", OFFICE)
        refused = kinds.run(groups.ROSTER_IMPORT, store, _roster(tmp_path, [["第三组", None, None, "甲", "组长"]]),
                            "r.xlsx", OFFICE)
        assert list(refused.errors["原因"]) == ["新的督查组（第三组）须填写驻点县区"]
    finally:
        store.close()


def test_visits_count_in_the_evaluation(demo_store, real):
    w = groups.window(groups.MONTH, date(2021, 4, 30), date(2021, 1, 4))
    before = groups.evaluation(demo_store, w).set_index("group_id").loc[2, "visits"]
    _run(groups.VISITS_IMPORT, demo_store, real, "g02_督查检查记录_标题组别.xlsx")
    after = groups.evaluation(demo_store, w).set_index("group_id").loc[2, "visits"]
    assert after == before + 3  # three covert visits in April (one 明查 does not count)
    stored = demo_store.query("SELECT enterprise, sector, covert, hazards_found FROM inspections WHERE group_id = 2"
                              " AND enterprise IN ('汉阴县恒通加油站', '汉阴县城关镇悦来小吃店', '汉阴县月河建材有限公司',"
                              " '汉阴县凤凰山景区') ORDER BY visit_date")
    assert list(stored["sector"]) == ["危险化学品", "九小场所", "工贸", "旅游景区"]
    assert list(stored["covert"]) == [True, True, True, False] and list(stored["hazards_found"]) == [2, 0, 1, 0]


def test_changes_on_file_and_not_filed(demo_store, real):
    _run(groups.CHANGES_IMPORT, demo_store, real, "g03_人员变更备案_GBK.csv")
    five = groups.changes(demo_store, 5, date(2021, 5, 3))
    assert list(five["kind"]) == ["成员调整"] and five["filing_days"].iloc[0] == 1
    twelve = groups.changes(demo_store, 12, date(2021, 5, 3))
    assert list(twelve["new_value"]) == ["丁磊"] and twelve["filing_days"].isna().iloc[0]
    assert list(demo_store.audit_history("group", "12")["action"])[-1] == groups.A_CHANGED
    assert list(demo_store.audit_history("group", "5")["action"])[-1] == groups.A_FILED
    w = groups.window(groups.YEAR, date(2021, 5, 3), date(2021, 1, 4))
    flagged = groups.evaluation(demo_store, w).set_index("group_id").loc[12]
    assert flagged["unfiled_changes"] == 1 and flagged["interview"]  # an unfiled change: 建议约谈


def test_interviews_by_county_name(demo_store, real):
    _run(groups.INTERVIEWS_IMPORT, demo_store, real, "g04_约谈记录_县区名.xlsx")
    talks = groups.interviews(demo_store, 10)  # 白河县's group
    assert list(talks["reasons"]) == ["书面移交市安委办比例低于90%"]
    assert talks["doc_no"].iloc[0] == "安安办约〔2021〕2号"
    assert list(demo_store.audit_history("group", "5")["action"])[-1] == groups.A_INTERVIEW  # 紫阳县's


@pytest.mark.parametrize("text, group_id", [
    ("第三组", 3), ("第3督查组", 3), ("三组", 3), ("3", 3), ("第三暗访督查组（驻石泉县）", 3), ("石泉县", 3), ("石泉", 3),
    ("旬阳县", 9), ("高新区", 11), ("第十三组", None), ("安康市", None), (None, None),
])
def test_a_cell_names_its_group(demo_store, text, group_id):
    assert GroupIndex.of(demo_store).find(text) == group_id
