"""用户管理 (管理员): the accounts — add (with a temporary password the person changes at first sign-in), edit,
disable / enable, reset a password (also unlocks); the wall's read-only links (made, shown once, revoked); the
latest sign-ins, failures, lockouts and changes. Every change is a write the rules check (only a 管理员)."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import access, clock, roles, ui
from dashboard.access import accounts
from dashboard.ui import kit, signin

ctx = kit.page("用户管理", "users.")
key = ctx.key
me = ui.user()
DONE = key("done")
kit.outcome(DONE)
if not roles.may_any(me, accounts.USER_ENTITY, accounts.A_ADD):
    st.info(f"您的角色（{me.role}）不能管理用户。", icon=":material/lock:")
    st.stop()

units = ui.unit_options()  # name -> code
group_names = ui.cached(accounts.group_options)()  # name -> id


def _when(value) -> str:
    return clock.format_datetime(value) if pd.notna(value) else ""


# -- the accounts -------------------------------------------------------------------------------------------
people = ui.cached(accounts.user_list)()
now = clock.local_now()
state = ["停用" if not a else (f"锁定至 {clock.format_datetime(lock)}" if pd.notna(lock) and lock > now else "启用")
         for a, lock in zip(people["active"], people["locked_until"])]
st.dataframe(pd.DataFrame({
    "登录名": people["login"], "姓名": people["name"], "角色": people["role"],
    "县区 / 检查组": people["county"].fillna(people["group_name"]).fillna(""), "手机": people["phone"].fillna(""),
    "状态": state, "须改密码": ["是" if m else "" for m in people["must_change"]],
    "上次登录": [_when(v) for v in people["last_sign_in"]],
}), hide_index=True, width="stretch", key=key("table"))


def _scope_inputs(prefix: str, role: str, unit_name: str | None = None, group_name: str | None = None):
    """The county (县区填报员) or group (督查组) the role acts for; none for the others."""
    if role == roles.CLERK:
        names = list(units)
        chosen = st.selectbox("所属县区", names, index=names.index(unit_name) if unit_name in names else None,
                              key=key(prefix + "county"), placeholder="请选择")
        return units.get(chosen), None
    if role == roles.GROUP:
        names = list(group_names)
        chosen = st.selectbox("所属检查组", names, index=names.index(group_name) if group_name in names else None,
                              key=key(prefix + "group"), placeholder="请选择")
        return None, group_names.get(chosen)
    return None, None


left, right = st.columns(2)
with left, st.expander("新增用户", icon=":material/person_add:", expanded=people.empty):
    role = st.selectbox("角色", roles.ROLES, key=key("n.role"), format_func=lambda r: f"{r}（{roles.ROLE_NOTES[r]}）")
    unit, group = _scope_inputs("n.", role)
    c = st.columns(2)
    login = c[0].text_input("登录名", key=key("n.login"), help="小写字母、数字和 . _ -")
    name = c[1].text_input("姓名", key=key("n.name"))
    phone = c[0].text_input("手机", key=key("n.phone"))
    password = c[1].text_input(f"临时密码（至少 {accounts.MIN_PASSWORD} 位，含字母和数字）", type="password",
                               key=key("n.password"), help="请当面或电话告知本人；首次登录须修改")
    if st.button("新增", type="primary", key=key("n.submit")):
        kit.submit(DONE, lambda: access.add_user(ctx.store, me, login=login, name=name, role=role, password=password,
                                                 unit_code=unit, group_id=group, phone=phone, must_change=True),
                   lambda user: f"已新增用户 {user.login}：{user.label}。首次登录须修改密码。", refused="未新增")

with right, st.expander("修改、停用、重置密码", icon=":material/manage_accounts:"):
    logins = list(people["login"])
    chosen = st.selectbox("用户", logins, index=None, key=key("e.login"), placeholder="请选择用户",
                          format_func=lambda lg: f"{lg}（{people.set_index('login').at[lg, 'name']}）")
    if chosen:
        row = people.set_index("login").loc[chosen]
        e_role = st.selectbox("角色", roles.ROLES, index=roles.ROLES.index(row["role"]) if row["role"] in roles.ROLES
                              else 0, key=key(f"e.role.{chosen}"))
        e_unit, e_group = _scope_inputs(f"e.{chosen}.", e_role, row["county"], row["group_name"])
        c = st.columns(2)
        e_name = c[0].text_input("姓名", value=row["name"], key=key(f"e.name.{chosen}"))
        e_phone = c[1].text_input("手机", value=row["phone"] if isinstance(row["phone"], str) else "",
                                  key=key(f"e.phone.{chosen}"))
        if st.button("保存修改", key=key("e.save")):
            kit.submit(DONE, lambda: access.edit_user(ctx.store, me, chosen, name=e_name, role=e_role, unit_code=e_unit,
                                                      group_id=e_group, phone=e_phone),
                       f"已修改用户 {chosen}。", refused="未修改")
        reason = st.text_input("停用 / 启用原因", key=key(f"e.reason.{chosen}"))
        if st.button("启用" if not row["active"] else "停用", key=key("e.toggle")):
            kit.submit(DONE, lambda: access.set_active(ctx.store, me, chosen, not row["active"], reason),
                       f"已{'启用' if not row['active'] else '停用'}用户 {chosen}。", refused="未执行")
        temp = st.text_input("新的临时密码", type="password", key=key(f"e.password.{chosen}"))
        if st.button("重置密码并解锁", key=key("e.reset")):
            kit.submit(DONE, lambda: access.reset_password(ctx.store, me, chosen, temp),
                       f"已重置 {chosen} 的密码并解除锁定；下次登录须修改密码。", refused="未重置")

# -- the wall's links -----------------------------------------------------------------------------------------
st.subheader("大屏链接", divider="gray")
st.caption("大屏电脑无需登录：用这里生成的只读链接打开。链接只显示一次，请直接复制到大屏电脑；不再使用时停用。")
made = st.session_state.pop(key("link.made"), None)
if made:
    base = str(st.context.url or "").split("?")[0].rsplit("/", 1)[0]
    st.success(f"已生成“{ui.plain(made['label'])}”的大屏链接（只显示这一次）：", icon=":material/tv:")
    st.code(f"{base}/?{urlencode({ui.WALL_KEY: 1, signin.WALL_PARAM: made['token']})}", language=None)
links = ui.cached(accounts.wall_links)()
if not links.empty:
    st.dataframe(pd.DataFrame({
        "编号": links["id"], "大屏": links["label"], "生成时间": [_when(v) for v in links["created_at"]],
        "生成人": links["created_by"],
        "状态": [f"已停用（{_when(t)} {b}）" if pd.notna(t) else "有效" for t, b in zip(links["revoked_at"], links["revoked_by"])],
    }), hide_index=True, width="stretch", key=key("links"))
c = st.columns([3, 1, 3, 1], vertical_alignment="bottom")
label = c[0].text_input("大屏名称", key=key("link.label"), placeholder="如：指挥中心大屏")
if c[1].button("生成链接", key=key("link.add")):
    made_link = kit.submit(DONE, lambda: access.create_wall_link(ctx.store, me, label), "已生成大屏链接。",
                           refused="未生成", rerun=False)
    if made_link is not None:
        st.session_state[key("link.made")] = {"label": made_link.label, "token": made_link.token}
        st.rerun()
active = links[links["revoked_at"].isna()] if not links.empty else links
if not active.empty:
    revoke = c[2].selectbox("停用链接", list(active["id"]), index=None, key=key("link.revoke"), placeholder="选择要停用的链接",
                            format_func=lambda i: f"{i}：{active.set_index('id').at[i, 'label']}")
    if c[3].button("停用", key=key("link.revoke.go"), disabled=revoke is None):
        kit.submit(DONE, lambda: access.revoke_wall_link(ctx.store, me, revoke), f"已停用大屏链接 {revoke}。",
                   refused="未停用")

# -- what happened ----------------------------------------------------------------------------------------------
st.subheader("登录与账号记录", divider="gray")
events = ui.cached(accounts.user_events)()
st.dataframe(pd.DataFrame({
    "时间": [_when(v) for v in events["at"]], "操作人": events["actor"], "账号 / 链接": events["entity_id"],
    "操作": events["action"], "说明": events["reason"].fillna(""),
}), hide_index=True, width="stretch", key=key("events"))
