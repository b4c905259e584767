"""The wall's incident alerts: 较大 or above, and any death whatever the level — "any death is news to the
command room" (issue 12 item 4: a 一般事故 with 2 deaths raised no alert)."""

from datetime import datetime

import pytest

from dashboard import duty, kiosk, roles


@pytest.mark.parametrize("level, deaths, news", [
    (duty.LEVEL_GENERAL, 0, False),
    (duty.LEVEL_GENERAL, 1, True),
    (duty.LEVEL_GENERAL, 2, True),
    (duty.LEVEL_LARGER, 0, True),      # 较大 by injuries or loss, nobody dead
    (duty.LEVEL_LARGER, 3, True),
    (duty.LEVEL_MAJOR, 10, True),
    (duty.LEVEL_GRAVE, 30, True),
    (None, 0, False),                  # not an accident (事件) and nobody dead
    (None, 1, True),
    (duty.LEVEL_GENERAL, None, False),
    (duty.LEVEL_GENERAL, float("nan"), False),
])
def test_which_incidents_are_news(level, deaths, news):
    assert kiosk.incident_is_news(level, deaths) is news


def _record(store, deaths: int, *, stage="初报", chain=None) -> str:
    return duty.record_incident(store, {
        "stage": stage, "chain_id": chain, "unit_code": "610929", "occurred_at": datetime(2021, 5, 3, 15, 10),
        "received_at": datetime(2021, 5, 3, 15, 20), "reported_at": datetime(2021, 5, 3, 15, 40),
        "place": "白河县城关镇", "kind": "道路交通事故", "deaths": deaths, "injuries": 0, "serious_injuries": 0,
        "direct_loss": 0, "source": "白河县应急管理局",
    }, roles.system("值班员"))


def test_a_fatal_accident_below_larger_raises_an_alert_on_the_wall(demo_store):
    as_of = demo_store.as_of()
    before = {kiosk.identity(a) for a in kiosk.alerts(demo_store, as_of)}
    chain = _record(demo_store, 2)
    new = kiosk.new_alerts(before, kiosk.alerts(demo_store, as_of))
    assert [(a.kind, a.key) for a in new] == [(kiosk.K_INCIDENT, chain)]
    assert new[0].text == "白河县 道路交通事故（一般事故），死亡 2 人"
    assert kiosk.jump_target(new) == "duty"


def test_a_follow_up_that_reports_a_death_makes_the_incident_news(demo_store):
    as_of = demo_store.as_of()
    chain = _record(demo_store, 0)
    before = {kiosk.identity(a) for a in kiosk.alerts(demo_store, as_of)}
    assert f"{kiosk.K_INCIDENT}:{chain}" not in before       # nobody dead, 一般: not on the wall
    _record(demo_store, 1, stage="续报", chain=chain)
    new = kiosk.new_alerts(before, kiosk.alerts(demo_store, as_of))
    assert [(a.kind, a.key) for a in new] == [(kiosk.K_INCIDENT, chain)]
