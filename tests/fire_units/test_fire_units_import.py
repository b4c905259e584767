"""Major fire-hazard units in: what the real-shaped lists (tests/data/import/real/make_real_kinds.py; each file's
outcome, re-import and undo in tests/ingest/test_real_kinds.py) store; a plan's nodes; undo refused once a unit
moved on; only the office imports; a remembered mapping; a unit entered by hand under the same rules; the rules
as tables of cases."""

from __future__ import annotations

from datetime import date

import pytest

from import_page import real  # noqa: F401  (a fixture)
from dashboard import fire_units as fu
from dashboard import import_register, roles, vocab
from dashboard.db import ValidationError
from dashboard.fire_units import rules
from dashboard.ingest import kinds


OFFICE = roles.User("office", "陈建华", roles.OFFICE)
CLERK = roles.User("hanbin", "李娜", roles.CLERK, unit_code="610902")


def _count(store, kind):
    table = "fire_units" if kind == "fire_units" else "fire_unit_milestones"
    return store.scalar(f"SELECT count(*) FROM {table}")


def test_a_county_list_is_stored_as_the_file_says(demo_store, real):
    name = "f01_重大火灾隐患_旬阳县_标题县区.xlsx"
    done = kinds.run(fu.UNITS_IMPORT, demo_store, (real / name).read_bytes(), name, OFFICE)
    assert done.ok and done.ids == ["ZDHZ-15", "ZDHZ-16", "ZDHZ-17"]
    rows = demo_store.query("SELECT * FROM fire_units WHERE id IN ('ZDHZ-15', 'ZDHZ-16', 'ZDHZ-17') ORDER BY id")
    first, second, third = rows.to_dict("records")
    assert first["name"] == "旬阳市城关镇东门综合市场"  # the full-width spaces gone
    assert (first["unit_code"], first["place_type"], first["judgement"], first["listing_level"]) == (
        "610981", "商场市场", vocab.JUDGEMENT_DIRECT, vocab.LISTING_COUNTY)
    assert (first["filed_date"].date(), first["deadline"].date(), first["original_deadline"].date()) == (
        date(2021, 3, 5), date(2021, 6, 30), date(2021, 6, 30))
    assert (first["progress"], first["status"], first["resp_unit"]) == (30, vocab.FU_IN_PROGRESS, "旬阳市城关镇东门综合市场")
    assert (second["judgement"], second["progress"], second["status"], second["resp_phone"]) == (
        vocab.JUDGEMENT_COMBINED, 60, vocab.FU_IN_PROGRESS, "0915-7212345")
    assert (third["deadline"].date(), third["progress"], third["status"]) == (date(2021, 8, 31), 0, vocab.FU_FILED)
    history = fu.history(demo_store, "ZDHZ-15")
    assert list(history["action"]) == [fu.A_REGISTER]
    assert f"导入：{name}（第4行）" in history["reason"].iloc[0]
    board = fu.board(demo_store, date(2021, 5, 3))
    assert {"ZDHZ-15", "ZDHZ-16", "ZDHZ-17"} <= set(board["id"])  # on the page's board at once


def test_the_city_list_reads_two_line_headers_and_old_names(demo_store, real):
    name = "f02_重大火灾隐患_全市汇总_两行表头.xlsx"
    preview = kinds.preview(fu.UNITS_IMPORT, demo_store, (real / name).read_bytes(), name)
    reading = dict(zip(preview.columns["文件中的列名"], preview.columns["读作"]))
    assert reading["挂牌督办情况文号"] == "督办文号" and reading["整改责任责任人"] == "责任人"
    assert not preview.unresolved
    done = kinds.run(fu.UNITS_IMPORT, demo_store, (real / name).read_bytes(), name, OFFICE)
    stored = demo_store.query("SELECT name, unit_code, status, progress, closed_date, listing_doc FROM fire_units"
                              " WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id", [done.ids])
    assert list(stored["unit_code"]) == ["610981", "6109GX", "610921"]
    assert list(stored["status"]) == [vocab.FU_IN_PROGRESS, vocab.FU_CLOSED, vocab.FU_FILED]
    assert stored["listing_doc"].iloc[2] == "汉政安办发〔2021〕7号"


def test_a_plan_is_added_after_the_units_nodes(demo_store, real):
    name = "f04_倒排工期_合并单元格.xlsx"
    before = fu.unit_milestones(demo_store, "ZDHZ-12")
    done = kinds.run(fu.PLANS_IMPORT, demo_store, (real / name).read_bytes(), name, OFFICE)
    assert done.ok and done.added == 4
    after = fu.unit_milestones(demo_store, "ZDHZ-12")
    assert list(after["name"])[len(before):] == ["清理占道经营摊位", "拆除违章搭建"]
    assert list(after["seq"]) == list(range(1, len(after) + 1))
    done_node = after[after["name"] == "清理占道经营摊位"].iloc[0]
    assert done_node["actual_date"].date() == date(2021, 4, 12)
    assert list(fu.history(demo_store, "ZDHZ-12")["action"])[-1] == fu.A_PLAN


def test_undo_is_refused_once_a_unit_moved_on(demo_store, real):
    name = "f01_重大火灾隐患_旬阳县_标题县区.xlsx"
    done = kinds.run(fu.UNITS_IMPORT, demo_store, (real / name).read_bytes(), name, OFFICE)
    fu.act(demo_store, "ZDHZ-15", fu.A_PROGRESS, {"progress": 40}, OFFICE)
    with pytest.raises(ValidationError, match="ZDHZ-15（导入后又有操作：更新进度）"):
        import_register.undo(demo_store, done.import_id, OFFICE, "导错了")


def test_only_the_office_imports_fire_units(demo_store, real):
    name = "f01_重大火灾隐患_旬阳县_标题县区.xlsx"
    with pytest.raises(ValidationError, match="无权"):
        kinds.run(fu.UNITS_IMPORT, demo_store, (real / name).read_bytes(), name, CLERK)
    assert _count(demo_store, "fire_units") == 14


def test_a_mapping_made_by_hand_is_remembered(demo_store, real):
    name = "f01_重大火灾隐患_旬阳县_标题县区.xlsx"
    data = (real / name).read_bytes()
    first = kinds.preview(fu.UNITS_IMPORT, demo_store, data, name)
    assert [h for h, _ in first.unresolved] == ["备注"]
    done = kinds.run(fu.UNITS_IMPORT, demo_store, data, name, OFFICE, mapping={"备注": "临时防范措施"})
    assert done.ok
    later = kinds.preview(fu.UNITS_IMPORT, demo_store, data, name)
    assert later.remembered and later.mapping == {"备注": "临时防范措施"}
    assert any("沿用上次" in n for n in later.notes)


def test_the_template_reads_back_as_its_example(demo_store):
    data = kinds.template(fu.UNITS_IMPORT, demo_store)
    done = kinds.run(fu.UNITS_IMPORT, demo_store, data, "模板.xlsx", OFFICE)
    assert done.ok, done.errors.to_dict("records")
    assert done.added == 1


# -- a unit by hand ------------------------------------------------------------------------------------
GOOD = {"name": "岚皋县佐龙镇福源宾馆", "unit_code": "610925", "clauses": "GB 35181-2017 第6.6条",
        "description": "旅馆未设置火灾自动报警系统", "filed_date": date(2021, 4, 1), "deadline": date(2021, 7, 31),
        "resp_person": "冯强", "place_type": "宾馆饭店"}


def test_a_unit_by_hand_is_registered_with_its_history(demo_store):
    new_id = fu.register(demo_store, GOOD, OFFICE)
    assert new_id == "ZDHZ-15"
    unit = fu.detail(demo_store, new_id, date(2021, 5, 3))
    assert (unit["judgement"], unit["status"], unit["resp_unit"], unit["listing_level"]) == (
        vocab.JUDGEMENT_DIRECT, vocab.FU_FILED, GOOD["name"], vocab.NOT_LISTED)
    assert list(fu.history(demo_store, new_id)["action"]) == [fu.A_REGISTER]
    with pytest.raises(ValidationError, match="已登记，不能重复登记"):
        fu.register(demo_store, {**GOOD, "name": " 岚皋县佐龙镇福源宾馆\u3000"}, OFFICE)


@pytest.mark.parametrize("change, said", [
    ({"name": ""}, "请填写单位名称"),
    ({"unit_code": None}, "请选择县区"),
    ({"clauses": None}, "请填写判定方式（或写明判定条款）"),
    ({"deadline": date(2021, 3, 1)}, "整改期限：整改期限不能早于立案日期 2021-04-01"),
    ({"filed_date": date(2021, 6, 1), "deadline": date(2021, 8, 1)}, "立案日期不能晚于今天"),
    ({"listing_level": vocab.LISTING_CITY}, "市级挂牌督办须填写督办文号"),
])
def test_a_unit_by_hand_is_refused_with_the_reason(demo_store, change, said):
    with pytest.raises(ValidationError, match=said):
        fu.register(demo_store, {**GOOD, **change}, OFFICE)
    assert _count(demo_store, "fire_units") == 14


def test_a_county_clerk_cannot_register_a_unit(demo_store):
    with pytest.raises(ValidationError, match="无权"):
        fu.register(demo_store, GOOD, CLERK)


# -- the rules ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("clauses, judgement", [
    ("GB 35181-2017 第6.5条", vocab.JUDGEMENT_DIRECT),
    ("第6.10条", vocab.JUDGEMENT_DIRECT),
    ("GB 35181-2017 第7.1.1条、7.4.3条", vocab.JUDGEMENT_COMBINED),
    ("6.5；7.3.2", None),  # both chapters: say which
    ("GB 35181-2017", None),
    (None, None),
])
def test_judgement_from_the_clauses(clauses, judgement):
    assert rules.judgement_from(clauses) == judgement


@pytest.mark.parametrize("progress, requested, closed, status", [
    (None, None, None, vocab.FU_FILED),
    (0, None, None, vocab.FU_FILED),
    (5, None, None, vocab.FU_IN_PROGRESS),
    (95, date(2021, 4, 30), None, vocab.FU_REVIEW_REQUESTED),
    (100, date(2021, 4, 20), date(2021, 4, 28), vocab.FU_CLOSED),
])
def test_status_from_the_dates_and_progress(progress, requested, closed, status):
    assert rules.status_from(progress, requested, closed) == status


TODAY = date(2021, 5, 3)
BASE = {"filed_date": date(2021, 1, 10), "deadline": date(2021, 6, 30), "status": vocab.FU_IN_PROGRESS, "progress": 30}


@pytest.mark.parametrize("change, problem", [
    ({}, None),
    ({"filed_date": date(2021, 5, 4)}, ("filed_date", "立案日期不能晚于今天")),
    ({"deadline": date(2021, 1, 9)}, ("deadline", "整改期限不能早于立案日期 2021-01-10")),
    ({"deadline": date(2021, 1, 10)}, None),  # the same day is allowed
    ({"original_deadline": date(2021, 7, 1)}, ("original_deadline", "原整改期限不能晚于现在的整改期限（延期只会推后期限）")),
    ({"listing_level": vocab.LISTING_CITY, "listing_date": date(2021, 3, 1)}, ("listing_doc", "市级挂牌督办须填写督办文号")),
    ({"listing_level": vocab.LISTING_CITY, "listing_doc": "文1"}, ("listing_date", "市级挂牌督办须填写挂牌日期")),
    ({"listing_level": vocab.LISTING_CITY, "listing_doc": "文1", "listing_date": date(2021, 1, 9)},
     ("listing_date", "挂牌日期不能早于立案日期 2021-01-10")),
    ({"listing_doc": "文1"}, ("listing_level", "填写了督办文号或挂牌日期，请填写督办级别（省级/市级/县级挂牌督办）")),
    ({"listing_level": vocab.LISTING_CITY, "listing_doc": "文1", "listing_date": date(2021, 3, 1),
      "announced_date": date(2021, 2, 1)}, ("announced_date", "媒体公告日期应在挂牌日期与今天之间")),
    ({"progress": 101}, ("progress", "整改进度应为 0–100 的整数")),
    ({"status": vocab.FU_CLOSED, "progress": 100}, ("closed_date", "已销案摘牌的单位须填写销案日期")),
    ({"status": vocab.FU_CLOSED, "closed_date": date(2021, 4, 1), "progress": 90},
     ("progress", "已销案摘牌的单位整改进度应为100%")),
    ({"closed_date": date(2021, 4, 1)}, ("status", "填写了销案日期，状态应为“已销案摘牌”")),
    ({"status": vocab.FU_REVIEW_REQUESTED}, ("review_requested_date", "申请复查的单位须填写申请复查日期")),
    ({"status": vocab.FU_FILED}, ("status", "整改进度为 30%，状态不应是“立案”（应为整改中）")),
    ({"lat": 32.7}, ("lon", "经度和纬度应同时填写")),
    ({"funds": -1.0}, ("funds", "整改资金不能为负数")),
])
def test_new_unit_problems(change, problem):
    found = rules.new_unit_problems({**BASE, **change}, TODAY)
    assert found == ([] if problem is None else [problem])


@pytest.mark.parametrize("planned, actual, problem", [
    (date(2021, 3, 1), None, None),
    (date(2021, 1, 9), None, ("planned_date", "计划完成日期不能早于该单位的立案日期 2021-01-10")),
    (date(2021, 7, 1), None, ("planned_date", "计划完成日期晚于该单位的整改期限 2021-06-30（倒排工期应在期限内完成）")),
    (date(2021, 3, 1), date(2021, 5, 4), ("actual_date", "实际完成日期不能晚于今天")),
    (date(2021, 3, 1), date(2021, 1, 1), ("actual_date", "实际完成日期不能早于立案日期 2021-01-10")),
])
def test_milestone_problems(planned, actual, problem):
    found = rules.milestone_problems(planned, actual, date(2021, 1, 10), date(2021, 6, 30), TODAY)
    assert found == ([] if problem is None else [problem])
