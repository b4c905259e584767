"""Incidents: the level at every threshold of 条例 第三条 ("以上" includes the number), the first report's
deadline, chains on the demo, recording entries (and refusals that write nothing)."""

from datetime import datetime

import pytest

from dashboard import duty, roles
from dashboard.db import ValidationError
from duty_cases import AS_OF, HANBIN, LANGAO, MAY3
from duty_cases import count as _count

DUTY_ROOM = roles.system("市应急值班室")  # who acts here (who may do what: tests/access)


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

def test_demo_incident_chains(demo_store):
    frame = duty.incidents(demo_store)
    by_id = frame.set_index("id")
    assert by_id.loc["SJ20210502-01", "level"] == "一般事故"          # 初报: 2 deaths
    assert by_id.loc["SJ20210502-01-2", "level"] == "较大事故"        # 续报: 3 deaths
    assert by_id.loc["SJ20210502-01", "chain_level"] == "较大事故"
    assert bool(by_id.loc["SJ20210501-01", "late"]) is True and by_id.loc["SJ20210501-01", "report_minutes"] == 85
    assert by_id.loc["SJ20210502-01-2", "late"] is None             # only the 初报 is checked

INCIDENT = {"stage": "初报", "unit_code": LANGAO, "occurred_at": datetime(2021, 5, 3, 14, 0),
            "received_at": datetime(2021, 5, 3, 14, 20), "reported_at": datetime(2021, 5, 3, 15, 30),
            "place": "岚皋县南宫山镇S207线", "kind": "道路交通事故", "sector": "道路交通", "deaths": 3,
            "serious_injuries": 1, "injuries": 4, "direct_loss": 80}

def test_incident_chain_with_level_and_late_flag(demo_store):
    first = duty.record_incident(demo_store, INCIDENT, DUTY_ROOM)
    assert first == "SJ20210503-03"
    follow = duty.record_incident(demo_store, {**INCIDENT, "stage": "续报", "chain_id": first, "deaths": 10,
                                               "reported_at": datetime(2021, 5, 3, 16, 30)}, DUTY_ROOM)
    assert follow == f"{first}-2"
    frame = duty.incidents(demo_store, MAY3, MAY3).set_index("id")
    assert frame.loc[first, "level"] == "较大事故" and frame.loc[follow, "level"] == "重大事故"
    assert frame.loc[first, "chain_level"] == "重大事故"
    assert frame.loc[first, "report_minutes"] == 90 and bool(frame.loc[first, "late"]) is True
    final = duty.record_incident(demo_store, {**INCIDENT, "stage": "终报", "chain_id": first, "deaths": 10,
                                              "reported_at": datetime(2021, 5, 3, 16, 50)}, DUTY_ROOM)
    with pytest.raises(ValidationError, match="已有终报"):
        duty.record_incident(demo_store, {**INCIDENT, "stage": "续报", "chain_id": first,
                                          "reported_at": datetime(2021, 5, 3, 16, 55)}, DUTY_ROOM)
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
        duty.record_incident(demo_store, {**INCIDENT, **change}, DUTY_ROOM)
    assert _count(demo_store, "SELECT count(*) FROM incidents") == before


# -- each threshold of 第三条 from both sides, one criterion at a time ------------------------------------
EDGES = [(level, deaths, serious, loss) for level, deaths, serious, loss in duty.LEVEL_THRESHOLDS]
BELOW = {duty.LEVEL_GRAVE: duty.LEVEL_MAJOR, duty.LEVEL_MAJOR: duty.LEVEL_LARGER, duty.LEVEL_LARGER: duty.LEVEL_GENERAL}


@pytest.mark.parametrize("level, deaths, serious, loss", EDGES)
def test_each_threshold_includes_its_number(level, deaths, serious, loss):
    assert duty.incident_level(deaths, 0, 0) == level              # "以上" includes the number
    assert duty.incident_level(0, serious, 0) == level
    assert duty.incident_level(0, 0, loss) == level
    assert duty.incident_level(deaths - 1, 0, 0) == BELOW[level]   # "以下" excludes it
    assert duty.incident_level(0, serious - 1, 0) == BELOW[level]
    assert duty.incident_level(0, 0, loss - 0.01) == BELOW[level]


def test_three_deaths_is_larger_not_general():
    assert duty.incident_level(3, 0, 0) == duty.LEVEL_LARGER != duty.LEVEL_GENERAL


@pytest.mark.parametrize("values", [(None, 0, 0), (0, float("nan"), 0), (0, 0, -0.01)])
def test_incident_level_refuses_blanks_and_negatives(values):
    with pytest.raises(ValueError):
        duty.incident_level(*values)


@pytest.mark.parametrize("kind, accident", [
    ("道路交通事故", True), ("机械伤害事故", True), ("山体滑坡险情", False), ("火灾", False), ("", False), (None, False),
    ("事故隐患排查", False),
])
def test_is_accident(kind, accident):
    assert duty.is_accident(kind) is accident


@pytest.mark.parametrize("entry, text", [
    ({"id": "SJ20210503-03", "stage": "初报", "level": "较大事故", "report_minutes": 90, "late": True},
     "已记录 SJ20210503-03（初报）：按本次报告属较大事故，事发至初报用时1小时30分钟，超过时限。"),
    ({"id": "SJ20210503-03", "stage": "初报", "level": "一般事故", "report_minutes": 60, "late": False},
     "已记录 SJ20210503-03（初报）：按本次报告属一般事故，事发至初报用时1小时，未超时。"),
    ({"id": "SJ20210503-03-2", "stage": "续报", "level": "重大事故", "report_minutes": None, "late": None},
     "已记录 SJ20210503-03-2（续报）：按本次报告属重大事故。"),
])
def test_recorded_text(entry, text):
    assert duty.recorded_text(entry) == text


def test_incident_entry_and_open_chains(demo_store):
    first = duty.record_incident(demo_store, INCIDENT, DUTY_ROOM)
    entry = duty.incident_entry(demo_store, first)
    assert (entry["level"], entry["report_minutes"], bool(entry["late"])) == ("较大事故", 90, True)
    assert duty.incident_entry(demo_store, "SJ-none") is None
    chains = duty.incident_chains(duty.incidents(demo_store, MAY3, MAY3))
    assert first in duty.open_chains(chains)
    duty.record_incident(demo_store, {**INCIDENT, "stage": "终报", "chain_id": first,
                                      "reported_at": datetime(2021, 5, 3, 16, 50)}, DUTY_ROOM)
    chains = duty.incident_chains(duty.incidents(demo_store, MAY3, MAY3))
    assert first not in duty.open_chains(chains)
    assert duty.open_chains(chains.iloc[0:0]) == []


@pytest.mark.parametrize("chain", [None, "", "  "])
def test_a_follow_up_without_its_chain_is_refused(demo_store, chain):
    before = _count(demo_store, "SELECT count(*) FROM incidents")
    with pytest.raises(ValidationError, match="请先选择要续报 / 终报的事件"):
        duty.record_incident(demo_store, {**INCIDENT, "stage": "续报", "chain_id": chain}, DUTY_ROOM)
    assert _count(demo_store, "SELECT count(*) FROM incidents") == before


def test_a_follow_up_is_of_its_chains_county(demo_store):
    """A 续报 / 终报 naming another county than its 初报 is refused (it was stored under that county, and a county
    clerk could so close another county's incident); left blank it takes the 初报's."""
    first = duty.record_incident(demo_store, INCIDENT, DUTY_ROOM)  # 岚皋县
    before = _count(demo_store, "SELECT count(*) FROM incidents")
    with pytest.raises(ValidationError, match="终报的县区须与初报一致"):
        duty.record_incident(demo_store, {**INCIDENT, "stage": "终报", "chain_id": first, "unit_code": HANBIN,
                                          "reported_at": datetime(2021, 5, 3, 16, 50)}, DUTY_ROOM)
    assert _count(demo_store, "SELECT count(*) FROM incidents") == before
    follow = duty.record_incident(demo_store, {**INCIDENT, "stage": "续报", "chain_id": first, "unit_code": None,
                                               "reported_at": datetime(2021, 5, 3, 16, 50)}, DUTY_ROOM)
    assert duty.incident_entry(demo_store, follow)["unit_code"] == LANGAO
