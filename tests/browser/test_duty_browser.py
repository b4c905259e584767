"""假期值班 in a real browser: the board shows 2021-05-03's missing units; a duty officer picks one that has not
reported, sends its 零报告 in one click and sees the board, the 需催报 list and the figures change.

Writes to the shared browser database: one 零报告 for 镇坪县 on 2021-05-03 (no other browser test reads
that unit's duty report)."""

from browser_helpers import assert_cjk_glyphs, screenshot, wait_idle
from deep_link import open_deep_link

BOARD = '[data-testid="stDataFrame"]'


def _board_row(page, unit: str):
    """The board's row of one unit in the hidden aria table the grid keeps beside its canvas."""
    return page.locator(BOARD).first.locator('[role="row"]').filter(has_text=unit).first


def test_zero_report_changes_the_board(page, app_url):
    open_deep_link(page, app_url, "/duty")
    page.get_by_text("报送情况一览").first.wait_for()
    page.get_by_text("每日报送截止时间").first.wait_for()
    row = _board_row(page, "镇坪县")
    row.wait_for(state="attached")
    assert "缺报·超1小时" in row.text_content()
    assert page.locator('[data-testid="stMetricValue"]').filter(has_text="8/12").count() == 1
    chase = page.locator(BOARD).nth(1)
    chase.locator('[role="row"]').filter(has_text="镇坪县").first.wait_for(state="attached")
    assert_cjk_glyphs(page)

    # pick 镇坪县 in the daily report tab and send its 零报告 in one click
    picker = page.get_by_role("combobox", name="县区", exact=True).first
    picker.scroll_into_view_if_needed()   # a click that has to scroll first only focuses the box
    page.wait_for_timeout(300)
    picker.click()
    page.get_by_role("option", name="镇坪县", exact=True).click()
    wait_idle(page)
    assert page.get_by_role("combobox", name="县区", exact=True).first.get_attribute("value") == "镇坪县"
    screenshot(page, "duty_before", height=2600)
    page.get_by_role("button", name="一键零报告（无事报平安）").click()
    page.get_by_text("镇坪县 5月3日 零报告已报送（第1版）").wait_for()
    wait_idle(page)

    row = _board_row(page, "镇坪县")
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"] [role="row"]')]
                 .some(r => r.textContent.includes('镇坪县') && r.textContent.includes('零报告·迟报1小时'))""")
    assert "零报告·迟报1小时" in row.text_content()   # submitted at the as-of time 17:00, one hour after 16:00
    assert page.locator('[data-testid="stMetricValue"]').filter(has_text="9/12").count() == 1
    chase = page.locator(BOARD).nth(1)
    chase.locator('[role="row"]').filter(has_text="岚皋县").first.wait_for(state="attached")
    # the grid keeps its place on the page, so its accessible rows follow the new data a moment later
    page.wait_for_function(
        """() => { const grids = document.querySelectorAll('[data-testid="stDataFrame"]');
                   return grids.length > 1 && ![...grids[1].querySelectorAll('[role="row"]')]
                       .some(r => r.textContent.includes('镇坪县')); }""")
    assert chase.locator('[role="row"]').filter(has_text="镇坪县").count() == 0
    screenshot(page, "duty_after", height=2600)
