"""Links between pages in a real browser: clicking one carries the county scope exactly as the same link
opened cold does (issue 12 item 1: the ranking's link into 隐患台账 used to open scoped to 全市, 39 rows)."""

from urllib.parse import parse_qs, urlparse

from browser_helpers import screenshot, wait_idle
from deep_link import open_deep_link


def _scope_line(page) -> str:
    return page.get_by_text("数据截至", exact=False).filter(has_text="范围：").first.inner_text()


def test_the_rankings_link_opens_the_ledger_scoped_to_its_county(page, app_url):
    open_deep_link(page, app_url, "/ranking?ranking.unit=汉滨区")  # the city's ranking, 汉滨区 picked
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="逾期未整改隐患").last
    expander.locator("summary").click()
    wait_idle(page)
    link = expander.get_by_text("在隐患台账中查看汉滨区的逾期未整改隐患")
    link.click()
    page.get_by_text("复制链接 · 当前筛选", exact=False).wait_for()
    wait_idle(page)
    page.get_by_text("共 10 条", exact=False).wait_for()
    assert _scope_line(page).endswith("范围：汉滨区")
    query = parse_qs(urlparse(page.url).query)
    assert query["county"] == ["汉滨区"] and query["hazards.flags"] == ["逾期"]
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "汉滨区" in sidebar.locator('[data-testid="stMultiSelect"]').inner_text()
    screenshot(page, "link_ranking_to_ledger")

    # the sidebar's navigation keeps the scope the link brought
    sidebar.get_by_text("县区排名").click()
    wait_idle(page)
    page.get_by_text("名次为全市12个县区的排名", exact=False).wait_for()
    assert _scope_line(page).endswith("范围：汉滨区")
