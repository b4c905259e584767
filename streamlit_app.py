"""Entry script: page config, sign-in (dashboard/ui/signin.py), the shared sidebar (as-of time, county scope),
navigation by role.

Run with ``make run`` or ``streamlit run streamlit_app.py``. ``?kiosk=1`` turns any page into the wall
screen (dashboard/ui/kiosk.py). Builds the demo database on first start
when the configured file does not exist.
"""

import streamlit as st

from dashboard import roles, settings, ui
from dashboard.ui import data_page, reminders, signin
from dashboard.ui import kiosk as wall
from dashboard.ui import system

try:
    settings.snapshot()  # every setting read and validated once, before any page uses one
except settings.SettingsError as exc:
    st.set_page_config(page_title="安全生产态势看板", layout="wide")
    st.error(f"设置有误，看板未启动：{ui.plain(exc)}。请修改后重新启动。", icon=":material/error:")
    st.stop()

# The sidebar's width in px: "auto" behaviour (hidden on a phone, shown on a desk) at 240 px instead of
# Streamlit's 300, which took a third of an 800 px window. Below 1000 px the columns stack (ui/style.py).
SIDEBAR_PX = 240
st.set_page_config(page_title=f"{settings.get('city_name')}安全生产态势看板", page_icon="static/favicon.png",
                   layout="wide", initial_sidebar_state=SIDEBAR_PX)

# Every page names its url_path: links (?…), deep links and the wall's views (dashboard/kiosk.py VIEWS) bind
# to it, so a title can change without breaking them. The default page answers at the root ("").
# Who sees which page follows the role (dashboard/roles.py PAGES); what a page lets a user change is asked of the
# same rules, and every write checks them again (Tx.audit).
def pages(user: roles.User) -> dict[str, list[st.Page]]:
    shared = [name.strip() for name in str(settings.get("clerk_shared_pages")).split(",") if name.strip()]
    clerk_home = user.role == roles.CLERK and "overview" not in shared  # else the overview stays at the root
    every = {
        "态势": [
            st.Page("app_pages/overview.py", title="态势总览", icon=":material/dashboard:", default=not clerk_home),
            st.Page("app_pages/map.py", title="一张图", icon=":material/map:", url_path="map"),
        ],
        "业务": [
            st.Page("app_pages/clerk.py", title="县区填报", icon=":material/smartphone:", url_path="clerk",
                    default=clerk_home),
            st.Page("app_pages/hazards.py", title="隐患台账", icon=":material/fact_check:", url_path="hazards"),
            st.Page("app_pages/fire_units.py", title="重大火灾隐患", icon=":material/local_fire_department:",
                    url_path="fire_units"),
            st.Page("app_pages/duty.py", title="假期值班", icon=":material/support_agent:", url_path="duty"),
            st.Page("app_pages/ranking.py", title="县区排名", icon=":material/leaderboard:", url_path="ranking"),
            st.Page("app_pages/groups.py", title="督查组评价", icon=":material/groups:", url_path="groups"),
            st.Page("app_pages/fires.py", title="火灾统计", icon=":material/whatshot:", url_path="fires"),
            st.Page("app_pages/tasks.py", title="专项整治", icon=":material/checklist:", url_path="tasks"),
        ],
        "数据": [
            st.Page("app_pages/data.py", title="数据管理", icon=":material/database:", url_path="data"),
            st.Page("app_pages/settings.py", title="设置", icon=":material/settings:", url_path="settings"),
            st.Page("app_pages/users.py", title="用户管理", icon=":material/manage_accounts:", url_path="users"),
            st.Page("app_pages/system.py", title="系统状态", icon=":material/monitor_heart:", url_path="system"),
            st.Page("app_pages/account.py", title="我的账号", icon=":material/account_circle:", url_path="account"),
        ],
    }
    shown = {section: [p for p in group if roles.sees_page(user, p.url_path, shared)] for section, group in every.items()}
    return {section: group for section, group in shown.items() if group}


system.start_logging()  # JSON lines: every write and page run (dashboard/logs.py)
store = ui.store()  # opens (or on first start builds) the store; a refused file stops here with its message
data_page.keep_backups_running(settings.db_path())  # the daily backup and the CLI's requests (ui/data_page.py)
reminders.keep_running()  # chases at the cut-off and deadline reminders, when an SMS gateway is configured
current = signin.gate(store, wall=ui.on_wall())  # the signed-in user (or the wall's link); else the sign-in page
PAGES = pages(current)
navigation = st.navigation(PAGES, position="hidden" if ui.on_wall() else "sidebar")
if current.role == roles.CLERK and navigation.url_path == "" and not st.session_state.get("clerk.arrived"):
    st.session_state["clerk.arrived"] = True  # a clerk arrives on its own page (县区填报 keeps its address, /clerk)
    st.switch_page(next(p for group in PAGES.values() for p in group if p.url_path == "clerk"))
if ui.on_wall():
    with system.page_run(navigation, wall=True):
        wall.run(navigation, PAGES)  # the wall screen: no sidebar, refreshed in place, views in turn
else:
    ui.sidebar(navigation)  # arriving by a link, the scope follows its URL
    with st.sidebar:
        signin.sign_out_button(store)
    with system.page_run(navigation):  # logged: page, session, seconds; slow ones at WARNING
        navigation.run()
