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


def copy_demo(demo_db_path: Path, db_copy: Path) -> Path:
    """A copy of the demo store with its demo password beside it (as ``make run`` leaves them)."""
    from dashboard.access import accounts

    shutil.copy(demo_db_path, db_copy)
    shutil.copy(accounts.demo_password_file(demo_db_path), accounts.demo_password_file(db_copy))
    return db_copy


@pytest.fixture(scope="session")
def demo_password(demo_db_path) -> str:
    """The demo accounts' password (random per build, kept beside the demo file)."""
    from dashboard.access import accounts

    return accounts.demo_password_file(demo_db_path).read_text(encoding="utf-8").strip()


def sign_in(page, app_url: str, login: str, password: str) -> None:
    """Sign in through the sign-in page as a person would; returns once the pages are shown."""
    page.goto(app_url + "/")
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("当前用户：").wait_for()
    page.wait_for_function("document.cookie.includes('ankang_session=')")


@pytest.fixture(scope="session")
def signed_in(browser, app_url, demo_password):
    """``signed_in(login)``: the browser state (its session cookie) of the demo account ``login``, signed in once
    per test session through the sign-in page; a context made with it opens every page signed in."""
    states: dict[str, dict] = {}

    def state(login: str = "office") -> dict:
        if login not in states:
            context = browser.new_context(locale="zh-CN")
            try:
                sign_in(context.new_page(), app_url, login, demo_password)
                states[login] = context.storage_state()
            finally:
                context.close()
        return states[login]

    return state


@pytest.fixture(scope="session")
def app_url(demo_db_path, tmp_path_factory):
    """The app, started as a user would (``streamlit run streamlit_app.py``), on a copy of the demo data."""
    db_copy = copy_demo(demo_db_path, tmp_path_factory.mktemp("browser") / "dashboard.duckdb")
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


def guarded_context(browser, state: dict | None = None, **options):
    """A browser context (signed in when ``state`` is a ``signed_in`` state) whose every non-local request is
    aborted; ``context.external`` lists the ones attempted."""
    context = browser.new_context(**{"viewport": {"width": 1600, "height": 1000}, "locale": "zh-CN",
                                     "accept_downloads": True, **options}, storage_state=state)
    external: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.external = external
    return context


@pytest.fixture
def page(browser, signed_in):
    """A fresh page signed in as the demo's 市安委办 account, every non-local request aborted; the test fails
    if one was attempted."""
    context = guarded_context(browser, signed_in("office"))
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert context.external == [], f"the page tried to reach outside the machine: {context.external}"


