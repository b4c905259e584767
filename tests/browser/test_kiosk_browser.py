"""The wall screen at 1920×1080 in a real browser, offline: dark, no chrome, big numbers, a refresh without a
page reload, every view of the playlist in turn, and a reconnect after the server restarts. (What each view
shows and how it reads: test_wall_browser.py.)"""

from __future__ import annotations

import re
import shutil
import time

from browser_helpers import assert_cjk_glyphs

from dashboard import kiosk
from scripts import app_server

VIEWS = list(kiosk.VIEWS)  # every view names a page (tests/kiosk/test_kiosk.py)
DWELL = {"map": 12}  # the first map load fetches Leaflet; the others need less
PLAYLIST = ",".join(f"{key}:{DWELL.get(key, 7)}" for key in VIEWS)
WALL = f"/app/static/wall.html?refresh=3&exceptions=0&views={PLAYLIST}"  # the README's short address
BAR = ".w-header"  # the wall's header: the view on air (data-wall-view), 读取于 …
ON_AIR = "() => (document.querySelector('[data-wall-view]') || {}).dataset?.wallView || null"


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
    page.locator(".w-value").first.wait_for()
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.w-value')).fontSize)")
    assert size >= 72, size  # about 7 cm high on a 55-inch 1080p screen
    assert_cjk_glyphs(page)

    # a refresh happens on its own: the read time changes, the page is not reloaded
    first = page.locator(BAR).get_by_text("读取于").inner_text()
    page.wait_for_function(
        "([sel, before]) => { const bar = document.querySelector(sel);"
        " return bar && bar.innerText.includes('读取于') && !bar.innerText.includes(before); }",
        arg=[BAR, first.split("·")[0].strip()], timeout=20_000,
    )
    assert page.evaluate("window.__wall") == "loaded once"

    # every view of the playlist comes on in turn, without a page reload and on the same address
    address = page.url
    seen: set[str] = set()
    deadline = time.monotonic() + 2 * sum(DWELL.get(k, 7) for k in VIEWS) + 30
    while seen != set(VIEWS) and time.monotonic() < deadline:
        seen.add(page.evaluate(ON_AIR))
        page.wait_for_timeout(300)
    assert seen == set(VIEWS), f"views seen: {seen}, expected {VIEWS}"
    assert page.evaluate("window.__wall") == "loaded once" and page.url == address


def test_the_wall_comes_back_by_itself_after_the_server_restarts(page, demo_db_path, tmp_path):
    """Its own app (the shared one must not go away): stopped for a few seconds, then started again on
    the same port. The open page reconnects and goes on refreshing, with no one touching it."""
    db = tmp_path / "wall.duckdb"
    shutil.copy(demo_db_path, db)
    port, log = app_server.free_port(), tmp_path / "streamlit.log"
    token = app_server.wall_token(db)  # the wall PC's read-only link: it outlives the restart, as a session would not
    server = app_server.start(db, port, log)
    try:
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(f"http://127.0.0.1:{port}/app/static/wall.html?views=overview:600&refresh=2&wall={token}")
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
        page.locator(".w-value").first.wait_for()
    finally:
        app_server.stop(server)
