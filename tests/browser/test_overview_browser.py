"""The overview in a real browser: tiles, charts and the offline map drawn, Chinese glyphs, no outside requests."""

from browser_helpers import IDLE, MAP_FRAME, assert_cjk_glyphs, screenshot, wait_idle


def test_overview_renders_offline(page, app_url):
    page.goto(app_url)
    wait_idle(page)
    page.get_by_text("未销号隐患", exact=True).first.wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= 3")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").first.wait_for()
    assert frame.locator("path.leaflet-interactive").count() >= 10  # ten county polygons (+ zone circles)
    frame.locator(".marker-cluster").first.wait_for()  # the open hazards, clustered in the browser from data
    assert page.locator('[data-testid="stMetric"]').count() >= 9
    assert page.get_by_text("演示数据").count() >= 1
    assert page.get_by_text("数据截至 2021-05-03 17:00").count() >= 1
    assert_cjk_glyphs(page)
    screenshot(page, "overview")  # docs/overview.png in the README is taken the same way, on an untouched demo store


def test_scope_from_the_url_narrows_the_page(page, app_url):
    page.goto(app_url + "/?county=汉滨区")
    wait_idle(page)
    page.locator(IDLE).wait_for()
    page.get_by_text("范围：汉滨区").first.wait_for()
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").first.wait_for()
