"""Fires in: what a brigade's export stores (its numbers, the loss in 万元, 中心城区 by the rule, the area), the
figures of 火灾统计 following the import, one fire by hand under the same rules, the rules as tables of cases.
Each real-shaped file's outcome, re-import and undo: tests/ingest/test_real_kinds.py."""

from __future__ import annotations

from datetime import datetime

import pytest

from import_page import real  # noqa: F401  (a fixture)
from dashboard import fires, roles
from dashboard.db import ValidationError
from dashboard.fires import imports
from dashboard.ingest import kinds


OFFICE = roles.User("office", "陈建华", roles.OFFICE)
AS_OF = datetime(2021, 5, 3, 17, 0)


def _run(store, real, name):
    done = kinds.run(fires.FIRES_IMPORT, store, (real / name).read_bytes(), name, OFFICE)
    assert done.ok, done.errors.to_dict("records")
    return done


def test_a_brigade_export_is_stored_as_its_rows_say(demo_store, real):
    done = _run(demo_store, real, "h01_火灾_汉滨区大队导出_元.xlsx")
    assert done.ids[0] == "61090221040002"  # the brigade's own numbers
    rows = demo_store.query("SELECT * FROM fire_incidents WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
                            [done.ids]).set_index("id")
    fire = rows.loc["61090221040006"]
    assert (fire["unit_code"], fire["place_type"], fire["cause"], fire["direct_loss"], fire["burned_area"]) == (
        "610902", "厂房", "生产作业", 25.4, 150)
    assert (fire["deaths"], fire["injuries"], bool(fire["central_city"])) == (0, 2, True)  # 建民街道
    assert fire["occurred_at"] == datetime(2021, 4, 22, 11, 30)
    assert not rows.loc["61090221040003", "central_city"]  # 关庙镇
    assert rows.loc["61090221040007", "unit_code"] == "6109GX" and rows.loc["61090221040007", "central_city"]
    events = demo_store.rows("SELECT action, reason FROM audit_events WHERE entity = 'fire' AND entity_id = ?",
                             ["61090221040002"])
    assert events == [(fires.A_RECORD, "导入：h01_火灾_汉滨区大队导出_元.xlsx（第5行）")]


def test_a_county_list_without_numbers_gets_the_years_next(demo_store, real):
    top = demo_store.scalar("SELECT max(id) FROM fire_incidents WHERE id LIKE 'HZ2021-%'")
    done = _run(demo_store, real, "h02_火灾_旬阳县_GBK_标题县区.csv")
    assert top == "HZ2021-0297"
    assert done.ids == [f"HZ2021-{n:04d}" for n in range(298, 303)]
    stored = demo_store.query("SELECT place_type, cause, deaths, direct_loss FROM fire_incidents"
                              " WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id", [done.ids])
    assert list(stored["place_type"]) == ["住宅", "户外垃圾草垛", "住宅", "农副业生产场所", "交通工具"]
    assert list(stored["cause"]) == ["电气火灾", "吸烟", "生活用火不慎", "原因不明", "自燃"]
    assert list(stored["deaths"]) == [0, 0, 1, 0, 0] and list(stored["direct_loss"]) == [1.2, 0, 3.5, 0.8, 2]


def test_the_years_figures_follow_the_import(demo_store, real):
    before = fires.totals(demo_store, fires.year_period(2021, AS_OF), ("610981",))
    _run(demo_store, real, "h02_火灾_旬阳县_GBK_标题县区.csv")
    after = fires.totals(demo_store, fires.year_period(2021, AS_OF), ("610981",))
    assert after["count"] == before["count"] + 5 and after["deaths"] == before["deaths"] + 1


def test_a_missing_loss_column_is_asked_for_on_the_preview(demo_store, real):
    name = "h05_火灾_缺少损失列_拒绝.xlsx"
    preview = kinds.preview(fires.FIRES_IMPORT, demo_store, (real / name).read_bytes(), name)
    assert "没有这一列不等于都是0" in preview.result.errors["原因"].iloc[0]
    assert len(preview.columns) == 6  # how each column was read is still shown


# -- one fire by hand ------------------------------------------------------------------------------------
GOOD = {"occurred_at": datetime(2021, 5, 2, 20, 15), "unit_code": "610921", "place_type": "住宅", "cause": "电气火灾",
        "address": "汉阴县城关镇三沈路8号", "deaths": 0, "injuries": 1, "loss": 0.6, "area": 12.0, "central": None}


def test_a_fire_by_hand(demo_store):
    fire_id = fires.record(demo_store, GOOD, OFFICE)
    assert fire_id == "HZ2021-0298"
    row = demo_store.query("SELECT unit_code, central_city, direct_loss, burned_area FROM fire_incidents WHERE id = ?",
                           [fire_id]).iloc[0]
    assert (row["unit_code"], bool(row["central_city"]), row["direct_loss"], row["burned_area"]) == ("610921", False, 0.6, 12)
    events = demo_store.rows("SELECT action, actor FROM audit_events WHERE entity = 'fire' AND entity_id = ?", [fire_id])
    assert events == [(fires.A_RECORD, OFFICE.label)]
    with pytest.raises(ValidationError, match="的火灾已登记，不能重复登记"):
        fires.record(demo_store, {**GOOD, "address": "汉阴县城关镇三沈路8号\u3000"}, OFFICE)


@pytest.mark.parametrize("change, said", [
    ({"unit_code": None}, "请选择县区"),
    ({"occurred_at": None}, "请填写起火时间"),
    ({"cause": None}, "请填写起火原因"),
    ({"occurred_at": datetime(2021, 5, 3, 17, 1)}, "起火时间不能晚于数据截至时间"),
    ({"injuries": -1}, "受伤人数应为不小于0的整数"),
    ({"loss": -0.1}, "直接经济损失不能为负数"),
])
def test_a_fire_by_hand_is_refused_with_the_reason(demo_store, change, said):
    count = demo_store.scalar("SELECT count(*) FROM fire_incidents")
    with pytest.raises(ValidationError, match=said):
        fires.record(demo_store, {**GOOD, **change}, OFFICE)
    assert demo_store.scalar("SELECT count(*) FROM fire_incidents") == count


def test_a_county_clerk_records_no_fire(demo_store):
    with pytest.raises(ValidationError, match="无权"):
        fires.record(demo_store, GOOD, roles.User("hanbin", "李娜", roles.CLERK, unit_code="610902"))


# -- the rules ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("unit, address, central", [
    ("汉滨区", "汉滨区老城街道鼓楼街36号", True),
    ("汉滨区", "汉滨区江北街道滨江大道1号", True),
    ("汉滨区", "汉滨区 新城 街道巴山路8号", True),  # spaces typed inside are dropped
    ("汉滨区", "汉滨区关庙镇双溪村", False),
    ("安康高新区", "安康高新区科技大道66号", True),
    ("安康高新区", None, True),
    ("旬阳市", "旬阳市城关镇老城街道", False),  # the streets are 汉滨区's
    ("汉滨区", None, False),
])
def test_the_central_rule(unit, address, central):
    assert imports.is_central(unit, address) is central


@pytest.mark.parametrize("values, problems", [
    ({"occurred_at": AS_OF, "deaths": 0, "injuries": 0, "loss": 0.0}, []),
    ({"occurred_at": datetime(2021, 5, 3, 17, 1), "deaths": 0, "injuries": 0}, [("occurred_at", "起火时间不能晚于数据截至时间")]),
    ({"deaths": 1.5, "injuries": 0}, [("deaths", "死亡人数应为不小于0的整数")]),
    ({"deaths": 0, "injuries": -2}, [("injuries", "受伤人数应为不小于0的整数")]),
    ({"deaths": 0, "injuries": 0, "area": -1.0}, [("area", "过火面积不能为负数")]),
])
def test_fire_problems(values, problems):
    assert imports._problems(values, AS_OF) == problems


@pytest.mark.parametrize("values, loss, problem", [
    ({"loss_yuan": 35000}, 3.5, None),
    ({"loss": 1.2}, 1.2, None),
    ({}, 0.0, None),
    ({"loss": 3.5, "loss_yuan": 35000}, 3.5, None),
    ({"loss": 3.0, "loss_yuan": 35000}, 3.0, ("loss", "直接经济损失 3 万元与直接财产损失 35000 元不一致")),
])
def test_the_loss_in_wan_yuan(values, loss, problem):
    values = dict(values)
    found = imports._completed(values)
    assert found == ([] if problem is None else [problem])
    assert values["loss"] == loss and values["deaths"] == 0 and "loss_yuan" not in values
