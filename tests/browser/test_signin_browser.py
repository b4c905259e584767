"""Sign-in as a person meets it, in a real browser: the sign-in page before any page, a wrong password counted
and the account locked after the fifth, a reload that stays signed in, an idle session that ends by itself,
signing out, and the wall's read-only link (and the same link refused once revoked).

A server of its own (a short idle time, accounts locked here must not disturb the other browser tests)."""

from __future__ import annotations

import time

import duckdb
import pytest
from browser_helpers import screenshot, wait_idle
from conftest import copy_demo, guarded_context, sign_in

from scripts import app_server

IDLE_MINUTES = 0.4  # 24 s: long enough for a loaded machine between two steps, short to wait out


@pytest.fixture(scope="module")
def own_app(demo_db_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin")
    db = copy_demo(demo_db_path, folder / "dashboard.duckdb")
    port = app_server.free_port()
    proc = app_server.start(db, port, folder / "streamlit.log",
                            env={"DASHBOARD_SESSION_IDLE_MINUTES": str(IDLE_MINUTES)})
    yield f"http://127.0.0.1:{port}", db
    app_server.stop(proc)


@pytest.fixture
def fresh(browser):
    context = guarded_context(browser)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert context.external == [], f"the page tried to reach outside the machine: {context.external}"


def _try(page, login: str, password: str) -> None:
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)


def test_sign_in_reload_idle_expiry_and_sign_out(own_app, fresh, demo_password):
    url, _ = own_app
    fresh.goto(url + "/hazards")
    fresh.get_by_role("button", name="登录").wait_for()
    assert fresh.get_by_text("隐患台账").count() == 0  # no page before signing in
    fresh.get_by_text("演示账号（仅演示数据时显示）").wait_for()
    screenshot(fresh, "signin_page", height=900)
    _try(fresh, "office", "wrong-password-1")
    fresh.get_by_text("登录名或密码不正确（连续 5 次密码错误将锁定账号 15 分钟）").wait_for()

    sign_in(fresh, url, "office", demo_password)
    fresh.get_by_text("当前用户：陈建华（市安委办）").wait_for()
    fresh.reload()  # within the idle time: still signed in, by the session cookie
    fresh.get_by_text("当前用户：陈建华（市安委办）").wait_for()
    assert fresh.get_by_role("button", name="登录").count() == 0

    time.sleep(IDLE_MINUTES * 60 + 2)  # idle past the setting: the next run asks again
    fresh.reload()
    fresh.get_by_role("button", name="登录").wait_for()

    sign_in(fresh, url, "office", demo_password)
    fresh.get_by_role("button", name="退出登录").click()
    fresh.get_by_role("button", name="登录").wait_for()
    fresh.reload()  # the cookie went with the session
    fresh.get_by_role("button", name="登录").wait_for()


def test_five_wrong_passwords_lock_the_account(own_app, fresh, demo_password):
    url, _ = own_app
    fresh.goto(url + "/")
    for attempt in range(1, 5):
        _try(fresh, "leader", f"not-it-{attempt}x")
        fresh.get_by_text("登录名或密码不正确（连续 5 次密码错误将锁定账号 15 分钟）").wait_for()
    _try(fresh, "leader", "not-it-5x")
    fresh.get_by_text("连续 5 次密码错误，账号已锁定 15 分钟").wait_for()
    _try(fresh, "leader", demo_password)  # the right password while locked: still refused
    fresh.get_by_text("账号已锁定至").wait_for()
    screenshot(fresh, "signin_locked", height=900)


def test_the_wall_link_reads_and_is_refused_once_revoked(own_app, browser, fresh, demo_password):
    url, _ = own_app
    sign_in(fresh, url, "admin", demo_password)
    fresh.goto(url + "/users")
    fresh.get_by_label("大屏名称").fill("指挥中心大屏")
    fresh.get_by_role("button", name="生成链接").click()
    wait_idle(fresh)
    fresh.get_by_text("已生成“指挥中心大屏”的大屏链接").wait_for()
    link = fresh.locator('[data-testid="stCode"] code').inner_text().strip()
    assert "kiosk=1" in link and "wall=" in link

    wall_context = guarded_context(browser, viewport={"width": 1920, "height": 1080})
    wall = wall_context.new_page()
    try:
        wall.goto(link)
        # the wall, with no sign-in (every view is laid out, the one on air visible)
        wall.locator("text=未销号隐患 >> visible=true").first.wait_for(timeout=60_000)
        assert wall.get_by_role("button", name="登录").count() == 0
        screenshot(wall, "wall_by_link", height=1080)

        fresh.goto(url + "/users")  # this server's sessions end after 24 idle seconds: signed in again if so
        fresh.get_by_text("当前用户：").or_(fresh.get_by_role("button", name="登录")).first.wait_for()
        if fresh.get_by_role("button", name="登录").count():
            sign_in(fresh, url, "admin", demo_password)
            fresh.goto(url + "/users")
        fresh.get_by_label("停用链接").click()
        fresh.get_by_role("option", name="1：指挥中心大屏").click()
        wait_idle(fresh)
        screenshot(fresh, "users_wall_link", height=1400)
        fresh.get_by_role("button", name="停用", exact=True).click()
        fresh.get_by_text("已停用大屏链接").wait_for()
        wall.goto(link)  # revoked: the link opens the sign-in page only
        wall.get_by_role("button", name="登录").wait_for()
    finally:
        wall_context.close()
    assert wall_context.external == []
