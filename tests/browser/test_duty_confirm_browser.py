"""假期值班 in a real browser (issue 12 item 3): replacing a report that is already filed asks first, right
beside the button that was pressed, and the answer shows there; a write on the 事故信息 tab keeps that tab
open with the record just made in view.

Writes to the shared browser database: a second version (零报告) of 汉滨区's 2021-05-03 report (the count of
units that have reported does not change) and one incident for 岚皋县 without casualties."""

from browser_helpers import screenshot, wait_idle
from deep_link import open_deep_link


def _below(upper, lower) -> float:
    """How far ``lower`` is drawn below ``upper`` (px, the same scroll position for both)."""
    lower.scroll_into_view_if_needed()
    return lower.bounding_box()["y"] - upper.bounding_box()["y"]


def test_a_filed_report_is_replaced_only_after_a_confirmation_beside_the_button(page, app_url):
    open_deep_link(page, app_url, "/duty?county=汉滨区")
    zero = page.get_by_role("button", name="一键零报告（无事报平安）")
    zero.click()
    wait_idle(page)
    question = page.get_by_text("汉滨区今日已报送 有情况（第1版，14:36），再次报送将作为第2版替换当前版本", exact=False)
    question.wait_for()
    assert 0 < _below(zero, question) < 250   # right below the button, not at the top of the page
    screenshot(page, "duty_confirm_replacing", height=1400)
    page.get_by_role("button", name="确认报送第2版").click()
    said = page.get_by_text("汉滨区 5月3日 零报告已报送（第2版，已替换第1版）。")
    said.wait_for()
    wait_idle(page)
    assert 0 < _below(zero, said) < 250
    assert page.get_by_text("再次报送将作为第2版替换当前版本").count() == 0


def _type_time(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def test_an_incident_recorded_stays_in_view_on_its_tab(page, app_url):
    open_deep_link(page, app_url, "/duty")
    page.get_by_role("tab", name="事故信息").click()
    wait_idle(page)
    assert "duty.tab=" in page.url
    page.get_by_text("记录事故（事件）信息").click()
    wait_idle(page)
    picker = page.get_by_role("combobox", name="县区", exact=True).last
    picker.scroll_into_view_if_needed()   # a click that has to scroll first only focuses the box
    page.wait_for_timeout(300)
    picker.click()
    page.keyboard.type("岚皋县")  # a focused box that did not open on the click opens on typing (seen under load)
    page.get_by_role("option", name="岚皋县", exact=True).click()
    _type_time(page, "事发时间", "14:00")
    _type_time(page, "接报时间", "14:20")
    _type_time(page, "上报时间（当日）", "14:50")
    page.get_by_label("地点", exact=True).fill("岚皋县城关镇滨江路")
    page.get_by_label("性质", exact=True).fill("道路交通事故")
    page.get_by_label("受伤（含重伤）", exact=True).fill("1")
    page.get_by_role("button", name="记录", exact=True).click()
    said = page.get_by_text("已记录 SJ20210503-03（初报）", exact=False)
    said.wait_for()
    wait_idle(page)
    assert page.get_by_role("tab", name="事故信息").get_attribute("aria-selected") == "true"
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"] [role="row"]')]
                 .some(r => r.textContent.includes('SJ20210503-03'))""")
    said.scroll_into_view_if_needed()
    screenshot(page, "duty_incident_recorded", height=2600)
