"""县区排名 in a real browser, offline: the score bars and the table drawn with Chinese glyphs, a county
picked, its breakdown (headline, waterfall, lines) and one rule's records opened, the unit in the URL."""

from urllib.parse import parse_qs, urlparse

from browser_helpers import assert_cjk_glyphs, screenshot, wait_idle
from deep_link import open_deep_link


def _charts_drawn(page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= {count}")


def test_ranking_answers_why_a_county_ranks_where_it_does(page, app_url):
    open_deep_link(page, app_url, "/ranking")
    page.get_by_text("名次为全市12个县区的排名", exact=False).wait_for()
    _charts_drawn(page, 1)
    bars = page.locator('[data-testid="stPlotlyChart"]').first
    assert bars.locator("g.point path").count() == 12
    assert "第1 " in bars.inner_text() and "第12 " in bars.inner_text()  # the whole city ranked, 1st to 12th
    page.locator('[data-testid="stDataFrame"]').nth(1).wait_for()  # the ranking table (a canvas)
    assert_cjk_glyphs(page)
    screenshot(page, "ranking")

    # pick a county: its breakdown, summing to its score, and the records behind one deduction
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="县区").last
    picker.scroll_into_view_if_needed()
    picker.click()
    page.keyboard.type("汉滨区")
    page.keyboard.press("Enter")
    wait_idle(page)
    headline = page.get_by_text("汉滨区 本月得分", exact=False).first
    headline.wait_for()
    assert "排名第" in headline.inner_text() and "逾期未整改隐患" in headline.inner_text()  # 汉滨区 has 10 overdue
    assert parse_qs(urlparse(page.url).query)["ranking.unit"] == ["汉滨区"]
    _charts_drawn(page, 2)
    breakdown = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="得分构成")
    breakdown.first.wait_for()  # two charts drawn may still be the bars' old and new frames under load
    assert breakdown.count() == 1
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="逾期未整改隐患").last
    expander.locator("summary").click()
    wait_idle(page)
    expander.get_by_text("在隐患台账中查看汉滨区的逾期未整改隐患").wait_for()
    expander.locator('[data-testid="stDataFrame"]').wait_for()
    page.get_by_text("扣分依据（逐项记录）").scroll_into_view_if_needed()
    screenshot(page, "ranking_breakdown")
