"""Replacing a daily report that is already filed: what would be replaced, said in words, and a write that
refuses when the version it was told to replace is no longer the current one (issue 12 item 3)."""

from datetime import datetime

import pytest

from dashboard import duty, roles, vocab
from dashboard.db import ValidationError
from duty_cases import HANBIN, LANGAO, MAY2, MAY3
from duty_cases import count as _count

HUANG = roles.system("黄海文")  # the county's duty officer who files (who may: tests/access)

GOOD = {"unit_code": LANGAO, "report_date": MAY3, "situation": vocab.REPORT_ZERO, "reporter": "黄海文",
        "leader": "沈彬学", "officer": "黄海文", "leader_phone": "18609158107"}


@pytest.mark.parametrize("day, current, text", [
    (MAY3, {"version": 1, "situation": "有情况", "submitted_at": datetime(2021, 5, 3, 16, 5)},
     "汉滨区今日已报送 有情况（第1版，16:05），再次报送将作为第2版替换当前版本"),
    (MAY3, {"version": 3, "situation": "零报告", "submitted_at": datetime(2021, 5, 3, 9, 0)},
     "汉滨区今日已报送 零报告（第3版，09:00），再次报送将作为第4版替换当前版本"),
    (MAY2, {"version": 1, "situation": "零报告", "submitted_at": datetime(2021, 5, 2, 15, 59)},
     "汉滨区5月2日已报送 零报告（第1版，15:59），再次报送将作为第2版替换当前版本"),
    (MAY2, {"version": 1, "situation": "有情况", "submitted_at": datetime(2021, 5, 3, 8, 30)},   # filed the next day
     "汉滨区5月2日已报送 有情况（第1版，5月3日 08:30），再次报送将作为第2版替换当前版本"),
])
def test_replacement_text(day, current, text):
    assert duty.replacement_text("汉滨区", day, MAY3, current) == text


def test_a_write_told_to_replace_nothing_is_refused_when_a_report_arrived(demo_store):
    before = _count(demo_store, "SELECT count(*) FROM duty_reports")
    with pytest.raises(ValidationError) as refused:
        duty.submit_report(demo_store, {**GOOD, "unit_code": HANBIN}, HUANG, replaces=0)
    assert str(refused.value).startswith("汉滨区今日已报送 有情况（第1版，14:36），再次报送将作为第2版替换当前版本")
    assert _count(demo_store, "SELECT count(*) FROM duty_reports") == before


def test_a_write_replaces_the_version_it_names(demo_store):
    assert duty.submit_report(demo_store, {**GOOD, "unit_code": HANBIN}, HUANG, replaces=1) == 2
    with pytest.raises(ValidationError, match="第2版"):
        duty.submit_report(demo_store, {**GOOD, "unit_code": HANBIN}, HUANG, replaces=1)  # someone was faster
    assert duty.submit_report(demo_store, {**GOOD}, HUANG, replaces=0) == 1       # nothing filed yet: first version


@pytest.mark.parametrize("change, reason", [
    ({}, None),
    ({"situation": vocab.REPORT_SITUATION, "details": " "}, "必须填写当日情况说明"),
    ({"report_date": datetime(2021, 4, 20).date()}, "不在任何值班时段内"),
    ({"unit_code": "610999"}, "不在县区名单中"),
])
def test_report_refusal_says_what_submit_would_say_and_writes_nothing(demo_store, change, reason):
    before = _count(demo_store, "SELECT count(*) FROM audit_events")
    problem = duty.report_refusal(demo_store, {**GOOD, **change})
    assert problem is None if reason is None else reason in problem
    assert _count(demo_store, "SELECT count(*) FROM audit_events") == before
