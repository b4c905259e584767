"""AppTest helpers for page tests: the app on its own copy of the demo database,
plain SQL beside the app, and opening a page through the entry script with query parameters.

Use: ``app_db = apptest.app_db`` in a test module (fixtures by name); Streamlit caches are reset by
tests/conftest.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app_db(demo_db_path, tmp_path, monkeypatch):
    """The app's database: a copy of the demo, pointed at by DASHBOARD_DB, with the demo's pinned as-of time."""
    copy = tmp_path / "app.duckdb"
    shutil.copy(demo_db_path, copy)
    monkeypatch.setenv("DASHBOARD_DB", str(copy))
    monkeypatch.delenv("DASHBOARD_AS_OF", raising=False)
    return copy


EMPTY_ACCOUNTS = (("admin", "管理员甲", "管理员"), ("office", "办公室乙", "市安委办"))  # login, name, role


@pytest.fixture
def empty_db(tmp_path, monkeypatch):
    """The app's database as ``python -m dashboard init`` makes it (``new_store.create``: the units, nothing
    loaded, the real clock), with the first accounts added as ``python -m dashboard user add`` adds them
    (``open_page`` signs in as ``office``, 市安委办), pointed at by DASHBOARD_DB."""
    import secrets

    from dashboard import new_store, roles
    from dashboard.access import accounts
    from dashboard.db import Store

    path = tmp_path / "empty.duckdb"
    new_store.create(path)
    store = Store.open(path)
    try:
        for login, name, role in EMPTY_ACCOUNTS:
            accounts.add_user(store, roles.system("测试"), login=login, name=name, role=role,
                              password=secrets.token_hex(8) + "Zz9", must_change=False)
    finally:
        store.close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.delenv("DASHBOARD_AS_OF", raising=False)
    return path


def sql(path, statement, params=()):
    """Plain SQL on the app's file (same process, same configuration: shares the app's open database)."""
    con = duckdb.connect(str(path))
    try:
        return con.execute(statement, list(params)).fetchall()
    finally:
        con.close()


def open_page(page: str | None, params: dict | None = None, *, user: str | None = "office") -> AppTest:
    """Run the entry script with ``params`` in the URL, then switch to ``page`` (None = the default page).

    ``user``: the demo account (dashboard/access/accounts.py DEMO_ACCOUNTS) the session is signed in as, by a
    real session token as the sign-in form would leave it (None: not signed in, the sign-in page shows)."""
    at = entry(user)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)  # before the first run: the page runs once, through the entry script
    at.run()
    assert not at.exception, at.exception
    return at


def entry(user: str | None = "office") -> AppTest:
    """The entry script as an AppTest, signed in as the demo account ``user`` (None: not signed in)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    if user:
        sign_in(at, user)
    return at


def sign_in(at: AppTest, login: str) -> None:
    """Sign the AppTest session in as ``login``: a session started as the sign-in form starts one."""
    from dashboard.access import sessions
    from dashboard.ui import signin

    at.session_state[signin.TOKEN_KEY] = sessions.start(login)


def user_of(at: AppTest):
    """The signed-in ``roles.User`` of an AppTest session that has run (its ``label`` is the audit line's actor, its
    ``login`` the actor_login)."""
    from dashboard.ui import signin

    return at.session_state[signin.USER_KEY]


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def capture_downloads(monkeypatch) -> list:
    """The builders of the page's deferred downloads (``st.download_button(data=callable)``), in the order the
    page hands them to Streamlit; call one to get the file's bytes as a click would."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    built = []
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, *args, **kwargs):
        built.append(data_callable)
        return original(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return built
