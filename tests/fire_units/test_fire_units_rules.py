"""重大火灾隐患 rules as tables of cases: countdown bands, the review window in official working days across May
Day, escalation with month-end clipping, each action's starting statuses and refusals word for word, what each
action asks for and changes (its Effect, pure), and the page's table cells coloured from the band."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import clock, vocab
from dashboard import fire_units as fu
from dashboard.fire_units import rules, table
from dashboard.lifecycle import Effect, Step

TODAY = date(2021, 5, 3)  # the demo's as-of date, day 3 of the May Day holiday (05-01 … 05-05)
BANDS = clock.Bands(orange=3, yellow=10)


# -- countdown --------------------------------------------------------------------------------------
@pytest.mark.parametrize("deadline, status, days, text, band", [
    (date(2021, 5, 3), vocab.FU_IN_PROGRESS, 0, "今日到期", clock.ORANGE),     # today
    (date(2021, 5, 2), vocab.FU_IN_PROGRESS, -1, "逾期1天", clock.RED),        # yesterday
    (date(2021, 5, 6), vocab.FU_FILED, 3, "剩3天", clock.ORANGE),              # the orange edge is inclusive
    (date(2021, 5, 7), vocab.FU_FILED, 4, "剩4天", clock.YELLOW),
    (date(2021, 5, 13), vocab.FU_REVIEW_REQUESTED, 10, "剩10天", clock.YELLOW),  # the yellow edge is inclusive
    (date(2021, 5, 14), vocab.FU_IN_PROGRESS, 11, "剩11天", clock.GREEN),
    (date(2021, 5, 2), vocab.FU_CLOSED, None, "已销案", None),                  # closed: no days, no colour
    (None, vocab.FU_FILED, None, "", None),
])
def test_countdown_with_explicit_bands(deadline, status, days, text, band):
    shown = rules.countdown(deadline, TODAY, status, BANDS)
    assert (shown.days, shown.text, shown.urgency) == (days, text, band)
    assert shown.overdue_days == (max(-days, 0) if days is not None else 0)


# -- the review window ----------------------------------------------------------------------------------
@pytest.mark.parametrize("requested, working_days, due", [
    (date(2021, 5, 3), 10, date(2021, 5, 18)),   # asked on a holiday: counting starts after the holiday
    (date(2021, 5, 3), 3, date(2021, 5, 8)),     # 05-06, 05-07, 05-08 (a make-up Saturday)
    (date(2021, 5, 3), 4, date(2021, 5, 10)),    # Sunday 05-09 is a day off
    (date(2021, 4, 30), 5, date(2021, 5, 11)),   # the last day before May Day, then 05-06 … 05-11
    (date(2021, 4, 24), 1, date(2021, 4, 25)),   # Sunday 04-25 is a make-up working day
    (date(2021, 5, 8), 1, date(2021, 5, 10)),    # asked on the make-up Saturday
    (date(2021, 4, 28), 0, date(2021, 4, 28)),   # no working days: the same day
])
def test_review_due_in_official_working_days(requested, working_days, due):
    assert rules.review_due(requested, working_days) == due


@pytest.mark.parametrize("requested, on, working_days, refusal", [
    (date(2021, 4, 30), date(2021, 5, 11), 5, None),                 # the last day of the window
    (date(2021, 4, 30), date(2021, 5, 12), 5,
     "已超过复查时限：应在申请后5个工作日内（2021-05-11 前）复查，请重新申请复查"),
    (date(2021, 4, 30), date(2021, 5, 3), 5, None),                  # during the holiday: inside the window
    (date(2021, 4, 30), date(2021, 4, 30), 5, None),                 # the day of the request
    (date(2021, 4, 30), date(2021, 4, 29), 5, "复查日期不能早于申请复查日期 2021-04-30"),
    (date(2021, 5, 3), date(2021, 5, 18), 10, None),
    (date(2021, 5, 3), date(2021, 5, 19), 10,
     "已超过复查时限：应在申请后10个工作日内（2021-05-18 前）复查，请重新申请复查"),
    (None, date(2021, 5, 3), 10, "该单位尚未申请复查，不能组织复查"),
])
def test_review_window_edges(requested, on, working_days, refusal):
    assert rules.review_window_refusal(requested, on, working_days) == refusal


# -- escalation --------------------------------------------------------------------------------------
@pytest.mark.parametrize("listed_on, months, due", [
    (date(2020, 8, 31), 6, date(2021, 2, 28)),    # clipped to the month's last day
    (date(2019, 8, 31), 6, date(2020, 2, 29)),    # a leap year keeps the 29th
    (date(2021, 3, 31), 6, date(2021, 9, 30)),
    (date(2021, 1, 31), 1, date(2021, 2, 28)),
    (date(2020, 12, 15), 6, date(2021, 6, 15)),   # across the new year
    (date(2021, 3, 16), 6, date(2021, 9, 16)),
    (date(2021, 5, 3), 12, date(2022, 5, 3)),
    (None, 6, None),
])
def test_escalation_due_clips_month_ends(listed_on, months, due):
    assert rules.escalation_due(listed_on, months) == due


@pytest.mark.parametrize("level, listed_on, status, today, flagged", [
    (vocab.LISTING_CITY, date(2021, 3, 31), vocab.FU_IN_PROGRESS, date(2021, 9, 29), False),
    (vocab.LISTING_CITY, date(2021, 3, 31), vocab.FU_IN_PROGRESS, date(2021, 9, 30), True),   # on the clipped day
    (vocab.LISTING_PROVINCE, date(2019, 8, 31), vocab.FU_REVIEW_REQUESTED, date(2020, 2, 28), False),
    (vocab.LISTING_PROVINCE, date(2019, 8, 31), vocab.FU_REVIEW_REQUESTED, date(2020, 2, 29), True),
    (vocab.LISTING_COUNTY, date(2020, 8, 31), vocab.FU_CLOSED, date(2022, 1, 1), False),        # closed
    (vocab.NOT_LISTED, date(2020, 8, 31), vocab.FU_FILED, date(2022, 1, 1), False),             # not listed
    (None, None, vocab.FU_FILED, date(2022, 1, 1), False),
])
def test_needs_escalation(level, listed_on, status, today, flagged):
    assert rules.needs_escalation(level, listed_on, status, today, 6) == flagged


# -- the actions: where each starts, what it asks for -------------------------------------------------
ALL = (vocab.FU_FILED, vocab.FU_IN_PROGRESS, vocab.FU_REVIEW_REQUESTED, vocab.FU_CLOSED)
CLOSED = "该单位已销案摘牌，不能再操作"
WAITING = "已申请复查，等待复查结论；复查不合格退回整改中后才能更新进度"
NOT_REQUESTED = "该单位尚未申请复查，不能组织复查"


def _not_in_progress(status):
    return f"只有“整改中”的单位才能申请复查（当前：{status}）"


@pytest.mark.parametrize("action, expected", [
    (fu.A_PROGRESS, (None, None, WAITING, CLOSED)),
    (fu.A_MILESTONE, (None, None, WAITING, CLOSED)),
    (fu.A_REQUEST_REVIEW, (_not_in_progress("立案"), None, _not_in_progress("申请复查"), CLOSED)),
    (fu.A_REVIEW_PASS, (NOT_REQUESTED, NOT_REQUESTED, None, CLOSED)),
    (fu.A_REVIEW_FAIL, (NOT_REQUESTED, NOT_REQUESTED, None, CLOSED)),
    (fu.A_LIST, (None, None, None, CLOSED)),
    (fu.A_EXTEND, (None, None, None, CLOSED)),
])
def test_each_action_by_status_word_for_word(action, expected):
    assert tuple(fu.allowed(action, {"status": status}) for status in ALL) == expected


def test_an_unknown_action_is_named():
    assert fu.allowed("销号", {"status": vocab.FU_IN_PROGRESS}) == "未知操作：销号"


@pytest.mark.parametrize("action, inputs", [
    (fu.A_PROGRESS, ["progress", "reason"]),
    (fu.A_MILESTONE, ["seq", "actual_date", "progress"]),
    (fu.A_REQUEST_REVIEW, []),
    (fu.A_REVIEW_PASS, ["review_date", "reviewer"]),
    (fu.A_REVIEW_FAIL, ["review_date", "reviewer", "reason"]),
    (fu.A_LIST, ["listing_level", "listing_unit", "outside_doc", "listing_date", "announced_date"]),  # no 文号 typed but 省级's
    (fu.A_EXTEND, ["new_deadline", "reason"]),
])
def test_what_each_action_asks_for(action, inputs):
    assert [spec.key for spec in fu.LIFECYCLE.action(action).inputs] == inputs


UNIT = {"id": "ZDHZ-01", "status": vocab.FU_IN_PROGRESS, "progress": 40, "deadline": date(2021, 6, 30),
        "filed_date": date(2021, 1, 5), "listing_level": vocab.NOT_LISTED, "review_requested_date": date(2021, 4, 28),
        "fire_brigade": "汉滨区消防救援大队", "review_due": date(2021, 5, 14),
        "milestones": [{"seq": 1, "name": "制定整改方案", "planned_date": date(2021, 2, 1), "actual_date": date(2021, 2, 3)},
                       {"seq": 2, "name": "完善喷淋", "planned_date": date(2021, 4, 1), "actual_date": None}]}
FILED = {**UNIT, "status": vocab.FU_FILED, "progress": 0}
MARKS = {"milestones": UNIT["milestones"]}
MILESTONE_SQL = "UPDATE fire_unit_milestones SET actual_date = ? WHERE fire_unit_id = ? AND seq = ?"


@pytest.mark.parametrize("action, unit, fields, effect", [
    (fu.A_PROGRESS, UNIT, {"progress": 60}, Effect({"progress": 60}, {"progress": 60})),
    (fu.A_PROGRESS, FILED, {"progress": 5}, Effect({"progress": 5}, {"progress": 5}, vocab.FU_IN_PROGRESS)),
    (fu.A_MILESTONE, FILED, {"seq": 2, "actual_date": date(2021, 5, 2), "progress": 120},  # clipped to 100
     Effect({"progress": 100}, {"milestone": "完善喷淋", "actual_date": date(2021, 5, 2), "progress": 100},
            vocab.FU_IN_PROGRESS, [(MILESTONE_SQL, [date(2021, 5, 2), "ZDHZ-01", 2])])),
    (fu.A_MILESTONE, UNIT, {"seq": 2, "actual_date": date(2021, 5, 2)},
     Effect({}, {"milestone": "完善喷淋", "actual_date": date(2021, 5, 2)}, None,
            [(MILESTONE_SQL, [date(2021, 5, 2), "ZDHZ-01", 2])])),
    (fu.A_REQUEST_REVIEW, UNIT, {},
     Effect({"review_requested_date": TODAY},
            {"requested_date": TODAY, "review_due": date(2021, 5, 18), "progress": 40})),
    (fu.A_REVIEW_PASS, UNIT, {"review_date": TODAY, "reviewer": " 汉滨区消防救援大队 "},
     Effect({"closed_date": TODAY, "progress": 100},
            {"review_date": TODAY, "reviewer": "汉滨区消防救援大队", "requested_date": date(2021, 4, 28),
             "closed_date": TODAY})),
    (fu.A_REVIEW_FAIL, UNIT, {"review_date": TODAY, "reviewer": "大队", "reason": "x"},
     Effect({"review_requested_date": None},
            {"review_date": TODAY, "reviewer": "大队", "requested_date": date(2021, 4, 28)})),
    (fu.A_LIST, UNIT, {"listing_level": vocab.LISTING_CITY, "listing_doc": " 安安委督〔2021〕9号 ",
                       "listing_date": TODAY, "announced_date": None, "listing_unit": "市安委会"},
     Effect({"listing_level": vocab.LISTING_CITY, "listing_doc": "安安委督〔2021〕9号", "listing_date": TODAY,
             "announced_date": None},
            {"level": vocab.LISTING_CITY, "doc": "安安委督〔2021〕9号", "date": TODAY, "announced_date": None,
             "unit": "市安委会"})),
    (fu.A_EXTEND, UNIT, {"new_deadline": date(2021, 8, 31), "reason": "设备供货延迟"},
     Effect({"deadline": date(2021, 8, 31)}, {"old_deadline": date(2021, 6, 30), "new_deadline": date(2021, 8, 31)})),
])
def test_what_each_action_changes(action, unit, fields, effect):
    assert fu.LIFECYCLE.action(action).apply(Step(unit, fields, TODAY, MARKS)) == effect


def test_where_each_action_leads():
    leads = {a.name: a.to_status for a in fu.LIFECYCLE.actions}
    assert leads == {fu.A_PROGRESS: None, fu.A_MILESTONE: None, fu.A_REQUEST_REVIEW: vocab.FU_REVIEW_REQUESTED,
                     fu.A_REVIEW_PASS: vocab.FU_CLOSED, fu.A_REVIEW_FAIL: vocab.FU_IN_PROGRESS, fu.A_LIST: None,
                     fu.A_EXTEND: None}


def test_the_forms_name_the_units_own_dates_and_milestones():
    milestone = fu.LIFECYCLE.action(fu.A_MILESTONE).inputs[0]
    assert milestone.choices_of(UNIT) == [2]  # only the milestones not yet done
    assert milestone.choice_text(UNIT, 2) == "2. 完善喷淋（计划2021-04-01）"
    assert fu.LIFECYCLE.action(fu.A_REQUEST_REVIEW).help_of(UNIT, TODAY) == (
        "申请后状态为“申请复查”，应在 2021-05-18 前（10个工作日内，按法定节假日计算）组织现场复查。")
    assert fu.LIFECYCLE.action(fu.A_REVIEW_PASS).help_of(UNIT, TODAY) == (
        "申请复查日期 2021-04-28，复查时限 2021-05-14。合格即销案摘牌。")
    assert fu.LIFECYCLE.action(fu.A_EXTEND).help_of(UNIT, TODAY) == "当前整改期限：2021-06-30；原期限保留在历史记录中。"
    reviewer = fu.LIFECYCLE.action(fu.A_REVIEW_FAIL).inputs[1]
    assert reviewer.default_of(UNIT, TODAY) == "汉滨区消防救援大队"


# -- the page's table cells -----------------------------------------------------------------------------
@pytest.mark.parametrize("band, countdown_colour", [
    (clock.RED, "#d62728"), (clock.ORANGE, "#ff7f0e"), (clock.YELLOW, None), (clock.GREEN, None)])
def test_cells_are_coloured_from_the_band_not_the_text(band, countdown_colour):
    assert table.urgency_css(band) == f"color: {clock.URGENCY_COLORS[band]}; font-weight: 700"
    expected = "" if countdown_colour is None else f"color: {countdown_colour}; font-weight: 700"
    assert table.countdown_css(band) == expected


def test_the_legend_and_band_labels_follow_the_settings(monkeypatch):
    monkeypatch.setenv("DASHBOARD_URGENCY_ORANGE_DAYS", "5")
    frame = pd.DataFrame({"urgency": [clock.ORANGE], "countdown": ["剩5天"], "name": ["x"], "unit": ["汉滨区"],
                          "resp_person": ["张"], "resp_phone": [None], "listing_level": [vocab.NOT_LISTED],
                          "listing_doc": [None], "progress": [10], "status": [vocab.FU_IN_PROGRESS],
                          "review_due": [None], "next_milestone": [None], "next_milestone_date": [None],
                          "milestones_behind": [0], "escalate": [False], "deadline": [date(2021, 5, 8)],
                          "resp_unit": ["x"], "supervising_dept": ["x"], "fire_brigade": ["x"],
                          "announced_date": [None]})
    assert table.board_table(frame).loc[0, "紧急度"] == "● 5日内到期"


@pytest.mark.parametrize("status, review_due, milestone, planned, behind, text", [
    (vocab.FU_REVIEW_REQUESTED, date(2021, 5, 14), "组织复查验收", date(2021, 5, 6), 0, "待复查（2021-05-14前）"),
    (vocab.FU_IN_PROGRESS, None, "完善喷淋", pd.Timestamp("2021-04-01"), 1, "完善喷淋（计划2021-04-01，滞后）"),
    (vocab.FU_IN_PROGRESS, None, "完善喷淋", pd.Timestamp("2021-06-01"), 0, "完善喷淋（计划2021-06-01）"),
    (vocab.FU_FILED, None, None, None, 0, ""),
])
def test_next_step(status, review_due, milestone, planned, behind, text):
    row = pd.Series({"status": status, "review_due": review_due, "next_milestone": milestone,
                     "next_milestone_date": planned, "milestones_behind": behind})
    assert table.next_step(row) == text


def test_milestone_table():
    shown = table.milestone_table(UNIT["milestones"] + [
        {"seq": 3, "name": "复查", "planned_date": date(2021, 6, 1), "actual_date": None}], TODAY)
    assert list(shown["情况"]) == ["已完成", "滞后", ""]
    assert shown["计划日期"].dt.strftime("%Y-%m-%d").tolist() == ["2021-02-01", "2021-04-01", "2021-06-01"]
