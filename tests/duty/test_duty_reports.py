"""Daily reports: the refusals as a table of cases, submitting on the demo store (versions kept, nothing
written on a refusal, audit events)."""

from datetime import date

import pytest

from dashboard import duty, roles, vocab
from dashboard.db import ValidationError
from duty_cases import AS_OF, HANBIN, LANGAO, MAY3, MAY4
from duty_cases import count as _count

HUANG = roles.system("黄海文")  # the county's duty officer who files (who may: tests/access)

# -- refusals (pure) ---------------------------------------------------------------------------------------
UNITS = (LANGAO, HANBIN)
GOOD = {"unit_code": LANGAO, "report_date": MAY3, "situation": vocab.REPORT_ZERO, "reporter": "黄海文",
        "leader": "沈彬学", "officer": "黄海文", "leader_phone": "18609158107"}

@pytest.mark.parametrize("change, reason", [
    ({}, None),
    ({"report_date": MAY4}, "不能报送未来日期（2021-05-04）"),
    ({"unit_code": "610999"}, "不在县区名单中"),
    ({"unit_code": None}, "不在县区名单中"),
    ({"situation": vocab.REPORT_SITUATION, "details": "", "inspections": 3}, "必须填写当日情况说明"),
    ({"situation": vocab.REPORT_SITUATION, "details": "检查5家", "deaths": -1}, "“死亡人数”不能为负数"),
    ({"inspections": -2}, "“检查单位数”不能为负数"),
    ({"inspections": 1.5}, "应为整数"),
    ({"situation": vocab.REPORT_ZERO, "accidents": 1}, "零报告表示当日无事故"),
    ({"reporter": " "}, "请填写报送人"),
    ({"situation": "平安"}, "零报告"),
    ({"leader_phone": "12345"}, "带班领导电话"),
])
def test_check_report(change, reason):
    problem = duty.check_report({**GOOD, **change}, known_units=UNITS, today=MAY3)
    if reason is None:
        assert problem is None
    else:
        assert problem is not None and reason in problem

def test_check_report_outside_any_period():
    assert "不在任何值班时段内" in duty.check_report({**GOOD, "report_date": date(2021, 4, 20)}, known_units=UNITS,
                                                    today=MAY3, period_days=[])

# -- writes ------------------------------------------------------------------------------------------------
def test_zero_report_for_a_missing_unit_changes_the_board(demo_store):
    before = _count(demo_store, "SELECT count(*) FROM audit_events")
    version = duty.submit_report(demo_store, {**GOOD}, HUANG)
    assert version == 1
    grid = duty.board(demo_store, MAY3, MAY3, AS_OF).set_index("unit")
    assert grid.loc["岚皋县", "text"] == "零报告·迟报1小时"       # submitted at the as-of time 17:00
    assert duty.reports_received(demo_store, MAY3) == (9, 12)
    assert _count(demo_store, "SELECT count(*) FROM audit_events") == before + 1
    event = demo_store.query("SELECT * FROM audit_events ORDER BY id DESC LIMIT 1").iloc[0]
    assert (event["entity"], event["entity_id"], event["action"]) == ("duty_report", f"{LANGAO}/2021-05-03/1", "报送")

def test_resubmission_keeps_history(demo_store):
    duty.submit_report(demo_store, {**GOOD}, HUANG)
    second = duty.submit_report(demo_store, {**GOOD, "situation": vocab.REPORT_SITUATION, "accidents": 1,
                                             "injuries": 2, "details": "17时一处山体落石砸伤2人"}, HUANG)
    assert second == 2
    history = duty.report_history(demo_store, LANGAO, MAY3)
    assert list(history["version"]) == [2, 1]
    assert list(history["situation"]) == [vocab.REPORT_SITUATION, vocab.REPORT_ZERO]
    current = duty.current_reports(demo_store, MAY3, MAY3).set_index("unit_code")
    assert current.loc[LANGAO, "version"] == 2 and current.loc[LANGAO, "injuries"] == 2
    actions = demo_store.rows("SELECT action FROM audit_events WHERE entity = 'duty_report' AND entity_id LIKE ? "
                              "ORDER BY id", [f"{LANGAO}/2021-05-03/%"])
    assert [a for (a,) in actions] == ["报送", "更正报送"]

@pytest.mark.parametrize("change, reason", [
    ({"report_date": MAY4}, "未来日期"),
    ({"unit_code": "999999"}, "不在县区名单中"),
    ({"situation": vocab.REPORT_SITUATION, "details": "x", "injuries": -1}, "不能为负数"),
    ({"situation": vocab.REPORT_SITUATION, "details": "  "}, "情况说明"),
    ({"report_date": date(2021, 4, 28)}, "不在任何值班时段内"),
])
def test_refused_report_writes_nothing(demo_store, change, reason):
    before = [_count(demo_store, f"SELECT count(*) FROM {t}") for t in ("duty_reports", "audit_events")]
    with pytest.raises(ValidationError, match=reason):
        duty.submit_report(demo_store, {**GOOD, **change}, HUANG)
    assert [_count(demo_store, f"SELECT count(*) FROM {t}") for t in ("duty_reports", "audit_events")] == before


def test_zero_report_takes_the_rosters_people_and_the_officer_reports(demo_store):
    people = duty.roster_people(duty.roster_entry(demo_store, LANGAO, MAY3))
    fields = duty.zero_report(LANGAO, MAY3, people)
    assert fields["situation"] == vocab.REPORT_ZERO and fields["reporter"] == people["officer"]
    assert duty.check_report(fields, known_units=UNITS, today=MAY3) is None
    version = duty.submit_report(demo_store, fields, roles.system(people["officer"]))
    row = demo_store.query("SELECT * FROM duty_reports WHERE unit_code = ? AND report_date = ? AND version = ?",
                           [LANGAO, MAY3, version]).iloc[0]
    assert row["details"] == "无生产安全事故，无火灾，安全形势平稳（零报告）。"   # a 零报告 says what it means
    assert (row["leader"], row["officer"]) == (people["leader"], people["officer"])


@pytest.mark.parametrize("key, value, reason", [
    ("officer_phone", "0915-12", "值班人员电话："),
    ("duty_phone", "abc", "值班电话："),
    ("leader", "  ", "请填写带班领导和值班人员"),
    ("officer", None, "请填写带班领导和值班人员"),
    ("report_date", None, "请选择报告日期"),
    ("hazards_found", "三", "“发现隐患数”应为数字"),
])
def test_check_report_more_refusals(key, value, reason):
    assert reason in duty.check_report({**GOOD, key: value}, known_units=UNITS, today=MAY3)
