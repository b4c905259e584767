"""重大火灾隐患: the units with unresolved major fire hazards, most urgent first; who is responsible; the
milestone timeline; one unit's every field and history; the actions; the announcement and the briefing."""


import pandas as pd
import streamlit as st

from dashboard import clock, fire_charts, settings, ui, vocab
from dashboard import fire_units as fu
from dashboard.db import ValidationError
from dashboard.ui.records import history_timeline, show_value

ui.page_header("重大火灾隐患")
store = ui.store()
as_of = ui.as_of()
today = as_of.date()
P = "fire."  # widget key prefix; bound keys are also the URL parameters





flash = st.session_state.pop(P + "flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

everything = ui.cached(fu.board)(today, ui.scope())

# -- filters (the county scope is the sidebar's) ------------------------------------------------------
with ui.wall_hidden(P + "filters", border=True, horizontal=True, vertical_alignment="bottom"):
    st.segmented_control("挂牌督办", (fu.LISTED_ANY, fu.LISTED_YES, fu.LISTED_NO), default=fu.LISTED_ANY,
                         key=P + "listed", bind="query-params")
    st.multiselect("状态", fu.OPEN_STATUSES, key=P + "status", bind="query-params", placeholder="全部未销案",
                   width=360)
    st.toggle("只看已逾期", key=P + "overdue", bind="query-params")

board = fu.filter_board(everything, listed=st.session_state.get(P + "listed") or fu.LISTED_ANY,
                        statuses=tuple(st.session_state.get(P + "status") or ()),
                        overdue_only=bool(st.session_state.get(P + "overdue")))

# -- the five-second view ---------------------------------------------------------------------------
stats = fu.summary(everything)
cols = st.columns(6)
ui.kpi(cols[0], "未销案单位", stats["unresolved"])
ui.kpi(cols[1], "挂牌督办", stats["listed"])
ui.kpi(cols[2], "已逾期", stats["overdue"], help="超过整改期限仍未销案摘牌")
ui.kpi(cols[3], "节点滞后", int((everything["milestones_behind"] > 0).sum()), help="有计划日期已过仍未完成的整改节点")
ui.kpi(cols[4], "应提级督办", int(everything["escalate"].sum()),
       help=f"挂牌督办后满{settings.get('escalation_months')}个月仍未销案，应提请上一级政府督办")
ui.kpi(cols[5], "待复查", int((everything["status"] == vocab.FU_REVIEW_REQUESTED).sum()),
       help=f"已申请复查，应在申请后{settings.get('review_working_days')}个工作日内组织复查")

overdue = everything[everything["overdue_days"] > 0]
if len(overdue):
    st.error("**已逾期：** " + "；".join(
        f"{ui.plain(r.name)}（{r.unit}，逾期{r.overdue_days}天，责任人 {ui.plain(r.resp_person)} "
        f"{'' if pd.isna(r.resp_phone) else ui.plain(r.resp_phone)}）"
        for r in overdue.itertuples()), icon=":material/alarm:")
soon = everything[(everything["overdue_days"] == 0) & (everything["urgency"] == clock.ORANGE)]
if len(soon):
    st.warning("**7日内到期：** " + "；".join(
        f"{ui.plain(r.name)}（{r.countdown}，责任人 {ui.plain(r.resp_person)} {'' if pd.isna(r.resp_phone) else ui.plain(r.resp_phone)}）"
        for r in soon.itertuples()), icon=":material/schedule:")



def _next_step(row) -> str:
    if row.status == vocab.FU_REVIEW_REQUESTED:
        return f"待复查（{clock.format_date(row.review_due)}前）"
    if not isinstance(row.next_milestone, str):
        return ""
    planned = clock.format_date(pd.Timestamp(row.next_milestone_date))
    return f"{row.next_milestone}（计划{planned}{'，滞后' if row.milestones_behind else ''}）"


SHORT_URGENCY = {clock.RED: "已逾期", clock.ORANGE: "7日内", clock.YELLOW: "30日内", clock.GREEN: "充足"}
shown = pd.DataFrame({
    "紧急度": [f"● {SHORT_URGENCY.get(u, '')}" for u in board["urgency"]],
    "倒计时": board["countdown"],
    "单位名称": board["name"],
    "县区": board["unit"],
    "责任人及电话": [f"{p} {'' if pd.isna(t) else t}".strip() for p, t in zip(board["resp_person"], board["resp_phone"])],
    "挂牌督办": [(lv.replace("挂牌督办", "挂牌") + (f" {doc}" if isinstance(doc, str) else "")) if lv != vocab.NOT_LISTED
             else "" for lv, doc in zip(board["listing_level"], board["listing_doc"])],
    "整改进度": board["progress"],
    "下一节点": [_next_step(r) for r in board.itertuples()],
    "滞后节点": board["milestones_behind"],
    "状态": [s + ("·应提级督办" if e else "") for s, e in zip(board["status"], board["escalate"])],
    "整改期限": board["deadline"],
    "责任单位": board["resp_unit"],
    "行业督办部门": board["supervising_dept"],
    "属地消防大队": board["fire_brigade"],
    "媒体公告": board["announced_date"],
})
st.session_state[P + "shown_ids"] = list(board["id"])


def _countdown_style(text: str) -> str:
    if text.startswith("逾期"):
        return "color: #d62728; font-weight: 700"
    if text == "今日到期" or (text.startswith("剩") and int(text[1:-1]) <= settings.get("urgency_orange_days")):
        return "color: #ff7f0e; font-weight: 700"
    return ""


URGENCY_BY_LABEL = {f"● {label}": clock.URGENCY_COLORS[band] for band, label in SHORT_URGENCY.items()}


def _red_bold(value) -> str:
    return "color: #d62728; font-weight: 700" if value else ""


def _on_select() -> None:
    picked = st.session_state[P + "board"].selection.rows
    ids = st.session_state.get(P + "shown_ids", [])
    if picked and picked[0] < len(ids):
        st.session_state[P + "id"] = ids[picked[0]]


st.subheader(f"整改清单（{len(board)} / {len(everything)} 家，按紧急程度排序）", divider="gray")
st.caption(("" if ui.on_wall() else "点选一行查看详情和处理。") + "颜色：红色已逾期、橙色7日内到期、黄色30日内到期、绿色期限充足。")
st.dataframe(
    shown.style.map(_countdown_style, subset=["倒计时"]).map(_red_bold, subset=["滞后节点", "挂牌督办"]).map(
        lambda v: f"color: {URGENCY_BY_LABEL.get(v, '#333')}; font-weight: 700", subset=["紧急度"]),
    key=P + "board", on_select=_on_select, selection_mode="single-row", hide_index=True, width="stretch",
    height=38 + 35 * max(len(shown), 1),
    column_config={
        "紧急度": st.column_config.TextColumn(width=80),
        "倒计时": st.column_config.TextColumn(width=80, help="距整改期限的天数（按数据截至日）"),
        "单位名称": st.column_config.TextColumn(width="medium"),
        "整改进度": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%", width="small"),
        "滞后节点": st.column_config.NumberColumn(help="计划日期已过仍未完成的节点数", width="small"),
        "整改期限": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "媒体公告": st.column_config.DateColumn(format="YYYY-MM-DD", help="在本地主要媒体公告的日期"),
    },
)

title = f"{settings.get('city_name')}重大火灾隐患"
with ui.wall_hidden(P + "exports"):
    cols = st.columns([2, 2, 6])
cols[0].download_button(
    "导出公告清单（Excel）", data=lambda: fu.announcement_xlsx(board, as_of=as_of), key=P + "export_xlsx",
    file_name=f"{title}公告清单_{today:%Y%m%d}.xlsx", icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore"
)
cols[1].download_button(
    "导出进展简报（Word）", data=lambda: fu.briefing_docx(board, as_of=as_of), key=P + "export_docx",
    file_name=f"{title}整改进展简报_{today:%Y%m%d}.docx", icon=":material/description:",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", on_click="ignore"
)
cols[2].caption("导出当前筛选的单位：公告清单含单位、隐患、整改期限、责任单位和责任人（逾期行标红）；简报为一页进展情况。")

# -- timeline and countdown ---------------------------------------------------------------------------
if len(board):
    marks = ui.cached(fu.milestones)(today, ui.scope())
    st.plotly_chart(fire_charts.milestone_gantt(marks, board, today), key=P + "gantt")
else:
    st.info("没有符合筛选条件的单位。")

# -- one unit -----------------------------------------------------------------------------------------
ui.wall_end()
st.subheader("单位详情与处理", divider="gray")
all_units = ui.cached(fu.board)(today, (), unresolved_only=False)
names = dict(zip(all_units["id"], all_units["name"]))
st.selectbox("单位", list(names), format_func=lambda i: f"{i} {names.get(i, '')}", index=None, key=P + "id",
             bind="query-params", placeholder="在上表点选一行，或在此选择")
unit_id = st.session_state.get(P + "id")
unit = ui.cached(fu.detail)(unit_id, today) if unit_id else None

FIELD_LABELS = (
    ("id", "编号"), ("name", "单位名称"), ("unit", "县区"), ("address", "地址"), ("place_type", "场所类型"),
    ("judgement", "判定方式"), ("clauses", "判定条款"), ("description", "隐患描述"), ("filed_date", "立案日期"),
    ("listing_level", "督办级别"), ("listing_doc", "督办文号"), ("listing_date", "挂牌日期"),
    ("announced_date", "媒体公告日期"), ("escalation_due", "应提级督办日期"), ("original_deadline", "原整改期限"),
    ("deadline", "整改期限"), ("countdown", "倒计时"), ("resp_unit", "整改责任单位"), ("resp_person", "整改责任人"),
    ("resp_phone", "责任人电话"), ("supervising_dept", "行业督办部门"), ("fire_brigade", "属地消防大队"),
    ("progress", "整改进度%"), ("funds", "整改资金(万元)"), ("interim_measures", "临时防范措施"), ("status", "状态"),
    ("review_requested_date", "申请复查日期"), ("review_due", "复查时限"), ("closed_date", "销案日期"),
    ("lat", "纬度"), ("lon", "经度"),
)


def _action_form(action: str, marks: pd.DataFrame) -> None:
    """One action's form; submitting runs it (one transaction) and reruns, a refusal shows its reason."""
    with st.form(P + "form." + action, border=True):
        fields: dict = {}
        if action == fu.A_PROGRESS:
            fields["progress"] = st.number_input("整改进度（%）", min_value=0, max_value=100, step=5,
                                                 value=int(unit["progress"]), key=P + "f.progress")
            fields["reason"] = st.text_input("说明（进度下调时必填）", key=P + "f.progress_reason")
        elif action == fu.A_MILESTONE:
            open_marks = marks[marks["actual_date"].isna()]
            labels = {int(r.seq): f"{r.seq}. {r.name}（计划{show_value(r.planned_date)}）" for r in open_marks.itertuples()}
            fields["seq"] = st.selectbox("整改节点", list(labels), format_func=labels.get, key=P + "f.seq")
            fields["actual_date"] = st.date_input("实际完成日期", value=today, key=P + "f.actual", format="YYYY-MM-DD")
            fields["progress"] = st.number_input("同时更新整改进度（%）", min_value=0, max_value=100, step=5,
                                                 value=int(unit["progress"]), key=P + "f.m_progress")
        elif action == fu.A_REQUEST_REVIEW:
            st.caption(f"申请后状态为“{vocab.FU_REVIEW_REQUESTED}”，应在 {show_value(fu.review_due(today))} 前"
                       f"（{settings.get('review_working_days')}个工作日内，按法定节假日计算）组织现场复查。")
        elif action in (fu.A_REVIEW_PASS, fu.A_REVIEW_FAIL):
            st.caption(f"申请复查日期 {show_value(unit.get('review_requested_date'))}，复查时限 {show_value(unit.get('review_due'))}。"
                       + ("合格即销案摘牌。" if action == fu.A_REVIEW_PASS else "不合格退回整改中。"))
            fields["review_date"] = st.date_input("复查日期", value=today, key=P + "f.review_date", format="YYYY-MM-DD")
            fields["reviewer"] = st.text_input("复查人（消防救援机构）", value=unit.get("fire_brigade") or "",
                                               key=P + "f.reviewer")
            if action == fu.A_REVIEW_FAIL:
                fields["reason"] = st.text_area("不合格原因（必填）", key=P + "f.fail_reason")
        elif action == fu.A_LIST:
            levels = [lv for lv in vocab.LISTING_LEVELS if lv != vocab.NOT_LISTED]
            fields["listing_level"] = st.selectbox("督办级别", levels, index=1, key=P + "f.level")
            fields["listing_unit"] = st.text_input("督办单位", key=P + "f.listing_unit")
            fields["listing_doc"] = st.text_input("督办文号", key=P + "f.doc", placeholder="如 安安委督〔2021〕9号")
            fields["listing_date"] = st.date_input("挂牌日期", value=today, key=P + "f.listing_date", format="YYYY-MM-DD")
            fields["announced_date"] = st.date_input("媒体公告日期", value=None, key=P + "f.announced", format="YYYY-MM-DD")
        elif action == fu.A_EXTEND:
            st.caption(f"当前整改期限：{show_value(unit.get('deadline'))}；原期限保留在历史记录中。")
            fields["new_deadline"] = st.date_input("新的整改期限", value=None, key=P + "f.new_deadline", format="YYYY-MM-DD")
            fields["reason"] = st.text_area("延期原因（必填）", key=P + "f.extend_reason")
        submitted = st.form_submit_button(f"确认{action}", type="primary", key=P + "submit")
    if not submitted:
        return
    try:
        new_status = fu.act(store, unit_id, action, fields, (st.session_state.get(P + "actor") or "").strip())
    except ValidationError as exc:
        st.error(f"未执行：{ui.plain(exc)}", icon=":material/block:")
        return
    st.session_state[P + "flash"] = f"{ui.plain(unit['name'])}：{action}完成，当前状态“{new_status}”。"
    st.rerun()


if unit is not None:
    with st.container(horizontal=True):
        st.badge(unit["status"], color="green" if unit["status"] == vocab.FU_CLOSED else "blue")
        if unit["overdue_days"] and unit["status"] != vocab.FU_CLOSED:
            st.badge(f"逾期{int(unit['overdue_days'])}天", color="red", icon=":material/alarm:")
        if unit["listed"]:
            st.badge(ui.plain(f"{unit['listing_level']} {unit.get('listing_doc') or ''}".strip()), color="red",
                     icon=":material/flag:")
        if unit["escalate"]:
            st.badge("应提级督办", color="red", icon=":material/priority_high:")
        if unit["milestones_behind"]:
            st.badge(f"{int(unit['milestones_behind'])}个节点滞后", color="orange")
    left, right = st.columns([3, 2])
    with left:
        values = pd.DataFrame({"字段": [label for _, label in FIELD_LABELS],
                               "内容": [show_value(unit.get(key)) for key, _ in FIELD_LABELS]})
        st.dataframe(values, hide_index=True, width="stretch", height=35 * len(values) + 38, key=P + "detail",
                     column_config={"字段": st.column_config.TextColumn(width="small"),
                                    "内容": st.column_config.TextColumn(width="large")})
        marks = ui.cached(fu.unit_milestones)(unit_id)
        st.markdown("**整改节点（倒排工期）**")
        st.dataframe(pd.DataFrame({
            "节点": marks["name"], "计划日期": pd.to_datetime(marks["planned_date"]),
            "实际完成": pd.to_datetime(marks["actual_date"]),
            "情况": ["滞后" if fu.milestone_behind(clock.as_date(p), clock.as_date(a), today) else
                   ("已完成" if clock.as_date(a) else "") for p, a in zip(marks["planned_date"], marks["actual_date"])],
        }), hide_index=True, width="stretch", key=P + "marks",
            column_config={"计划日期": st.column_config.DateColumn(format="YYYY-MM-DD"),
                           "实际完成": st.column_config.DateColumn(format="YYYY-MM-DD")})
    with right:
        st.markdown("**处理**")
        st.text_input("操作人", key=P + "actor", placeholder="填写您的姓名", help="写入历史记录")
        offered = fu.available_actions(unit)
        if offered:
            action = st.selectbox("操作", offered, key=P + "action")
            _action_form(action, marks)
        else:
            st.info("该单位已销案摘牌，没有可执行的操作。")
        st.markdown("**历史记录**")
        history_timeline(ui.cached(fu.history)(unit_id), fu.describe_detail)
