"""发送短信 on 假期值班 in a real browser, against a local gateway that answers only when the test lets it: the click's
run ends while the gateway has answered nothing, the panel says the messages are in hand, and once the gateway
answers the panel follows by itself (its fragment's timer), with no click and no reload."""

from __future__ import annotations

import pytest
from browser_helpers import screenshot, wait_idle
from conftest import copy_demo, guarded_context, sign_in
from sms_gateway import Gateway

from scripts import app_server


@pytest.fixture(scope="module")
def gateway():
    gw = Gateway(hold=True)
    yield gw
    gw.close()


@pytest.fixture(scope="module")
def sms_app(demo_db_path, tmp_path_factory, gateway):
    """An app of its own, with the gateway configured (its sends must not change what the other tests read)."""
    folder = tmp_path_factory.mktemp("sms")
    db = copy_demo(demo_db_path, folder / "dashboard.duckdb")
    port = app_server.free_port()
    proc = app_server.start(db, port, folder / "streamlit.log",
                            env={"DASHBOARD_SMS_GATEWAY_URL": gateway.url, "DASHBOARD_SMS_TIMEOUT_SECONDS": "120",
                                 "DASHBOARD_SMS_TEST_GATEWAY": "true"})  # the demo's day, to the local gateway
    yield f"http://127.0.0.1:{port}"
    app_server.stop(proc)


def test_the_panel_follows_the_sends_by_itself(browser, sms_app, gateway, demo_password):
    context = guarded_context(browser)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        sign_in(page, sms_app, "duty", demo_password)
        page.goto(sms_app + "/duty")
        panel = page.get_by_text("催报短信（4 项，待通知 8 条）")
        panel.click()  # the expander opens
        page.get_by_role("button", name="发送短信（8 条）").click()
        page.get_by_text("已交由系统发送 8 条短信").wait_for()
        wait_idle(page)
        assert gateway.answered == 0  # the click's run is over; the gateway has not answered a single message
        page.get_by_text("催报短信（4 项，待通知 0 条，发送中 8 条）").wait_for()
        screenshot(page, "sms_in_hand")
        assert page.locator("button", has_text="发送短信（0 条）").is_disabled()
        gateway.release()
        # nobody clicks: the fragment redraws every 2 s, then reruns the page once every message is recorded
        page.get_by_text("催报短信（4 项，待通知 0 条）").wait_for(timeout=90_000)
        wait_idle(page)
        assert gateway.answered == len(gateway.received) == 8
        screenshot(page, "sms_sent")
    finally:
        context.close()
    assert context.external == [], f"the page tried to reach outside the machine: {context.external}"
