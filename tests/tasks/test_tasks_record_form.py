"""专项整治's form (ui.entry.record_form over TASKS_IMPORT) through the entry script (AppTest): a new item typed on
the page joins the tiles and the list; an item on file typed with a new progress is updated as an import of the
same row updates it; a new item without its 牵头部门 refused with the import's words, what was typed kept."""

from __future__ import annotations

import datetime as dt

import apptest
from apptest import open_page

app_db = apptest.app_db
PAGE = "app_pages/tasks.py"
KEY = "tasks.entry."
CATEGORY = "危险化学品安全专项整治"


def _fill(at, values: dict):
    for name, value in values.items():
        next(w for w in at.main if getattr(w, "key", None) == KEY + name).set_value(value)
    at = at.button(key=KEY + "submit").click().run()
    assert not at.exception, at.exception
    return at


def _listed(at) -> list[str]:
    return list(next(d.value for d in at.dataframe if "子项任务" in d.value.columns)["子项任务"])


def test_a_new_item_typed_on_the_page_joins_the_list(app_db):
    at = open_page(PAGE)
    items = int(apptest.metrics(at)["任务子项"])
    at = _fill(at, {"category": CATEGORY, "item": "危化品运输车辆专项检查", "lead_dept": "市交通运输局",
                    "coop_depts": "市公安局，市应急管理局", "deadline": dt.date(2021, 9, 30), "progress": 10})
    assert [s.value.replace("\\", "") for s in at.success] == [
        "已登记专项整治：危险化学品安全专项整治，危化品运输车辆专项检查（第 1 号登记，可在“数据管理”中查看或撤销）。"]
    assert int(apptest.metrics(at)["任务子项"]) == items + 1
    assert "危化品运输车辆专项检查" in _listed(at)
    assert apptest.sql(app_db, "SELECT lead_dept, coop_depts, progress, status FROM tasks WHERE item = '危化品运输车辆专项检查'") == [
        ("市交通运输局", "市公安局、市应急管理局", 10, "推进中")]  # departments written one way, as the import writes them


def test_an_item_on_file_typed_with_its_progress_is_updated(app_db):
    at = _fill(open_page(PAGE), {"category": CATEGORY, "item": "重大危险源企业专项检查督导", "progress": 95,
                                 "note": "已完成全部重大危险源企业检查"})
    assert any(s.value.startswith("已更新专项整治") for s in at.success), [s.value for s in at.success]
    assert apptest.sql(app_db, "SELECT progress, note FROM tasks WHERE category_no = 1 AND item_no = 1") == [
        (95, "已完成全部重大危险源企业检查")]


def test_a_new_item_without_its_lead_department_is_refused(app_db):
    at = _fill(open_page(PAGE), {"category": CATEGORY, "item": "没有牵头部门的子项"})
    assert [e.value for e in at.error if e.value.startswith("未登记")] == ["未登记：牵头部门：新的任务须填写牵头部门"]
    assert at.session_state[KEY + "item"] == "没有牵头部门的子项"
    assert apptest.sql(app_db, "SELECT count(*) FROM tasks WHERE item = '没有牵头部门的子项'") == [(0,)]
