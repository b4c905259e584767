"""假期值班: the rules as tables of cases (timeliness, board states, incident level at every threshold, report
deadline, warnings in force, refusals), writes on a real demo store (versions kept, nothing written on a
refusal, audit events), and the 值班日报 / board documents opened back."""

import io
from datetime import date, datetime, time, timezone

import openpyxl
import pytest
from docx import Document

from dashboard import clock, duty, vocab
from dashboard import duty_report as dr
from dashboard.db import ValidationError

AS_OF = datetime(2021, 5, 3, 17, 0)  # the demo's pin: day 3 of the May Day holiday
CUTOFF = time(16, 0)
MAY1, MAY2, MAY3, MAY4 = (date(2021, 5, d) for d in (1, 2, 3, 4))
LANGAO, ZHENPING, HANBIN, XUNYANG = "610925", "610927", "610902", "610981"


# -- timeliness ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("day, submitted, expected", [
    (MAY3, datetime(2021, 5, 3, 15, 59), (duty.S_ON_TIME, 0)),
    (MAY3, datetime(2021, 5, 3, 16, 0), (duty.S_ON_TIME, 0)),         # exactly at the cut-off: on time
    (MAY3, datetime(2021, 5, 3, 16, 0, 59), (duty.S_ON_TIME, 0)),     # seconds do not make it late
    (MAY3, datetime(2021, 5, 3, 16, 1), (duty.S_LATE, 1)),            # one minute after
    (MAY3, datetime(2021, 5, 3, 18, 5), (duty.S_LATE, 125)),
    (MAY3, datetime(2021, 5, 3, 0, 10), (duty.S_ON_TIME, 0)),         # just after midnight of the day
    (MAY2, datetime(2021, 5, 3, 0, 30), (duty.S_LATE, 8 * 60 + 30)),  # across midnight: the day after
    (MAY1, datetime(2021, 5, 3, 9, 0), (duty.S_LATE, 41 * 60)),       # two days later
])
def test_timeliness(day, submitted, expected):
    assert duty.timeliness(day, submitted, CUTOFF) == expected


@pytest.mark.parametrize("utc, day, expected", [
    # the server runs in UTC; the office's 16:00 is 08:00 UTC
    (datetime(2021, 5, 3, 8, 0, tzinfo=timezone.utc), MAY3, (duty.S_ON_TIME, 0)),
    (datetime(2021, 5, 3, 8, 1, tzinfo=timezone.utc), MAY3, (duty.S_LATE, 1)),
    # 2021-05-02 16:30 UTC is already 2021-05-03 00:30 in Shanghai
    (datetime(2021, 5, 2, 16, 30, tzinfo=timezone.utc), MAY2, (duty.S_LATE, 8 * 60 + 30)),
    (datetime(2021, 5, 2, 16, 30, tzinfo=timezone.utc), MAY3, (duty.S_ON_TIME, 0)),
])
def test_timeliness_converts_an_aware_utc_time_to_shanghai(utc, day, expected):
    assert clock.to_local(utc).date() == (utc.date() if utc.hour < 16 else date(2021, 5, utc.day + 1))
    assert duty.timeliness(day, utc, CUTOFF) == expected


def test_cutoff_is_a_setting(monkeypatch):
    monkeypatch.setenv("DASHBOARD_REPORT_CUTOFF", "17:30")
    assert duty.timeliness(MAY3, datetime(2021, 5, 3, 17, 0)) == (duty.S_ON_TIME, 0)
    assert duty.timeliness(MAY3, datetime(2021, 5, 3, 17, 31)) == (duty.S_LATE, 1)


@pytest.mark.parametrize("day, submitted, as_of, expected", [
    (MAY3, None, datetime(2021, 5, 3, 15, 0), (duty.S_PENDING, 0)),     # before the cut-off: not yet late
    (MAY3, None, datetime(2021, 5, 3, 16, 0), (duty.S_PENDING, 0)),     # at the cut-off: still in time
    (MAY3, None, datetime(2021, 5, 3, 16, 5), (duty.S_MISSING, 5)),     # 16:05: whom to call
    (MAY2, None, datetime(2021, 5, 3, 9, 0), (duty.S_MISSING, 17 * 60)),
    (MAY4, None, AS_OF, (duty.S_FUTURE, 0)),
    (MAY3, datetime(2021, 5, 3, 16, 40), AS_OF, (duty.S_LATE, 40)),
    (MAY3, datetime(2021, 5, 3, 12, 0), datetime(2021, 5, 3, 13, 0), (duty.S_ON_TIME, 0)),
])
def test_cell_state(day, submitted, as_of, expected):
    assert duty.cell_state(day, submitted, as_of, CUTOFF) == expected


@pytest.mark.parametrize("minutes, text", [
    (0, "0分钟"), (1, "1分钟"), (60, "1小时"), (65, "1小时5分钟"), (24 * 60, "1天"), (24 * 60 + 61, "1天1小时1分钟"),
])
def test_duration_text(minutes, text):
    assert duty.duration_text(minutes) == text


@pytest.mark.parametrize("state, minutes, situation, text", [
    (duty.S_ON_TIME, 0, vocab.REPORT_ZERO, "零报告"), (duty.S_ON_TIME, 0, vocab.REPORT_SITUATION, "有情况"),
    (duty.S_LATE, 40, vocab.REPORT_SITUATION, "有情况·迟报40分钟"), (duty.S_MISSING, 65, None, "缺报·超1小时5分钟"),
    (duty.S_PENDING, 0, None, "待报"), (duty.S_FUTURE, 0, None, ""),
])
def test_cell_text(state, minutes, situation, text):
    assert duty.cell_text(state, minutes, situation) == text


# -- incident level (条例 第三条; "以上" includes the number) ---------------------------------------------
@pytest.mark.parametrize("deaths, serious, loss, level", [
    (0, 0, 0, "一般事故"),
    (2, 0, 0, "一般事故"), (3, 0, 0, "较大事故"),
    (9, 0, 0, "较大事故"), (10, 0, 0, "重大事故"),
    (29, 0, 0, "重大事故"), (30, 0, 0, "特别重大事故"),
    (0, 9, 0, "一般事故"), (0, 10, 0, "较大事故"),
    (0, 49, 0, "较大事故"), (0, 50, 0, "重大事故"),
    (0, 99, 0, "重大事故"), (0, 100, 0, "特别重大事故"),
    (0, 0, 999.99, "一般事故"), (0, 0, 1000, "较大事故"),
    (0, 0, 4999.99, "较大事故"), (0, 0, 5000, "重大事故"),
    (0, 0, 9999.99, "重大事故"), (0, 0, 10000, "特别重大事故"),
    # the highest of the three criteria decides
    (2, 49, 999.99, "较大事故"), (1, 0, 5000, "重大事故"), (30, 0, 0.5, "特别重大事故"), (3, 60, 0, "重大事故"),
])
def test_incident_level(deaths, serious, loss, level):
    assert duty.incident_level(deaths, serious, loss) == level


def test_incident_level_refuses_negative_numbers():
    with pytest.raises(ValueError):
        duty.incident_level(-1, 0, 0)


@pytest.mark.parametrize("occurred, reported, allowed, expected", [
    (datetime(2021, 5, 1, 11, 20), datetime(2021, 5, 1, 12, 20), 60, (60, False)),   # exactly one hour: in time
    (datetime(2021, 5, 1, 11, 20), datetime(2021, 5, 1, 12, 21), 60, (61, True)),
    (datetime(2021, 5, 1, 11, 20), datetime(2021, 5, 1, 12, 45), 60, (85, True)),    # the demo's late 初报
    (datetime(2021, 5, 1, 23, 40), datetime(2021, 5, 2, 0, 30), 60, (50, False)),    # across midnight
    (datetime(2021, 5, 1, 11, 20), datetime(2021, 5, 1, 11, 50), 15, (30, True)),    # a tighter local rule
])
def test_report_delay(occurred, reported, allowed, expected):
    assert duty.report_delay(occurred, reported, allowed) == expected


def test_report_deadline_is_a_setting(monkeypatch):
    monkeypatch.setenv("DASHBOARD_INCIDENT_REPORT_MINUTES", "30")
    assert duty.report_delay(datetime(2021, 5, 3, 9, 40), datetime(2021, 5, 3, 10, 20)) == (40, True)


@pytest.mark.parametrize("start, end, at, expected", [
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 3, 17), True),
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 3, 8), True),     # from its start
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 4, 20), True),    # up to its end
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 4, 20, 1), False),
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 3, 7, 59), False),
])
def test_in_force(start, end, at, expected):
    assert duty.in_force(start, end, at) is expected


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


def test_order_warnings_puts_those_in_force_first(demo_store):
    frame = duty.warnings(demo_store, AS_OF)
    assert list(frame["id"]) == ["YJ2021-0503-01", "YJ2021-0503-02", "YJ2021-0501-01", "YJ2021-0430-01"]
    assert list(frame["in_force"]) == [True, True, False, False]
    # at noon on May 1 the 大风 warning (and the 森林火险 one) are the ones in force
    earlier = duty.warnings(demo_store, datetime(2021, 5, 1, 12))
    assert set(earlier.loc[earlier["in_force"], "id"]) == {"YJ2021-0501-01", "YJ2021-0430-01"}
    scoped = duty.warnings(demo_store, AS_OF, ("610921",))   # 汉阴县: only the northern 森林火险 and the 大风
    assert set(scoped["id"]) == {"YJ2021-0430-01", "YJ2021-0501-01"}


# -- the board on the demo ---------------------------------------------------------------------------------
def test_board_on_the_demo(demo_store):
    grid = duty.board(demo_store, MAY1, date(2021, 5, 5), AS_OF)
    assert len(grid) == 12 * 5
    today = grid[grid["day"] == MAY3].set_index("unit")
    assert set(today.index[today["state"] == duty.S_MISSING]) == {"岚皋县", "镇坪县", "白河县", "恒口示范区"}
    assert today.loc["紫阳县", "text"] == "有情况·迟报25分钟"
    assert today.loc["宁陕县", "text"] == "零报告"
    assert today.loc["岚皋县", "text"] == "缺报·超1小时"
    assert (grid.loc[grid["day"] > MAY3, "state"] == duty.S_FUTURE).all()
    may1 = grid[grid["day"] == MAY1].set_index("unit")
    assert may1.loc["白河县", "text"] == "零报告·迟报2小时5分钟"
    # 旬阳市 corrected its 5-02 report at 19:10: still on time (the first version decides), content is v2
    may2 = grid[grid["day"] == MAY2].set_index("unit")
    assert may2.loc["旬阳市", "state"] == duty.S_ON_TIME and may2.loc["旬阳市", "versions"] == 2
    assert may2.loc["旬阳市", "deaths"] == 3
    texts, colors = duty.board_matrix(grid, MAY3)
    assert texts.shape == (12, 5) and "05-03 周一（今日）" in texts.columns
    assert colors.loc["岚皋县", "05-03 周一（今日）"] == duty.CELL_COLORS[duty.S_MISSING]


def test_board_follows_the_scope(demo_store):
    grid = duty.board(demo_store, MAY1, MAY3, AS_OF, (LANGAO, HANBIN))
    assert set(grid["unit_code"]) == {LANGAO, HANBIN}


def test_chase_list_has_names_phones_and_how_long(demo_store):
    chase = duty.chase_list(demo_store, MAY3, datetime(2021, 5, 3, 16, 5))
    assert list(chase["unit"]) == ["岚皋县", "镇坪县", "白河县", "恒口示范区"]
    roster = duty.roster_entry(demo_store, LANGAO, MAY3)
    first = chase.iloc[0]
    assert (first["leader"], first["leader_phone"], first["officer"], first["officer_phone"]) == (
        roster["leader"], roster["leader_phone"], roster["officer"], roster["officer_phone"])
    assert first["overdue"] == "已超过截止时间5分钟"
    before = duty.chase_list(demo_store, MAY3, datetime(2021, 5, 3, 15, 0))
    assert set(before["state"]) == {duty.S_PENDING} and set(before["overdue"]) == {"未到截止时间"}


def test_day_figures(demo_store):
    figures = duty.day_figures(demo_store, MAY3, AS_OF)
    assert (figures.expected, figures.received, figures.on_time) == (12, 8, 7)
    assert figures.late_units == ["紫阳县"] and figures.zero_units == ["汉阴县", "宁陕县"]
    assert figures.missing_units == ["岚皋县", "镇坪县", "白河县", "恒口示范区"]
    assert len(figures.incidents) == 2 and (figures.deaths, figures.injuries, figures.serious_injuries) == (0, 1, 1)
    assert list(figures.warnings["id"]) == ["YJ2021-0503-01", "YJ2021-0503-02"]
    may2 = duty.day_figures(demo_store, MAY2, AS_OF)
    assert may2.received == 12 and may2.deaths == 3    # the 续报's figures, not the 初报's
    assert list(may2.incidents["level"]) == ["较大事故"]


def test_demo_incident_chains(demo_store):
    frame = duty.incidents(demo_store)
    by_id = frame.set_index("id")
    assert by_id.loc["SJ20210502-01", "level"] == "一般事故"          # 初报: 2 deaths
    assert by_id.loc["SJ20210502-01-2", "level"] == "较大事故"        # 续报: 3 deaths
    assert by_id.loc["SJ20210502-01", "chain_level"] == "较大事故"
    assert bool(by_id.loc["SJ20210501-01", "late"]) is True and by_id.loc["SJ20210501-01", "report_minutes"] == 85
    assert by_id.loc["SJ20210502-01-2", "late"] is None             # only the 初报 is checked


# -- writes ------------------------------------------------------------------------------------------------
def _count(store, sql, params=()):
    return store.scalar(sql, list(params))


def test_zero_report_for_a_missing_unit_changes_the_board(demo_store):
    before = _count(demo_store, "SELECT count(*) FROM audit_events")
    version = duty.submit_report(demo_store, {**GOOD}, "黄海文")
    assert version == 1
    grid = duty.board(demo_store, MAY3, MAY3, AS_OF).set_index("unit")
    assert grid.loc["岚皋县", "text"] == "零报告·迟报1小时"       # submitted at the as-of time 17:00
    assert duty.reports_received(demo_store, MAY3) == (9, 12)
    assert _count(demo_store, "SELECT count(*) FROM audit_events") == before + 1
    event = demo_store.query("SELECT * FROM audit_events ORDER BY id DESC LIMIT 1").iloc[0]
    assert (event["entity"], event["entity_id"], event["action"]) == ("duty_report", f"{LANGAO}/2021-05-03/1", "报送")


def test_resubmission_keeps_history(demo_store):
    duty.submit_report(demo_store, {**GOOD}, "黄海文")
    second = duty.submit_report(demo_store, {**GOOD, "situation": vocab.REPORT_SITUATION, "accidents": 1,
                                             "injuries": 2, "details": "17时一处山体落石砸伤2人"}, "黄海文")
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
        duty.submit_report(demo_store, {**GOOD, **change}, "黄海文")
    assert [_count(demo_store, f"SELECT count(*) FROM {t}") for t in ("duty_reports", "audit_events")] == before


INCIDENT = {"stage": "初报", "unit_code": LANGAO, "occurred_at": datetime(2021, 5, 3, 14, 0),
            "received_at": datetime(2021, 5, 3, 14, 20), "reported_at": datetime(2021, 5, 3, 15, 30),
            "place": "岚皋县南宫山镇S207线", "kind": "道路交通事故", "sector": "道路交通", "deaths": 3,
            "serious_injuries": 1, "injuries": 4, "direct_loss": 80}


def test_incident_chain_with_level_and_late_flag(demo_store):
    first = duty.record_incident(demo_store, INCIDENT, "市应急值班室")
    assert first == "SJ20210503-03"
    follow = duty.record_incident(demo_store, {**INCIDENT, "stage": "续报", "chain_id": first, "deaths": 10,
                                               "reported_at": datetime(2021, 5, 3, 16, 30)}, "市应急值班室")
    assert follow == f"{first}-2"
    frame = duty.incidents(demo_store, MAY3, MAY3).set_index("id")
    assert frame.loc[first, "level"] == "较大事故" and frame.loc[follow, "level"] == "重大事故"
    assert frame.loc[first, "chain_level"] == "重大事故"
    assert frame.loc[first, "report_minutes"] == 90 and bool(frame.loc[first, "late"]) is True
    final = duty.record_incident(demo_store, {**INCIDENT, "stage": "终报", "chain_id": first, "deaths": 10,
                                              "reported_at": datetime(2021, 5, 3, 16, 50)}, "市应急值班室")
    with pytest.raises(ValidationError, match="已有终报"):
        duty.record_incident(demo_store, {**INCIDENT, "stage": "续报", "chain_id": first,
                                          "reported_at": datetime(2021, 5, 3, 16, 55)}, "市应急值班室")
    chains = duty.incident_chains(duty.incidents(demo_store, MAY3, MAY3)).set_index("chain_id")
    assert chains.loc[first, "id"] == final and chains.loc[first, "entries"] == 3


@pytest.mark.parametrize("change, reason", [
    ({"deaths": -1}, "不能为负数"),
    ({"received_at": datetime(2021, 5, 3, 13, 0)}, "接报时间不能早于事发时间"),
    ({"reported_at": datetime(2021, 5, 3, 18, 0)}, "不能晚于现在"),
    ({"place": ""}, "事发地点"),
    ({"stage": "续报", "chain_id": "SJ-none"}, "必须关联一条已有的初报"),
    ({"serious_injuries": 5, "injuries": 2}, "重伤人数不能多于受伤人数"),
])
def test_refused_incident_writes_nothing(demo_store, change, reason):
    before = _count(demo_store, "SELECT count(*) FROM incidents")
    with pytest.raises(ValidationError, match=reason):
        duty.record_incident(demo_store, {**INCIDENT, **change}, "市应急值班室")
    assert _count(demo_store, "SELECT count(*) FROM incidents") == before


def test_warning_and_dispatch(demo_store):
    new_id = duty.issue_warning(demo_store, {
        "level": "橙色预警(二级)", "kind": "暴雨", "units": [LANGAO, ZHENPING], "valid_from": datetime(2021, 5, 3, 16),
        "valid_to": datetime(2021, 5, 4, 16), "issued_by": "市气象局", "content": "岚皋、镇坪将有大暴雨"}, "值班员")
    frame = duty.warnings(demo_store, AS_OF)
    assert frame.iloc[0]["id"] == new_id == "YJ2021-0503-03"     # the most severe warning in force comes first
    assert frame.iloc[0]["unit_names"] == "岚皋县、镇坪县"
    with pytest.raises(ValidationError, match="解除时间必须晚于生效时间"):
        duty.issue_warning(demo_store, {"level": "蓝色预警(四级)", "kind": "大风", "units": [LANGAO],
                                        "valid_from": datetime(2021, 5, 3, 16), "valid_to": datetime(2021, 5, 3, 16),
                                        "issued_by": "市气象局", "content": "x"}, "值班员")
    before = len(duty.dispatch_log(demo_store, MAY3, MAY3))
    duty.log_dispatch(demo_store, {"to_units": [LANGAO], "content": "请立即报送当日值班信息"}, "市应急值班室")
    log = duty.dispatch_log(demo_store, MAY3, MAY3)
    assert len(log) == before + 1 and log.iloc[0]["unit_names"] == "岚皋县"
    with pytest.raises(ValidationError, match="调度内容"):
        duty.log_dispatch(demo_store, {"to_units": [LANGAO], "content": ""}, "市应急值班室")


def test_roster_edit_and_period(demo_store):
    duty.save_roster(demo_store, {"unit_code": LANGAO, "duty_date": MAY4, "leader": "张三", "leader_title": "副县长",
                                  "leader_phone": "13900000000", "officer": "李四", "officer_phone": "0915-5221234",
                                  "duty_phone": "0915-5221000"}, "值班员")
    assert duty.roster_entry(demo_store, LANGAO, MAY4)["leader"] == "张三"
    with pytest.raises(ValidationError, match="电话号码格式不对"):
        duty.save_roster(demo_store, {"unit_code": LANGAO, "duty_date": MAY4, "leader": "张三", "officer": "李四",
                                      "leader_phone": "123"}, "值班员")
    new_id = duty.add_period(demo_store, {"name": "2021年“国庆”假期", "short_name": "国庆",
                                          "start_date": date(2021, 10, 1), "end_date": date(2021, 10, 7)}, "值班员")
    assert duty.period(demo_store, new_id)["short_name"] == "国庆"
    with pytest.raises(ValidationError, match="日期重叠"):
        duty.add_period(demo_store, {"name": "x", "short_name": "x", "start_date": date(2021, 5, 5),
                                     "end_date": date(2021, 5, 6)}, "值班员")


# -- documents ---------------------------------------------------------------------------------------------
def test_summary_text(demo_store):
    period = duty.period(demo_store, "2021-labour-day")
    text = dr.summary_text(duty.day_figures(demo_store, MAY3, AS_OF), period)
    assert text.startswith("5月3日（假期第3天），应报送值班信息12个县区，已报送8个，其中按时报送7个、迟报1个（紫阳县）")
    assert "零报告2个（汉阴县、宁陕县）" in text
    assert "缺报）4个：岚皋县、镇坪县、白河县、恒口示范区" in text
    assert "事故（事件）2起（一般事故1起、未造成伤亡和损失的险情1起），共造成0人死亡、1人受伤（其中重伤1人）" in text
    assert "当前生效预警2条：暴雨黄色预警(三级)、地质灾害蓝色预警(四级)" in text
    assert "重要事项：汉滨区瀛湖景区游船加强安全检查" in text
    may2 = dr.summary_text(duty.day_figures(demo_store, MAY2, AS_OF), period)
    assert "较大事故1起" in may2 and "3人死亡" in may2


def test_daily_docx_opened_back(demo_store):
    period = duty.period(demo_store, "2021-labour-day")
    figures = duty.day_figures(demo_store, MAY3, AS_OF)
    rows = duty.daily_rows(demo_store, MAY3, AS_OF)
    document = Document(io.BytesIO(dr.daily_docx(figures, rows, period, leader="王建国", officer="李明")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "安康市“五一”假期安全生产值班日报"
    assert "第3期" in texts
    assert "安康市安全生产委员会办公室　　　　2021年5月3日" in texts
    assert any(t.startswith("5月3日（假期第3天），应报送值班信息12个县区，已报送8个") for t in texts)
    assert any("带班领导：王建国　　值班员：李明" in t for t in texts)
    assert any("平利县城关镇某茶叶加工企业发生机械伤害事故" in t for t in texts)
    title_run = document.paragraphs[0].runs[0]
    assert title_run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "黑体"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(dr.UNIT_HEADERS)
    assert len(table.rows) == 13
    by_unit = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert by_unit["岚皋县"][2] == "缺报" and by_unit["紫阳县"][2] == "迟报25分钟"
    assert by_unit["宁陕县"][4] == "零报告"
    roster = duty.roster_entry(demo_store, LANGAO, MAY3)
    assert by_unit["岚皋县"][6].startswith(roster["leader"])          # from the roster when not reported


def test_daily_and_board_xlsx_opened_back(demo_store):
    period = duty.period(demo_store, "2021-labour-day")
    figures = duty.day_figures(demo_store, MAY3, AS_OF)
    book = openpyxl.load_workbook(io.BytesIO(dr.daily_xlsx(figures, duty.daily_rows(demo_store, MAY3, AS_OF), period)))
    sheet = book.active
    assert sheet["A1"].value == "安康市“五一”假期安全生产值班日报（2021年5月3日）"
    assert sheet["A2"].value.startswith("5月3日（假期第3天）")
    assert [c.value for c in sheet[3]] == list(dr.UNIT_HEADERS)
    assert sheet.max_row == 3 + 12
    texts, _ = duty.board_matrix(duty.board(demo_store, MAY1, date(2021, 5, 5), AS_OF), MAY3)
    book = openpyxl.load_workbook(io.BytesIO(dr.board_xlsx(texts, period=period, as_of=AS_OF)))
    sheet = book.active
    assert [c.value for c in sheet[3]][:4] == ["县区", "05-01 周六", "05-02 周日", "05-03 周一（今日）"]
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=4)}
    assert rows["岚皋县"][3] == "缺报·超1小时" and rows["白河县"][1] == "零报告·迟报2小时5分钟"
    assert "16:00" in sheet["A2"].value


# -- roster import (the general ingest machinery) -----------------------------------------------------------
def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2021年五一假期值班表"])                                  # a title row above the header
    sheet.append(["值班日期", "县区", "带班领导", "职务", "带班领导电话", "值班员", "值班人员电话", "值班电话"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_roster_import_replaces_days_and_accepts_aliases(demo_store):
    data = _xlsx([
        ["2021/5/4", "旬阳县", "王五", "副市长", "13900000001", "赵六", "13900000002", "0915-7212345"],
        [datetime(2021, 5, 5), "岚皋县", "钱七", "副县长", "13900000003", "孙八", "13900000004", None],
    ])
    before = _count(demo_store, "SELECT count(*) FROM duty_roster")
    outcome = duty.import_roster(demo_store, data, "值班表.xlsx", "值班员")
    assert outcome.ok and (outcome.added, outcome.replaced) == (0, 2)
    assert _count(demo_store, "SELECT count(*) FROM duty_roster") == before
    assert duty.roster_entry(demo_store, XUNYANG, MAY4)["leader"] == "王五"
    assert duty.roster_entry(demo_store, LANGAO, date(2021, 5, 5))["officer"] == "孙八"
    assert demo_store.scalar("SELECT action FROM audit_events ORDER BY id DESC LIMIT 1") == "导入值班表"


def test_roster_import_refuses_the_whole_file_with_row_errors(demo_store):
    data = _xlsx([
        ["2021-05-04", "岚皋县", "王五", "副县长", "123", "赵六", "13900000002", None],          # bad phone
        ["2021-04-20", "岚皋县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],  # outside any period
        ["2021-05-04", "火星县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],  # unknown unit
        ["2021-05-05", "汉滨区", "", "副区长", "13900000001", "赵六", "13900000002", None],       # leader missing
        ["2021-05-05", "镇坪县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],
        ["2021-05-05", "镇坪县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],   # duplicate
    ])
    before = demo_store.rows("SELECT * FROM duty_roster ORDER BY unit_code, duty_date")
    outcome = duty.import_roster(demo_store, data, "值班表.xlsx", "值班员")
    assert not outcome.ok
    errors = outcome.result.errors
    assert list(errors["行号"]) == [3, 4, 5, 6, 8]
    reasons = dict(zip(errors["行号"], errors["原因"]))
    assert "电话号码格式不对" in reasons[3] and "不在任何值班时段内" in reasons[4]
    assert "不是可选值之一" in reasons[5] and reasons[6] == "必填项为空" and reasons[8] == "与第7行重复"
    assert demo_store.rows("SELECT * FROM duty_roster ORDER BY unit_code, duty_date") == before
