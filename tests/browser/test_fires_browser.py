"""火灾统计 in a real browser, offline: the speech's 2020 figures on the tiles, the donut and the bars drawn,
Chinese glyphs, the partial year from the URL, and the statistics downloaded and opened back."""


from browser_helpers import assert_cjk_glyphs, download_workbook, screenshot, wait_idle
from office_files import office_sheet, sheet_records
from deep_link import open_deep_link


def _charts_drawn(page, count: int = 5) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= {count}")


def test_fires_page_shows_the_speech_figures(page, app_url):
    open_deep_link(page, app_url, "/fires")
    page.get_by_text("2020年全市共发生火灾878起", exact=False).first.wait_for()
    wait_idle(page)
    tiles = page.locator('[data-testid="stMetric"]')
    tiles.nth(3).wait_for()
    assert tiles.count() == 4
    values = [tiles.nth(i).locator('[data-testid="stMetricValue"]').inner_text() for i in range(4)]
    assert values == ["878", "3", "4", "1,925.00"]
    summary = page.get_by_text("共发生火灾", exact=False).first.inner_text()
    assert "住宅火灾占37.6%" in summary and "中心城区占42.0%" in summary
    _charts_drawn(page)
    # the places donut (pie slices) and the causes bars are drawn, not just their frames
    assert page.locator('[data-testid="stPlotlyChart"] g.slice').count() >= 5
    assert page.locator('[data-testid="stPlotlyChart"] g.point path').count() >= 10
    for title in ("起火场所", "起火原因", "各月火灾起数", "中心城区与其他地区", "各县区火灾起数"):
        assert page.locator('[data-testid="stPlotlyChart"]').filter(has_text=title).count() == 1, title
    assert page.locator('[data-testid="stDataFrame"]').count() == 1  # the big fires (drawn on a canvas)
    assert_cjk_glyphs(page)
    screenshot(page, "fires")

    name, book = download_workbook(page, "导出统计表（Excel）")
    assert name.startswith("安康市2020年火灾统计")
    sheet = book.active
    office_sheet(sheet, title="安康市2020年火灾统计")
    total = next(r for r in sheet_records(sheet) if r["分类"] == "合计")
    assert (total["起数"], total["占比(%)"], total["死亡(人)"]) == (878, 100, 3)


def test_the_partial_year_from_the_url(page, app_url):
    open_deep_link(page, app_url, "/fires?fires.year=2021")
    page.get_by_text("不完整年度", exact=False).first.wait_for()
    wait_idle(page)
    assert page.get_by_text("2020年同期", exact=False).count() >= 1
    _charts_drawn(page)
    screenshot(page, "fires_2021")
