"""The 专项整治 list and its progress in: what a list stores (numbers after the demo's categories, deadlines with
the title's year and 长期坚持, departments written one way), a month's progress report updating only what it
says differently (更新进度 with its note, an item as on file left alone), a new deadline (修改任务), a lowering
without its reason refused; the numbering rules as tables of cases. Each file's outcome, re-import and undo:
tests/ingest/test_real_kinds.py."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from import_page import real  # noqa: F401  (a fixture)
from dashboard import roles, tasks
from dashboard.ingest import kinds
from dashboard.tasks import imports


OFFICE = roles.User("office", "陈建华", roles.OFFICE)


def _run(store, real, name):
    done = kinds.run(tasks.TASKS_IMPORT, store, (real / name).read_bytes(), name, OFFICE)
    assert done.ok, done.errors.to_dict("records")
    return done


def _item(store, category_no, item_no) -> dict:
    return store.query("SELECT * FROM tasks WHERE category_no = ? AND item_no = ?", [category_no, item_no]).iloc[0].to_dict()


def test_a_new_list_is_numbered_after_the_categories_on_file(demo_store, real):
    done = _run(demo_store, real, "t01_专项整治_任务清单_分组标题行.xlsx")
    assert done.ids == ["26-1", "26-2", "26-3", "27-1", "27-2", "28-1", "28-2"]
    first = _item(demo_store, 26, 1)
    assert (first["category"], first["item"], first["lead_dept"], first["coop_depts"]) == (
        "电动自行车安全隐患全链条整治", "生产销售环节专项检查", "市市场监管局", "市公安局、市商务局")
    assert (first["progress"], first["status"], first["deadline"].date()) == (0, "未启动", date(2021, 6, 30))
    assert _item(demo_store, 26, 2)["deadline"].date() == date(2021, 9, 30)  # “9月30日前”: the title's 2021
    assert _item(demo_store, 26, 3)["deadline"].date() == date(2021, 12, 31)  # “2021年底”
    assert pd.isna(_item(demo_store, 27, 2)["deadline"])  # “长期坚持”
    listed = tasks.task_list(demo_store, date(2021, 5, 3))
    assert len(listed) == 61 + 7 and "危险废物安全专项整治" in set(listed["category"])
    assert list(tasks.history(demo_store, 26, 1)["action"]) == [tasks.A_ADD]


def test_a_progress_report_updates_what_it_says_differently(demo_store, real):
    unchanged = _item(demo_store, 2, 2)
    done = _run(demo_store, real, "t02_专项整治_月度进展_合并类别.xlsx")
    assert sorted(done.ids) == ["2-1", "2-3", "6-1", "6-2", "7-1"]
    assert _item(demo_store, 2, 2) == unchanged  # 高层建筑…: already 100% with that note
    item = _item(demo_store, 2, 3)
    assert (item["progress"], item["status"], item["note"]) == (80, "推进中", "新建集中充电棚42处")  # Excel's 0.8
    lowered = _item(demo_store, 6, 2)
    assert (lowered["progress"], lowered["note"]) == (60, "重新核定占压点位后,进度下调")  # text as ingest reads it (NFKC)
    started = _item(demo_store, 6, 1)
    assert (started["progress"], started["status"]) == (30, "推进中")
    last = tasks.history(demo_store, 6, 1).iloc[-1]
    assert (last["action"], last["from_status"], last["to_status"], last["reason"]) == (
        tasks.A_PROGRESS, "未启动", "推进中", "完成城区餐饮场所排查")


def test_a_new_deadline_is_a_change_of_the_task(demo_store, real):
    before = _item(demo_store, 7, 2)
    done = _run(demo_store, real, "t04_专项整治_逐行类别_CSV.csv")
    assert (done.added, done.replaced) == (2, 1)
    after = _item(demo_store, 7, 2)
    assert after["deadline"].date() == date(2021, 8, 31)
    assert (after["progress"], after["note"], after["coop_depts"]) == (before["progress"], before["note"], before["coop_depts"])
    assert tasks.history(demo_store, 7, 2).iloc[-1]["action"] == tasks.A_EDIT
    assert _item(demo_store, 26, 2)["item"] == "高风险幕墙维修加固"


def test_lowering_the_progress_needs_its_reason(demo_store, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["整治类别", "整治子项", "完成进度", "进展情况"])
    book.active.append(["城镇燃气安全专项整治", "燃气管道占压清理", "50%", None])
    book.save(tmp_path / "lower.xlsx")
    done = kinds.run(tasks.TASKS_IMPORT, demo_store, (tmp_path / "lower.xlsx").read_bytes(), "lower.xlsx", OFFICE)
    assert list(done.errors["原因"]) == ["进度从 65% 下调到 50%，须在进展情况中写明原因"]
    assert _item(demo_store, 6, 2)["progress"] == 65


@pytest.mark.parametrize("rows, expected", [
    ([{"category": "消防安全专项整治", "item": "高层建筑消防安全综合治理"}], [(2, 2, True)]),
    ([{"category": "消防安全专项整治", "item": "新的消防子项"}], [(2, 4, False)]),
    ([{"category": "消防安全专项整治", "item": "新的消防子项", "item_no": 2}], [(2, 4, False)]),  # 2 is taken
    ([{"category": "消防安全专项整治", "item": "新的消防子项", "item_no": 9}], [(2, 9, False)]),
    ([{"category": "新类别", "item": "甲", "category_no": 3}, {"category": "新类别", "item": "乙"}],
     [(26, 1, False), (26, 2, False)]),  # 3 is taken: after the last
    ([{"category": "新类别", "item": "甲", "category_no": 30}, {"category": "另一类", "item": "乙"}],
     [(30, 1, False), (31, 1, False)]),
])
def test_resolve_numbers_as_the_list_and_the_store_say(demo_store, rows, expected):
    frame = demo_store.query("SELECT category_no, category, item_no, item FROM tasks")
    assert imports.resolve(rows, frame) == expected


@pytest.mark.parametrize("row, changes", [
    ({"progress": 60, "note": "排查已完成，正在对照问题清单集中整改"}, {}),
    ({"progress": 70}, {"progress": (60, 70)}),
    ({"note": "新的进展"}, {"note": ("排查已完成，正在对照问题清单集中整改", "新的进展")}),
    ({"lead_dept": "市消防救援支队", "coop_depts": "市住建局、市公安局"}, {}),
    ({"deadline": date(2021, 4, 30)}, {}),
    ({"deadline": date(2021, 5, 31)}, {"deadline": (date(2021, 4, 30), date(2021, 5, 31))}),
    ({"note": "  ", "progress": None}, {}),  # blanks say nothing
])
def test_what_a_row_changes(demo_store, row, changes):
    current = _item(demo_store, 2, 1)
    assert imports._changes(row, current) == changes
