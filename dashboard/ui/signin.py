"""Sign-in for the pages: who is acting, asked before any page runs (streamlit_app.py calls ``gate``).

- A person signs in with a local account (dashboard/access/accounts.py). The session lives in the server
  (dashboard/access/sessions.py) and its token in a cookie set by the page, so a reload within the idle time
  (setting ``session_idle_minutes``) stays signed in; idle longer, the next run asks again.
- The wall PC opens ``?kiosk=1&wall=<token>``: a read-only link an administrator made on 用户管理 and can revoke.
- An account an administrator reset must change its password before anything else.

Every run reads the account afresh from the store, so a disabled account or a changed role takes effect at
once. ``user()`` is the signed-in user for the pages; every write also checks it (dashboard/roles.py, Tx.audit),
so a page that forgot to hide a button still cannot write.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from dashboard import roles, settings
from dashboard.access import accounts, sessions
from dashboard.db import Store, ValidationError

__all__ = ["gate", "user", "sign_out_button", "change_password_form", "LOGIN_KEY", "TOKEN_KEY", "WALL_PARAM"]

LOGIN_KEY, TOKEN_KEY, USER_KEY = "auth.login", "auth.token", "auth.user"
WALL_PARAM = "wall"
_NOTICE = "auth.notice"


def user() -> roles.User:
    """The signed-in user of this session (the gate has run)."""
    return st.session_state[USER_KEY]


def _cookie_js(token: str | None) -> str:
    value = json.dumps(f"{sessions.COOKIE}={token}" if token else f"{sessions.COOKIE}=; max-age=0")
    return (f"<script>document.cookie = {value} + '; path=/; SameSite=Strict'"
            " + (location.protocol === 'https:' ? '; Secure' : '');</script>")


def _set_cookie(token: str | None) -> None:
    st.html(_cookie_js(token), width="content", unsafe_allow_javascript=True)


def gate(store: Store, *, wall: bool) -> roles.User:
    """The user this run acts as; when there is none, the sign-in page is drawn and the run stops here."""
    if wall:
        token = st.query_params.get(WALL_PARAM)
        link_user = accounts.wall_user(store, token) if token else None
        if link_user is not None:
            st.session_state[USER_KEY] = link_user
            return link_user
    login = _resumed()
    found = accounts.get_user(store, login) if login else None
    if found is None:
        if login:  # disabled meanwhile: the session ends
            _forget("该账号已停用，请联系管理员。")
        _sign_in_page(store, wall=wall)
        st.stop()
    st.session_state[USER_KEY] = found
    if st.session_state.get("auth.must_change"):
        _change_page(store, found, first=True)
        st.stop()
    return found


def _resumed() -> str | None:
    """The login of this browser's session: this tab's, or the cookie's after a reload; None when idle too long."""
    idle = float(settings.get("session_idle_minutes"))
    token = st.session_state.get(TOKEN_KEY) or _cookie()
    login = sessions.resume(token, idle)
    if login is None:
        if st.session_state.get(TOKEN_KEY):
            _forget(f"超过 {idle:g} 分钟未操作，已自动退出，请重新登录。")
        return None
    st.session_state[TOKEN_KEY] = token
    st.session_state[LOGIN_KEY] = login
    return login


def _cookie() -> str | None:
    """The session cookie the page was opened with (none outside a browser, e.g. in AppTest)."""
    value = st.context.cookies.get(sessions.COOKIE)
    return value if isinstance(value, str) and value else None


def _forget(notice: str | None = None) -> None:
    for key in (LOGIN_KEY, TOKEN_KEY, USER_KEY, "auth.must_change"):
        st.session_state.pop(key, None)
    if notice:
        st.session_state[_NOTICE] = notice


def _sign_in_page(store: Store, *, wall: bool) -> None:
    # no navigation is made for this run (the address keeps the page asked for, opened after signing in); a
    # session that just ended would still show the last run's menu
    st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'] {display: none}</style>")
    st.markdown(f"### {settings.get('city_name')}安全生产态势看板 · 登录")
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(notice, icon=":material/schedule:")
    if wall:
        st.info("大屏请使用管理员在“用户管理”中生成的大屏链接打开；也可以登录后查看。", icon=":material/tv:")
    if _cookie():
        _set_cookie(None)  # a cookie whose session is over
    with st.form("auth.form", border=True, width=420):
        login = st.text_input("登录名", key="auth.f.login", autocomplete="username")
        password = st.text_input("密码", type="password", key="auth.f.password", autocomplete="current-password")
        submitted = st.form_submit_button("登录", type="primary", width="stretch")
    if submitted:
        try:
            signed = accounts.sign_in(store, login, password)
        except ValidationError as exc:
            st.error(str(exc), icon=":material/block:")
        else:
            token = sessions.start(signed.user.login)
            st.session_state[TOKEN_KEY], st.session_state[LOGIN_KEY] = token, signed.user.login
            st.session_state["auth.must_change"] = signed.must_change
            st.rerun()  # the cookie is set by the sidebar of the pages (sign_out_button)
    if not accounts.count_users(store):
        st.info("还没有任何账号。请管理员在服务器上运行 `python -m dashboard user add 登录名 --name 姓名 --role 管理员` "
                "新增第一位管理员。", icon=":material/person_add:")
    _demo_accounts(store)


def _demo_accounts(store: Store) -> None:
    """While the demo is loaded: one account per role and the demo password (from beside the demo file)."""
    if not store.is_demo():
        return
    password_file = accounts.demo_password_file(Path(store.path))
    if not password_file.exists():
        return
    frame = accounts.user_list(store)
    with st.expander("演示账号（仅演示数据时显示）", expanded=True, icon=":material/info:", width=640):
        st.text(f"演示密码（各账号相同）：{password_file.read_text(encoding='utf-8').strip()}")
        shown = frame.rename(columns={"login": "登录名", "name": "姓名", "role": "角色", "county": "县区",
                                      "group_name": "检查组"})[["登录名", "姓名", "角色", "县区", "检查组"]]
        st.dataframe(shown.fillna(""), hide_index=True, width="stretch")


def _change_page(store: Store, current: roles.User, *, first: bool) -> None:
    if first:
        st.markdown("### 请先修改密码")
        st.caption("管理员为您设置了临时密码。修改后才能继续使用。")
    with st.form("auth.change", border=True, width=420):
        old = st.text_input("原密码", type="password", key="auth.c.old")
        new = st.text_input(f"新密码（至少 {accounts.MIN_PASSWORD} 位，含字母和数字）", type="password", key="auth.c.new")
        again = st.text_input("再输入一次新密码", type="password", key="auth.c.again")
        submitted = st.form_submit_button("修改密码", type="primary", width="stretch")
    if submitted:
        if new != again:
            st.error("两次输入的新密码不一致", icon=":material/block:")
            return
        try:
            accounts.change_password(store, current, old, new)
        except ValidationError as exc:
            st.error(str(exc), icon=":material/block:")
            return
        st.session_state["auth.must_change"] = False
        st.session_state[_NOTICE + ".done"] = "密码已修改。"
        st.rerun()


def change_password_form(store: Store) -> None:
    """The signed-in person's own password change (the 我的账号 page)."""
    done = st.session_state.pop(_NOTICE + ".done", None)
    if done:
        st.success(done, icon=":material/check_circle:")
    _change_page(store, user(), first=False)


def sign_out_button(store: Store) -> None:
    """The sidebar's 退出登录: the session ends here and in the server, the cookie is cleared."""
    current = user()
    if current.role == roles.WALL:
        return
    _set_cookie(st.session_state.get(TOKEN_KEY))  # a reload within the idle time stays signed in
    from dashboard import ui

    st.caption(f"当前用户：{ui.plain(current.label)}")  # a name is typed by an administrator: text, never markup
    if st.button("退出登录", key="auth.sign_out", icon=":material/logout:", width="stretch"):
        sessions.end(st.session_state.get(TOKEN_KEY))
        accounts.sign_out(store, current)
        _forget()
        _set_cookie(None)
        st.rerun()
