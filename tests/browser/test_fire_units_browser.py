"""重大火灾隐患 in a real browser, offline: the overdue units and who is responsible at a glance, the
Gantt and the countdown drawn, a unit's detail from the URL, and the announcement downloaded and opened."""

from urllib.parse import quote

from deep_link import open_deep_link
from browser_helpers import assert_cjk_glyphs, download_workbook, screenshot
from office_files import office_sheet, sheet_records


def test_fire_units_page_shows_who_is_late(page, app_url):
    open_deep_link(page, app_url, "/fire_units")
    page.get_by_text("已逾期：", exact=False).first.wait_for()
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="已逾期").first.inner_text()
    assert "白河县城关镇大桥路农贸市场" in alert and "逾期33天" in alert and "责任人" in alert
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= 2")
    assert page.locator('[data-testid="stPlotlyChart"]').filter(has_text="倒排工期").count() == 1
    assert_cjk_glyphs(page)
    screenshot(page, "fire_units")

    page.get_by_text("只看已逾期").click()          # the filter lands in the URL, so the view can be sent
    page.get_by_text("整改清单（3 / 14 家").wait_for()
    assert "fire.overdue=" in page.url

    _, book = download_workbook(page, "导出公告清单（Excel）")
    sheet = book.active
    office_sheet(sheet, title="安康市重大火灾隐患单位及整改责任公告（已逾期）")  # the title says the filter
    rows = sheet_records(sheet)
    assert len(rows) == 3  # the export follows the filters: the three overdue units
    assert rows[0]["单位名称"] == "白河县城关镇大桥路农贸市场"


def test_unit_detail_from_the_url(page, app_url):
    open_deep_link(page, app_url, "/fire_units?fire.id=" + quote("ZDHZ-10 白河县城关镇大桥路农贸市场"))  # the link a selection makes
    page.locator("[data-testid=stMarkdownContainer]").get_by_text("逾期33天").filter(visible=True).first.wait_for()  # the badge
    page.get_by_text("历史记录").wait_for()
    page.get_by_text("立案", exact=True).filter(visible=True).first.wait_for()
    assert page.get_by_role("button", name="确认更新进度").count() == 1
    page.get_by_text("单位详情与处理").scroll_into_view_if_needed()
    screenshot(page, "fire_unit_detail")
