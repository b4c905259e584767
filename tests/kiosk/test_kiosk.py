"""The wall screen's rules: every view bound to a page by its url_path, the playlist, the position by the
clock, staleness, what is new, where to jump."""

from __future__ import annotations

from datetime import datetime

import pytest

from apptest import sql
from dashboard import duty, kiosk, roles, settings
from dashboard.kiosk import Alert, Stop
from entry_pages import declared_pages

A = kiosk.Alert


def test_every_view_names_a_page_of_the_app():
    pages = declared_pages()
    assert len(pages) >= 10
    unbound = [key for key, view in kiosk.VIEWS.items() if view.url_path not in pages]
    assert not unbound, f"wall views with no page (url_path): {unbound}"
    assert kiosk.bind(pages) == {key: view.url_path for key, view in kiosk.VIEWS.items()}
    default_views = {stop.view for stop in kiosk.parse_playlist(settings.by_name("kiosk_playlist").default)}
    assert default_views == set(kiosk.VIEWS)  # the default playlist shows every view


@pytest.mark.parametrize("url_paths, bound", [
    (["", "map", "duty"], {"overview": "", "map": "map", "duty": "duty"}),
    (["map"], {"map": "map"}),
    ([], {}),
    (["态势总览", "overview"], {}),  # a title, or the file's name, binds nothing: only the url_path does
])
def test_bind(url_paths, bound):
    assert kiosk.bind(url_paths) == bound


@pytest.mark.parametrize(
    "text, expected",
    [
        ("overview:60,fire_units:30", [Stop("overview", 60), Stop("fire_units", 30)]),
        (" overview : 60 ，map:5 ,", [Stop("overview", 60), Stop("map", 5)]),  # full-width comma, spaces, trailing
        ("duty:3600", [Stop("duty", 3600)]),  # the longest dwell
        ("overview:60,overview:10", [Stop("overview", 60), Stop("overview", 10)]),  # a view may come twice
    ],
)
def test_parse_playlist(text, expected):
    assert kiosk.parse_playlist(text) == expected


@pytest.mark.parametrize(
    "text, problem",
    [
        ("overview:60,weather:30", "“weather”不存在"),
        ("overview", "整数秒"),
        ("overview:半分钟", "整数秒"),
        ("overview:4", "5–3600"),  # one second short of the shortest dwell
        ("overview:3601", "5–3600"),
        ("", "轮播列表为空"),
        (" , ", "轮播列表为空"),
    ],
)
def test_parse_playlist_refuses(text, problem):
    with pytest.raises(ValueError, match=problem):
        kiosk.parse_playlist(text)


@pytest.mark.parametrize("text, expected", [("2", 2), (" 60 ", 60), (3600, 3600)])
def test_parse_refresh(text, expected):
    assert kiosk.parse_refresh(text) == expected


@pytest.mark.parametrize("text", ["1", "3601", "0", "-5", "fast", ""])
def test_parse_refresh_refuses(text):
    with pytest.raises(ValueError, match="刷新间隔"):
        kiosk.parse_refresh(text)


PLAYLIST = [Stop("overview", 60), Stop("fire_units", 30)]


@pytest.mark.parametrize(
    "clock_seconds, index, left",
    [
        (0, 0, 60),
        (59.5, 0, 0.5),
        (60, 1, 30),  # the boundary belongs to the next view
        (89.9, 1, 0.1),
        (90, 0, 60),  # the cycle starts again
        (90 * 1_000_000 + 75, 1, 15),  # any wall-clock time
    ],
)
def test_position(clock_seconds, index, left):
    got_index, got_left = kiosk.position(PLAYLIST, clock_seconds)
    assert got_index == index and got_left == pytest.approx(left)


@pytest.mark.parametrize(
    "changed, now, stale",
    [
        (datetime(2021, 5, 3, 12, 0), datetime(2021, 5, 3, 13, 0), False),  # exactly the limit: not yet
        (datetime(2021, 5, 3, 12, 0), datetime(2021, 5, 3, 13, 0, 1), True),
        (datetime(2021, 5, 3, 12, 0), datetime(2021, 5, 3, 12, 0), False),
    ],
)
def test_is_stale(changed, now, stale):
    assert kiosk.is_stale(changed, now, 60) is stale


FIRE = A(kiosk.K_FIRE_OVERDUE, "F1", "某单位已逾期")
MISSING = A(kiosk.K_MISSING, "岚皋县/2021-05-03", "岚皋县缺报")
INCIDENT = A(kiosk.K_INCIDENT, "SJ1", "较大事故")
WARNING = A(kiosk.K_WARNING, "W1", "暴雨")


@pytest.mark.parametrize(
    "seen, current, new, target",
    [
        (set(), [], [], None),
        ({"fire_overdue:F1"}, [FIRE], [], None),  # seen before: not new
        ({"fire_overdue:F1"}, [FIRE, WARNING], [WARNING], "duty"),
        (set(), [FIRE], [FIRE], "fire_units"),
        (set(), [WARNING, FIRE], [WARNING, FIRE], "fire_units"),  # a fire unit outranks a warning
        (set(), [FIRE, MISSING], [FIRE, MISSING], "duty"),  # a missing report outranks a fire unit
        (set(), [FIRE, INCIDENT], [FIRE, INCIDENT], "duty"),
        ({"missing:F1"}, [FIRE], [FIRE], "fire_units"),  # identity includes the kind
    ],
)
def test_new_alerts_and_the_jump(seen, current, new, target):
    found = kiosk.new_alerts(seen, current)
    assert found == new
    assert kiosk.jump_target(found) == target


def test_alerts_on_the_demo(demo_store):
    as_of = demo_store.as_of()  # 2021-05-03 17:00, an hour after the 16:00 cut-off
    found = kiosk.alerts(demo_store, as_of)
    kinds = [a.kind for a in found]
    assert kinds == sorted(kinds, key=kiosk.KIND_ORDER.index)  # most urgent kind first
    overdue = sql(demo_store.path, "SELECT count(*) FROM fire_units WHERE status <> '已销案摘牌' AND deadline < ?",
                  [as_of.date()])[0][0]
    assert kinds.count(kiosk.K_FIRE_OVERDUE) == overdue == 3
    missing = {a.text.split()[0] for a in found if a.kind == kiosk.K_MISSING}
    assert missing == {"岚皋县", "镇坪县", "白河县", "恒口示范区"}
    assert kiosk.K_INCIDENT not in kinds  # the 05-03 incidents are 一般; the 较大 one was on 05-02
    in_force = sql(demo_store.path, "SELECT count(*) FROM warnings WHERE valid_from <= ? AND valid_to >= ?",
                   [as_of, as_of])[0][0]
    assert kinds.count(kiosk.K_WARNING) == in_force


def test_a_new_serious_incident_is_new_and_jumps_to_duty(demo_store):
    as_of = demo_store.as_of()
    before = {kiosk.identity(a) for a in kiosk.alerts(demo_store, as_of)}
    chain = duty.record_incident(demo_store, {
        "stage": "初报", "unit_code": "610929", "occurred_at": datetime(2021, 5, 3, 15, 10),
        "received_at": datetime(2021, 5, 3, 15, 20), "reported_at": datetime(2021, 5, 3, 15, 40),
        "place": "白河县某矿", "kind": "非煤矿山事故", "deaths": 3, "injuries": 0, "serious_injuries": 0,
        "direct_loss": 0, "source": "白河县应急管理局",
    }, roles.system("值班员"))
    new = kiosk.new_alerts(before, kiosk.alerts(demo_store, as_of))
    assert [(a.kind, a.key) for a in new] == [(kiosk.K_INCIDENT, chain)]
    assert "较大事故" in new[0].text and "白河县" in new[0].text
    assert kiosk.jump_target(new) == "duty"


def test_alert_view_of_every_kind():
    assert {k: Alert(k, "x", "").view for k in kiosk.KIND_ORDER} == kiosk.KIND_VIEW
    assert set(kiosk.KIND_VIEW.values()) <= set(kiosk.VIEWS)
