"""数据管理: the store's care. Each part is a section drawn by dashboard.ui (ui/data_page.py, ui/meeting.py): 数据概况
(what is loaded, and where each kind still missing is loaded), 导入记录 (every import, its original file, 撤销导入),
会议快照 (every view frozen for a meeting, shown again as it was) and 备份."""

import streamlit as st

from dashboard.ui import data_page, kit, meeting

ctx = kit.page("数据管理", "data.")
data_page.contents_section(ctx)
data_page.imports_section(ctx)
st.subheader("会议快照", divider="gray")
meeting.snapshots_section(ctx.key("meeting."))
data_page.backups_section(ctx)
