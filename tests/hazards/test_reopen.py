"""回头看: a 已销号 hazard reopened (复查发现反弹) keeps its history, is open again from today with its new deadline,
counts in this period's ranking again, and leaves the figures of a period that ended while it stood closed alone."""

from __future__ import annotations

from datetime import date

import apptest
import pytest

from dashboard import hazards, ranking, roles, vocab
from dashboard.db import ValidationError
from dashboard.lifecycle import EVIDENCE

OFFICE = roles.User("office", "陈建华", roles.OFFICE)
app_db = apptest.app_db
TODAY = date(2021, 5, 3)


def _row(store, period_day: date, code: str) -> dict:
    period = ranking.period_of(ranking.MONTH, period_day, TODAY)
    table = ranking.table(store, period, store.as_of())
    return table.set_index("unit_code").loc[code].to_dict()


def _closed_major(store) -> tuple[str, str]:
    return store.rows("SELECT id, unit_code FROM hazards WHERE status = ? AND level = ? AND closed_date < ?"
                      " AND found_date < ? ORDER BY closed_date DESC LIMIT 1",
                      [vocab.ST_CLOSED, vocab.LEVEL_MAJOR, date(2021, 4, 20), date(2021, 4, 1)])[0]


def test_a_reopened_hazard_counts_again_from_today_and_not_before(demo_store):
    hid, code = _closed_major(demo_store)
    may_before, april_before = _row(demo_store, TODAY, code), _row(demo_store, date(2021, 4, 15), code)
    open_before = hazards.summary(demo_store, TODAY)

    status = hazards.act(demo_store, hid, hazards.A_REOPEN,
                         {"reason": "回头看发现消防通道再次被占用", "new_deadline": date(2021, 5, 20),
                          EVIDENCE: [("反弹现场.pdf", b"%PDF-1.4\n%%EOF\n")]}, OFFICE)
    assert status == vocab.ST_PENDING
    row = demo_store.rows("SELECT closed_date, reopened_on, reopen_count, deadline FROM hazards WHERE id = ?", [hid])[0]
    assert row == (None, TODAY, 1, date(2021, 5, 20))

    may_after, april_after = _row(demo_store, TODAY, code), _row(demo_store, date(2021, 4, 15), code)
    assert may_after["open_major"] == may_before["open_major"] + 1 and may_after["score"] <= may_before["score"]
    assert april_after["open_major"] == april_before["open_major"]  # it stood closed at April's end
    assert april_after["rectification_rate"] == april_before["rectification_rate"]
    assert hazards.summary(demo_store, TODAY) != open_before

    history = hazards.history(demo_store, hid)
    assert list(history["action"])[-1] == hazards.A_REOPEN  # the 销号 and everything before stay in the history
    assert hazards.A_REVIEW_PASS in set(history["action"]) or hazards.A_IMMEDIATE in set(history["action"])


@pytest.mark.parametrize("user", [roles.User("leader", "王建国", roles.LEADER),
                                  roles.User("group1", "赵强", roles.GROUP, group_id=1),
                                  roles.User("hanbin", "李娜", roles.CLERK, unit_code="610902")])
def test_only_the_office_reopens(demo_store, user):
    hid, _ = _closed_major(demo_store)
    with pytest.raises(ValidationError, match="无权执行“复查发现反弹”"):
        hazards.act(demo_store, hid, hazards.A_REOPEN, {"reason": "x", "new_deadline": date(2021, 5, 20)}, user)
    assert demo_store.rows("SELECT status FROM hazards WHERE id = ?", [hid])[0][0] == vocab.ST_CLOSED


def test_the_ageing_view_counts_every_open_hazard_by_how_long_it_has_been_open(demo_store):
    bands, oldest = hazards.ageing(demo_store, TODAY)
    assert list(bands["band"]) == [label for _, label in hazards.AGE_BANDS]
    assert bands["count"].sum() == demo_store.scalar("SELECT count(*) FROM hazards WHERE status <> ?", [vocab.ST_CLOSED])
    assert list(oldest["age"]) == sorted(oldest["age"], reverse=True) and len(oldest) == 20
    first = oldest.iloc[0]
    found = demo_store.scalar("SELECT found_date FROM hazards WHERE id = ?", [first["id"]])
    assert first["age"] == (TODAY - found).days


def test_the_ledger_shows_the_ageing_view_and_offers_the_office_the_reopening(app_db):
    at = apptest.open_page("app_pages/hazards.py")
    assert [m.label for m in at.metric if m.label in dict(hazards.AGE_BANDS).values()] == \
        [label for _, label in hazards.AGE_BANDS]
    closed = apptest.sql(app_db, "SELECT id FROM hazards WHERE status = ? LIMIT 1", [vocab.ST_CLOSED])[0][0]
    at = apptest.open_page("app_pages/hazards.py", {"hazards.id": closed})
    assert [s.value for s in at.selectbox if s.key == "hazards.action"] == [hazards.A_REOPEN]
    at = apptest.open_page("app_pages/hazards.py", {"hazards.id": closed}, user="leader")
    assert not [s for s in at.selectbox if s.key == "hazards.action"]
