"""火灾统计's 导入 section through the entry script (AppTest): a county's export previewed then imported, the year's
tiles following it; one fire by hand; the section as the way in on an empty store."""

from __future__ import annotations

import datetime as dt

import apptest
import pytest
from apptest import open_page
from import_page import confirm, frame_with, real, upload  # noqa: F401  (real: a fixture)


app_db = apptest.app_db
empty_db = apptest.empty_db
PAGE = "app_pages/fires.py"
KEY, NEW = "fires.import.", "fires.new."


def _count(path) -> int:
    return apptest.sql(path, "SELECT count(*) FROM fire_incidents")[0][0]


def _tile(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)  # the tiles are st.metric


def test_a_county_export_previewed_then_imported(real, app_db):
    before = _count(app_db)
    at = open_page(PAGE, {"fires.year": "2021"})
    deaths = _tile(at, "死亡人数")
    at = upload(at, KEY, real / "h02_火灾_旬阳县_GBK_标题县区.csv")
    assert _count(app_db) == before
    assert any("县区：取自标题" in t.value for t in at.text)
    rows = frame_with(at, "行号", "起火时间")
    assert list(rows["起火时间"])[:2] == ["2021-04-06 14:20", "2021-04-11 09:05"]
    assert list(rows["起火场所"])[:2] == ["住宅", "户外垃圾草垛"]
    at = confirm(at, KEY)
    assert any("新增 5 起" in s.value for s in at.success), [s.value for s in at.success]
    assert _count(app_db) == before + 5
    assert int(_tile(at, "死亡人数")) == int(deaths) + 1  # the page's figures follow at once


def test_one_fire_by_hand(app_db):
    at = open_page(PAGE)
    at.date_input(key=NEW + "day").set_value(dt.date(2021, 5, 2))
    at.time_input(key=NEW + "time").set_value(dt.time(20, 15))
    at.selectbox(key=NEW + "unit").set_value("汉阴县")
    at.selectbox(key=NEW + "place").set_value("住宅")
    at.selectbox(key=NEW + "cause").set_value("电气火灾")
    at.text_input(key=NEW + "address").set_value("汉阴县城关镇三沈路8号")
    at.number_input(key=NEW + "injuries").set_value(1)
    at = at.button(key=NEW + "submit").click().run()
    assert not at.exception
    assert any("已登记火灾 HZ2021\\-0298" in s.value for s in at.success), [s.value for s in at.success]
    assert apptest.sql(app_db, "SELECT unit_code, injuries, central_city FROM fire_incidents WHERE id = 'HZ2021-0298'") == [
        ("610921", 1, False)]


def test_the_section_is_the_way_in_on_an_empty_store(real, empty_db):
    at = open_page(PAGE)
    assert any(b.key == KEY + "start" for b in at.button)
    at = confirm(upload(at, KEY, real / "h03_火灾_白河县_两行表头.xlsx"), KEY)
    assert _count(empty_db) == 4
    assert any(m.label == "火灾起数" for m in at.metric)  # the year's figures, no longer the empty state
