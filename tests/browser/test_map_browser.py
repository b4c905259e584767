"""一张图 in a real browser with every outside request aborted: polygons, zones, fire-unit markers, clusters,
legend and layer control drawn; a click on a county selects it and the figures beside the map change."""

import json
from pathlib import Path

from deep_link import open_deep_link
from browser_helpers import MAP_FRAME, screenshot, wait_idle

ROOT = Path(__file__).resolve().parents[2]
COUNTY_ORDER = [f["properties"]["name"] for f in
                json.loads((ROOT / "data" / "ankang_counties.geojson").read_text(encoding="utf-8"))["features"]]


def _metric(page, label):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).first.locator(
        '[data-testid="stMetricValue"]').inner_text()


def test_map_page_draws_every_layer_offline_and_a_county_click_selects_it(page, app_url):
    open_deep_link(page, app_url, "/map")
    frame = page.frame_locator(MAP_FRAME)
    paths = frame.locator("path.leaflet-interactive")
    paths.first.wait_for()
    # 10 county polygons + 2 zone circles + 14 fire-hazard units
    assert paths.count() >= 26
    frame.locator(".marker-cluster").first.wait_for()          # hazards clustered (local markercluster assets)
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert frame.locator(".dash-legend").inner_text().startswith("未销号隐患")
    page.get_by_role("heading", name="全市").wait_for()
    city_open = _metric(page, "未销号隐患")
    screenshot(page, "map")

    # the most urgent fire-hazard unit (drawn after 10 polygons and 2 zone circles) opens its popup
    paths.nth(12).dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "逾期33天" in popup.inner_text() and "责任人" in popup.inner_text()
    wait_idle(page)

    county = "白河县"
    paths.nth(COUNTY_ORDER.index(county)).dispatch_event("click")
    page.get_by_role("heading", name=county).wait_for()
    wait_idle(page)
    assert _metric(page, "未销号隐患") != city_open
    assert "map.county=" in page.url
    # the map is still drawn after the click (no blank frame)
    frame.locator("path.leaflet-interactive").first.wait_for()
    screenshot(page, "map_county_clicked")


def test_map_measure_from_the_url_colours_by_rectification_rate(page, app_url):
    open_deep_link(page, app_url, "/map?map.measure=隐患整改率")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".dash-legend").wait_for()
    assert frame.locator(".dash-legend").inner_text().startswith("隐患整改率")
