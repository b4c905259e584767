"""书面移交 (a group hands its hazard list over in writing to the county government and to 市安委办): one hazard
through the lifecycle, many at once in one write (each with its own event, those already handed left alone,
refused whole naming each when a rule refuses any), the group's handover shares following; through the group's
page (AppTest). The rule's refusals word for word: tests/hazards/test_hazards_rules.py."""

from __future__ import annotations

from datetime import date

import apptest
import pytest
from apptest import open_page

from dashboard import groups, roles
from dashboard import hazards as hz
from dashboard.db import ValidationError

OFFICE = roles.User("office", "陈建华", roles.OFFICE)
TODAY = date(2021, 5, 3)
app_db = apptest.app_db


def _window():
    return groups.window(groups.SINCE_STATIONED, TODAY, date(2021, 1, 4))


def _missing(store, group_id: int):
    return groups.not_handed_over(store, group_id, _window(), groups.thresholds(store).handover_days)


def test_one_hazard_through_its_form(demo_store):
    hid = _missing(demo_store, 5)["id"].iloc[0]  # 紫阳县's group misses some county handovers
    before = hz.detail(demo_store, hid, TODAY)
    assert hz.A_HANDOVER in hz.available_actions(before)
    hz.act(demo_store, hid, hz.A_HANDOVER, {"recipient": hz.TO_BOTH, "handed_on": TODAY}, OFFICE)
    after = hz.detail(demo_store, hid, TODAY)
    assert after["status"] == before["status"]  # a handover is not a step of rectification
    assert after["handed_county_on"].date() == TODAY
    assert (after["handed_city_on"] or before["handed_city_on"]) is not None
    last = hz.history(demo_store, hid).iloc[-1]
    assert (last["action"], last["actor"]) == (hz.A_HANDOVER, OFFICE.label)


def test_many_at_once_and_the_shares_follow(demo_store):
    ids = list(_missing(demo_store, 5)["id"])
    assert len(ids) >= 3
    row = groups.evaluation(demo_store, _window()).set_index("group_id").loc[5]
    assert row["county_handover_rate"] < 100
    done = hz.hand_over(demo_store, ids, hz.TO_BOTH, TODAY, OFFICE)
    assert sorted(done) == sorted(ids)
    assert _missing(demo_store, 5).empty
    row = groups.evaluation(demo_store, _window()).set_index("group_id").loc[5]
    assert row["county_handover_rate"] == 100 and row["city_handover_rate"] == 100
    events = demo_store.scalar("SELECT count(*) FROM audit_events WHERE action = '书面移交' AND entity_id IN"
                               " (SELECT unnest(?::VARCHAR[]))", [ids])
    assert events == len(ids)
    with pytest.raises(ValidationError, match="所选隐患都不需要书面移交，未作改动"):  # all handed already
        hz.hand_over(demo_store, ids, hz.TO_COUNTY, TODAY, OFFICE)


def test_refused_whole_naming_each(demo_store):
    ids = list(_missing(demo_store, 10)["id"])[:2]  # 白河县's group
    before = demo_store.rows("SELECT id, handed_county_on, handed_city_on FROM hazards ORDER BY id")
    with pytest.raises(ValidationError) as refused:
        hz.hand_over(demo_store, ids, hz.TO_CITY, date(2021, 1, 3), OFFICE)
    assert str(refused.value).startswith(f"{len(ids)} 条隐患不能书面移交，全部未执行：{ids[0]}：书面移交日期不能早于发现时间")
    other = roles.User("group1", "赵强", roles.GROUP, group_id=1)  # 第一组 may hand over only its own
    with pytest.raises(ValidationError, match="只能操作本组的隐患"):
        hz.hand_over(demo_store, ids, hz.TO_CITY, TODAY, other)
    assert demo_store.rows("SELECT id, handed_county_on, handed_city_on FROM hazards ORDER BY id") == before


def test_a_group_hands_over_its_own(demo_store):
    ids = list(_missing(demo_store, 10)["id"])[:3]
    own = roles.User("group10", "某组长", roles.GROUP, group_id=10)
    assert sorted(hz.hand_over(demo_store, ids, hz.TO_CITY, TODAY, own)) == sorted(ids)


def test_the_groups_page_hands_over_its_list(app_db):
    group = "第五暗访督查组（驻紫阳县）"
    at = open_page("app_pages/groups.py", {"groups.group": group, "groups.period": "进驻以来"})
    missing = next(d.value for d in at.dataframe if "隐患编号" in d.value.columns)
    assert len(missing) >= 3
    at.radio(key="groups.handover.to").set_value(hz.TO_BOTH)  # each listed one misses at least one of the two
    at = at.button(key="groups.handover.submit").click().run()
    assert not at.exception
    handed = apptest.sql(app_db, "SELECT entity_id FROM audit_events WHERE action = '书面移交'")
    assert sorted(i for (i,) in handed) == sorted(missing["隐患编号"].str.extract(r"hazards\.id=(.*)$")[0])
    assert any(f"已书面移交县区政府和市安委办 {len(handed)} 条隐患" in s.value for s in at.success), [s.value for s in at.success]
