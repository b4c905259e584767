"""The county clerk's phone page at 390×844 in a real browser: signed in as 汉滨区's clerk, today's report sent
with one tap, one column, nothing wider than the screen, touch targets at least 44 px high."""

from __future__ import annotations

import time

from browser_helpers import assert_cjk_glyphs, screenshot, wait_idle
import pytest
from conftest import copy_demo, guarded_context, sign_in

from scripts import app_server
from photos import phone_photo

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture(scope="module")
def clerk_app(demo_db_path, tmp_path_factory):
    """An app of its own: the clerk's reports and steps must not change what the other browser tests read."""
    folder = tmp_path_factory.mktemp("clerk")
    db = copy_demo(demo_db_path, folder / "dashboard.duckdb")
    port = app_server.free_port()
    proc = app_server.start(db, port, folder / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    app_server.stop(proc)


def _signed(browser, url: str, login: str, password: str, **options):
    context = guarded_context(browser, **options)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, url, login, password)
    return context, page


def test_a_clerk_sends_todays_report_from_a_phone(browser, clerk_app, demo_password):
    app_url = clerk_app
    context, page = _signed(browser, app_url, "hanbin", demo_password, **PHONE)
    try:
        started = time.monotonic()
        page.goto(app_url + "/")  # a clerk arrives on 县区填报
        page.get_by_text("县区填报 · 汉滨区").wait_for()
        page.wait_for_url("**/clerk")
        zero = page.get_by_role("button", name="零报告（今日无事故、无火灾、无伤亡）")
        box = zero.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300, box  # a thumb's target, the screen's width
        screenshot(page, "clerk_phone_before", height=844)
        page.get_by_text("确认以新的报告替换第").click()  # 汉滨区 has reported today: the replacement is confirmed
        zero.click()
        page.get_by_text("已报送零报告").wait_for()
        took = time.monotonic() - started
        wait_idle(page)
        assert took < 60, f"sending the day's report took {took:.0f} s"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide on a 390 px phone"
        assert_cjk_glyphs(page)
        for name in ("开始整改", "提交整改完成"):  # the overdue hazards' steps are as large
            found = page.get_by_role("button", name=name)
            if found.count():
                assert found.first.bounding_box()["height"] >= 44
        screenshot(page, "clerk_phone_sent", height=2400)
    finally:
        context.close()
    assert context.external == []


def test_a_clerk_attaches_an_after_photo_from_the_phone(browser, clerk_app, demo_password, tmp_path):
    app_url = clerk_app
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_photo())
    context, page = _signed(browser, app_url, "hanbin", demo_password, **PHONE)
    try:
        page.goto(app_url + "/clerk")  # its own address works as well as the root
        page.get_by_text("本县区逾期隐患").wait_for()
        assert page.get_by_text("Page not found").count() == 0
        button = page.get_by_role("button", name="提交整改完成").first
        hazard_id = button.evaluate("""b => { let e = b;  // the hazard card the button sits in names the hazard
            while (e && !/YH\\d{4}-\\d{6}/.test(e.innerText)) e = e.parentElement;
            return e.innerText.match(/YH\\d{4}-\\d{6}/)[0]; }""")
        button.click()
        popover = page.locator('[data-testid="stPopoverBody"]')
        popover.get_by_label("整改措施").fill("已更换老化线路，现场复核无误")
        popover.locator('input[type="file"]').set_input_files(str(photo))
        popover.get_by_text("IMG_2041.jpg").wait_for()
        screenshot(page, "clerk_phone_photo", height=844)
        popover.get_by_role("button", name="提交", exact=True).click()
        page.get_by_text(f"{hazard_id}：已提交整改完成，等待复核。").wait_for()
    finally:
        context.close()
    assert context.external == []

    office, ledger = _signed(browser, app_url, "office", demo_password)
    try:
        ledger.goto(f"{app_url}/hazards?hazards.id={hazard_id}")
        ledger.get_by_role("button", name="查看原图").first.wait_for()  # the photo under 提交整改完成 in the timeline
        thumb = ledger.locator('[data-testid="stImage"] img').last
        assert thumb.evaluate("img => img.naturalWidth") > 0
        ledger.get_by_role("button", name="查看原图").first.click()
        dialog = ledger.get_by_role("dialog")
        dialog.locator("img").wait_for()
        assert dialog.locator("img").evaluate("img => img.naturalHeight > img.naturalWidth")  # turned upright
        screenshot(ledger, "hazard_evidence_full_size", height=1000)
    finally:
        office.close()
    assert office.external == []
