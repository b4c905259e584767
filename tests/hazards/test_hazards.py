"""The hazard ledger: lifecycle as tables of cases, writes with their audit events, SQL filters against
plain SQL, exports reopened cell by cell, imports (one transaction, idempotent, refused = unchanged), CLI."""

from __future__ import annotations

import hashlib
import io
import itertools
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from dashboard import hazards as hz
from dashboard import export, roles, vocab
from dashboard.__main__ import main as cli
from dashboard.db import Store, ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import"))
from make_corpus import EXPECTED, write_corpus  # noqa: E402
from office_files import office_sheet, sheet_records, sheet_table, workbook  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2021, 5, 3)  # the demo's as-of date
P, IP, AR, RF, CL = (vocab.ST_PENDING, vocab.ST_IN_PROGRESS, vocab.ST_AWAITING_REVIEW, vocab.ST_REVIEW_FAILED,
                     vocab.ST_CLOSED)
IMM, DL = vocab.TREAT_IMMEDIATE, vocab.TREAT_DEADLINE
# Who acts here: system actors named as the people the tests meant (who may do what: tests/access)
REGISTRAR, RECTIFIER, REVIEWER, IMPORTER, SOMEONE = (roles.system(n) for n in ("登记员", "整改人", "复查员", "甲", "某人"))

# -- the lifecycle, written out independently of hz.TRANSITIONS ------------------------------------------
ALLOWED = {
    (hz.A_START, P), (hz.A_START, RF),
    (hz.A_SUBMIT, IP),
    (hz.A_REVIEW_PASS, AR), (hz.A_REVIEW_FAIL, AR),
    (hz.A_EXTEND, P), (hz.A_EXTEND, IP), (hz.A_EXTEND, RF),
    *((hz.A_LIST, s) for s in (P, IP, AR, RF)),
    *((hz.A_ENFORCE, s) for s in (P, IP, AR, RF)),
    (hz.A_REOPEN, CL),  # 回头看: only a 已销号 hazard comes back
    *((hz.A_HANDOVER, s) for s in vocab.HAZARD_STATUSES),  # a list is handed over whatever became of its hazards
}
IMMEDIATE_ONLY = {(hz.A_IMMEDIATE, s) for s in (P, IP, AR, RF)}
NEXT_STATUS = {hz.A_START: IP, hz.A_SUBMIT: AR, hz.A_REVIEW_PASS: CL, hz.A_REVIEW_FAIL: RF, hz.A_IMMEDIATE: CL,
               hz.A_REOPEN: P}


@pytest.mark.parametrize("action, status, treatment",
                         list(itertools.product(hz.ACTIONS, vocab.HAZARD_STATUSES, vocab.TREATMENTS)))
def test_every_transition_allowed_or_refused(action, status, treatment):
    expected = (action, status) in ALLOWED or (treatment == IMM and (action, status) in IMMEDIATE_ONLY)
    reason = hz.allowed(action, {"status": status, "treatment": treatment})
    if expected:
        assert reason is None
        assert (hz.TRANSITIONS[action].to_status or status) == NEXT_STATUS.get(action, status)
    else:
        assert isinstance(reason, str) and reason and reason.isascii() is False


def test_refusal_reasons_read_well():
    assert hz.allowed(hz.A_REVIEW_PASS, {"status": IP, "treatment": DL}) == "隐患状态为“整改中”，尚未提交整改完成，不能复核"
    assert hz.allowed(hz.A_START, {"status": CL, "treatment": DL}) == "隐患已销号，不能再开始整改"
    assert "即查即改" in hz.allowed(hz.A_IMMEDIATE, {"status": P, "treatment": DL})
    assert hz.allowed("拆除", {"status": P}) == "未知的操作“拆除”"


def test_available_actions():
    assert hz.available_actions({"status": P, "treatment": DL}) == [hz.A_START, hz.A_EXTEND, hz.A_LIST, hz.A_ENFORCE,
                                                                    hz.A_HANDOVER]
    assert hz.available_actions({"status": P, "treatment": IMM}) == [hz.A_START, hz.A_IMMEDIATE, hz.A_EXTEND, hz.A_LIST,
                                                                     hz.A_ENFORCE, hz.A_HANDOVER]
    assert hz.available_actions({"status": AR, "treatment": DL}) == [hz.A_REVIEW_PASS, hz.A_REVIEW_FAIL, hz.A_LIST,
                                                                     hz.A_ENFORCE, hz.A_HANDOVER]
    assert hz.available_actions({"status": CL, "treatment": IMM}) == [hz.A_REOPEN, hz.A_HANDOVER]  # 回头看, 移交
    handed = {"handed_county_on": date(2021, 4, 2), "handed_city_on": date(2021, 4, 3)}
    assert hz.available_actions({"status": CL, "treatment": IMM, **handed}) == [hz.A_REOPEN]  # handed over to both


FOUND = date(2021, 4, 1)
H = {"status": IP, "treatment": DL, "level": vocab.LEVEL_GENERAL, "found_date": FOUND, "deadline": date(2021, 5, 10),
     "completed_date": None, "listing_level": vocab.NOT_LISTED}
DAY = timedelta(days=1)


@pytest.mark.parametrize("action, hazard, fields, expected", [
    # 提交整改完成: completion date not in the future, not before the found date
    (hz.A_SUBMIT, {}, {"completed_date": TODAY, "measures": "清理"}, None),
    (hz.A_SUBMIT, {}, {"completed_date": TODAY + DAY, "measures": "清理"}, "不能晚于今天"),
    (hz.A_SUBMIT, {}, {"completed_date": FOUND, "measures": "清理"}, None),
    (hz.A_SUBMIT, {}, {"completed_date": FOUND - DAY, "measures": "清理"}, "不能早于发现日期"),
    (hz.A_SUBMIT, {}, {"completed_date": None, "measures": "清理"}, "请填写整改完成日期"),
    (hz.A_SUBMIT, {}, {"completed_date": TODAY, "measures": "  "}, "整改措施"),
    (hz.A_SUBMIT, {}, {"completed_date": TODAY, "measures": "x", "funds": -1}, "负数"),
    # 复核: verifier, date not future, not before completion; 不合格 needs a reason
    (hz.A_REVIEW_PASS, {"status": AR, "completed_date": date(2021, 5, 1)},
     {"verifier": "王五", "verified_date": date(2021, 5, 1)}, None),
    (hz.A_REVIEW_PASS, {"status": AR, "completed_date": date(2021, 5, 1)},
     {"verifier": "王五", "verified_date": date(2021, 4, 30)}, "不能早于整改完成日期"),
    (hz.A_REVIEW_PASS, {"status": AR}, {"verifier": "王五", "verified_date": TODAY + DAY}, "不能晚于今天"),
    (hz.A_REVIEW_PASS, {"status": AR}, {"verifier": "", "verified_date": TODAY}, "复查验收人"),
    (hz.A_REVIEW_PASS, {"status": AR}, {"verifier": "王五", "verified_date": None}, "复查日期"),
    (hz.A_REVIEW_FAIL, {"status": AR}, {"verifier": "王五", "verified_date": TODAY}, "须写明原因"),
    (hz.A_REVIEW_FAIL, {"status": AR}, {"verifier": "王五", "verified_date": TODAY, "reason": "仍有杂物"}, None),
    (hz.A_REVIEW_PASS, {"status": IP}, {"verifier": "王五", "verified_date": TODAY}, "尚未提交整改完成"),
    # closing needs a passed verification: a never-verified hazard cannot be closed
    (hz.A_REVIEW_PASS, {"status": P}, {"verifier": "王五", "verified_date": TODAY}, "不能复核"),
    # 即查即改: verify and close in one step, only for 即查即改 hazards
    (hz.A_IMMEDIATE, {"status": P, "treatment": IMM}, {"verifier": "王五", "verified_date": TODAY}, None),
    (hz.A_IMMEDIATE, {"status": P, "treatment": IMM},
     {"verifier": "王五", "verified_date": TODAY, "completed_date": TODAY - DAY}, None),
    (hz.A_IMMEDIATE, {"status": P, "treatment": IMM},
     {"verifier": "王五", "verified_date": TODAY - DAY, "completed_date": TODAY}, "不能早于整改完成日期"),
    (hz.A_IMMEDIATE, {"status": P, "treatment": DL}, {"verifier": "王五", "verified_date": TODAY}, "即查即改"),
    # 延期: reason, later deadline, approval for 重大隐患
    (hz.A_EXTEND, {}, {"new_deadline": date(2021, 5, 11), "reason": "设备到货延迟"}, None),
    (hz.A_EXTEND, {}, {"new_deadline": date(2021, 5, 10), "reason": "设备到货延迟"}, "必须晚于当前期限"),
    (hz.A_EXTEND, {}, {"new_deadline": date(2021, 5, 9), "reason": "设备到货延迟"}, "必须晚于当前期限"),
    (hz.A_EXTEND, {}, {"new_deadline": date(2021, 6, 1), "reason": ""}, "延期须写明原因"),
    (hz.A_EXTEND, {}, {"new_deadline": None, "reason": "x"}, "新的整改期限"),
    (hz.A_EXTEND, {"deadline": date(2021, 4, 20)}, {"new_deadline": date(2021, 5, 1), "reason": "x"}, "已经过去"),
    (hz.A_EXTEND, {"level": vocab.LEVEL_MAJOR}, {"new_deadline": date(2021, 6, 1), "reason": "x"}, "审批"),
    (hz.A_EXTEND, {"level": vocab.LEVEL_MAJOR},
     {"new_deadline": date(2021, 6, 1), "reason": "x", "approval": "市安委办 安安办函〔2021〕3号"}, None),
    (hz.A_EXTEND, {"status": AR}, {"new_deadline": date(2021, 6, 1), "reason": "x"}, "不能延期"),
    # 挂牌督办
    # (listing_doc: the number of the notice issued with it, set by documents.list_with_notice, never typed)
    (hz.A_LIST, {}, {"listing_level": vocab.LISTING_CITY, "listing_unit": "市安委办", "listing_doc": "安安委办督〔2021〕9号"}, None),
    (hz.A_LIST, {"listing_level": vocab.LISTING_CITY},
     {"listing_level": vocab.LISTING_CITY, "listing_unit": "市安委办", "listing_doc": "x"}, "已是市级挂牌督办"),
    (hz.A_LIST, {}, {"listing_level": vocab.NOT_LISTED, "listing_unit": "a", "listing_doc": "b"}, "督办级别"),
    (hz.A_LIST, {}, {"listing_level": vocab.LISTING_COUNTY, "listing_unit": "a", "listing_doc": ""}, "须同时印发挂牌督办通知书"),
    (hz.A_LIST, {}, {"listing_level": vocab.LISTING_COUNTY, "listing_unit": "", "listing_doc": "b"}, "督办单位"),
    (hz.A_LIST, {}, {"listing_level": vocab.LISTING_PROVINCE, "listing_unit": "省安委办", "outside_doc": "陕安委办督〔2021〕2号"},
     None),
    (hz.A_LIST, {}, {"listing_level": vocab.LISTING_PROVINCE, "listing_unit": "省安委办"}, "请填写上级督办文号"),
    (hz.A_LIST, {}, {"listing_level": vocab.LISTING_CITY, "listing_unit": "市安委办", "outside_doc": "安安办督〔2021〕9号"},
     "请清空“上级督办文号”"),
    # 执法措施
    (hz.A_ENFORCE, {}, {"measure": "停产整顿"}, None),
    (hz.A_ENFORCE, {}, {"measure": "批评教育"}, "请选择执法措施"),
    (hz.A_START, {"status": P}, {}, None),
])
def test_field_rules(action, hazard, fields, expected):
    reason = hz.check(action, {**H, **hazard}, fields, TODAY)
    if expected is None:
        assert reason is None
    else:
        assert reason and expected in reason, reason


NEW = {"found_date": FOUND, "unit_code": "610902", "source": vocab.SOURCE_GROUPS, "enterprise": "某公司", "sector": "消防",
       "description": "通道堵塞", "level": vocab.LEVEL_GENERAL, "treatment": DL, "deadline": date(2021, 4, 20)}


@pytest.mark.parametrize("changes, expected", [
    ({}, None),
    ({"deadline": FOUND}, None),
    ({"deadline": FOUND - DAY}, "不能早于发现时间"),
    ({"found_date": TODAY, "deadline": TODAY}, None),
    ({"found_date": TODAY + DAY, "deadline": TODAY + 10 * DAY}, "不能晚于今天"),
    ({"deadline": None}, "须填写整改期限"),
    ({"deadline": None, "treatment": IMM}, None),
    ({"level": vocab.LEVEL_MAJOR, "treatment": IMM}, "重大隐患不能按即查即改"),
    ({"sector": "消防安全"}, "不是可选值"),
    ({"enterprise": " "}, "请填写单位名称"),
    ({"funds": -0.5}, "负数"),
])
def test_new_hazard_rules(changes, expected):
    reason = hz.check_new({**NEW, **changes}, TODAY)
    assert (reason is None) if expected is None else (expected in reason), reason


# -- writes on a real store --------------------------------------------------------------------------
def _events(store, hazard_id):
    return [tuple(r) for r in store.rows(
        "SELECT action, actor, from_status, to_status, reason FROM audit_events"
        " WHERE entity = 'hazard' AND entity_id = ? ORDER BY id", [hazard_id])]


def _snapshot(store) -> str:
    """A digest of every row of the tables a hazard write may touch."""
    digest = hashlib.sha256()
    for table in ("hazards", "audit_events", "imports"):
        for row in store.rows(f"SELECT * FROM {table} ORDER BY ALL"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_full_life_with_a_failed_review_is_in_the_history(demo_store):
    hid = hz.create(demo_store, {**NEW, "deadline": date(2021, 5, 20)}, REGISTRAR)
    assert hid.startswith("YH2021-") and int(hid[-6:]) == demo_store.scalar("SELECT count(*) FROM hazards")
    assert hz.act(demo_store, hid, hz.A_START, {}, RECTIFIER) == IP
    assert hz.act(demo_store, hid, hz.A_SUBMIT, {"completed_date": date(2021, 5, 2), "measures": "清理杂物", "funds": 0.3},
                  RECTIFIER) == AR
    assert hz.review(demo_store, hid, False, {"verifier": "复查员", "verified_date": TODAY, "reason": "仍有杂物"},
                     REVIEWER) == RF
    assert hz.act(demo_store, hid, hz.A_START, {}, RECTIFIER) == IP
    assert hz.act(demo_store, hid, hz.A_SUBMIT, {"completed_date": TODAY, "measures": "彻底清理"}, RECTIFIER) == AR
    assert hz.review(demo_store, hid, True, {"verifier": "复查员", "verified_date": TODAY}, REVIEWER) == CL
    registrar, rectifier, reviewer = "登记员（系统）", "整改人（系统）", "复查员（系统）"  # the audit line's label
    assert _events(demo_store, hid) == [
        (hz.A_REGISTER, registrar, None, P, None), (hz.A_START, rectifier, P, IP, None),
        (hz.A_SUBMIT, rectifier, IP, AR, None), (hz.A_REVIEW_FAIL, reviewer, AR, RF, "仍有杂物"),
        (hz.A_START, rectifier, RF, IP, None), (hz.A_SUBMIT, rectifier, IP, AR, None),
        (hz.A_REVIEW_PASS, reviewer, AR, CL, None),
    ]
    row = hz.detail(demo_store, hid, TODAY)
    assert (row["status"], row["verify_result"], row["closed_date"].date(), row["completed_date"].date(), row["measures"]) == (
        CL, vocab.VERIFY_PASS, TODAY, TODAY, "彻底清理")
    assert row["group_id"] == demo_store.scalar("SELECT id FROM groups WHERE unit_code = '610902'")


def test_immediate_hazard_closes_in_one_step(demo_store):
    hid = hz.create(demo_store, {**NEW, "treatment": IMM, "deadline": None}, REGISTRAR)
    assert hz.detail(demo_store, hid, TODAY)["deadline"].date() == FOUND
    assert hz.act(demo_store, hid, hz.A_IMMEDIATE, {"verifier": "复查员", "verified_date": FOUND}, REVIEWER) == CL
    assert [e[0] for e in _events(demo_store, hid)] == [hz.A_REGISTER, hz.A_IMMEDIATE]
    row = hz.detail(demo_store, hid, TODAY)
    assert row["completed_date"].date() == row["verified_date"].date() == row["closed_date"].date() == FOUND


def test_extension_keeps_the_original_deadline_and_sets_the_derived_flag(demo_store):
    hid = hz.create(demo_store, {**NEW, "level": vocab.LEVEL_MAJOR, "deadline": date(2021, 5, 10)}, REGISTRAR)
    only = hz.HazardFilter(keyword=hid, flags=(vocab.FLAG_EXTENDED,))
    assert hz.filtered_summary(demo_store, only, TODAY)["total"] == 0
    before = _snapshot(demo_store)
    with pytest.raises(ValidationError, match="审批"):
        hz.act(demo_store, hid, hz.A_EXTEND, {"new_deadline": date(2021, 6, 10), "reason": "设备未到货"}, SOMEONE)
    assert _snapshot(demo_store) == before
    hz.act(demo_store, hid, hz.A_EXTEND, {"new_deadline": date(2021, 6, 10), "reason": "设备未到货", "approval": "县政府批准"},
           SOMEONE)
    row = hz.detail(demo_store, hid, TODAY)
    assert (row["original_deadline"].date(), row["deadline"].date(), row["extended"]) == (date(2021, 5, 10), date(2021, 6, 10), True)
    assert hz.filtered_summary(demo_store, only, TODAY)["total"] == 1
    detail = demo_store.scalar("SELECT detail FROM audit_events WHERE entity_id = ? AND action = '延期'", [hid])
    assert hz.describe_detail(detail) == "原期限：2021-05-10；新期限：2021-06-10；审批：县政府批准"


def test_listing_and_enforcement_are_annotations(demo_store):
    hid = hz.create(demo_store, NEW, REGISTRAR)
    hz.act(demo_store, hid, hz.A_LIST, {"listing_level": vocab.LISTING_PROVINCE, "listing_unit": "省安委办",
                                        "outside_doc": "陕安委办督〔2021〕9号"}, roles.system("市安委办"))
    hz.act(demo_store, hid, hz.A_ENFORCE, {"measure": "停产整顿"}, roles.system("汉滨区应急管理局"))
    hz.act(demo_store, hid, hz.A_ENFORCE, {"measure": "上限处罚"}, roles.system("汉滨区应急管理局"))
    row = hz.detail(demo_store, hid, TODAY)
    assert (row["status"], row["listing_level"], row["listing_date"].date(), row["enforcement"], row["listed"]) == (
        P, vocab.LISTING_PROVINCE, TODAY, "停产整顿、上限处罚", True)
    assert [e[0] for e in _events(demo_store, hid)] == [hz.A_REGISTER, hz.A_LIST, hz.A_ENFORCE, hz.A_ENFORCE]
    assert all(e[2] == e[3] == P for e in _events(demo_store, hid)[1:])


@pytest.mark.parametrize("action, fields", [
    (hz.A_REVIEW_PASS, {"verifier": "复查员", "verified_date": TODAY}),        # closing a never-verified hazard
    (hz.A_SUBMIT, {"completed_date": TODAY + DAY, "measures": "x"}),           # not started
    (hz.A_EXTEND, {"new_deadline": FOUND - DAY, "reason": "x"}),               # deadline before the found date
    (hz.A_IMMEDIATE, {"verifier": "复查员", "verified_date": TODAY}),           # a 限期整改 hazard
])
def test_refused_actions_change_nothing(demo_store, action, fields):
    hid = hz.create(demo_store, NEW, REGISTRAR)
    before = _snapshot(demo_store)
    generation = demo_store.generation
    with pytest.raises(ValidationError):
        hz.act(demo_store, hid, action, fields, SOMEONE)
    assert _snapshot(demo_store) == before and demo_store.generation == generation


def test_future_completion_refused_on_a_started_hazard(demo_store):
    hid = hz.create(demo_store, NEW, REGISTRAR)
    hz.act(demo_store, hid, hz.A_START, {}, RECTIFIER)
    before = _snapshot(demo_store)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        hz.act(demo_store, hid, hz.A_SUBMIT, {"completed_date": TODAY + DAY, "measures": "x"}, RECTIFIER)
    assert _snapshot(demo_store) == before


def test_create_refuses_bad_input_and_needs_a_signed_in_actor(demo_store):
    before = _snapshot(demo_store)
    with pytest.raises(ValidationError, match="不能早于发现时间"):
        hz.create(demo_store, {**NEW, "deadline": FOUND - DAY}, REGISTRAR)
    with pytest.raises(ValidationError, match="未登录"):  # a typed name is not a user
        hz.create(demo_store, NEW, "登记员")
    with pytest.raises(ValidationError, match="找不到隐患"):
        hz.act(demo_store, "YH-NONE", hz.A_START, {}, SOMEONE)
    assert _snapshot(demo_store) == before


# -- filters: the SQL of hz.conditions against hand-written SQL ----------------------------------------------
FILTER_CASES = [
    (hz.HazardFilter(), "TRUE", []),
    (hz.HazardFilter(scope=("610981",), sectors=("消防",), flags=(vocab.FLAG_OVERDUE,)),
     "unit_code = '610981' AND sector = '消防' AND status <> '已销号' AND deadline < DATE '2021-05-03'", []),
    (hz.HazardFilter(scope=("610902",), sectors=("消防",), flags=(vocab.FLAG_OVERDUE,)),
     "unit_code = '610902' AND sector = '消防' AND status <> '已销号' AND deadline < DATE '2021-05-03'", []),
    (hz.HazardFilter(flags=(vocab.FLAG_EXTENDED,)), "deadline <> original_deadline", []),
    (hz.HazardFilter(flags=(vocab.FLAG_LISTED, vocab.FLAG_OVERDUE)),
     "listing_level <> '未挂牌' AND status <> '已销号' AND deadline < DATE '2021-05-03'", []),
    (hz.HazardFilter(statuses=(IP, AR), levels=(vocab.LEVEL_MAJOR,)), "status IN ('整改中', '整改完成待复核') AND level = '重大隐患'", []),
    (hz.HazardFilter(treatments=(IMM,), sources=("群众举报", "媒体曝光")), "treatment = '即查即改' AND source IN ('群众举报', '媒体曝光')", []),
    (hz.HazardFilter(groups=(1, 3)), "group_id IN (1, 3)", []),
    (hz.HazardFilter(found_from=date(2021, 4, 1), found_to=date(2021, 4, 30)),
     "found_date BETWEEN DATE '2021-04-01' AND DATE '2021-04-30'", []),
    (hz.HazardFilter(deadline_from=date(2021, 5, 1), deadline_to=date(2021, 5, 31)),
     "deadline BETWEEN DATE '2021-05-01' AND DATE '2021-05-31'", []),
    (hz.HazardFilter(keyword="  仓库 "),
     "(enterprise LIKE '%仓库%' OR location LIKE '%仓库%' OR description LIKE '%仓库%' OR id LIKE '%仓库%')", []),
    (hz.HazardFilter(keyword="50%'; DROP TABLE hazards; --"), "FALSE", []),
]


@pytest.mark.parametrize("selection, where, params", FILTER_CASES)
def test_filters_equal_plain_sql(demo_store, selection, where, params):
    expected_ids = [r[0] for r in demo_store.rows(f"SELECT id FROM hazards WHERE {where} ORDER BY id", params)]
    stats = hz.filtered_summary(demo_store, selection, TODAY)
    assert stats["total"] == len(expected_ids)
    overdue = demo_store.scalar(
        f"SELECT count(*) FROM hazards WHERE {where} AND status <> '已销号' AND deadline < DATE '2021-05-03'", params)
    assert stats["overdue"] == overdue
    table = hz.table(demo_store, selection, TODAY, limit=100_000)
    assert sorted(table["id"]) == expected_ids
    by_status = hz.breakdown(demo_store, selection, TODAY, "status")
    assert by_status["total"].sum() == len(expected_ids)
    assert list(by_status["key"]) == [s for s in vocab.HAZARD_STATUSES if s in set(by_status["key"])]


def test_the_demo_has_rows_for_the_meeting_filters(demo_store):
    assert hz.filtered_summary(demo_store, FILTER_CASES[1][0], TODAY)["total"] > 0
    assert hz.filtered_summary(demo_store, hz.HazardFilter(flags=(vocab.FLAG_EXTENDED,)), TODAY)["total"] > 0
    assert hz.filtered_summary(demo_store, hz.HazardFilter(flags=(vocab.FLAG_LISTED,)), TODAY)["total"] > 0


def test_table_is_capped_open_and_urgent_first(demo_store):
    table = hz.table(demo_store, hz.HazardFilter(), TODAY, limit=50)
    assert len(table) == 50 < hz.filtered_summary(demo_store, hz.HazardFilter(), TODAY)["total"]
    assert (table["status"] != CL).all()
    assert list(table["days_left"]) == sorted(table["days_left"])
    assert table["overdue"].tolist() == [d < 0 for d in table["days_left"]]


def test_describe_filter():
    text = hz.describe_filter(FILTER_CASES[2][0], {"610902": "汉滨区"})
    assert text == "县区：汉滨区；行业领域：消防；标记：逾期"
    assert hz.describe_filter(hz.HazardFilter()) == "全部隐患"
    assert hz.describe_filter(hz.HazardFilter(found_from=date(2021, 4, 1), keyword="仓库")) == "发现时间：2021-04-01 至 …；关键词：仓库"


# -- exports --------------------------------------------------------------------------------------------
def test_xlsx_export_reopened_cell_by_cell(demo_store):
    """The clerk's columns on the first sheet, every column on the second; the filters in both titles;
    剩余天数 as the countdown's words (逾期26天), not -26."""
    selection = hz.HazardFilter(scope=("610981",), flags=(vocab.FLAG_OVERDUE,))
    frame = hz.export_rows(demo_store, selection, TODAY)
    data = hz.export_xlsx(frame, title="安康市隐患台账", filter_text=hz.describe_filter(selection, {"610981": "旬阳市"}),
                          as_of=datetime(2021, 5, 3, 17, 0))
    book = workbook(data)
    assert book.sheetnames == ["隐患台账", "全部字段"]
    sheet, everything = book["隐患台账"], book["全部字段"]
    office_sheet(sheet, title="安康市隐患台账（县区：旬阳市；标记：逾期）", made_at="2021年5月3日 17:00")
    office_sheet(everything, title="安康市隐患台账（县区：旬阳市；标记：逾期；全部字段）")
    assert sheet["A2"].value.startswith(f"共 {len(frame):,} 条，其中逾期未整改 {len(frame):,} 条")
    assert "数据截至 2021-05-03 17:00" in sheet["A2"].value
    assert sheet_table(sheet)[0] == ["序号", *(c.header for c in hz.CLERK_COLUMNS)]
    assert sheet_table(everything)[0] == ["序号", *(c.header for c in hz.LEDGER_COLUMNS)]
    assert len(hz.CLERK_COLUMNS) <= 12 < len(hz.LEDGER_COLUMNS)  # no 37-column dump on the first sheet
    assert sheet.max_row == export.HEADER_ROW + len(frame) and len(frame) > 0
    expected = demo_store.query(
        "SELECT id, deadline, status, enterprise FROM hazards WHERE unit_code = '610981' AND status <> '已销号'"
        " AND deadline < DATE '2021-05-03' ORDER BY deadline, id")
    for ws in (sheet, everything):
        records = sheet_records(ws)
        assert len(records) == len(expected)
        for number, (cells, row) in enumerate(zip(records, expected.itertuples()), start=1):
            assert cells["序号"] == number and cells["隐患编号"] == row.id
            assert cells["县区"] == "旬阳市" and cells["单位名称"] == row.enterprise and cells["状态"] == row.status
            assert cells["整改期限"] == row.deadline.to_pydatetime()
            assert cells["剩余天数"] == f"逾期{(TODAY - row.deadline.date()).days}天"
    first_row = export.HEADER_ROW + 1
    assert sheet.cell(first_row, 10).is_date and sheet.cell(first_row, 10).number_format == "yyyy-mm-dd"
    assert sheet.cell(first_row, 2).fill.fgColor.rgb.endswith("F8D7DA")   # overdue rows highlighted
    assert sheet_records(everything)[0]["是否逾期"] == "逾期"


def test_the_export_writes_the_countdown_in_words(demo_store):
    """剩余天数 in the files is what the page shows: 逾期26天 / 今日到期 / 剩5天 / 已销号, never -26."""
    frame = hz.export_rows(demo_store, hz.HazardFilter(), TODAY, limit=3000)
    seen = set()
    for row in frame.itertuples():
        if row.status == CL:
            expected, kind = "已销号", "closed"
        else:
            days = (row.deadline.date() - TODAY).days
            expected, kind = ((f"逾期{-days}天", "overdue") if days < 0 else ("今日到期", "today") if days == 0
                              else (f"剩{days}天", "left"))
        assert row.countdown == expected, (row.id, row.countdown, expected)
        seen.add(kind)
    assert {"closed", "overdue", "left"} <= seen


def test_empty_export_has_its_title_and_headers(demo_store):
    frame = hz.export_rows(demo_store, hz.HazardFilter(keyword="不存在的单位"), TODAY)
    book = workbook(hz.export_xlsx(frame, title="t", filter_text="f", as_of=datetime(2021, 5, 3)))
    for ws in book.worksheets:
        assert ws.max_row == export.HEADER_ROW and sheet_table(ws)[0][:2] == ["序号", "隐患编号"]
    assert hz.export_csv(frame).decode("utf-8-sig").splitlines()[0].startswith("隐患编号,")


def test_non_overdue_rows_are_not_highlighted_and_csv_has_bom(demo_store):
    frame = hz.export_rows(demo_store, hz.HazardFilter(statuses=(CL,)), TODAY, limit=20)
    sheet = openpyxl.load_workbook(io.BytesIO(hz.export_xlsx(frame, title="t", filter_text="f", as_of=datetime(2021, 5, 3))))
    first = export.HEADER_ROW + 1
    assert all(not sheet.worksheets[0].cell(row=r, column=2).fill.fgColor.rgb.endswith("F8D7DA")
               for r in range(first, first + 20))
    data = hz.export_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["隐患编号", "发现时间", "检查组"]
    assert len(lines) == 21 and lines[1].startswith(frame["id"][0] + ",")


# -- import into the store ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def test_good_file_is_one_transaction_with_an_import_record_and_history(demo_store, corpus):
    before = demo_store.scalar("SELECT count(*) FROM hazards")
    seen = []
    outcome = hz.import_file(demo_store, corpus["good_variants.xlsx"].read_bytes(), "good_variants.xlsx",
                             roles.system("汉滨组联络员"), progress=lambda f, text: seen.append(f))
    assert outcome.ok and outcome.added == 4 and outcome.skipped == 0
    assert seen[-1] == 1.0
    assert demo_store.scalar("SELECT count(*) FROM hazards") == before + 4
    record = demo_store.rows("SELECT kind, file_name, actor, rows_total, rows_added FROM imports WHERE id = ?",
                             [outcome.import_id])
    assert record == [("hazards", "good_variants.xlsx", "汉滨组联络员（系统）", 4, 4)]
    assert demo_store.scalar("SELECT count(*) FROM audit_events WHERE entity = 'import' AND entity_id = ?",
                             [str(outcome.import_id)]) == 1
    for hid in outcome.ids:
        events = _events(demo_store, hid)
        assert events[0][:4] == (hz.A_REGISTER, "汉滨组联络员（系统）", None, P) and "good_variants.xlsx" in events[0][4]
    rows = demo_store.query("SELECT * FROM hazards WHERE import_id = ? ORDER BY found_date", [outcome.import_id])
    assert list(rows["unit_code"]) == ["610902", "610981", "6109GX", "6109HK"]
    assert list(rows["status"]) == [P] * 4
    assert rows["deadline"].equals(rows["original_deadline"])
    assert "YH2021-IMP001" in set(rows["id"])
    # the new hazards can be closed like any other
    hid = rows["id"][2]   # 即查即改 in 高新区
    assert hz.act(demo_store, hid, hz.A_IMMEDIATE, {"verifier": "复查员", "verified_date": TODAY}, REVIEWER) == CL


@pytest.mark.parametrize("name", ["good_variants.xlsx", "good_gbk.csv", "good_legacy.xls"])
def test_reimporting_adds_nothing(demo_store, corpus, name):
    first = hz.import_file(demo_store, corpus[name].read_bytes(), name, IMPORTER)
    count = demo_store.scalar("SELECT count(*) FROM hazards")
    second = hz.import_file(demo_store, corpus[name].read_bytes(), name, IMPORTER)
    assert first.added == EXPECTED[name][0] and (second.added, second.skipped) == (0, first.added)
    assert demo_store.scalar("SELECT count(*) FROM hazards") == count


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e[1] is not None))
def test_refused_file_leaves_the_store_unchanged(demo_store, corpus, name):
    before = _snapshot(demo_store)
    outcome = hz.import_file(demo_store, corpus[name].read_bytes(), name, IMPORTER)
    assert not outcome.ok and outcome.added == 0 and len(outcome.errors)
    assert EXPECTED[name][1] in outcome.errors["原因"].iloc[0]
    assert _snapshot(demo_store) == before


def test_a_row_already_in_the_demo_is_recognised_by_its_number(demo_store, corpus):
    frame = hz.export_rows(demo_store, hz.HazardFilter(), TODAY, limit=3)
    data = hz.export_csv(frame)   # the ledger's own export, read back: every row is already there
    outcome = hz.import_file(demo_store, data, "ledger.csv", IMPORTER)
    assert outcome.ok, outcome.errors.to_string()
    assert (outcome.added, outcome.skipped) == (0, 3)


def test_template_download(demo_store):
    book = openpyxl.load_workbook(io.BytesIO(hz.template(demo_store)))
    assert [c.value for c in book["数据"][1]][:3] == ["隐患编号", "发现时间", "检查组"]
    # the template's example row imports cleanly
    outcome = hz.import_file(demo_store, hz.template(demo_store), "模板.xlsx", IMPORTER)
    assert outcome.ok and outcome.added == 1, outcome.errors.to_string()


# -- CLI ------------------------------------------------------------------------------------------------
def test_cli_import(demo_store, corpus, monkeypatch, capsys):
    path = demo_store.path
    demo_store.close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    assert cli(["import", "hazards", str(corpus["good_gbk.csv"])]) == 0
    assert "新增 3 条" in capsys.readouterr().out
    assert cli(["import", "hazards", str(corpus["bad_dates.xlsx"])]) == 1
    err = capsys.readouterr().err
    assert "整个文件未导入" in err and "日期不存在" in err
    store = Store.open(path)
    try:
        assert store.scalar("SELECT count(*) FROM imports") == 1
    finally:
        store.close()


def test_cli_says_so_when_the_app_holds_the_database(demo_db_path, tmp_path, corpus, monkeypatch, capsys):
    copy = tmp_path / "held.duckdb"
    copy.write_bytes(demo_db_path.read_bytes())
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, duckdb, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
         " time.sleep(60)", str(copy)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setenv("DASHBOARD_DB", str(copy))
        assert cli(["import", "hazards", str(corpus["good_gbk.csv"])]) == 1
        assert "正被另一个程序（通常是正在运行的看板）占用" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
