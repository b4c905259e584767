"""专项整治: the 25 categories and 61 sub-items: city-wide figures, mean progress by category and by lead
department (laggards on top, overdue in red), the filtered list with countdowns and its Excel export, and one
item's detail with its history and the progress update form."""

import pandas as pd
import streamlit as st

from dashboard import clock, contents, export, settings, tasks, ui, vocab
from dashboard.ui import entry, kit, rights
from dashboard.ui.records import history_timeline, show_value

ctx = kit.page("专项整治", "tasks.")  # widget keys tasks.*; bound keys are also the URL parameters
key = ctx.key
if kit.empty_state(kit.loaded().missing(contents.TASKS), key="tasks", here="tasks"):
    entry.tasks(ctx)  # the way in: the office's task list
    st.stop()  # no task list yet: no tile, chart or list to show (a task-list import on this page goes before this)

if ctx.scope:
    st.info(f"专项整治任务是市级任务，不分县区：侧边栏的县区范围（{ui.plain(ctx.scope_label)}）不适用于本页，"
            "以下是全市全部任务。", icon=":material/info:")

everything = ui.cached(tasks.task_list)(ctx.today)

# -- the five-second view ---------------------------------------------------------------------------
stats = tasks.summary(everything)
row = ui.kpi_row()
ui.kpi(row, "任务子项", stats["items"], help=f"{everything['category_no'].nunique()}个类别")
ui.kpi(row, "已完成", stats["done"], help="完成进度 100%")
ui.kpi(row, "推进中", stats["in_progress"], help="完成进度 1%–99%")
ui.kpi(row, "未启动", stats["not_started"], help="完成进度 0%")
ui.kpi(row, "已逾期", stats["overdue"], state=ui.tiles.overdue_state(stats["overdue"]),
       help="超过完成期限仍未完成（期限当天不算逾期）")
ui.kpi(row, "平均进度", ui.percent(stats["mean_progress"]), help="全部子项完成进度的平均值")

overdue = everything[everything["overdue"]].sort_values("days_left")
if len(overdue):
    st.error("**已逾期：** " + "；".join(
        f"{r.id} {ui.plain(r.item)}（{ui.plain(r.lead_dept)}，{r.countdown}，进度{r.progress}%）"
        for r in overdue.itertuples()), icon=":material/alarm:")

# -- progress by category and by department ------------------------------------------------------------
left, right = st.columns([3, 2])
left.plotly_chart(tasks.charts.category_progress(tasks.by_category(everything)), key=key("by_category"))
right.plotly_chart(tasks.charts.department_progress(tasks.by_department(everything)), key=key("by_department"))
st.caption(tasks.charts.LEGEND)

# -- filters (bound to the URL) ------------------------------------------------------------------------
with st.container(border=True, horizontal=True, vertical_alignment="bottom"):
    st.multiselect("整治类别", tasks.categories(everything), key=key("category"), bind="query-params",
                   placeholder="全部类别", width=340)
    st.multiselect("牵头部门", tasks.departments(everything), key=key("dept"), bind="query-params",
                   placeholder="全部部门", width=300)
    st.multiselect("状态", vocab.TASK_STATUSES, key=key("status"), bind="query-params", placeholder="全部状态",
                   width=260)
    st.toggle("仅逾期", key=key("overdue"), bind="query-params")

chosen = {
    "categories": tuple(st.session_state.get(key("category")) or ()),
    "departments": tuple(st.session_state.get(key("dept")) or ()),
    "statuses": tuple(st.session_state.get(key("status")) or ()),
    "overdue_only": bool(st.session_state.get(key("overdue"))),
}
board = tasks.filter_tasks(everything, **chosen)

# -- the list ------------------------------------------------------------------------------------------
shown = pd.DataFrame({
    "编号": board["id"],
    "整治类别": board["category"],
    "子项任务": board["item"],
    "牵头部门": board["lead_dept"],
    "完成进度": board["progress"],
    "状态": board["status"],
    "完成期限": pd.to_datetime(board["deadline"]),
    "倒计时": board["countdown"],
    "最新进展": board["note"].fillna(""),
    "最近更新": board["updated_at"],
    "配合部门": board["coop_depts"].fillna(""),
})
bands = list(board["urgency"])  # the countdown's colour comes with it, never from its text

st.subheader(f"任务清单（{len(board)} / {len(everything)} 项）", divider="gray")
st.caption("点选一行查看详情和更新进度。倒计时" + clock.urgency_legend(green=False)
           + "专项整治为市级任务，不按县区划分。")
st.dataframe(
    shown.style.apply(lambda _: [kit.urgency_style(band) for band in bands], subset=["倒计时"]),
    **kit.row_picker(key("list"), board["id"], key("id")), hide_index=True, width="stretch",
    height=38 + 35 * min(max(len(shown), 1), 20),
    column_config={
        "编号": st.column_config.TextColumn(width=60, pinned=True),  # kept in view when the table scrolls
        "整治类别": st.column_config.TextColumn(width=ui.fit_width(shown["整治类别"], maximum=220)),
        "子项任务": st.column_config.TextColumn(width=ui.fit_width(shown["子项任务"], maximum=240)),
        "完成进度": ui.progress_column(width=110),
        "状态": st.column_config.TextColumn(width=70),
        "完成期限": st.column_config.DateColumn(format="YYYY-MM-DD", width=100),
        "倒计时": st.column_config.TextColumn(width=80, help="距完成期限的天数（按数据截至日；期限当天不算逾期）"),
        "最新进展": st.column_config.TextColumn(width=300),
        "最近更新": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", width=130),
    },
)

with st.container(**ui.WRAP_ROW):  # the button keeps its whole label; the note beside it wraps
    st.download_button(
        "导出任务清单（Excel）", key=key("export_xlsx"), icon=":material/download:", on_click="ignore",
        data=lambda: tasks.list_xlsx(board, as_of=ctx.as_of, filters=tasks.filter_text(**chosen)),
        file_name=export.file_name(f"{settings.get('city_name')}专项整治任务清单", tasks.filter_text(**chosen),
                                   day=ctx.today, ext="xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    st.caption("导出当前筛选的子项（逾期行标红），含牵头部门、配合部门、进度、期限和最新进展。")

# -- one item -------------------------------------------------------------------------------------------
st.subheader("任务详情与进度更新", divider="gray")
names = dict(zip(everything["id"], everything["item"]))
st.selectbox("子项任务", list(names), format_func=lambda i: f"{i} {names.get(i, '')}", index=None, key=key("id"),
             bind="query-params", placeholder="在上表点选一行，或在此选择")
item = tasks.find(everything, st.session_state.get(key("id")))

FIELD_LABELS = (
    ("id", "编号"), ("category", "整治类别"), ("item", "子项任务"), ("lead_dept", "牵头部门"), ("coop_depts", "配合部门"),
    ("deadline", "完成期限"), ("countdown", "倒计时"), ("progress", "完成进度%"), ("status", "状态"),
    ("note", "最新进展"), ("updated_at", "最近更新"),
)
STATUS_BADGE = {vocab.TASK_DONE: "green", vocab.TASK_NOT_STARTED: "gray", vocab.TASK_IN_PROGRESS: "blue"}


def _field(name: str) -> str:
    value = item.get(name)
    if name == "updated_at" and value is not None:
        return clock.format_datetime(clock.as_datetime(value))
    return show_value(value)


def _progress_form(tid: str) -> None:
    """The update form; submitting writes (one transaction) and reruns, a refusal shows its reason."""
    with st.form(key("form"), border=True):
        progress = st.number_input("完成进度（%）", min_value=0, max_value=100, step=5, value=int(item["progress"]),
                                   key=key("f.progress." + tid), help="0 为未启动，100 为已完成，其余为推进中")
        note = st.text_area("进展情况（进度下调时必须写明原因）", key=key("f.note." + tid), max_chars=tasks.NOTE_MAX,
                            placeholder="如：已完成主城区排查，正在集中整改")
        submitted = st.form_submit_button("保存进度", type="primary", key=key("submit"))
    if submitted:
        kit.submit(key("update"),
                   lambda: tasks.update_progress(ctx.store, item["category_no"], item["item_no"], progress, note,
                                                 ui.user()),
                   lambda done: f"{tid} {item['item']}：进度已更新为 {done['progress']}%，状态“{done['status']}”。",
                   refused="未保存")


if item is not None:
    with st.container(horizontal=True):
        st.badge(item["status"], color=STATUS_BADGE[item["status"]])
        if item["overdue"]:
            st.badge(item["countdown"], color="red", icon=":material/alarm:")
        elif item["urgency"] in (clock.ORANGE, clock.YELLOW):
            st.badge(item["countdown"], color=item["urgency"], icon=":material/schedule:")
    left, right = st.columns([3, 2])
    with left:
        values = pd.DataFrame({"字段": [label for _, label in FIELD_LABELS],
                               "内容": [_field(name) for name, _ in FIELD_LABELS]})
        st.dataframe(values, hide_index=True, width="stretch", height=35 * len(values) + 38, key=key("detail"),
                     column_config={"字段": st.column_config.TextColumn(width="small"),
                                    "内容": st.column_config.TextColumn(width="large")})
    with right:
        st.markdown("**更新进度**")
        kit.outcome(key("update"))  # the success of the last update, where the user acted
        if rights.may_any(tasks.ENTITY, tasks.A_PROGRESS):
            _progress_form(item["id"])
        else:
            rights.note("更新专项整治进度")
    st.markdown("**历史记录**")
    events = ui.cached(tasks.history)(item["category_no"], item["item_no"])
    if events.empty:
        st.caption("暂无更新记录。")
    history_timeline(events, tasks.describe_detail)

# -- import -------------------------------------------------------------------------------------------
entry.tasks(ctx)
