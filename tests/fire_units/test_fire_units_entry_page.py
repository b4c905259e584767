"""重大火灾隐患's 导入 section through the entry script (AppTest): a county's list previewed (each column's
reading, what was inferred, the first rows) then confirmed, its units on the board; a plan with its merged unit
names; one unit by hand; the section shown on an empty store (the only way in) and not to a 领导."""

from __future__ import annotations


import apptest
import pytest
from apptest import open_page
from import_page import confirm, real, upload  # noqa: F401  (real: a fixture)


app_db = apptest.app_db
empty_db = apptest.empty_db
PAGE = "app_pages/fire_units.py"
UNITS, PLANS, NEW = "fire.import.", "fire.plans.", "fire.new."


def _count(path, table="fire_units") -> int:
    return apptest.sql(path, f"SELECT count(*) FROM {table}")[0][0]


def test_a_county_list_previewed_then_imported(real, app_db):
    before = _count(app_db)
    at = upload(open_page(PAGE), UNITS, real / "f01_重大火灾隐患_旬阳县_标题县区.xlsx")
    assert _count(app_db) == before  # the preview writes nothing
    texts = [t.value for t in at.text]
    assert any("县区：取自标题" in t for t in texts) and any("判定方式：文件未写" in t for t in texts), texts
    columns = next(d.value for d in at.dataframe if "文件中的列名" in d.value.columns)
    reading = dict(zip(columns["文件中的列名"], columns["读作"]))
    assert reading["重大火灾隐患内容"] == "隐患描述" and reading["判定依据"] == "判定条款" and reading["备注"] == "（不导入）"
    rows = next(d.value for d in at.dataframe if "行号" in d.value.columns)
    assert list(rows["单位名称"]) == ["旬阳市城关镇东门综合市场", "旬阳市吕河镇金源宾馆", "旬阳市棕溪镇农资仓库"]
    assert list(rows["整改进度"]) == [30, 60, 0]
    at = confirm(at, UNITS)
    assert any("新增 3 家" in s.value for s in at.success), [s.value for s in at.success]
    assert _count(app_db) == before + 3
    board = next(d.value for d in at.dataframe if "单位名称" in d.value.columns and "倒计时" in d.value.columns)
    assert "旬阳市棕溪镇农资仓库" in set(board["单位名称"])


def test_a_plan_with_merged_unit_names(real, app_db):
    before = _count(app_db, "fire_unit_milestones")
    at = upload(open_page(PAGE), PLANS, real / "f04_倒排工期_合并单元格.xlsx")
    rows = next(d.value for d in at.dataframe if "行号" in d.value.columns and "整改节点" in d.value.columns)
    assert list(rows["单位名称"]) == ["旬阳市蜀河镇古镇老街木结构连片民居"] * 3 + ["恒口示范区兴隆综合市场"] * 2
    at = confirm(at, PLANS)
    assert any("新增 4 条" in s.value and "已存在未重复导入 1 条" in s.value for s in at.success)
    assert _count(app_db, "fire_unit_milestones") == before + 4


def test_a_refused_list_shows_its_reasons_and_writes_nothing(real, app_db):
    at = upload(open_page(PAGE), UNITS, real / "f03_重大火灾隐患_期限早于立案_拒绝.xlsx")
    assert any("整改期限不能早于立案日期" in str(d.value) for d in at.dataframe)
    assert next(b for b in at.button if b.key == UNITS + "confirm").disabled
    assert _count(app_db) == 14


def test_one_unit_by_hand(app_db):
    at = open_page(PAGE)
    at.text_input(key=NEW + "name").set_value("岚皋县佐龙镇福源宾馆")
    at.selectbox(key=NEW + "unit").set_value("岚皋县")
    at.text_input(key=NEW + "clauses").set_value("GB 35181-2017 第6.6条")
    at.text_area(key=NEW + "description").set_value("旅馆未设置火灾自动报警系统")
    import datetime as dt

    at.date_input(key=NEW + "filed").set_value(dt.date(2021, 4, 1))
    at.date_input(key=NEW + "deadline").set_value(dt.date(2021, 7, 31))
    at.text_input(key=NEW + "person").set_value("冯强")
    at.text_input(key=NEW + "phone").set_value("12345")  # refused: the same check as the import's
    at = at.button(key=NEW + "submit").click().run()
    assert any("联系电话：电话号码格式不对" in e.value for e in at.error), [e.value for e in at.error]
    assert _count(app_db) == 14
    at.text_input(key=NEW + "phone").set_value("13800000000")
    at = at.button(key=NEW + "submit").click().run()
    assert not at.exception
    assert any("已登记重大火灾隐患单位 ZDHZ\\-15" in s.value for s in at.success), [s.value for s in at.success]
    assert apptest.sql(app_db, "SELECT name, judgement, status FROM fire_units WHERE id = 'ZDHZ-15'") == [
        ("岚皋县佐龙镇福源宾馆", "直接判定", "立案")]


def test_the_section_is_the_way_in_on_an_empty_store(real, empty_db):
    at = open_page(PAGE)
    assert any(b.key == UNITS + "start" for b in at.button)  # the import, under the empty state
    at = confirm(upload(at, UNITS, real / "f02_重大火灾隐患_全市汇总_两行表头.xlsx"), UNITS)
    assert _count(empty_db) == 4
    assert any("单位名称" in d.value.columns and "倒计时" in d.value.columns for d in at.dataframe)


def test_a_leader_sees_no_import(app_db):
    at = open_page(PAGE, user="leader")
    assert not any(b.key == UNITS + "start" for b in at.button)
    assert not any(b.key == NEW + "submit" for b in at.button)
