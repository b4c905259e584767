"""我的账号: who is signed in, with which role and scope, and the person's own password change."""

import streamlit as st

from dashboard import roles, ui
from dashboard.ui import signin

ctx_user = ui.user()
ui.page_header("我的账号")
st.text(f"登录名：{ctx_user.login}")
st.text(f"姓名：{ctx_user.name}")
st.text(f"角色：{ctx_user.role}（{roles.ROLE_NOTES.get(ctx_user.role, '')}）")
if ctx_user.county_name:
    st.text(f"所属：{ctx_user.county_name}")
st.subheader("修改密码", divider="gray")
signin.change_password_form(ui.store())
