"""The wall screen at 1920×1080 in a real browser, offline: dark, no chrome, big numbers, a refresh without a
page reload, and every view of the playlist in turn (screenshots kiosk_<view>.png)."""

from __future__ import annotations

import re
import shutil
import time

from browser_helpers import IDLE, MAP_FRAME, assert_cjk_glyphs, screenshot

from dashboard import kiosk
from scripts import app_server

VIEWS = list(kiosk.VIEWS)  # every view names a page (tests/kiosk/test_kiosk.py)
DWELL = {"map": 12}  # the first map load fetches Leaflet; the others need less
PLAYLIST = ",".join(f"{key}:{DWELL.get(key, 7)}" for key in VIEWS)
WALL = f"/app/static/wall.html?refresh=3&exceptions=0&views={PLAYLIST}"  # the README's short address
BAR = '[class*="st-key-kiosk-bar"]'


def _view_of(url: str) -> str | None:
    """The view whose page's url_path the browser is on."""
    path = url.split("://", 1)[1].split("?", 1)[0].partition("/")[2] if "://" in url else url
    return next((key for key in VIEWS if path.strip("/") == kiosk.VIEWS[key].url_path), None)


def _ready(page, view: str) -> None:
    """Wait for what only this view draws."""
    page.locator(IDLE).wait_for(timeout=30_000)
    if view == "map":
        page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    elif view == "duty":
        page.get_by_text("报送情况一览").first.wait_for()
    elif view == "fire_units":
        page.get_by_text("整改清单").first.wait_for()
    else:
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)


def test_the_wall_screen_refreshes_and_rotates(page, app_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(app_url + WALL)
    page.locator(BAR).get_by_text("读取于").wait_for(timeout=60_000)
    assert "kiosk=1" in page.url and "embed_options=dark_theme" in page.url and "refresh=3" in page.url
    page.evaluate("window.__wall = 'loaded once'")  # a page reload would lose it

    # dark, no Streamlit chrome, no sidebar, numbers readable from across the room
    assert page.locator('[data-testid="stSidebar"]').count() == 0 or not page.locator(
        '[data-testid="stSidebar"]').first.is_visible()
    assert not page.locator('[data-testid="stHeader"]').first.is_visible()
    rgb = page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
    red, green, blue = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    assert 0.2126 * red + 0.7152 * green + 0.0722 * blue < 60, rgb  # a dark background
    page.locator('[data-testid="stMetricValue"]').first.wait_for()
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-testid=\"stMetricValue\"]')).fontSize)")
    assert size >= 56, size  # about 6 cm high on a 55-inch 1080p screen
    assert_cjk_glyphs(page)

    # a refresh happens on its own: the read time changes, the page is not reloaded
    first = page.locator(BAR).get_by_text("读取于").inner_text()
    page.wait_for_function(
        "([sel, before]) => { const bar = document.querySelector(sel);"
        " return bar && bar.innerText.includes('读取于') && !bar.innerText.includes(before); }",
        arg=[BAR, first.split("·")[0].strip()], timeout=20_000,
    )
    assert page.evaluate("window.__wall") == "loaded once"

    # every view of the playlist comes on in turn, without a page reload
    seen: list[str] = []
    deadline = time.monotonic() + 2 * sum(DWELL.get(k, 7) for k in VIEWS) + 30
    while set(seen) != set(VIEWS) and time.monotonic() < deadline:
        view = _view_of(page.url)
        if view and view not in seen:
            _ready(page, view)
            if _view_of(page.url) == view:  # still on it once drawn
                screenshot(page, f"kiosk_{view}", height=1080)
                seen.append(view)
        page.wait_for_timeout(300)
    assert set(seen) == set(VIEWS), f"views seen: {seen}, expected {VIEWS}"
    assert page.evaluate("window.__wall") == "loaded once"


def test_the_wall_comes_back_by_itself_after_the_server_restarts(page, demo_db_path, tmp_path):
    """Its own app (the shared one must not go away): stopped for a few seconds, then started again on
    the same port. The open page reconnects and goes on refreshing, with no one touching it."""
    db = tmp_path / "wall.duckdb"
    shutil.copy(demo_db_path, db)
    port, log = app_server.free_port(), tmp_path / "streamlit.log"
    server = app_server.start(db, port, log)
    try:
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(f"http://127.0.0.1:{port}/app/static/wall.html?views=overview:600&refresh=2")
        page.locator(BAR).get_by_text("读取于").wait_for(timeout=60_000)
        app_server.stop(server)
        page.wait_for_timeout(4000)
        before = page.locator(BAR).inner_text()
        server = app_server.start(db, port, log)
        page.wait_for_function(
            "([sel, before]) => { const bar = document.querySelector(sel);"
            " return bar && bar.innerText.includes('读取于') && bar.innerText !== before; }",
            arg=[BAR, before], timeout=60_000,
        )
        page.locator('[data-testid="stMetricValue"]').first.wait_for()
    finally:
        app_server.stop(server)
