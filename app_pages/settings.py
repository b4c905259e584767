"""设置: the settings editable here (the ranking's deductions, the 约谈 rule), grouped, with the value in
force, the configured value and the bounds; one form saves the edits with why (the signed-in user is who;
validated by dashboard/stored_settings.py: a refused save changes nothing); a reset per setting; the change
history; and the read-only settings, so a duty officer can see e.g. the report cut-off. Only the roles the rules
let change settings (管理员, 市安委办) see the form and the reset; a server path or the server's own connections are
never shown (``settings.SERVER_PATHS``, ``settings.SERVER_INTERNALS``)."""

import pandas as pd
import streamlit as st

from dashboard import clock, settings, stored_settings, ui
from dashboard.ui import kit, rights

ctx = kit.page("设置", "settings.")
kit.new_store_note("settings")  # a new store: nothing loaded yet, and where to start
key = ctx.key
SERVER_PATH, SERVER_INTERNAL = "（服务器文件路径，不在页面显示）", "（服务器内部配置，不在页面显示）"
DONE = key("changed")  # the outcome of a save or a reset, shown at the top
kit.outcome(DONE)

editable = stored_settings.editable()
current = ui.cached(stored_settings.values)()
saved = ui.cached(stored_settings.saved)()
text = stored_settings.value_text


def _configured(name: str) -> str:
    return text(settings.get(name))


# -- the editable settings, grouped ------------------------------------------------------------------
st.caption("在此修改的数值保存在数据库中，立即生效（县区排名、督查组评价随即按新数值计算），并记录修改人、时间和原因；"
           "“配置值”是配置文件或环境变量中的数值，恢复后即使用配置值。")
groups = {group: [s for s in editable if s.group == group] for group in dict.fromkeys(s.group for s in editable)}
for group, members in groups.items():
    st.markdown(f"**{group}**")
    st.dataframe(pd.DataFrame({
        "设置项": [s.label for s in members],
        "当前值": [text(current[s.name]) for s in members],
        "配置值": [_configured(s.name) for s in members],
        "允许范围": [f"{s.minimum:g} – {s.maximum:g}" for s in members],
        "来源": ["设置页修改" if s.name in saved else "配置值" for s in members],
    }), key=key("table." + group), hide_index=True, width="stretch")


def _edit_form() -> None:
    with st.form(key("form")):
        st.markdown("**修改设置**（只修改需要改的数值，其余保持不变；修改人记为当前登录用户）")
        typed = {}
        for group, members in groups.items():
            st.caption(group)
            cols = st.columns(4)
            for i, s in enumerate(members):
                typed[s.name] = cols[i % 4].text_input(
                    s.label, value=text(current[s.name]), key=key("value." + s.name),
                    help=f"允许 {s.minimum:g} – {s.maximum:g}；配置值 {_configured(s.name)}")
        reason = st.text_input("修改原因", key=key("reason"), placeholder="如：按4月安委会会议决定调整")
        submitted = st.form_submit_button("保存修改", type="primary", key=key("save"))
    if submitted:  # an empty change is refused by stored_settings.save too
        kit.submit(DONE, lambda: stored_settings.save(ctx.store, stored_settings.edited(typed, current), ui.user(),
                                                      reason),
                   lambda changed: f"已保存 {len(changed)} 项：{'、'.join(settings.by_name(n).label for n in changed)}。",
                   refused="未保存", refused_note="。所有设置均未改动。")


def _reset_form() -> None:
    with st.expander("恢复配置值", icon=":material/restart_alt:"):
        changed = [s for s in editable if s.name in saved]
        if not changed:
            st.caption("没有在设置页修改过的设置项，全部使用配置值。")
            return
        with st.form(key("reset_form"), border=False):
            name = st.selectbox("设置项", [s.name for s in changed], key=key("reset.name"),
                                format_func=lambda n: f"{settings.by_name(n).group} · {settings.by_name(n).label}"
                                                      f"（当前 {text(current[n])}，配置值 {_configured(n)}）")
            reset_reason = st.text_input("原因", key=key("reset.reason"))
            if st.form_submit_button("恢复为配置值", key=key("reset.submit")):
                kit.submit(DONE, lambda: stored_settings.reset(ctx.store, name, ui.user(), reset_reason),
                           f"已恢复“{settings.by_name(name).label}”为配置值。", refused="未恢复")


# -- editing, and resetting one setting: for the roles that may change settings ----------------------------
if rights.may_any(stored_settings.ENTITY, stored_settings.A_SAVE):
    _edit_form()
else:
    rights.note("修改设置")
if rights.may_any(stored_settings.ENTITY, stored_settings.A_RESET):
    _reset_form()

# -- history --------------------------------------------------------------------------------------------
st.subheader("修改记录", divider="gray")
history = ui.cached(stored_settings.history)()
if history.empty:
    st.caption("还没有修改记录。")
else:
    st.dataframe(pd.DataFrame({
        "时间": [clock.format_datetime(t) for t in history["happened_at"]], "操作人": history["actor"],
        "操作": history["action"], "设置项": history["label"], "变化": history["change"],
        "原因": history["reason"].fillna(""),
    }), key=key("history"), hide_index=True, width="stretch")

# -- read-only settings ---------------------------------------------------------------------------------
st.subheader("其他设置（只读，在配置文件或环境变量中修改）", divider="gray")
fixed = [s for s in settings.SETTINGS if not s.editable]
st.dataframe(pd.DataFrame({
    "设置": [s.name for s in fixed],
    "当前值": [SERVER_PATH if s.name in settings.SERVER_PATHS else SERVER_INTERNAL if s.name in settings.SERVER_INTERNALS
            else _configured(s.name) for s in fixed],
    "含义": [s.label for s in fixed],
}), key=key("read_only"), hide_index=True, width="stretch", height=38 + 35 * len(fixed))
