"""Chases and reminders that reach people, against a local test gateway (a real HTTP server on 127.0.0.1): each
missing county its own message to its leader and officer, its own 调度记录 row; a failed send retried then
flagged; nothing sent twice a day; nothing sent when no gateway is configured; the rules on who may send."""

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
from dashboard.notify import gateway, service

DAY = date(2021, 5, 3)
OFFICER = roles.User("duty", "张伟", roles.DUTY)
app_db = apptest.app_db


def _chases(store):
    return notify.chase_notices(store, DAY, store.as_of())


def test_each_missing_county_gets_its_own_chase(demo_store, gateway_at):
    gw = gateway_at()
    chases = _chases(demo_store)
    counties = {n.subject for n in chases}
    assert len(counties) == 4  # the demo's four counties past the cut-off without a report
    assert all(n.message.startswith("【安康市安委办】") and "尚未报送" in n.message for n in chases)
    outcomes = notify.send(demo_store, chases, OFFICER)
    assert [o.status for _, o in outcomes] == [gateway.SENT] * len(chases)
    assert sorted(b["mobile"] for b in gw.received) == sorted(n.phone for n in chases)
    assert {b["content"] for b in gw.received} == {n.message for n in chases}
    rows = demo_store.rows("SELECT to_units, actor, response FROM dispatch_log WHERE content LIKE '【安康市安委办】%'")
    assert sorted(r[0] for r in rows) == sorted(counties)  # one county, one dispatch row
    assert all(r[1] == "张伟（值班员）" and "已发送" in r[2] for r in rows)
    again = notify.send(demo_store, _chases(demo_store), OFFICER)  # at most once a day each
    assert again == [] and len(gw.received) == len(chases)


def test_a_failed_send_is_retried_then_flagged(demo_store, gateway_at):
    gw = gateway_at(fail=-1)
    chase = _chases(demo_store)[:1]
    [(notice, outcome)] = notify.send(demo_store, chase, OFFICER)
    assert outcome.status == gateway.FAILED and outcome.attempts == 3 and "HTTP 500" in outcome.response
    assert len(gw.received) == 3
    status = demo_store.rows("SELECT status, attempts FROM notifications WHERE phone = ?", [notice.phone])
    assert status == [(gateway.FAILED, 3)]


def test_a_failed_send_is_then_recorded_as_the_officers_call(demo_store, gateway_at):
    gateway_at(fail=-1)
    [(notice, _)] = notify.send(demo_store, _chases(demo_store)[:1], OFFICER)  # 发送失败: 请电话通知
    notify.record_call(demo_store, notice, OFFICER, "已接通，马上报送")
    [(status, attempts, response)] = demo_store.rows(
        "SELECT status, attempts, response FROM notifications WHERE phone = ?", [notice.phone])
    assert (status, attempts) == (notify.CALLED, 4)  # three sends, then the call
    assert "HTTP 500" in response and response.endswith("电话：已接通，马上报送")  # the gateway's answer kept
    with pytest.raises(ValidationError, match="今天已通知过"):
        notify.record_call(demo_store, notice, OFFICER)  # phoned once: not again
    assert notify.send(demo_store, _chases(demo_store)[:1], OFFICER) == []  # nor sent again today


def test_two_senders_at_once_send_each_message_once(demo_store, gateway_at):
    gw = gateway_at(delay=0.3)  # the app's thread and an officer's click, both while the gateway answers slowly
    chases = _chases(demo_store)
    results, errors = [], []

    def sender():
        try:
            results.append(notify.send(demo_store, chases, OFFICER))
        except Exception as exc:  # noqa: BLE001 (any failure fails the test)
            errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(b["mobile"] for b in gw.received) == sorted(n.phone for n in chases)  # each phone once
    assert sum(len(r) for r in results) == len(chases)  # neither waits for the other: they share the messages
    assert demo_store.scalar("SELECT count(*) FROM notifications") == len(chases)


def test_a_send_that_fails_once_goes_on_the_retry(demo_store, gateway_at):
    gw = gateway_at(fail=1)
    [(_, outcome)] = notify.send(demo_store, _chases(demo_store)[:1], OFFICER)
    assert outcome.ok and outcome.attempts == 2 and len(gw.received) == 2


def test_nothing_is_sent_without_a_gateway(demo_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_SMS_GATEWAY_URL", "")
    before = demo_store.scalar("SELECT count(*) FROM notifications")
    with pytest.raises(ValidationError, match="未配置短信网关"):
        notify.send(demo_store, _chases(demo_store), OFFICER)
    assert service.Reminders(demo_store, today=lambda: DAY).check() == 0
    assert demo_store.scalar("SELECT count(*) FROM notifications") == before
    notice = _chases(demo_store)[0]  # phoned instead, recorded per call by the officer who made it
    notify.record_call(demo_store, notice, OFFICER, "已接通，马上报送")
    assert demo_store.rows("SELECT status, actor, response FROM notifications") == [
        (notify.CALLED, "张伟（值班员）", "已接通，马上报送")]


@pytest.mark.parametrize("user, allowed", [
    (roles.User("office", "陈建华", roles.OFFICE), True),
    (roles.User("leader", "王建国", roles.LEADER), False),
    (roles.User("hanbin", "李娜", roles.CLERK, unit_code="610902"), False),
])
def test_who_may_send(demo_store, gateway_at, user, allowed):
    gw = gateway_at()
    if allowed:
        assert notify.send(demo_store, _chases(demo_store)[:1], user)
    else:
        with pytest.raises(ValidationError):
            notify.send(demo_store, _chases(demo_store)[:1], user)
        assert gw.received == []  # refused before anything left the machine


def test_the_service_sends_what_is_due_once(demo_store, gateway_at):
    gw = gateway_at()
    due = service.due_now(demo_store, demo_store.as_of())  # 17:00 on a May Day duty day: chases and reminders
    kinds = {n.kind for n in due}
    assert kinds == {notify.KIND_CHASE, notify.KIND_HAZARD}
    thread = service.Reminders(demo_store, every=3600, today=lambda: DAY)
    thread.start()
    try:
        assert thread.check() == len(due)
        assert thread.check() == 0  # in hand
        _until(lambda: not thread.in_hand(), "the thread to finish")
        assert thread.check() == 0  # recorded
    finally:
        thread.stop()
        thread.join(5)
    reminders = [n for n in due if n.kind == notify.KIND_HAZARD]
    assert all("整改期限为今天" in n.message for n in reminders)
    assert demo_store.scalar("SELECT count(*) FROM notifications WHERE actor = '自动提醒（系统）'") == len(due)
    assert len(gw.received) == len(due)


def _until(done, what: str, patience: float = 60.0) -> None:
    """Wait for the sending thread's work to show (``done()`` true); ``patience`` only bounds a hang."""
    end = time.monotonic() + patience
    while not done():
        assert time.monotonic() < end, f"still waiting for {what}"
        time.sleep(0.05)


def _recorded(app_db, status: str | None = None) -> int:
    where, params = ("WHERE status = ?", [status]) if status else ("", [])
    return apptest.sql(app_db, f"SELECT count(*) FROM notifications {where}", params)[0][0]


def _ready(at):
    """The panel's table of the messages ready to send or read out."""
    [table] = [d.value for d in at.dataframe if "短信内容" in d.value.columns]
    return table


def _states(at) -> list[str]:
    """The 状态 column of the panel's messages (AppTest does not keep a dataframe's key: found by its columns)."""
    [table] = [d.value for d in at.dataframe if "网关应答" in d.value.columns]
    return list(table["状态"])


def test_the_duty_page_hands_each_countys_chase_over_and_returns_before_the_gateway_answers(app_db, monkeypatch):
    """A slow gateway (it answers only when the test lets it): the click has returned, and the page shows every
    message in hand, before the gateway answered any; the thread then sends each, and they end 已发送, each county's
    chase in its own 调度记录 row with the answer."""
    gw = Gateway(hold=True)
    try:
        monkeypatch.setenv("DASHBOARD_SMS_GATEWAY_URL", gw.url)
        monkeypatch.setenv("DASHBOARD_SMS_TIMEOUT_SECONDS", "120")  # held, not timed out
        monkeypatch.setenv("DASHBOARD_SMS_TEST_GATEWAY", "true")  # the demo's day, to the local gateway
        at = apptest.open_page("app_pages/duty.py", user="duty")
        texts = set(_ready(at)["短信内容"])
        assert len(texts) == 4 and all(t.startswith("【安康市安委办】") for t in texts)  # one text per missing county
        messages = len(_chases(dashboard_ui.store()))
        at.button(key="duty.chase.sms.sms").click().run()
        assert gw.answered == 0  # the click's run ended while the gateway had answered nothing
        assert not at.error, [e.value for e in at.error]
        assert [m.value for m in at.success] == [f"已交由系统发送 {messages} 条短信，发送情况见下表（自动刷新）；"
                                                 "发送失败的会标记，请电话通知。"]
        assert set(_states(at)) <= {notify.notices.PENDING, notify.notices.SENDING}
        assert len(_states(at)) == messages
        assert _recorded(app_db) == 0
        assert at.button(key="duty.chase.sms.sms").disabled  # all in hand: nothing left to send
        assert any("发送中 " in e.label for e in at.expander)
        gw.release()
        _until(lambda: _recorded(app_db) == messages, "every message recorded")
        at.run()
        assert _states(at) == [gateway.SENT] * messages
        assert gw.answered == len(gw.received) == messages  # each sent once
        assert apptest.sql(app_db, "SELECT DISTINCT actor FROM notifications") == [("张伟（值班员）",)]
        logged = apptest.sql(app_db, "SELECT response FROM dispatch_log WHERE content LIKE '【安康市安委办】%'")
        assert len(logged) == 4 and all("已发送" in r for (r,) in logged)  # each send and its answer in 调度记录
    finally:
        gw.close()


def test_the_states_a_message_goes_through(demo_store, gateway_at):
    gw = gateway_at(fail=1)  # the first attempt answered 500, the second 200
    seen = []
    [(notice, outcome)] = notify.send(demo_store, _chases(demo_store)[:1], OFFICER,
                                      progress=lambda n, state, answer: seen.append((state, answer)))
    assert outcome.ok and len(gw.received) == 2
    assert [state for state, _ in seen] == [notify.notices.SENDING, notify.notices.RETRYING, gateway.SENT,
                                            notify.notices.RECORDED]
    assert seen[1][1].startswith("HTTP 500")  # the failed attempt's answer, shown while it waits to retry


def test_the_thread_sends_what_it_is_handed_once(demo_store, gateway_at):
    gw = gateway_at(delay=0.2)
    thread = service.Reminders(demo_store, every=3600, today=lambda: DAY)
    thread.start()
    try:
        chases = _chases(demo_store)
        assert thread.hand(chases, OFFICER) == len(chases)
        assert thread.hand(chases, OFFICER) == 0  # in hand already: not taken twice
        _until(lambda: not thread.in_hand(), "the thread to finish")
        assert sorted(b["mobile"] for b in gw.received) == sorted(n.phone for n in chases)
        assert demo_store.rows("SELECT DISTINCT status, actor FROM notifications") == [(gateway.SENT, "张伟（值班员）")]
        assert thread.hand(chases, OFFICER) == 0  # recorded today: not again
        with pytest.raises(ValidationError):  # refused at once, nothing taken, as notify.send refuses
            thread.hand(chases, roles.User("leader", "王建国", roles.LEADER))
    finally:
        thread.stop()
        thread.join(5)


def test_the_ledger_lists_todays_deadlines_and_records_a_call_without_a_gateway(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_SMS_GATEWAY_URL", "")
    at = apptest.open_page("app_pages/hazards.py")
    reminders = [m for m in _ready(at)["短信内容"] if "整改期限为今天" in m]
    due = apptest.sql(app_db, "SELECT count(*) FROM hazards WHERE deadline = DATE '2021-05-03' AND status <> '已销号'"
                              " AND resp_phone IS NOT NULL")[0][0]
    assert len(reminders) == due > 0
    assert not [b for b in at.button if b.key == "hazards.remind.sms"]  # no gateway: no send button
    picked = at.selectbox(key="hazards.remind.who").value  # the message to read out to the person picked, whole
    assert [t.value for t in at.text if "整改期限为今天" in str(t.value)] == [
        m for m, who in zip(_ready(at)["短信内容"], _ready(at)["手机"]) if who in picked][:1]
    at.text_input(key="hazards.remind.answer").input("已知晓，今天完成")
    at.button(key="hazards.remind.call").click().run()
    assert not at.error, [e.value for e in at.error]
    assert apptest.sql(app_db, "SELECT kind, status, actor, response FROM notifications") == [
        (notify.KIND_HAZARD, notify.CALLED, "陈建华（市安委办）", "已知晓，今天完成")]


def test_the_ledger_records_the_call_that_followed_a_failed_send(app_db, monkeypatch):
    gw = Gateway(fail=-1)
    try:
        monkeypatch.setenv("DASHBOARD_SMS_GATEWAY_URL", gw.url)
        monkeypatch.setenv("DASHBOARD_SMS_RETRIES", "0")
        monkeypatch.setenv("DASHBOARD_SMS_TEST_GATEWAY", "true")  # the demo's day, to the local gateway
        at = apptest.open_page("app_pages/hazards.py")
        due = len(notify.deadline_notices(dashboard_ui.store(), date(2021, 5, 3)))
        at.button(key="hazards.remind.sms").click().run()
        assert not at.error, [e.value for e in at.error]
        _until(lambda: _recorded(app_db) == due, "every reminder answered")
        failed = _recorded(app_db, "发送失败")
        assert failed == due > 0
        at.run()
        assert set(_states(at)) == {gateway.FAILED}
        who = at.selectbox(key="hazards.remind.who")  # 失败的已标记，请电话通知: each failed one can be recorded
        assert len(who.options) == failed
        at.text_input(key="hazards.remind.answer").input("已接通")
        at.button(key="hazards.remind.call").click().run()
        assert not at.error, [e.value for e in at.error]
        assert apptest.sql(app_db, "SELECT status, actor FROM notifications WHERE response LIKE '%电话：已接通'") == [
            (notify.CALLED, "陈建华（市安委办）")]
    finally:
        gw.close()


def test_the_reminder_thread_outlives_a_failed_check(demo_db_path, tmp_path, gateway_at):
    """A check that fails in a way nobody foresaw (here: its store closed under it) is logged, and the thread goes on
    checking: it used to end silently, and no reminder went out again until the app restarted."""
    import shutil

    from dashboard.db import Store

    gateway_at()
    copy = tmp_path / "closed.duckdb"
    shutil.copy(demo_db_path, copy)
    store = Store.open(copy)
    store.close()
    thread = service.Reminders(store, every=0.05, today=lambda: DAY)
    thread.start()
    try:
        time.sleep(0.5)
        assert thread.is_alive()
    finally:
        thread.stop()
        thread.join(2)


@pytest.mark.parametrize("test_gateway", ["", "true"])
def test_nothing_goes_out_while_the_stores_time_is_not_today(demo_store, gateway_at, monkeypatch, test_gateway):
    """The app's own check sends only for today, even to a test gateway (sms_test_gateway lets a click hand the demo's
    messages over, not the check send them by itself a minute after the app starts)."""
    gw = gateway_at()
    monkeypatch.setenv("DASHBOARD_SMS_TEST_GATEWAY", test_gateway)
    assert service.Reminders(demo_store).check() == 0  # the demo's 2021-05-03: never chase a past day on real phones
    assert gw.received == [] and demo_store.scalar("SELECT count(*) FROM notifications") == 0
