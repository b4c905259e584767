"""重大火灾隐患: the rules as tables of cases, every action allowed and refused on a real demo store, exports opened back."""

import json
from datetime import date, datetime

import pytest

from dashboard import export
from dashboard import fire_units as fu
from dashboard import roles, vocab
from dashboard.db import ValidationError
from dashboard.lifecycle import EVIDENCE
from office_files import (gb_document, office_sheet, pdf_of, pdf_pages, properties_in_schema_order, sheet_table, soffice,
                          workbook)

TODAY = date(2021, 5, 3)  # the demo's as-of date, day 3 of the May Day holiday
# Who acts here: system actors named as the people the tests meant (who may do what: tests/access)
WANG, LIU, OFFICE = roles.system("王敏"), roles.system("刘强"), roles.system("市安委办")


@pytest.mark.parametrize("deadline, status, days, overdue, text, band", [
    (date(2021, 5, 3), vocab.FU_IN_PROGRESS, 0, 0, "今日到期", "orange"),      # due today: not overdue yet
    (date(2021, 5, 4), vocab.FU_IN_PROGRESS, 1, 0, "剩1天", "orange"),
    (date(2021, 5, 2), vocab.FU_IN_PROGRESS, -1, 1, "逾期1天", "red"),        # due yesterday: one day overdue
    (date(2021, 3, 31), vocab.FU_FILED, -33, 33, "逾期33天", "red"),
    (date(2021, 5, 15), vocab.FU_FILED, 12, 0, "剩12天", "yellow"),
    (date(2021, 3, 31), vocab.FU_CLOSED, None, 0, "已销案", None),            # a closed unit is never overdue
    (date(2021, 5, 3), vocab.FU_CLOSED, None, 0, "已销案", None),
    (None, vocab.FU_IN_PROGRESS, None, 0, "", None),
])
def test_countdown(deadline, status, days, overdue, text, band):
    shown = fu.countdown(deadline, TODAY, status)
    assert (shown.days, shown.overdue_days, shown.text, shown.urgency) == (days, overdue, text, band)


@pytest.mark.parametrize("requested, days, due", [
    (date(2021, 4, 28), 10, date(2021, 5, 14)),  # 4-29, 4-30, (5-1..5-5 holiday), 5-6, 5-7, 5-8 make-up Sat, 5-10..5-14
    (date(2021, 4, 30), 10, date(2021, 5, 18)),
    (date(2021, 4, 30), 1, date(2021, 5, 6)),    # the whole May Day holiday is skipped
    (date(2021, 4, 30), 3, date(2021, 5, 8)),    # Saturday 2021-05-08 is a make-up working day
    (date(2021, 4, 23), 1, date(2021, 4, 25)),   # Sunday 2021-04-25 is a make-up working day
    (date(2021, 4, 16), 1, date(2021, 4, 19)),   # an ordinary weekend is skipped
    (None, 10, None),
])
def test_review_due_uses_the_official_calendar(requested, days, due):
    assert fu.review_due(requested, days) == due


def test_review_working_days_is_a_setting(monkeypatch):
    monkeypatch.setenv("DASHBOARD_REVIEW_WORKING_DAYS", "3")
    assert fu.review_due(date(2021, 4, 30)) == date(2021, 5, 8)


@pytest.mark.parametrize("requested, on, refused", [
    (date(2021, 4, 28), date(2021, 5, 14), False),   # the last day of the window
    (date(2021, 4, 28), date(2021, 5, 15), True),    # one day late
    (date(2021, 4, 28), date(2021, 4, 28), False),   # same day as the request
    (date(2021, 4, 28), date(2021, 4, 27), True),    # before the request
    (date(2021, 4, 30), date(2021, 5, 18), False),
    (date(2021, 4, 30), date(2021, 5, 19), True),
    (None, date(2021, 5, 3), True),                  # no request
])
def test_review_window(requested, on, refused):
    assert (fu.review_window_refusal(requested, on, 10) is not None) == refused


@pytest.mark.parametrize("level, listed_on, status, today, flagged", [
    (vocab.LISTING_CITY, date(2021, 3, 16), vocab.FU_IN_PROGRESS, date(2021, 9, 15), False),
    (vocab.LISTING_CITY, date(2021, 3, 16), vocab.FU_IN_PROGRESS, date(2021, 9, 16), True),   # exactly 6 months
    (vocab.LISTING_CITY, date(2021, 3, 16), vocab.FU_CLOSED, date(2021, 12, 1), False),       # closed in time
    (vocab.LISTING_COUNTY, date(2020, 8, 31), vocab.FU_FILED, date(2021, 2, 28), True),        # 8-31 + 6 months = 2-28
    (vocab.LISTING_COUNTY, date(2020, 8, 31), vocab.FU_FILED, date(2021, 2, 27), False),
    (vocab.NOT_LISTED, None, vocab.FU_IN_PROGRESS, date(2022, 1, 1), False),                  # not listed
])
def test_escalation_flag(level, listed_on, status, today, flagged):
    assert fu.needs_escalation(level, listed_on, status, today, 6) == flagged


def test_escalation_months_is_a_setting(monkeypatch):
    monkeypatch.setenv("DASHBOARD_ESCALATION_MONTHS", "3")
    assert fu.needs_escalation(vocab.LISTING_CITY, date(2021, 1, 3), vocab.FU_IN_PROGRESS, TODAY)


@pytest.mark.parametrize("planned, actual, behind", [
    (date(2021, 5, 2), None, True), (date(2021, 5, 3), None, False), (date(2021, 5, 2), date(2021, 5, 2), False),
    (date(2021, 4, 1), date(2021, 4, 20), False), (date(2021, 6, 1), None, False),
])
def test_milestone_behind(planned, actual, behind):
    assert fu.milestone_behind(planned, actual, TODAY) == behind


UNIT = {"status": vocab.FU_IN_PROGRESS, "progress": 40, "deadline": date(2021, 6, 30), "filed_date": date(2021, 1, 5),
        "listing_level": vocab.NOT_LISTED, "review_requested_date": None}
REQUESTED = {**UNIT, "status": vocab.FU_REVIEW_REQUESTED, "review_requested_date": date(2021, 4, 28)}
CLOSED = {**UNIT, "status": vocab.FU_CLOSED}
MARKS = [{"seq": 1, "name": "制定整改方案", "planned_date": date(2021, 2, 1), "actual_date": date(2021, 2, 3)},
         {"seq": 2, "name": "完善喷淋", "planned_date": date(2021, 4, 1), "actual_date": None}]
# listing_doc: the number of the notice issued with a 市级 listing (documents.list_with_notice sets it, nobody types it)
LIST_OK = {"listing_level": vocab.LISTING_CITY, "listing_doc": "安安委办督〔2021〕9号", "listing_date": date(2021, 5, 3),
           "announced_date": date(2021, 5, 3)}
PROVINCE = {**LIST_OK, "listing_level": vocab.LISTING_PROVINCE, "listing_doc": None, "outside_doc": "陕安委办督〔2021〕9号"}
REVIEW_OK = {"review_date": date(2021, 5, 3), "reviewer": "汉阴县消防救援大队"}
REVIEW_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"  # a 复查意见书


@pytest.mark.parametrize("action, unit, fields, refusal", [
    (fu.A_PROGRESS, UNIT, {"progress": 60}, None),
    (fu.A_PROGRESS, {**UNIT, "status": vocab.FU_FILED, "progress": 0}, {"progress": 5}, None),
    (fu.A_PROGRESS, UNIT, {"progress": 101}, "0–100"),
    (fu.A_PROGRESS, UNIT, {"progress": -1}, "0–100"),
    (fu.A_PROGRESS, UNIT, {"progress": 50.5}, "0–100"),
    (fu.A_PROGRESS, UNIT, {"progress": None}, "0–100"),
    (fu.A_PROGRESS, UNIT, {"progress": 30}, "说明原因"),                 # lower without a reason
    (fu.A_PROGRESS, UNIT, {"progress": 30, "reason": "复核发现返工"}, None),
    (fu.A_PROGRESS, CLOSED, {"progress": 60}, "已销案摘牌"),
    (fu.A_PROGRESS, REQUESTED, {"progress": 99}, "已申请复查"),
    (fu.A_MILESTONE, UNIT, {"seq": 2, "actual_date": date(2021, 5, 3)}, None),
    (fu.A_MILESTONE, UNIT, {"seq": 2, "actual_date": date(2021, 5, 4)}, "不能晚于今天"),
    (fu.A_MILESTONE, UNIT, {"seq": 2, "actual_date": date(2021, 1, 4)}, "早于立案日期"),
    (fu.A_MILESTONE, UNIT, {"seq": 2, "actual_date": None}, "实际完成日期"),
    (fu.A_MILESTONE, UNIT, {"seq": 1, "actual_date": date(2021, 5, 3)}, "已于 2021-02-03 完成"),
    (fu.A_MILESTONE, UNIT, {"seq": 9, "actual_date": date(2021, 5, 3)}, "请选择整改节点"),
    (fu.A_MILESTONE, CLOSED, {"seq": 2, "actual_date": date(2021, 5, 3)}, "已销案摘牌"),
    (fu.A_REQUEST_REVIEW, UNIT, {}, None),
    (fu.A_REQUEST_REVIEW, {**UNIT, "status": vocab.FU_FILED}, {}, "才能申请复查"),
    (fu.A_REQUEST_REVIEW, REQUESTED, {}, "才能申请复查"),
    (fu.A_REQUEST_REVIEW, CLOSED, {}, "已销案摘牌"),
    (fu.A_REVIEW_PASS, REQUESTED, REVIEW_OK, None),
    (fu.A_REVIEW_PASS, REQUESTED, {**REVIEW_OK, "review_date": date(2021, 5, 15)}, "不能晚于今天"),
    (fu.A_REVIEW_PASS, {**REQUESTED, "review_requested_date": date(2021, 4, 14)}, REVIEW_OK, "已超过复查时限"),
    (fu.A_REVIEW_PASS, REQUESTED, {**REVIEW_OK, "review_date": date(2021, 4, 27)}, "不能早于申请复查日期"),
    (fu.A_REVIEW_PASS, REQUESTED, {**REVIEW_OK, "reviewer": " "}, "复查人"),
    (fu.A_REVIEW_PASS, UNIT, REVIEW_OK, "尚未申请复查"),                 # no request
    (fu.A_REVIEW_FAIL, REQUESTED, {**REVIEW_OK, "reason": "喷淋末端试水压力不足"}, None),
    (fu.A_REVIEW_FAIL, REQUESTED, REVIEW_OK, "必须写明原因"),
    (fu.A_REVIEW_FAIL, CLOSED, {**REVIEW_OK, "reason": "x"}, "已销案摘牌"),
    (fu.A_LIST, UNIT, LIST_OK, None),
    (fu.A_LIST, UNIT, {**LIST_OK, "listing_level": vocab.NOT_LISTED}, "督办级别"),
    (fu.A_LIST, UNIT, {**LIST_OK, "listing_doc": ""}, "须同时印发挂牌督办通知书"),
    (fu.A_LIST, UNIT, {**LIST_OK, "outside_doc": "安安委督〔2021〕9号"}, "请清空“上级督办文号”"),
    (fu.A_LIST, UNIT, PROVINCE, None),
    (fu.A_LIST, UNIT, {**PROVINCE, "outside_doc": " "}, "请填写上级督办文号"),
    (fu.A_LIST, UNIT, {**LIST_OK, "listing_date": date(2021, 5, 4), "announced_date": None}, "挂牌日期不能晚于今天"),
    (fu.A_LIST, UNIT, {**LIST_OK, "announced_date": date(2021, 5, 2)}, "媒体公告日期"),
    (fu.A_LIST, {**UNIT, "listing_level": vocab.LISTING_CITY}, LIST_OK, "已是市级挂牌督办"),
    (fu.A_LIST, {**UNIT, "listing_level": vocab.LISTING_CITY}, PROVINCE, None),
    (fu.A_LIST, CLOSED, LIST_OK, "已销案摘牌"),
    (fu.A_EXTEND, UNIT, {"new_deadline": date(2021, 8, 31), "reason": "设备供货延迟"}, None),
    (fu.A_EXTEND, UNIT, {"new_deadline": date(2021, 8, 31)}, "必须写明原因"),
    (fu.A_EXTEND, UNIT, {"new_deadline": date(2021, 6, 30), "reason": "x"}, "应晚于当前期限"),
    (fu.A_EXTEND, UNIT, {"new_deadline": date(2021, 6, 1), "reason": "x"}, "应晚于当前期限"),
    (fu.A_EXTEND, UNIT, {"new_deadline": None, "reason": "x"}, "新的整改期限"),
    (fu.A_EXTEND, CLOSED, {"new_deadline": date(2021, 8, 31), "reason": "x"}, "已销案摘牌"),
])
def test_check(action, unit, fields, refusal):
    result = fu.check(action, unit, fields, TODAY, MARKS)
    if refusal is None:
        assert result is None
    else:
        assert result is not None and refusal in result


def test_available_actions_follow_the_status():
    assert fu.available_actions(CLOSED) == []
    assert fu.A_REQUEST_REVIEW in fu.available_actions(UNIT)
    assert fu.A_REVIEW_PASS not in fu.available_actions(UNIT)
    offered = fu.available_actions(REQUESTED)
    assert fu.A_REVIEW_PASS in offered and fu.A_PROGRESS not in offered and fu.A_REQUEST_REVIEW not in offered


# -- on the demo store ----------------------------------------------------------------------------
def _unit(store, unit_id):
    return fu.detail(store, unit_id, store.as_of().date())


def _events(store, unit_id):
    return fu.history(store, unit_id)


def test_board_of_the_demo_is_the_14_sorted_by_urgency(demo_store):
    board = fu.board(demo_store, TODAY)
    assert len(board) == 14 and int(board["listed"].sum()) == 5
    assert list(board["days_left"]) == sorted(board["days_left"])
    first = board.iloc[0]
    assert first["name"] == "白河县城关镇大桥路农贸市场" and first["overdue_days"] == 33 and first["urgency"] == "red"
    assert first["countdown"] == "逾期33天" and first["milestones_behind"] > 0 and first["at_risk"]
    assert fu.summary(board)["overdue"] == 3
    requested = board[board["status"] == vocab.FU_REVIEW_REQUESTED].set_index("id")
    assert requested.loc["ZDHZ-06", "review_due"] == date(2021, 5, 14)


def test_filters(demo_store):
    board = fu.board(demo_store, TODAY)
    assert len(fu.filter_board(board, listed=fu.LISTED_YES)) == 5
    assert len(fu.filter_board(board, listed=fu.LISTED_NO)) == 9
    assert len(fu.filter_board(board, overdue_only=True)) == 3
    assert set(fu.filter_board(board, statuses=[vocab.FU_FILED])["status"]) == {vocab.FU_FILED}
    scoped = fu.board(demo_store, TODAY, ("610929",))
    assert list(scoped["unit"]) == ["白河县"]


def test_review_pass_closes_the_unit_in_one_transaction_with_its_event(demo_store):
    before = len(_events(demo_store, "ZDHZ-06"))
    with pytest.raises(ValidationError, match="销案须上传复查记录"):  # no review record, no 销案
        fu.act(demo_store, "ZDHZ-06", fu.A_REVIEW_PASS, REVIEW_OK, WANG)
    status = fu.act(demo_store, "ZDHZ-06", fu.A_REVIEW_PASS, {**REVIEW_OK, EVIDENCE: [("复查意见书.pdf", REVIEW_PDF)]},
                    WANG)
    assert status == vocab.FU_CLOSED
    kept = demo_store.rows("SELECT stage, mime, file_name FROM evidence WHERE entity = 'fire_unit' AND entity_id = 'ZDHZ-06'")
    assert kept == [("复查记录", "application/pdf", "复查意见书.pdf")]
    unit = _unit(demo_store, "ZDHZ-06")
    assert unit["status"] == vocab.FU_CLOSED and unit["closed_date"].date() == TODAY and unit["progress"] == 100
    events = _events(demo_store, "ZDHZ-06")
    assert len(events) == before + 1
    last = events.iloc[-1]
    assert (last["action"], last["actor"], last["from_status"], last["to_status"]) == (
        fu.A_REVIEW_PASS, "王敏（系统）", vocab.FU_REVIEW_REQUESTED, vocab.FU_CLOSED)
    assert json.loads(last["detail"])["closed_date"] == "2021-05-03"
    assert len(fu.board(demo_store, TODAY)) == 13
    with pytest.raises(ValidationError, match="已销案摘牌"):
        fu.act(demo_store, "ZDHZ-06", fu.A_PROGRESS, {"progress": 100}, WANG)


def test_review_fail_goes_back_to_rectification_with_the_reason(demo_store):
    status = fu.act(demo_store, "ZDHZ-09", fu.A_REVIEW_FAIL, {**REVIEW_OK, "reason": "第二安全出口宽度不足"}, WANG)
    assert status == vocab.FU_IN_PROGRESS
    unit = _unit(demo_store, "ZDHZ-09")
    assert unit["status"] == vocab.FU_IN_PROGRESS and unit["review_requested_date"] is None
    assert _events(demo_store, "ZDHZ-09").iloc[-1]["reason"] == "第二安全出口宽度不足"


def test_review_outside_the_window_is_refused_and_writes_nothing(demo_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_AS_OF", "2021-05-17 09:00")  # ZDHZ-06 asked on 04-28: window ended 05-14
    before = len(_events(demo_store, "ZDHZ-06"))
    with pytest.raises(ValidationError, match="已超过复查时限"):
        fu.act(demo_store, "ZDHZ-06", fu.A_REVIEW_PASS, {**REVIEW_OK, "review_date": date(2021, 5, 17)}, WANG)
    assert _unit(demo_store, "ZDHZ-06")["status"] == vocab.FU_REVIEW_REQUESTED
    assert len(_events(demo_store, "ZDHZ-06")) == before


def test_progress_milestone_request_review_list_extend(demo_store):
    # 立案 -> 整改中 on the first progress update
    assert fu.act(demo_store, "ZDHZ-10", fu.A_PROGRESS, {"progress": 25}, LIU) == vocab.FU_IN_PROGRESS
    assert _unit(demo_store, "ZDHZ-10")["progress"] == 25
    assert fu.act(demo_store, "ZDHZ-10", fu.A_MILESTONE, {"seq": 1, "actual_date": date(2021, 5, 2)}, LIU)
    marks = fu.unit_milestones(demo_store, "ZDHZ-10").set_index("seq")
    assert marks.loc[1, "actual_date"].date() == date(2021, 5, 2)
    with pytest.raises(ValidationError, match="已于 2021-05-02 完成"):
        fu.act(demo_store, "ZDHZ-10", fu.A_MILESTONE, {"seq": 1, "actual_date": date(2021, 5, 3)}, LIU)
    assert fu.act(demo_store, "ZDHZ-10", fu.A_REQUEST_REVIEW, {}, LIU) == vocab.FU_REVIEW_REQUESTED
    unit = _unit(demo_store, "ZDHZ-10")
    assert unit["review_requested_date"].date() == TODAY and unit["review_due"] == date(2021, 5, 18)
    fu.act(demo_store, "ZDHZ-07", fu.A_LIST, {**PROVINCE, "listing_unit": "陕西省安全生产委员会"}, OFFICE)
    unit = _unit(demo_store, "ZDHZ-07")
    assert unit["listing_level"] == vocab.LISTING_PROVINCE and unit["listing_doc"] == "陕安委办督〔2021〕9号" and unit["listed"]
    fu.act(demo_store, "ZDHZ-07", fu.A_EXTEND, {"new_deadline": date(2021, 7, 31), "reason": "楼梯间改造需结构鉴定"},
           OFFICE)
    unit = _unit(demo_store, "ZDHZ-07")
    assert unit["deadline"].date() == date(2021, 7, 31) and unit["original_deadline"].date() == date(2021, 4, 15)
    last = _events(demo_store, "ZDHZ-07").iloc[-1]
    assert last["action"] == fu.A_EXTEND and last["reason"] == "楼梯间改造需结构鉴定"
    assert json.loads(last["detail"]) == {"old_deadline": "2021-04-15", "new_deadline": "2021-07-31"}


def test_an_action_without_a_signed_in_actor_is_refused(demo_store):
    before = _events(demo_store, "ZDHZ-10")
    with pytest.raises(ValidationError, match="未登录"):  # a typed name is not a user
        fu.act(demo_store, "ZDHZ-10", fu.A_PROGRESS, {"progress": 30}, "刘强")
    assert _events(demo_store, "ZDHZ-10").equals(before) and _unit(demo_store, "ZDHZ-10")["progress"] != 30
    with pytest.raises(ValidationError, match="找不到"):
        fu.act(demo_store, "ZDHZ-99", fu.A_PROGRESS, {"progress": 30}, LIU)


def test_milestones_for_the_gantt(demo_store):
    frame = fu.milestones(demo_store, TODAY)
    assert frame["fire_unit_id"].nunique() == 14
    assert frame["behind"].sum() == int(fu.board(demo_store, TODAY)["milestones_behind"].sum())


def test_announcement_xlsx_opens_back_in_the_public_layout(demo_store):
    board = fu.board(demo_store, TODAY)
    data = fu.announcement_xlsx(board, as_of=datetime(2021, 5, 3, 17))
    sheet = workbook(data).active
    office_sheet(sheet, title="安康市重大火灾隐患单位及整改责任公告", made_at="2021年5月3日 17:00")
    assert "2021-05-03 17:00" in sheet["A2"].value
    headers, rows = sheet_table(sheet)
    for needed in ("单位名称", "重大火灾隐患", "整改期限", "整改责任单位", "整改责任人"):
        assert needed in headers
    assert len(rows) == 14
    first = dict(zip(headers, rows[0]))
    assert first["单位名称"] == "白河县城关镇大桥路农贸市场" and first["整改期限"].date() == date(2021, 3, 31)
    assert sheet.cell(export.HEADER_ROW + 1, 1).fill.fgColor.rgb.endswith("F8D7DA")  # overdue row highlighted
    listed = [dict(zip(headers, r))["督办级别及文号"] for r in rows]
    assert sum("市级挂牌督办（" in v for v in listed) == 5


@pytest.mark.parametrize("narrowing, title", [
    ({}, "安康市重大火灾隐患单位及整改责任公告"),
    ({"overdue_only": True}, "安康市重大火灾隐患单位及整改责任公告（已逾期）"),
    ({"scope": ("610981",), "scope_label": "旬阳市", "listed": fu.LISTED_YES},
     "安康市重大火灾隐患单位及整改责任公告（旬阳市；挂牌督办）"),
])
def test_a_narrowed_announcement_says_so_in_its_title(demo_store, narrowing, title):
    board = fu.board(demo_store, TODAY, narrowing.get("scope", ()))
    sheet = workbook(fu.announcement_xlsx(board, as_of=datetime(2021, 5, 3, 17), **narrowing)).active
    assert sheet["A1"].value == title


def test_briefing_docx_is_one_table_of_the_14(demo_store):
    document = gb_document(fu.briefing_docx(demo_store, as_of=datetime(2021, 5, 3, 17)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "重大火灾隐患整改进展情况" in text and "14家未销案" in text and "挂牌督办5家" in text
    (table,) = document.tables
    assert len(table.rows) == 15
    assert table.rows[1].cells[2].text == "白河县城关镇大桥路农贸市场" and table.rows[1].cells[5].text == "逾期33天"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed: make test installs it")
def test_the_briefing_of_all_14_is_one_a4_page(demo_store, tmp_path):
    """Laid out by LibreOffice, the city-wide briefing (14 units, two lines each) is one A4 page."""
    data = fu.briefing_docx(demo_store, as_of=datetime(2021, 5, 3, 17))
    assert properties_in_schema_order(data) == []
    pages = pdf_pages(pdf_of(data, tmp_path))
    assert len(pages) == 1 and abs(pages[0][0] - 595.3) < 1 and abs(pages[0][1] - 841.9) < 1
