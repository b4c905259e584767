"""县区填报 (the phone page) through the entry script: a 县区填报员 sends today's 零报告, a 初报 and a 续报, and moves an
overdue hazard on, every write named after the signed-in clerk; its own county only; another role's view."""

from __future__ import annotations

from datetime import date, time

import apptest
import pytest
from photos import phone_photo

from dashboard import vocab

app_db = apptest.app_db
PAGE = "app_pages/clerk.py"
HANBIN = "610902"


def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.title, *at.markdown, *at.caption, *at.success, *at.warning, *at.info,
                                           *at.error])


def test_a_clerk_sends_todays_zero_report_in_one_tap(app_db):
    before = apptest.sql(app_db, "SELECT count(*) FROM duty_reports WHERE unit_code = ? AND report_date = '2021-05-03'",
                         [HANBIN])[0][0]
    at = apptest.open_page(PAGE, user="hanbin")
    assert "县区填报 · 汉滨区" in _texts(at)
    assert not [s for s in at.selectbox if s.label == "县区"]  # a clerk's county is its own, never chosen
    assert at.button(key="clerk.zero").disabled  # 汉滨区 has reported today: replacing it is confirmed first
    at.checkbox(key="clerk.replace").check().run()
    at.button(key="clerk.zero").click().run()
    assert not at.exception
    rows = apptest.sql(app_db, "SELECT situation, reporter FROM duty_reports WHERE unit_code = ? AND "
                               "report_date = '2021-05-03' ORDER BY version DESC", [HANBIN])
    assert len(rows) == before + 1 and rows[0] == (vocab.REPORT_ZERO, "李娜")
    actor = apptest.sql(app_db, "SELECT actor, actor_login FROM audit_events WHERE entity = 'duty_report' "
                                "ORDER BY id DESC LIMIT 1")[0]
    assert actor == ("李娜（县区填报员，汉滨区）", "hanbin")
    assert "已报送零报告" in _texts(at)


def test_a_clerk_reports_an_incident_and_follows_it_up(app_db):
    at = apptest.open_page(PAGE, user="hanbin")
    at.date_input(key="clerk.i.day").set_value(date(2021, 5, 3))
    at.time_input(key="clerk.i.time").set_value(time(16, 20))
    at.text_input(key="clerk.i.place").input("汉滨区江北街道某小区")
    at.text_input(key="clerk.i.kind").input("火灾")
    at.number_input(key="clerk.i.injuries").set_value(1)
    at.text_area(key="clerk.i.description").input("电动车充电起火，一人轻伤送医")
    at.button(key="FormSubmitter:clerk.incident-报送初报").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    first = apptest.sql(app_db, "SELECT id, unit_code, injuries FROM incidents WHERE place = '汉滨区江北街道某小区'")
    assert len(first) == 1 and first[0][1] == HANBIN and first[0][2] == 1
    at.segmented_control(key="clerk.stage").set_value("续报").run()
    at.selectbox(key="clerk.i.chain").set_value(first[0][0])
    at.number_input(key="clerk.i.injuries").set_value(2)
    at.button(key="FormSubmitter:clerk.incident-报送续报").click().run()
    assert not at.error, [e.value for e in at.error]
    chain = apptest.sql(app_db, "SELECT stage, injuries FROM incidents WHERE chain_id = ? ORDER BY reported_at, id",
                        [first[0][0]])
    assert chain == [("初报", 1), ("续报", 2)]


def test_a_clerk_moves_an_overdue_hazard_on_and_sees_only_its_own_county(app_db):
    at = apptest.open_page(PAGE, user="hanbin")
    shown = [c.value for c in at.caption if str(c.value).startswith("YH")]
    assert shown, "the county's overdue hazards are listed"
    ids = [text.split("　")[0].replace("\\", "") for text in shown]  # the caption's markdown escapes (ui.plain)
    units = {r[0] for r in apptest.sql(app_db, "SELECT DISTINCT unit_code FROM hazards WHERE list_contains(?, id)", [ids])}
    assert units == {HANBIN}
    in_progress = apptest.sql(app_db, "SELECT id FROM hazards WHERE list_contains(?, id) AND status = ? ORDER BY id",
                              [ids, vocab.ST_IN_PROGRESS])[0][0]
    at.text_area(key=f"clerk.m.{in_progress}").input("已更换老化线路并验收")
    at.file_uploader(key=f"clerk.photo.{in_progress}").set_value(("IMG_2041.jpg", phone_photo(), "image/jpeg"))
    at.button(key=f"clerk.submit.{in_progress}").click().run()
    assert not at.error, [e.value for e in at.error]
    assert apptest.sql(app_db, "SELECT status FROM hazards WHERE id = ?", [in_progress])[0][0] == vocab.ST_AWAITING_REVIEW
    kept = apptest.sql(app_db, "SELECT stage, uploaded_login FROM evidence WHERE entity_id = ?", [in_progress])
    assert kept == [("整改后", "hanbin")]  # the after photo, by the clerk, with the step


@pytest.mark.parametrize("user", ["office", "duty"])
def test_the_office_and_duty_officers_open_it_for_any_county(app_db, user):
    at = apptest.open_page(PAGE, user=user)
    assert [s for s in at.selectbox if s.label == "县区"]
    assert [b for b in at.button if b.key == "clerk.zero"]


def test_a_leader_is_not_offered_the_page(app_db):
    at = apptest.open_page(PAGE, user="leader")
    assert "县区填报 ·" not in _texts(at) and not [b for b in at.button if b.key == "clerk.zero"]
