"""督查组评价 in a real browser, offline: the groups flagged 建议约谈 with their reasons, the table and the
comparison charts drawn with the 约谈 line, Chinese glyphs, the evaluation downloaded and opened back,
a row click opening its group, the period switched into the URL, and one group's detail from the URL."""

from urllib.parse import parse_qs, quote, urlparse

from browser_helpers import assert_cjk_glyphs, click_first_row, download_workbook, screenshot, wait_idle
from office_files import office_sheet, sheet_records
from deep_link import open_deep_link


def _charts_drawn(page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= {count}")


def test_groups_page_names_the_groups_to_interview(page, app_url):
    open_deep_link(page, app_url, "/groups")
    page.get_by_text("建议约谈的督查组（4 个）").wait_for()
    flagged = page.locator('[data-testid="stVerticalBlock"]').filter(has_text="建议约谈的督查组").last.inner_text()
    assert "第十暗访督查组（驻白河县）" in flagged and "书面移交市安委办比例 61.5%，低于 90%" in flagged
    assert "每周暗访检查 3.6 次，少于 4 次" in flagged
    wait_idle(page)
    tiles = page.locator('[data-testid="stMetric"]')
    tiles.nth(5).wait_for()  # the run may still be sending the page: wait for the sixth tile, then count
    assert tiles.count() == 6 and "4 / 12 组" in tiles.first.inner_text()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()  # the table (drawn on a canvas)
    _charts_drawn(page, 2)
    for title in ("每周暗访检查次数", "书面移交比例"):
        assert page.locator('[data-testid="stPlotlyChart"]').filter(has_text=title).count() == 1, title
    assert page.locator('[data-testid="stPlotlyChart"] g.point path').count() >= 12 + 24  # 12 + 2 x 12 bars drawn
    assert page.locator('[data-testid="stPlotlyChart"]').filter(has_text="约谈线 每周4次").count() == 1
    assert_cjk_glyphs(page)
    screenshot(page, "groups")

    name, book = download_workbook(page, "导出评价表（Excel）")
    assert name.startswith("安康市督查组评价_进驻以来")
    sheet = book.active
    office_sheet(sheet)
    rows = sheet_records(sheet)
    assert len(rows) == 12 and [r["评价"] for r in rows].count("建议约谈") == 4

    # a click on the first row (a group flagged 建议约谈) opens its detail and puts it in the URL
    click_first_row(page)
    page.get_by_text("人员变更备案记录", exact=True).first.wait_for()
    assert parse_qs(urlparse(page.url).query)["groups.group"] == ["第四暗访督查组（驻宁陕县）"]

    page.get_by_role("radio", name="本季度").or_(page.get_by_role("button", name="本季度")).first.click()
    page.get_by_text("各督查组评价（本季度", exact=False).wait_for()
    wait_idle(page)
    assert "groups.period=" in page.url
    page.get_by_text("建议约谈的督查组（2 个）").wait_for()


def test_one_group_from_the_url(page, app_url):
    open_deep_link(page, app_url, "/groups?groups.group=" + quote("第四暗访督查组（驻宁陕县）"))
    page.get_by_text("人员变更备案记录", exact=True).first.wait_for()
    page.get_by_text("已备案 2021-03-10（2天）").first.wait_for()
    _charts_drawn(page, 3)
    assert page.locator('[data-testid="stPlotlyChart"]').filter(has_text="各月发现隐患").count() == 1
    page.get_by_text("督查组详情").scroll_into_view_if_needed()
    screenshot(page, "groups_detail")
