"""Real-browser fixtures: the app started once per session on a free port over a copy of the demo
database, and Debian's chromium driven by Playwright with every non-local request aborted.

Never ``playwright install``: the browser is the system's /usr/bin/chromium (``make test`` installs it).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from scripts import app_server

CHROMIUM, CHROMIUM_ARGS = app_server.CHROMIUM, app_server.CHROMIUM_ARGS
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_url(demo_db_path, tmp_path_factory):
    """The app, started as a user would (``streamlit run streamlit_app.py``), on a copy of the demo data."""
    db_copy = tmp_path_factory.mktemp("browser") / "dashboard.duckdb"
    shutil.copy(demo_db_path, db_copy)
    port = app_server.free_port()
    proc = app_server.start(db_copy, port, tmp_path_factory.mktemp("browser-log") / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    app_server.stop(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page whose every non-local request is aborted; the test fails if one was attempted."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN",
                                  accept_downloads=True)
    external: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert external == [], f"the page tried to reach outside the machine: {external}"


