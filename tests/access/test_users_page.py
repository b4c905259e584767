"""用户管理 through the entry script: an administrator adds an account (temporary password, to be changed at first
sign-in), disables it and resets it; makes a wall link shown once; the page is only an administrator's."""

from __future__ import annotations

import apptest
import pytest

from dashboard import roles
from dashboard.access import sessions

app_db = apptest.app_db
PAGE = "app_pages/users.py"


def _page(user="admin"):
    return apptest.open_page(PAGE, user=user)


def test_an_administrator_adds_disables_and_resets_an_account(app_db):
    at = _page()
    at.selectbox(key="users.n.role").set_value(roles.CLERK).run()
    at.selectbox(key="users.n.county").set_value("旬阳市")
    at.text_input(key="users.n.login").input("xunyang")
    at.text_input(key="users.n.name").input("周敏")
    at.text_input(key="users.n.password").input("Ankang2026a")
    at.button(key="users.n.submit").click().run()
    assert not at.error, [e.value for e in at.error]
    row = apptest.sql(app_db, "SELECT name, role, unit_code, must_change, password_hash FROM users WHERE login = 'xunyang'")[0]
    assert row[:4] == ("周敏", roles.CLERK, "610981", True) and row[4].startswith("$argon2id$")
    assert apptest.sql(app_db, "SELECT actor, actor_login FROM audit_events WHERE entity = 'user' AND entity_id = 'xunyang'"
                       " AND action = '新增用户'") == [("刘晓东（管理员）", "admin")]

    at.selectbox(key="users.e.login").set_value("xunyang").run()
    at.button(key="users.e.toggle").click().run()
    assert apptest.sql(app_db, "SELECT active FROM users WHERE login = 'xunyang'")[0][0] is False
    at.selectbox(key="users.e.login").set_value("xunyang").run()
    at.text_input(key="users.e.password.xunyang").input("Temporary2026b")
    at.button(key="users.e.reset").click().run()
    assert not at.error, [e.value for e in at.error]
    assert apptest.sql(app_db, "SELECT must_change FROM users WHERE login = 'xunyang'")[0][0] is True


def test_a_weak_password_is_refused_and_nothing_is_written(app_db):
    at = _page()
    at.text_input(key="users.n.login").input("weak")
    at.text_input(key="users.n.name").input("弱密码")
    at.text_input(key="users.n.password").input("123456")
    at.button(key="users.n.submit").click().run()
    assert any("密码至少 10 位" in e.value for e in at.error)
    assert apptest.sql(app_db, "SELECT count(*) FROM users WHERE login = 'weak'")[0][0] == 0


def test_a_wall_link_is_shown_once(app_db):
    at = _page()
    at.text_input(key="users.link.label").input("指挥中心大屏")
    at.button(key="users.link.add").click().run()
    link = [c.value for c in at.code]
    assert len(link) == 1 and "kiosk=1" in link[0] and "wall=" in link[0]
    token = link[0].split("wall=")[1]
    assert apptest.sql(app_db, "SELECT count(*) FROM wall_links WHERE token_hash = ?", [token])[0][0] == 0  # hash only
    at.run()
    assert not at.code  # shown once


def test_a_wall_links_name_is_shown_as_typed_never_as_markup(app_db):
    at = _page()
    at.text_input(key="users.link.label").input("**大屏**[点此](http://example.com)")
    at.button(key="users.link.add").click().run()
    said = [s.value for s in at.success if "只显示这一次" in str(s.value)]
    assert said and "\\*\\*大屏\\*\\*\\[点此\\]" in said[0]  # escaped (ui.plain): no bold, no link


@pytest.mark.parametrize("user", ["office", "leader", "hanbin"])
def test_only_an_administrator_has_the_page(app_db, user):
    at = _page(user)
    assert not [b for b in at.button if b.key == "users.n.submit"]
