"""专项整治 in a real browser, offline: the figures, the progress charts drawn with the overdue categories in
red, Chinese glyphs, the 仅逾期 filter in the URL, a row click opening its item, and a progress update through the form landing in the
history. It writes only to item 19-1 (铁路沿线环境整治), which no other test reads."""

from urllib.parse import parse_qs, quote, urlparse

from browser_helpers import assert_cjk_glyphs, click_first_row, screenshot, wait_idle
from deep_link import open_deep_link

RED_BAR = "rgb(214, 39, 40)"  # clock.URGENCY_COLORS red, as the browser reports a bar's fill


def test_tasks_page_shows_progress_and_the_laggards(page, app_url):
    open_deep_link(page, app_url, "/tasks")
    page.get_by_text("已逾期：", exact=False).first.wait_for()
    tiles = page.locator('[data-testid="stMetric"]')
    tiles.nth(5).wait_for()
    values = [tiles.nth(i).locator('[data-testid="stMetricValue"]').inner_text() for i in range(6)]
    assert values[0] == "61" and values[4] == "5"
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= 2")
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="各类别平均完成进度")
    bars = chart.locator("g.point path")
    bars.nth(24).wait_for()
    assert bars.count() == 25
    fills = [bars.nth(i).evaluate("e => getComputedStyle(e).fill") for i in range(25)]
    assert fills.count(RED_BAR) == 5   # the five categories with an overdue sub-item
    assert page.locator('[data-testid="stPlotlyChart"]').filter(has_text="各牵头部门平均完成进度").count() == 1
    assert_cjk_glyphs(page)
    screenshot(page, "tasks")

    page.get_by_text("仅逾期").click()           # the filter lands in the URL, so the view can be sent
    page.get_by_text("任务清单（5 / 61 项）").wait_for()
    assert "tasks.overdue=" in page.url

    # a click on the first row of the filtered list opens that item (and puts it in the URL)
    click_first_row(page)
    page.get_by_text("历史记录").wait_for()
    assert "2-1 重大火灾隐患挂牌督办整治" in parse_qs(urlparse(page.url).query)["tasks.id"][0]


def test_a_progress_update_lands_in_the_history(page, app_url):
    open_deep_link(page, app_url, "/tasks?tasks.id=" + quote("19-1 铁路沿线环境整治"))
    page.get_by_text("历史记录").wait_for()
    page.get_by_role("button", name="保存进度").wait_for()
    page.get_by_role("spinbutton", name="完成进度（%）").fill("85")
    page.get_by_role("textbox", name="进展情况（进度下调时必须写明原因）").fill("完成沿线彩钢瓦清理")
    page.get_by_role("button", name="保存进度").click()
    page.get_by_text("进度已更新为 85%", exact=False).wait_for()
    wait_idle(page)
    page.get_by_text("原进度%：70；进度%：85").wait_for()
    page.get_by_text("原因：完成沿线彩钢瓦清理").wait_for()
    page.get_by_text("任务详情与进度更新").scroll_into_view_if_needed()
    screenshot(page, "task_detail")
