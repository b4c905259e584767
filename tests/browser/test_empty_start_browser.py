"""The empty start in chromium: the app on a store fresh from ``python -m dashboard init`` (and its first account),
signed in through the sign-in page. The overview says what is missing and its link leads to where it is loaded
(隐患台账's 登记与导入, open); the wall, every view at 1920×1080, says the same in words that fit their panels and
read (4.5:1), with no control and no figure but "—". Screenshots: tests/browser/artifacts/empty/."""

from __future__ import annotations

import re
import time

import pytest
from browser_helpers import ARTIFACTS, assert_cjk_glyphs, wait_idle
from conftest import guarded_context, sign_in
from test_wall_browser import CHECK, MAP_DRAWN, ON_AIR

from dashboard import contents, kiosk, new_store, roles
from dashboard.access import accounts
from dashboard.db import Store
from scripts import app_server

SHOTS = ARTIFACTS / "empty"
PASSWORD = "Kongku2026start"  # a test account's, on a throwaway store


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory):
    """The app on an ``init`` store with one 市安委办 account, as an office starts it."""
    db = tmp_path_factory.mktemp("empty-start") / "dashboard.duckdb"
    new_store.create(db)
    store = Store.open(db)
    try:
        accounts.add_user(store, roles.system("测试"), login="office", name="办公室乙", role=roles.OFFICE,
                          password=PASSWORD, must_change=False)
    finally:
        store.close()
    port = app_server.free_port()
    proc = app_server.start(db, port, tmp_path_factory.mktemp("empty-start-log") / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    app_server.stop(proc)


@pytest.fixture
def empty_page(browser, empty_app):
    context = guarded_context(browser)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, empty_app, "office", PASSWORD)
    yield page
    context.close()
    assert context.external == [], f"the page tried to reach outside the machine: {context.external}"


def test_the_overview_says_what_is_missing_and_its_link_leads_to_the_import(empty_page, empty_app):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = empty_page
    page.goto(empty_app + "/")
    page.get_by_text("还没有隐患记录").first.wait_for()
    wait_idle(page)
    assert_cjk_glyphs(page)
    for kind in (contents.HAZARDS, contents.FIRE_UNITS, contents.DUTY_PERIODS):
        assert page.get_by_text(f"还没有{kind.noun}").first.is_visible()
    page.get_by_text("今日值班报告").wait_for()  # the last tile
    figures = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert figures and set(figures) == {"—"}, figures
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)

    page.get_by_role("link", name="去“隐患台账”页的“登记与导入”").click()
    page.wait_for_url(re.compile(r"/hazards"))
    page.get_by_text("本页“登记与导入”", exact=False).wait_for()
    wait_idle(page)
    # the way in, open at once: the import's file box and the registration form, no ledger over nothing
    page.locator('[data-testid="stFileUploader"]').first.wait_for()  # visible: the expander is open
    page.get_by_role("button", name="登记").wait_for()
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    page.screenshot(path=str(SHOTS / "hazards.png"), full_page=True)


def test_every_wall_view_says_what_is_missing_fits_and_reads(empty_page, empty_app):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = empty_page
    dwell = 8
    views = list(kiosk.VIEWS)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(empty_app + f"/app/static/wall.html?refresh=60&exceptions=0&views="
              + ",".join(f"{v}:{dwell}" for v in views))
    page.wait_for_function(ON_AIR, timeout=60_000)
    assert_cjk_glyphs(page)
    for view in ("overview", "map"):  # the counties are drawn (无数据), not a blank box
        page.wait_for_function(MAP_DRAWN, arg=view, timeout=60_000)
    scale = kiosk.scale(1920, 1080)
    pending = set(views)
    deadline = time.monotonic() + 3 * dwell * len(views) + 60  # a rerun under load may hold a view longer
    while pending and time.monotonic() < deadline:
        view = page.evaluate(ON_AIR)
        if view not in pending:
            page.wait_for_timeout(150)
            continue
        page.wait_for_timeout(1200)  # drawn
        page.screenshot(path=str(SHOTS / f"wall_{view}.png"))
        seen = page.evaluate(CHECK, view)
        assert seen["scrollHeight"] <= seen["innerHeight"] and seen["scrollWidth"] <= seen["innerWidth"], view
        assert seen["controls"] == [], (view, seen["controls"])  # the empty state is words here, never a link
        assert seen["cut"] == [], f"{view}: text cut by its box {seen['cut']}"
        low = [(t["text"], round(t["ratio"], 2)) for t in seen["texts"] if t["ratio"] < 4.5]
        assert low == [], f"{view}: text below 4.5:1 {low}"
        small = [t["text"] for t in seen["texts"] if t["kind"] == "text" and t["px"] < 22 * scale - 0.5]
        assert small == [], f"{view}: text too small {small}"
        kpis = {t["text"] for t in seen["texts"] if t["kind"] == "kpi"}
        assert kpis <= {"—"}, (view, kpis)  # no figure nobody measured
        text = page.evaluate("(view) => document.querySelector('.st-key-wall-view-' + view).innerText", view)
        assert "还没有" in text or "暂无" in text, (view, text[:200])
        pending.discard(view)
    assert not pending, f"views never seen: {pending}"
