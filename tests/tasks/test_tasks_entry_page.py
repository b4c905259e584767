"""专项整治's 导入 section through the entry script (AppTest): a month's progress report previewed (how each column
and row is read, what is on file) then confirmed, the tiles and list following it; the list as the way in on
an empty store; no panel for a 领导."""

from __future__ import annotations


import apptest
import pytest
from apptest import open_page
from import_page import confirm, frame_with, real, upload  # noqa: F401  (real: a fixture)


app_db = apptest.app_db
empty_db = apptest.empty_db
PAGE = "app_pages/tasks.py"
KEY = "tasks.import."


def _tile(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_a_progress_report_previewed_then_imported(real, app_db):
    at = open_page(PAGE)
    done_before = int(_tile(at, "已完成"))
    at = upload(at, KEY, real / "t02_专项整治_月度进展_合并类别.xlsx")
    columns = frame_with(at, "文件中的列名", "读作")
    reading = dict(zip(columns["文件中的列名"], columns["读作"]))
    assert reading["专项整治类别"] == "整治类别" and reading["具体任务"] == "整治子项" and reading["牵头单位"] == "牵头部门"
    rows = frame_with(at, "行号", "整治子项")
    assert list(rows["整治类别"]) == ["消防安全专项整治"] * 3 + ["城镇燃气安全专项整治"] * 2 + ["工贸行业安全专项整治"]
    assert list(rows["完成进度"]) == [75, 100, 80, 30, 60, 40]
    assert apptest.sql(app_db, "SELECT progress FROM tasks WHERE category_no = 2 AND item_no = 1") == [(60,)]
    at = confirm(at, KEY)
    assert any("更新 5 项" in s.value and "已存在未重复导入 1 项" in s.value for s in at.success), [s.value for s in at.success]
    assert apptest.sql(app_db, "SELECT progress FROM tasks WHERE category_no = 2 AND item_no = 1") == [(75,)]
    assert int(_tile(at, "已完成")) == done_before  # 高层建筑… was already done; none newly finished


def test_the_list_is_the_way_in_on_an_empty_store(real, empty_db):
    at = open_page(PAGE)
    assert any(b.key == KEY + "start" for b in at.button)
    at = confirm(upload(at, KEY, real / "t01_专项整治_任务清单_分组标题行.xlsx"), KEY)
    assert apptest.sql(empty_db, "SELECT count(*), count(DISTINCT category_no), min(category_no) FROM tasks") == [(7, 3, 1)]
    assert int(_tile(at, "任务子项")) == 7


def test_a_leader_sees_no_import(app_db):
    at = open_page(PAGE, user="leader")
    assert not any(b.key == KEY + "start" for b in at.button)
