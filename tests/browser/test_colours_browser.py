"""The one colour language as a browser draws it (issue 12 item 5): a tile's state colour on its value and
edge, primary buttons in the neutral blue (not the red of danger), and on the map hazard clusters in a
neutral blue-grey whose counts no fire-unit circle covers."""

from __future__ import annotations

from browser_helpers import MAP_FRAME, screenshot, wait_idle
from deep_link import open_deep_link

from dashboard import clock, plotting


def _rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


RED, ORANGE = _rgb(clock.URGENCY_COLORS[clock.RED]), _rgb(clock.URGENCY_COLORS[clock.ORANGE])
URGENCY = {_rgb(c) for c in clock.URGENCY_COLORS.values()}


def _tile(page, label: str) -> dict:
    tile = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return tile.evaluate("""t => ({value: getComputedStyle(t.querySelector('[data-testid="stMetricValue"]')).color,
                                  edge: getComputedStyle(t).borderLeftColor})""")


def test_tiles_show_their_state(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_deep_link(page, app_url, "/")
    assert _tile(page, "逾期未整改") == {"value": RED, "edge": RED}         # 39 overdue
    assert _tile(page, "最近整改期限") == {"value": ORANGE, "edge": ORANGE}  # 3 days left
    plain = _tile(page, "未销号隐患")
    assert plain["value"] not in URGENCY and plain["edge"] not in URGENCY  # a total is no state


def test_primary_buttons_are_the_neutral_blue(page, app_url):
    open_deep_link(page, app_url, "/duty")
    button = page.get_by_role("button", name="一键零报告（无事报平安）")
    button.wait_for()
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == _rgb(plotting.BLUE)


HITS = """
badges => badges.map(b => {
  const r = b.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {count: b.innerText, colour: getComputedStyle(b).backgroundColor,
          ring: getComputedStyle(b.parentElement).borderTopColor,
          onFireUnit: !!(hit && hit.closest('.leaflet-fireUnits-pane')), onBadge: !!(hit && b.contains(hit)),
          shown: r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth};
})
"""


def test_clusters_are_neutral_and_their_counts_visible(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 900})
    open_deep_link(page, app_url, "/map")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".marker-cluster").first.wait_for()
    wait_idle(page)
    page.wait_for_timeout(800)
    badges = [b for b in frame.locator(".marker-cluster div").evaluate_all(HITS) if b["shown"]]
    assert len(badges) >= 8, badges
    assert all(b["count"].strip().isdigit() for b in badges)
    assert not [b for b in badges if b["onFireUnit"]], "a fire-unit circle covers a cluster's count"
    assert sum(b["onBadge"] for b in badges) >= len(badges) - 2  # (the legend or layer control may cover one)
    for b in badges:
        assert b["colour"] not in URGENCY and b["ring"] not in URGENCY, b
    screenshot(page, "map_clusters", height=900)
