"""The county clerk's phone page at 390×844 in a real browser: signed in as 汉滨区's clerk, today's report sent
with one tap, one column, nothing wider than the screen, touch targets at least 44 px high."""

from __future__ import annotations

import time

from browser_helpers import assert_cjk_glyphs, screenshot, wait_idle
from conftest import guarded_context

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def test_a_clerk_sends_todays_report_from_a_phone(browser, app_url, signed_in):
    context = guarded_context(browser, signed_in("hanbin"), **PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        started = time.monotonic()
        page.goto(app_url + "/")  # a clerk's home page is 县区填报
        page.get_by_text("县区填报 · 汉滨区").wait_for()
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
