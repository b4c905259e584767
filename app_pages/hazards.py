"""隐患台账: find and filter (every filter in the URL), move a hazard through its life, import, export."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import clock, contents, documents, evidence, export, hazards, jobs, notify, settings, ui, vocab
from dashboard.ui import meeting as meeting_ui
from dashboard.ui import documents as paper
from dashboard.ui import figures, kit, records, rights
from dashboard.ui import notices as notices_ui

page = kit.page("隐患台账", "hazards.")
store, today, key = page.store, page.today, page.key  # bound keys are also the URL parameters

group_frame = ui.cached(hazards.groups)()
group_ids = dict(zip(group_frame["name"], group_frame["id"]))
unit_by_code = {code: name for name, code in ui.unit_options().items()}

# -- new hazard and import ---------------------------------------------------------------------------------
# A 督查组 registers and imports its own group's hazards: its county, source and group are fixed here (and the
# domain refuses any other group's); the office chooses them.
own_group = rights.own_group()
own_group_row = group_frame[group_frame["id"] == own_group] if own_group is not None else group_frame.iloc[:0]
counties = {name: code for name, code in ui.unit_options().items()
            if own_group is None or code in set(own_group_row["unit_code"])}
may_register = rights.may_any(hazards.HAZARD_ENTITY, hazards.A_REGISTER)
may_import = rights.may_any("import", hazards.IMPORT_ACTION)


def _new_hazard_form() -> None:
    kit.outcome(key("new"))
    with st.form(key("new"), border=False):
        c = st.columns(2)
        found = c[0].date_input("发现时间", value=today, key=key("n.found"), format="YYYY-MM-DD")
        unit = c[1].selectbox("县区", list(counties), key=key("n.unit"))
        source = c[0].selectbox("来源", [vocab.SOURCE_GROUPS] if own_group is not None else vocab.SOURCES,
                                key=key("n.source"))
        sector = c[1].selectbox("行业领域", vocab.SECTORS, index=None, key=key("n.sector"), placeholder="请选择")
        enterprise = st.text_input("单位名称", key=key("n.enterprise"))
        location = st.text_input("隐患部位", key=key("n.location"))
        description = st.text_area("隐患描述", key=key("n.description"))
        c = st.columns(2)
        level = c[0].selectbox("隐患等级", vocab.HAZARD_LEVELS, key=key("n.level"))
        treatment = c[1].selectbox("治理类型", vocab.TREATMENTS, index=1, key=key("n.treatment"))
        deadline = c[0].date_input("整改期限", value=None, key=key("n.deadline"), format="YYYY-MM-DD")
        resp_person = c[1].text_input("整改责任人", key=key("n.resp_person"))
        measures = st.text_input("整改措施", key=key("n.measures"))
        if st.form_submit_button("登记", type="primary", key=key("n.submit")):
            new = {"found_date": found, "unit_code": counties.get(unit), "source": source, "sector": sector,
                   "enterprise": enterprise, "location": location, "description": description, "level": level,
                   "treatment": treatment, "deadline": deadline, "resp_person": resp_person, "measures": measures,
                   "group_id": own_group}
            kit.submit(key("new"), lambda: hazards.create(store, new, ui.user()), lambda hid: f"已登记隐患 {hid}。",
                       refused="未登记")


_BY_FILE = "按文件（未写明时自动判断）"


def _import_options(prefix: str) -> dict:
    """检查组 and 来源 chosen once for the whole file (for the rows and files that do not say them)."""
    c = st.columns(2)
    if own_group is not None:  # a 督查组 imports its own group's list only
        group = c[0].selectbox("检查组", list(own_group_row["name"]), key=prefix + "group", disabled=True,
                               help="督查组只能导入本组的隐患清单")
    else:
        group = c[0].selectbox("检查组", [_BY_FILE, *group_ids], key=prefix + "group",
                               help="文件中没有检查组列、标题也没写明时，整个文件按这里选择的检查组登记")
    source = c[1].selectbox("来源", [_BY_FILE, *vocab.SOURCES], key=prefix + "source",
                            help="文件中没有来源列时，整个文件按这里选择的来源登记；标题或列中有督查组的为进驻式暗访督查")
    return {"group": None if group == _BY_FILE else group, "source": None if source == _BY_FILE else source}


def _preview(data: bytes, name: str, *, options: dict, mapping, progress) -> hazards.ImportPreview:
    return hazards.preview_import(store, data, name, mapping=mapping, progress=progress, **options)


def _import(data: bytes, name: str, actor, progress, *, options: dict | None = None,
            mapping=None) -> kit.ImportResult:
    done = hazards.import_file(store, data, name, actor, progress=progress, mapping=mapping, **(options or {}))
    return kit.ImportResult(done.ok, len(done.result.rows), done.added, done.skipped, done.errors)


def _import_panel() -> None:
    kit.import_panel(key("import."), run=_import, template=lambda: hazards.template(store),
                     action=hazards.IMPORT_ACTION, template_name="隐患清单导入模板.xlsx", preview=_preview, options=_import_options,
                     note="支持 .xlsx、.xls、.csv（UTF-8 或 GBK），也可直接导入各组自己的清单（标题、表头写法不同均可）。"
                          "先预览每一列的读法和前几行，确认后才写入；有一行不合格时整个文件不导入；重复导入不会重复登记。")


def _entry_section(*, first: bool = False) -> None:
    """登记与导入; ``first``: the ledger is empty, so this is the way in, open at once."""
    st.subheader("登记与导入", divider="gray")
    if not (may_register or may_import):
        rights.note("登记或导入隐患")
        return
    left, right = st.columns(2)
    if may_register:
        with left, st.expander("登记新隐患", icon=":material/add_circle:", expanded=first):
            _new_hazard_form()
    if may_import:
        with right, st.expander("导入隐患清单（Excel / CSV）", icon=":material/upload_file:", expanded=first):
            _import_panel()


if kit.empty_state(kit.loaded().missing(contents.HAZARDS), key="hazards", here="hazards"):
    _entry_section(first=True)  # no hazard at all: no filters, counts or table over nothing, just the way in
    st.stop()

# -- filters ---------------------------------------------------------------------------------------
with st.container(border=True):  # rows that wrap: on a narrow window two or three filters a line, never squeezed
    row = st.container(**ui.WRAP_ROW)
    row.pills("标记", vocab.DERIVED_FLAGS, selection_mode="multi", key=key("flags"), bind="query-params", width="content",
              help="逾期：超过整改期限仍未销号；已延期：整改期限被延长过；挂牌督办：省、市、县级挂牌的隐患")
    for name, label, choices in (("sector", "行业领域", vocab.SECTORS), ("status", "状态", vocab.HAZARD_STATUSES),
                                 ("level", "隐患等级", vocab.HAZARD_LEVELS), ("treatment", "治理类型", vocab.TREATMENTS),
                                 ("source", "来源", vocab.SOURCES)):
        row.multiselect(label, choices, key=key(name), bind="query-params", placeholder="全部")
    row = st.container(**ui.WRAP_ROW)
    row.text_input("关键词", key=key("q"), bind="query-params", placeholder="单位名称、隐患部位、隐患描述或编号")
    row.multiselect("检查组", list(group_ids), key=key("group"), bind="query-params", placeholder="全部")
    for name, label in (("found_from", "发现时间从"), ("found_to", "发现时间至"), ("due_from", "整改期限从"),
                        ("due_to", "整改期限至")):
        row.date_input(label, value=None, key=key(name), bind="query-params", format="YYYY-MM-DD")

FILTER_WIDGETS = ("group", "source", "sector", "level", "treatment", "status", "flags", "found_from", "found_to",
                  "due_from", "due_to", "q")
selection = hazards.filter_from({name: st.session_state.get(key(name)) for name in FILTER_WIDGETS}, page.scope,
                                group_ids)
filter_text = hazards.describe_filter(selection, unit_by_code, {v: k for k, v in group_ids.items()})

pairs = [(k, value) for k in st.query_params for value in st.query_params.get_all(k)]
link = (st.context.url or "") + ("?" + urlencode(pairs) if pairs else "")
with st.expander(f"复制链接 · 当前筛选：{ui.plain(filter_text)}", icon=":material/link:"):
    st.caption("把下面的链接发给他人，对方打开后看到的是同样的筛选结果（点右上角图标复制）。")
    st.code(link, language=None, wrap_lines=True)

# -- counts and small charts -----------------------------------------------------------------------
found = ui.cached(hazards.ledger)(selection, today)  # the filter evaluated once: counts, breakdowns, table
stats = found.summary
row = ui.kpi_row()
ui.kpi(row, "筛选结果", f"{stats['total']:,}")
ui.kpi(row, "未销号", f"{stats['open']:,}")
ui.kpi(row, "逾期未整改", f"{stats['overdue']:,}", state=ui.tiles.overdue_state(stats["overdue"]),
       help="超过整改期限仍未销号（按数据截至日计算）")
ui.kpi(row, "重大隐患", f"{stats['major']:,}")
ui.kpi(row, "挂牌督办未销号", f"{stats['listed_open']:,}")
ui.kpi(row, "整改率", ui.percent(stats["rectification_rate"]),  # "—" where the filter makes it meaningless
       help=stats["rate_note"] or f"已销号 {stats['closed']:,} ÷ {stats['total']:,}")

if stats["total"]:
    cols = st.columns(3)
    for column, by, title in ((cols[0], "sector", "按行业领域"), (cols[1], "status", "按状态"), (cols[2], "unit", "按县区")):
        column.plotly_chart(figures.cached(hazards.charts.breakdown_bars)(found.breakdowns[by], title),
                            key=key("chart." + by))

# -- the table -------------------------------------------------------------------------------------
rows = found.rows
shown, bands = hazards.ledger_view(rows, today)
caption = f"共 {stats['total']:,} 条"
if stats["total"] > len(rows):
    caption += f"，表中显示最紧急的前 {len(rows):,} 条（缩小筛选范围或导出可查看全部）"
st.caption(f"{caption}。点选一行查看详情和处理。{clock.urgency_legend()}")
if not stats["total"]:
    st.info("没有符合筛选条件的隐患。可以减少筛选条件，或在侧栏选择其他县区。", icon=":material/filter_alt_off:")
styles = [kit.urgency_style(band, green=True) or "color: #6b7280" for band in bands]  # grey: closed or no deadline
st.dataframe(
    shown.style.apply(lambda _: styles, subset=["剩余天数"]),
    **kit.row_picker(key("table"), rows["id"], key("id")),
    hide_index=True,
    width="stretch",
    height=min(420, 38 + 35 * max(len(shown), 1)),
    column_config={
        "隐患编号": st.column_config.TextColumn(width=120, pinned=True),
        "单位名称": st.column_config.TextColumn(width="medium"),
        "整改期限": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "剩余天数": st.column_config.TextColumn(help="距整改期限的天数（按数据截至日）"),
        "挂牌督办": st.column_config.TextColumn(help="省级 / 市级 / 县级挂牌督办"),
        "已延期": st.column_config.CheckboxColumn(help="整改期限被延长过"),
    },
)

meeting_ui.freeze_button(
    "隐患台账", f"{settings.get('city_name')}隐患台账（{filter_text}）", filter_text,
    [("筛选结果", f"{stats['total']:,}"), ("未销号", f"{stats['open']:,}"), ("逾期未整改", f"{stats['overdue']:,}"),
     ("重大隐患", f"{stats['major']:,}"), ("挂牌督办未销号", f"{stats['listed_open']:,}"),
     ("整改率", ui.percent(stats["rectification_rate"]))],
    table=shown,
    chart=(lambda: hazards.charts.breakdown_bars(found.breakdowns["unit"], "按县区")) if stats["total"] else None,
    key=key("meeting."))

# -- exports of the filtered set ---------------------------------------------------------------------
def _export_set() -> hazards.LedgerRows:
    """The filtered set read from the store a batch at a time while the file is written (never cached whole)."""
    return hazards.export_set(store, selection, today)


title = f"{settings.get('city_name')}隐患台账"
narrowing = "" if filter_text == hazards.ALL_HAZARDS else filter_text  # what the file names say besides the title
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
too_big = {kind: jobs.export_refusal(stats["total"], kind) for kind in ("xlsx", "csv")}  # the export limits
row = st.container(**ui.WRAP_ROW)  # buttons keep their whole label at any width; the note below them
row.download_button(
    "导出 Excel", data=lambda: hazards.export_xlsx(_export_set(), title=title, filter_text=filter_text, as_of=page.as_of),
    file_name=export.file_name(title, narrowing, day=today, ext="xlsx"),
    icon=":material/download:", key=key("export_xlsx"), mime=XLSX,
    on_click="ignore", disabled=bool(too_big["xlsx"]))
row.download_button(
    "导出 CSV", data=lambda: hazards.export_csv(_export_set()),
    file_name=export.file_name(title, narrowing, day=today, ext="csv"),
    icon=":material/download:", key=key("export_csv"), mime="text/csv", on_click="ignore",
    disabled=bool(too_big["csv"]))
if too_big["xlsx"]:
    st.warning(f"无法导出：{too_big['csv'] or too_big['xlsx']}", icon=":material/block:")
st.caption(f"导出当前筛选的全部 {min(stats['total'], hazards.EXPORT_LIMIT):,} 条：Excel 第一张表为报送常用的列，第二张表为"
           "全部字段，标题注明筛选条件，逾期行标红；CSV 为全部字段。")

# -- 滚动清零: the hazards open longest ---------------------------------------------------------------------
bands, oldest = ui.cached(hazards.ageing)(today, page.scope)
with st.expander("滚动清零：未销号时间最长的隐患" + (f"（{page.scope_label}）" if page.scope else ""),
                 icon=":material/hourglass_bottom:"):
    st.caption("未销号隐患按已开放时长分段（回头看重新打开的自重新打开之日起算），下表为开放最久的 20 条，供滚动清零逐条销号。")
    row = ui.kpi_row()
    for band, count in zip(bands["band"], bands["count"]):
        ui.kpi(row, band, f"{count:,}")  # plain: how long is not overdue (the deadline says that)
    if len(oldest):
        st.dataframe(pd.DataFrame({
            "隐患编号": oldest["id"], "县区": oldest["unit"], "单位名称": oldest["enterprise"],
            "隐患描述": oldest["description"], "等级": oldest["level"], "状态": oldest["status"],
            "开放天数": oldest["age"], "整改期限": [clock.format_date(clock.as_date(d)) for d in oldest["deadline"]],
        }), hide_index=True, width="stretch", key=key("ageing"))

# -- today's deadlines: the reminders to the persons responsible --------------------------------------------
if rights.may_any(notify.notices.ENTITY, notify.KIND_HAZARD):
    due = [n for n in ui.cached(notify.deadline_notices)(today) if n.kind == notify.KIND_HAZARD
           and (not page.scope or n.unit_code in page.scope)]
    kit.outcome(key("remind"))
    if due:
        notices_ui.panel("今日整改到期提醒", due, notify.KIND_HAZARD, today, key=key("remind."), outcome=key("remind"))

# -- the selected hazard ------------------------------------------------------------------------------
st.subheader("隐患详情与处理", divider="gray")
st.text_input("隐患编号", key=key("id"), bind="query-params", placeholder="在上表点选一行，或输入隐患编号",
              help="链接中带有隐患编号时，打开后直接显示该隐患")
hazard_id = (st.session_state.get(key("id")) or "").strip()
hazard = ui.cached(hazards.detail)(hazard_id, today) if hazard_id else None

if hazard_id and hazard is None:
    st.warning(f"找不到隐患编号“{ui.plain(hazard_id)}”。", icon=":material/search_off:")
elif hazard is not None:
    closed = hazard["status"] == vocab.ST_CLOSED
    countdown = clock.countdown(hazard["deadline"], today, done="已销号" if closed else None)
    with st.container(horizontal=True):
        st.badge(hazard["status"], color="green" if closed else "blue")
        if hazard["overdue"]:
            st.badge(countdown.text, color="red")
        if hazard["extended"]:
            st.badge(vocab.FLAG_EXTENDED, color="orange")
        if hazard["listed"]:
            st.badge(hazard["listing_level"], color="red", icon=":material/flag:")
        if hazard["level"] == vocab.LEVEL_MAJOR:
            st.badge(vocab.LEVEL_MAJOR, color="violet")
    left, right = st.columns([3, 2])
    with left:
        values = pd.DataFrame({"字段": [label for _, label in hazards.DETAIL_FIELDS],
                               "内容": [records.show_value(hazard.get(k)) for k, _ in hazards.DETAIL_FIELDS]})
        st.dataframe(values, hide_index=True, width="stretch", height=35 * len(values) + 38,
                     key=key("detail"), column_config={"字段": st.column_config.TextColumn(width="small"),
                                                      "内容": st.column_config.TextColumn(width="large")})
        if hazard.get("reopened_on") is not None:  # 回头看: every reopening kept as a row, first first
            reopened = ui.cached(hazards.reopenings)(hazard_id)
            st.markdown("**回头看记录**")
            st.dataframe(pd.DataFrame({
                "次数": [f"第{n}次" for n in reopened["seq"]],
                **{label: [clock.format_date(clock.as_date(d)) for d in reopened[column]] for column, label in (
                    ("closed_date", "销号日期"), ("deadline_before", "原期限"), ("reopened_on", "反弹日期"),
                    ("deadline", "新期限"))},
                "反弹情况": reopened["reason"], "操作人": reopened["actor"],
            }), hide_index=True, width="stretch", key=key("reopenings"))
    with right:
        st.markdown("**处理**")
        done_key = key("act." + hazard_id)
        kit.outcome(done_key)
        available = hazards.available_actions(hazard)
        offered = rights.offered(hazards.HAZARD_ENTITY, available, hazard)  # what the lifecycle and the role allow
        if offered:
            action = st.selectbox("操作", offered, key=key("action"))
            fields = kit.action_form(hazards.LIFECYCLE, action, hazard, today, key=key(f"f.{hazard_id}."))
            if fields is not None and action == hazards.A_LIST:  # with its 挂牌督办通知书, one transaction
                kit.submit(done_key, lambda: documents.list_with_notice(store, documents.S_HAZARD, hazard_id, fields,
                                                                        ui.user()),
                           lambda listed: documents.listing_done_text(hazard_id, listed))
            elif fields is not None:
                kit.submit(done_key, lambda: hazards.act(store, hazard_id, action, fields, ui.user()),
                           lambda status: f"{hazard_id}：操作“{action}”已完成，当前状态“{status}”。")
        elif available:
            rights.note("处理隐患", elsewhere=any(rights.may_any(hazards.HAZARD_ENTITY, a) for a in available))
        else:
            st.info("该隐患已销号，没有可执行的操作。")
        st.markdown("**历史记录**")
        records.history_timeline(ui.cached(hazards.history)(hazard_id), hazards.describe_detail,
                                 ui.cached(evidence.for_record)(hazards.HAZARD_ENTITY, hazard_id))
        paper.panel(page, documents.S_HAZARD, hazard_id, [paper.Offer(documents.K_LISTING)] if hazard["listed"] and not closed
                    else [], key=key("docs."))

_entry_section()
