"""重大火灾隐患: the units with unresolved major fire hazards, most urgent first; who is responsible; the
milestone timeline; one unit's every field and history; the actions; the announcement and the briefing."""

import pandas as pd
import streamlit as st

from dashboard import clock, contents, documents, evidence, export, settings, ui, vocab
from dashboard import fire_units as fu
from dashboard.fire_units import rules, table
from dashboard.ui import documents as paper
from dashboard.ui import entry, figures, kit, rights
from dashboard.ui.records import history_timeline, show_value

ctx = kit.page("重大火灾隐患", "fire.")  # bound keys are also the URL parameters
P, today = ctx.prefix, ctx.today
if kit.empty_state(kit.loaded().missing(contents.FIRE_UNITS), key="fire_units", here="fire_units"):
    entry.fire_units(ctx)  # the way in: import the units (and their plans) or register one
    st.stop()  # no unit yet: no tile, list or timeline to show (a fire-units import on this page goes before this)
everything = ui.cached(fu.board)(today, ctx.scope)

# -- filters (the county scope is the sidebar's) ------------------------------------------------------
with st.container(border=True, horizontal=True, vertical_alignment="bottom"):
    st.segmented_control("挂牌督办", (fu.LISTED_ANY, fu.LISTED_YES, fu.LISTED_NO), default=fu.LISTED_ANY,
                         key=P + "listed", bind="query-params")
    st.multiselect("状态", fu.OPEN_STATUSES, key=P + "status", bind="query-params", placeholder="全部未销案",
                   width=360)
    st.toggle("只看已逾期", key=P + "overdue", bind="query-params")

filters = dict(listed=st.session_state.get(P + "listed") or fu.LISTED_ANY,
               statuses=tuple(st.session_state.get(P + "status") or ()),
               overdue_only=bool(st.session_state.get(P + "overdue")))
board = fu.filter_board(everything, **filters)

# -- the five-second view ---------------------------------------------------------------------------
stats = fu.summary(everything)
behind, escalate = int((everything["milestones_behind"] > 0).sum()), int(everything["escalate"].sum())
row = ui.kpi_row()
ui.kpi(row, "未销案单位", stats["unresolved"])
ui.kpi(row, "挂牌督办", stats["listed"])
ui.kpi(row, "已逾期", stats["overdue"], state=ui.tiles.overdue_state(stats["overdue"]), help="超过整改期限仍未销案摘牌")
ui.kpi(row, "节点滞后", behind, state=ui.tiles.overdue_state(behind), help="有计划日期已过仍未完成的整改节点")
ui.kpi(row, "应提级督办", escalate, state=ui.tiles.overdue_state(escalate),
       help=f"挂牌督办后满{rules.escalation_months()}个月仍未销案，应提请上一级政府督办")
ui.kpi(row, "待复查", int((everything["status"] == vocab.FU_REVIEW_REQUESTED).sum()),
       help=f"已申请复查，应在申请后{rules.review_working_days()}个工作日内组织复查")


def _who(r) -> str:
    return f"责任人 {ui.plain(r.resp_person)} {'' if pd.isna(r.resp_phone) else ui.plain(r.resp_phone)}"


overdue = everything[everything["overdue_days"] > 0]
if len(overdue):
    st.error("**已逾期：** " + "；".join(f"{ui.plain(r.name)}（{r.unit}，{r.countdown}，{_who(r)}）"
                                        for r in overdue.itertuples()), icon=":material/alarm:")
soon = everything[everything["urgency"] == clock.ORANGE]
if len(soon):
    st.warning(f"**{clock.urgency_label(clock.ORANGE)}：** " + "；".join(
        f"{ui.plain(r.name)}（{r.countdown}，{_who(r)}）" for r in soon.itertuples()), icon=":material/schedule:")

# -- the list -----------------------------------------------------------------------------------------
shown = table.board_table(board)
styled = (shown.style
          .apply(lambda _: [table.urgency_css(u) for u in board["urgency"]], subset=["紧急度"])
          .apply(lambda _: [table.countdown_css(u) for u in board["urgency"]], subset=["倒计时"])
          .map(table.flag_css, subset=["滞后节点", "挂牌督办"]))
st.subheader(f"整改清单（{len(board)} / {len(everything)} 家，按紧急程度排序）", divider="gray")
st.caption("点选一行查看详情和处理。" + clock.urgency_legend())
st.dataframe(
    styled, **kit.row_picker(P + "board", board["id"], P + "id"), hide_index=True, width="stretch",
    height=38 + 35 * max(len(shown), 1), placeholder="—",
    column_config={
        "紧急度": st.column_config.TextColumn(width=100),
        "倒计时": st.column_config.TextColumn(width=80, help="距整改期限的天数（按数据截至日）"),
        "单位名称": st.column_config.TextColumn(width=ui.fit_width(shown["单位名称"]), pinned=True),  # whole, kept in view
        "县区": st.column_config.TextColumn(width=ui.fit_width(shown["县区"])),
        "责任人及电话": st.column_config.TextColumn(width=ui.fit_width(shown["责任人及电话"])),
        "整改进度": ui.progress_column(width="small"),
        "滞后节点": st.column_config.NumberColumn(help="计划日期已过仍未完成的节点数", width="small"),
        "整改期限": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "媒体公告": st.column_config.DateColumn(format="YYYY-MM-DD", help="在本地主要媒体公告的日期"),
    },
)

title = f"{settings.get('city_name')}重大火灾隐患"
row = st.container(**ui.WRAP_ROW)  # buttons keep their whole label; the note below them
row.download_button(
    "导出公告清单（Excel）", key=P + "export_xlsx",
    data=lambda: fu.announcement_xlsx(board, as_of=ctx.as_of, scope=ctx.scope, scope_label=ctx.scope_label, **filters),
    file_name=export.file_name(f"{title}公告清单", ctx.scope_label, day=today, ext="xlsx"), icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore"
)
row.download_button(
    "导出进展简报（Word）", data=lambda: fu.briefing_docx(ctx.store, as_of=ctx.as_of, scope=ctx.scope,
                                                    scope_label=ctx.scope_label, **filters), key=P + "export_docx",
    file_name=export.file_name(f"{title}整改进展简报", ctx.scope_label, day=today, ext="docx"),
    icon=":material/description:",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", on_click="ignore"
)
st.caption(
    "导出当前筛选的单位：公告清单含单位、隐患、整改期限、责任单位和责任人（逾期行标红）；"
    "简报为一页进展情况，首段为全市总数，清单为当前范围和筛选的单位（标题注明）。")

# -- timeline -----------------------------------------------------------------------------------------
if len(board):
    marks = ui.cached(fu.milestones)(today, ctx.scope)
    st.plotly_chart(figures.cached(fu.milestone_gantt)(marks, board, today), key=P + "gantt")  # built once per data
else:
    st.info("没有符合筛选条件的单位。")

# -- one unit -----------------------------------------------------------------------------------------
st.subheader("单位详情与处理", divider="gray")
all_units = ui.cached(fu.board)(today, (), unresolved_only=False)
names = dict(zip(all_units["id"], all_units["name"]))
st.selectbox("单位", list(names), format_func=lambda i: f"{i} {names.get(i, '')}", index=None, key=P + "id",
             bind="query-params", placeholder="在上表点选一行，或在此选择")
unit_id = st.session_state.get(P + "id")
unit = ui.cached(fu.detail)(unit_id, today) if unit_id else None

if unit is not None:
    with st.container(horizontal=True):
        st.badge(unit["status"], color="green" if unit["status"] == vocab.FU_CLOSED else "blue")
        if unit["overdue_days"]:
            st.badge(unit["countdown"], color="red", icon=":material/alarm:")
        if unit["listed"]:
            st.badge(ui.plain(f"{unit['listing_level']} {unit.get('listing_doc') or ''}".strip()), color="red",
                     icon=":material/flag:")
        if unit["escalate"]:
            st.badge("应提级督办", color="red", icon=":material/priority_high:")
        if unit["milestones_behind"]:
            st.badge(f"{int(unit['milestones_behind'])}个节点滞后", color="orange")
    left, right = st.columns([3, 2])
    with left:
        values = pd.DataFrame([(label, show_value(value)) for label, value in table.detail_fields(unit)],
                              columns=["字段", "内容"])
        st.dataframe(values, hide_index=True, width="stretch", height=35 * len(values) + 38, key=P + "detail",
                     column_config={"字段": st.column_config.TextColumn(width="small"),
                                    "内容": st.column_config.TextColumn(width="large")})
        st.markdown("**整改节点（倒排工期）**")
        st.dataframe(table.milestone_table(unit["milestones"], today), hide_index=True, width="stretch",
                     key=P + "marks", placeholder="—",  # a milestone not yet done: a dash, never "None"
                     column_config={"计划日期": st.column_config.DateColumn(format="YYYY-MM-DD"),
                                    "实际完成": st.column_config.DateColumn(format="YYYY-MM-DD")})
    with right:
        st.markdown("**处理**")
        kit.outcome(P + "act")
        available = fu.available_actions(unit)
        offered = rights.offered(fu.ENTITY, available, unit)  # what the lifecycle and the role allow
        if offered:
            action = st.selectbox("操作", offered, key=P + "action")
            fields = kit.action_form(fu.LIFECYCLE, action, unit, today, key=f"{P}form.{unit_id}.")
            if fields is not None and action == fu.A_LIST:  # with its 挂牌督办通知书, one transaction
                kit.submit(P + "act", lambda: documents.list_with_notice(ctx.store, documents.S_FIRE_UNIT, unit_id,
                                                                         fields, ui.user()),
                           lambda listed: documents.listing_done_text(unit["name"], listed))
            elif fields is not None:
                kit.submit(P + "act", lambda: fu.act(ctx.store, unit_id, action, fields, ui.user()),
                           lambda status: fu.done_text(unit, action, fields, status))
        elif available:
            rights.note("处理重大火灾隐患单位", elsewhere=any(rights.may_any(fu.ENTITY, a) for a in available))
        else:
            st.info("该单位已销案摘牌，没有可执行的操作。")
        st.markdown("**历史记录**")
        history_timeline(ui.cached(fu.history)(unit_id), fu.describe_detail,
                         ui.cached(evidence.for_record)(fu.ENTITY, unit_id))
        paper.panel(ctx, documents.S_FIRE_UNIT, unit_id, [paper.Offer(documents.K_LISTING)]
                    if unit["listed"] and unit["status"] != vocab.FU_CLOSED else [], key=P + "docs.")

# -- import and entry ----------------------------------------------------------------------------------
entry.fire_units(ctx)
