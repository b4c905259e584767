"""Sending while people work: nothing waits for the gateway but the message being sent. Against the local test gateway
(tests/sms_gateway.py), held until the test releases it: an officer's phone call is recorded while a batch is in
hand (refused at once only for the message on the wire), a call stops the retries of a failing send, a chase handed
later goes between a batch's messages, a message the gateway accepted but the store could not record is kept and
recorded later (never sent again), and nothing is handed over while the store's time is not today."""

from __future__ import annotations

import threading
import time
from datetime import date

import apptest
import pytest
from sms_gateway import Gateway

from dashboard import notify, roles
from dashboard import ui as dashboard_ui
from dashboard.db import ValidationError
from dashboard.notify import gateway, notices, service

DAY = date(2021, 5, 3)
OFFICER = roles.User("duty", "张伟", roles.DUTY)
app_db = apptest.app_db


@pytest.fixture
def held_gateway(gateway_at):
    """A gateway that answers nothing until released (then 200, or 500 with ``fail``)."""
    return lambda fail=0, retries=2: gateway_at(fail, hold=True, retries=retries)


def _until(done, what: str, patience: float = 60.0) -> None:
    """Wait for another thread's work to show (``done()`` true); ``patience`` only bounds a hang."""
    end = time.monotonic() + patience
    while not done():
        assert time.monotonic() < end, f"still waiting for {what}"
        time.sleep(0.02)


def _in_background(job) -> tuple[threading.Thread, list]:
    """``job()`` in a thread of its own: (the thread, [its result or the exception it raised])."""
    out: list = []

    def run():
        try:
            out.append(job())
        except Exception as exc:  # noqa: BLE001 (the test looks at it)
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def _chases(store):
    return notify.chase_notices(store, DAY, store.as_of())


def _row(store, notice):
    return store.rows("SELECT status, attempts, response, actor FROM notifications WHERE kind = ? AND subject = ?"
                      " AND phone = ?", [notice.kind, notice.subject, notice.phone])


@pytest.mark.parametrize("phoned, refused", [
    ("the message on the wire", "该短信正在发送，请稍后再记录电话通知"),
    ("a message waiting its turn", None),
])
def test_a_call_is_recorded_while_a_batch_waits_for_the_gateway(demo_store, held_gateway, phoned, refused):
    """The gateway is down (here: answers nothing): the batch's first message is on the wire, the rest wait. The
    officer's 记录 returns before the gateway answered anything: refused at once for the message being sent,
    recorded for one waiting its turn — which is then never sent."""
    gw = held_gateway()
    chases = _chases(demo_store)
    batch, out = _in_background(lambda: notify.send(demo_store, chases, OFFICER))
    _until(lambda: len(gw.received) == 1, "the first message on the wire")
    on_wire = next(n for n in chases if n.phone == gw.received[0]["mobile"])
    notice = on_wire if phoned == "the message on the wire" else chases[-1]
    assert notice.subject != on_wire.subject or notice is on_wire
    call, said = _in_background(lambda: notify.record_call(demo_store, notice, OFFICER, "已接通"))
    call.join(30)  # bounds a hang only: the call must not wait for the gateway
    assert not call.is_alive() and gw.answered == 0, "记录 waited for the gateway"
    if refused:
        assert isinstance(said[0], ValidationError) and str(said[0]) == refused
    else:
        assert said == [None] and _row(demo_store, notice) == [(notify.CALLED, 1, "已接通", "张伟（值班员）")]
    gw.release()
    batch.join(60)
    assert not batch.is_alive() and not isinstance(out[0], Exception), out
    phones = [b["mobile"] for b in gw.received]
    assert sorted(phones) == sorted(n.phone for n in chases if refused or n is not notice)  # each once at most
    assert demo_store.scalar("SELECT count(*) FROM notifications") == len(chases)


def test_a_call_stops_the_retries_of_a_failing_send(demo_store, held_gateway):
    """失败，将重试: the officer phones instead; no further attempt is made, and the row is the call with the
    gateway's answer kept beside it."""
    gw = held_gateway(fail=-1, retries=6)  # 0.5 + 1 + 2 + 4 … seconds between attempts
    [notice] = _chases(demo_store)[:1]
    retrying = threading.Event()
    batch, out = _in_background(lambda: notify.send(
        demo_store, [notice], OFFICER,
        progress=lambda n, state, answer: retrying.set() if state == notices.RETRYING else None))
    gw.release()
    assert retrying.wait(30)
    notify.record_call(demo_store, notice, OFFICER, "已接通")
    batch.join(30)
    assert not batch.is_alive()
    [(_, outcome)] = out[0]
    assert outcome.status == gateway.FAILED and len(gw.received) == outcome.attempts < 7  # the retries stopped
    [(status, attempts, response, actor)] = _row(demo_store, notice)
    assert (status, attempts, actor) == (notify.CALLED, outcome.attempts + 1, "张伟（值班员）")
    assert response.startswith("短信：HTTP 500") and response.endswith("电话：已接通")


@pytest.fixture
def thread_of(demo_store):
    """The store's sending thread, with the demo's day as today; stopped after the test."""
    made = []

    def start(**options) -> service.Reminders:
        thread = service.Reminders(demo_store, every=3600, today=lambda: DAY, **options)
        thread.start()
        made.append(thread)
        return thread

    yield start
    for thread in made:
        thread.stop()
        thread.join(10)


def test_a_chase_handed_later_goes_between_the_batchs_messages(demo_store, held_gateway, thread_of):
    """Handed batches take turns, a subject at a time: a 催报 handed while a long batch of reminders is being sent
    goes next, not after the whole batch."""
    gw = held_gateway()
    thread = thread_of()
    reminders = notify.deadline_notices(demo_store, DAY)
    assert len(reminders) >= 2
    assert thread.hand(reminders, OFFICER) == len(reminders)
    _until(lambda: len(gw.received) == 1, "the first reminder on the wire")
    chases = _chases(demo_store)
    assert thread.hand(chases, OFFICER) == len(chases)
    gw.release()
    _until(lambda: not thread.in_hand(), "every message recorded")
    kinds = ["催报" if "尚未报送" in b["content"] else "提醒" for b in gw.received]
    assert kinds[:3] == ["提醒", "催报", "催报"]  # the county's leader and officer right after the reminder on the wire
    assert len(kinds) == len(reminders) + len(chases)


def _a_long_import(store):
    """A real write that holds the store (as a big import does) until the returned ``free()`` is called."""
    inside, done = threading.Event(), threading.Event()

    def long_import(tx):
        tx.execute("INSERT INTO meta VALUES ('long_import', 'x')")
        tx.audit("meta", "long_import", "测试写入", roles.system("测试"))
        inside.set()
        done.wait(60)

    importing, _ = _in_background(lambda: store.write(long_import))
    assert inside.wait(10)

    def free():
        done.set()
        importing.join(10)

    return free


def test_a_message_sent_but_not_recorded_is_kept_and_never_sent_again(demo_store, held_gateway, thread_of):
    """The gateway accepted the messages, but the store would not take their records (a long import holds it): the
    thread keeps them (已发送，待记录), goes on with the rest of the batch, records them once the store is free, and
    nobody sends them again meanwhile."""
    gw = held_gateway()
    gw.release()
    free = _a_long_import(demo_store)
    thread = thread_of(record_wait=0.2, record_retry=0.1)
    chases = _chases(demo_store)
    try:
        assert thread.hand(chases, OFFICER) == len(chases)
        _until(lambda: len(gw.received) == len(chases) and all(
            h.state == notices.UNRECORDED[gateway.SENT] for h in thread.in_hand().values())
            and len(thread.in_hand()) == len(chases), "every message sent and kept")  # none abandoned
        assert demo_store.scalar("SELECT count(*) FROM notifications") == 0
        assert thread.hand(chases, OFFICER) == 0  # kept: not taken again
        assert notify.notices.not_yet(demo_store, chases) == []
        assert notify.send(demo_store, chases, OFFICER) == []  # nor sent by anyone else in the process
        with pytest.raises(ValidationError, match="该短信已发送"):
            notify.record_call(demo_store, chases[0], OFFICER)
    finally:
        free()
    _until(lambda: not thread.in_hand(), "the kept records written")
    assert demo_store.rows("SELECT DISTINCT status, actor FROM notifications") == [(gateway.SENT, "张伟（值班员）")]
    assert demo_store.scalar("SELECT count(*) FROM notifications") == len(chases)
    assert len(gw.received) == len(chases)  # each sent once
    logged = demo_store.rows("SELECT response FROM dispatch_log WHERE content LIKE '【安康市安委办】%'")
    assert len(logged) == 4 and all("已发送" in r for (r,) in logged)


@pytest.mark.parametrize("today, test_gateway, taken", [
    (None, "", False),           # the demo's 2021-05-03 is not today: refused, saying why
    (None, "true", True),        # a test gateway (a rehearsal, the tests): any day
    (lambda: DAY, "", True),     # the store's day is today
])
def test_nothing_is_handed_over_while_the_stores_time_is_not_today(demo_store, held_gateway, monkeypatch, today,
                                                                   test_gateway, taken):
    gw = held_gateway()
    gw.release()
    monkeypatch.setenv("DASHBOARD_SMS_TEST_GATEWAY", test_gateway)
    thread = service.Reminders(demo_store, every=3600, today=today)  # not started: nothing leaves
    chases = _chases(demo_store)
    if taken:
        assert service.not_today(demo_store, today() if today else None, by_hand=True) is None
        assert thread.hand(chases, OFFICER) == len(chases)
        return
    reason = service.not_today(demo_store, by_hand=True)
    assert reason and "2021-05-03 17:00" in reason and "不是今天" in reason
    with pytest.raises(ValidationError) as refused:
        thread.hand(chases, OFFICER)
    assert str(refused.value) == reason
    assert thread.in_hand() == {} and thread.check() == 0 and gw.received == []


def _ready(at):
    [table] = [d.value for d in at.dataframe if "短信内容" in d.value.columns]
    return table


def test_the_ledger_records_a_call_for_a_reminder_waiting_its_turn(app_db, held_gateway, monkeypatch):
    """发送短信 with the gateway answering nothing: the reminder on the wire cannot be recorded as phoned, the one
    waiting its turn can — and is then not sent."""
    gw = held_gateway()
    monkeypatch.setenv("DASHBOARD_SMS_TEST_GATEWAY", "true")  # the demo's day goes to the local gateway
    at = apptest.open_page("app_pages/hazards.py")
    due = notify.deadline_notices(dashboard_ui.store(), DAY)
    assert len(due) == 2
    at.button(key="hazards.remind.sms").click().run()
    assert not at.error, [e.value for e in at.error]
    _until(lambda: len(gw.received) == 1, "the first reminder on the wire")
    at.run()
    [waiting] = [n for n in due if n.phone != gw.received[0]["mobile"]]
    who = at.selectbox(key="hazards.remind.who")
    assert who.options == [f"{waiting.recipient} {waiting.phone}（{waiting.subject}）"]  # not the one being sent
    at.text_input(key="hazards.remind.answer").input("已知晓")
    at.button(key="hazards.remind.call").click().run()
    assert not at.error, [e.value for e in at.error]
    gw.release()
    _until(lambda: apptest.sql(app_db, "SELECT count(*) FROM notifications")[0][0] == 2, "both recorded")
    assert sorted(apptest.sql(app_db, "SELECT phone, status FROM notifications")) == sorted(
        [(gw.received[0]["mobile"], gateway.SENT), (waiting.phone, notify.CALLED)])
    assert len(gw.received) == 1  # the phoned one never sent


def test_the_ledger_offers_no_send_while_the_stores_time_is_not_today(app_db, monkeypatch):
    gw = Gateway()
    try:
        monkeypatch.setenv("DASHBOARD_SMS_GATEWAY_URL", gw.url)
        at = apptest.open_page("app_pages/hazards.py")
        assert not [b for b in at.button if b.key == "hazards.remind.sms"]
        assert any("不是今天" in c.value and "电话通知" in c.value for c in at.caption)
        assert gw.received == []
    finally:
        gw.close()


def test_a_thread_that_ends_with_records_it_could_not_write_forgets_them(demo_store, held_gateway):
    """The documented limit: the thread stops (the app ends) while the store still refuses the records of messages
    the gateway accepted; they are let go, and nothing in the process says they were sent any more."""
    gw = held_gateway()
    gw.release()
    free = _a_long_import(demo_store)
    thread = service.Reminders(demo_store, every=3600, today=lambda: DAY, record_wait=0.2, record_retry=3600)
    thread.start()
    chases = _chases(demo_store)[:2]
    try:
        thread.hand(chases, OFFICER)
        _until(lambda: {h.state for h in thread.in_hand().values()} == {notices.UNRECORDED[gateway.SENT]},
               "both sent and kept")
        assert notify.notices.not_yet(demo_store, chases) == []
        thread.stop()
        thread.join(30)
        assert not thread.is_alive()
        assert notify.notices.not_yet(demo_store, chases) == chases  # forgotten: they look unsent
    finally:
        free()
    assert demo_store.scalar("SELECT count(*) FROM notifications") == 0
