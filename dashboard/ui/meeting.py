"""会议快照 on the pages: ``freeze_button`` beside a view freezes what it shows (``dashboard/meeting.py``), and
``snapshots_section`` (数据管理) lists every snapshot and shows one again exactly as it was frozen."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from dashboard import clock, meeting, ui
from dashboard.ui import kit, rights

__all__ = ["freeze_button", "snapshots_section"]


def freeze_button(page: str, title: str, filters: str, figures: Sequence[tuple[str, object]], *,
                  table: pd.DataFrame | None = None, chart: Callable[[], object] | None = None, key: str) -> None:
    """冻结为会议快照: the view's title, scope, filters, figures, top rows and chart kept with their Word briefing.
    ``chart`` builds the view's Plotly figure, called only when the view is frozen (never on a page's rerun)."""
    if not rights.may_any(meeting.ENTITY, meeting.A_FREEZE):
        return
    done = key + "done"
    made = st.session_state.get(done)
    if st.button("冻结为会议快照", key=key + "go", icon=":material/photo_camera:",
                 help="把当前视图（范围、筛选、数据截至、主要数字、前 15 行和图表）冻结保存，并生成一页 Word 简报；"
                      "会后可在“数据管理 → 会议快照”中原样查看"):
        frozen = meeting.Frozen.of(page, title, ui.scope_label(), filters, ui.as_of(), figures, table,
                                   link=str(st.context.url or ""))
        with st.spinner("正在生成会议快照……"):
            number = kit.submit(done + ".outcome", lambda: meeting.take(ui.store(), frozen, ui.user(), chart() if chart else None),
                                "", refused="未冻结", rerun=False)
        if number is not None:
            st.session_state[done] = number
            made = number
    if made:
        snap = ui.cached(meeting.snapshot)(made)
        if snap and snap["content"].get("chart_problem"):
            st.warning(ui.plain(f"会议快照 {made} 号已冻结。{meeting.chart_note(snap['content']['chart_problem'])}"),
                       icon=":material/warning:")
        if snap:
            st.download_button(f"下载会议快照 {made} 号（Word）", data=snap["docx"],
                               file_name=f"会议快照{made}号_{snap['title']}.docx", key=key + "docx",
                               icon=":material/description:", on_click="ignore",
                               mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def snapshots_section(key: str) -> None:
    """Every snapshot, newest first; one chosen is shown again exactly as it was frozen."""
    listed = ui.cached(meeting.snapshots)()
    if listed.empty:
        st.caption("还没有会议快照。在隐患台账、县区排名或态势总览中点“冻结为会议快照”即可保存当时的视图。")
        return
    st.dataframe(pd.DataFrame({
        "编号": listed["id"], "页面": listed["page"], "标题": listed["title"],
        "数据截至": [clock.format_datetime(t) for t in listed["as_of"]],
        "冻结时间": [clock.format_datetime(t) for t in listed["taken_at"]], "冻结人": listed["taken_by"],
    }), hide_index=True, width="stretch", key=key + "list")
    chosen = st.selectbox("查看快照", list(listed["id"]), index=None, key=key + "pick", placeholder="选择快照编号",
                          format_func=lambda i: f"{i} 号：{listed.set_index('id').at[i, 'title']}")
    if chosen is None:
        return
    snap = ui.cached(meeting.snapshot)(chosen)
    content = snap["content"]
    with st.container(border=True):
        st.markdown(f"**{ui.plain(snap['title'])}**")
        st.caption(ui.plain(f"数据截至 {clock.format_datetime(snap['as_of'])}　范围：{content['scope']}　筛选：{content['filters'] or '无'}"
                            f"　{snap['taken_by']} {clock.format_datetime(snap['taken_at'])} 冻结"))
        row = ui.kpi_row()
        for label, value in content["figures"]:
            ui.kpi(row, label, value)  # as frozen, plain: the colours of then are in the Word briefing's words
        if snap["chart"]:
            st.image(snap["chart"])
        elif content.get("chart_problem"):
            st.caption(ui.plain(meeting.chart_note(content["chart_problem"])))
        if content["rows"]:
            st.dataframe(pd.DataFrame(content["rows"], columns=content["headers"]), hide_index=True, width="stretch",
                         key=key + f"rows.{chosen}")
        st.download_button("下载 Word 简报", data=snap["docx"], file_name=f"会议快照{chosen}号_{snap['title']}.docx",
                           key=key + f"docx.{chosen}", icon=":material/description:", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
