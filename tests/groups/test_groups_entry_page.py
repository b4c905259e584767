"""督查组评价's 导入 section through the entry script (AppTest): a visit log with its group chosen at upload, the
group's visits following it; 约谈 records shown in the group's detail; the roster as the way in on an empty
store; no panel for a 领导."""

from __future__ import annotations


import apptest
import pytest
from apptest import open_page
from import_page import confirm, frame_with, real, upload  # noqa: F401  (real: a fixture)


app_db = apptest.app_db
empty_db = apptest.empty_db
PAGE = "app_pages/groups.py"
ROSTER, VISITS, TALKS = "groups.import.", "groups.visits.", "groups.interviews."


def _visits(path, group_id: int) -> int:
    return apptest.sql(path, "SELECT count(*) FROM inspections WHERE group_id = ?", [group_id])[0][0]


def test_a_visit_log_with_its_group_chosen_at_upload(real, app_db, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()  # a log with no group column and no title: the group is chosen at upload
    book.active.append(["检查日期", "被检查单位", "行业领域", "发现隐患数"])
    book.active.append(["2021-04-30", "石泉县示例砖厂", "工贸", 1])
    book.save(tmp_path / "log.xlsx")
    before = _visits(app_db, 3)
    at = open_page(PAGE)
    refused = upload(at, VISITS, tmp_path / "log.xlsx")
    assert any("请填写督查组" in str(d.value) for d in refused.dataframe)
    at = upload(refused, VISITS, tmp_path / "log.xlsx", group="第三暗访督查组（驻石泉县）")
    assert any("督查组：导入时选择" in t.value for t in at.text)
    at = confirm(at, VISITS)
    assert any("新增 1 次" in s.value for s in at.success), [s.value for s in at.success]
    assert _visits(app_db, 3) == before + 1


def test_interviews_show_in_the_groups_detail(real, app_db):
    at = confirm(upload(open_page(PAGE), TALKS, real / "g04_约谈记录_县区名.xlsx"), TALKS)
    assert any("新增 2 条" in s.value for s in at.success)
    at = open_page(PAGE, {"groups.group": "第十暗访督查组（驻白河县）"})
    assert any(t.value == "事由：书面移交市安委办比例低于90%" for t in at.text), [t.value for t in at.text]


def test_the_roster_is_the_way_in_on_an_empty_store(real, empty_db):
    at = open_page(PAGE)
    assert any(b.key == ROSTER + "start" for b in at.button)
    at = upload(at, ROSTER, real / "g01_督查组名单_分组标题行.xlsx")
    rows = frame_with(at, "行号", "姓名")
    assert list(rows["督查组"])[:2] == ["第一组(驻汉滨区)"] * 2 and list(rows["驻点县区"])[:2] == ["汉滨区"] * 2  # NFKC
    at = confirm(at, ROSTER)
    assert apptest.sql(empty_db, "SELECT count(*) FROM groups") == [(2,)]
    assert apptest.sql(empty_db, "SELECT count(*) FROM group_members") == [(9,)]
    assert any(m.label == "建议约谈" for m in at.metric)  # the evaluation, no longer the empty state


def test_a_leader_sees_no_import(app_db):
    at = open_page(PAGE, user="leader")
    assert not any(b.key in (ROSTER + "start", VISITS + "start") for b in at.button)
