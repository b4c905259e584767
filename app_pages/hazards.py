"""隐患台账: find and filter (every filter in the URL), move a hazard through its life, import, export."""

import functools
import hashlib
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import clock, hazards, settings, ui, vocab
from dashboard.db import ValidationError
from dashboard.ui import records

ui.page_header("隐患台账")
store = ui.store()
as_of = ui.as_of()
today = as_of.date()
P = "hazards."  # widget key prefix; bound keys are also the URL parameters

group_frame = ui.cached(hazards.groups)()
group_ids = dict(zip(group_frame["name"], group_frame["id"]))
unit_by_code = {code: name for name, code in ui.unit_options().items()}

# The outcome of the last action, registration and import is kept in the session and shown where the
# user acted, until the next one (it survives the rerun that refreshes the figures, and any other rerun).
RESULT = P + "result."

# -- filters ---------------------------------------------------------------------------------------
with st.container(border=True):
    row = st.columns([3, 2, 2, 2, 2, 2])
    row[0].pills("标记", vocab.DERIVED_FLAGS, selection_mode="multi", key=P + "flags", bind="query-params",
                 help="逾期：超过整改期限仍未销号；已延期：整改期限被延长过；挂牌督办：省、市、县级挂牌的隐患")
    row[1].multiselect("行业领域", vocab.SECTORS, key=P + "sector", bind="query-params", placeholder="全部")
    row[2].multiselect("状态", vocab.HAZARD_STATUSES, key=P + "status", bind="query-params", placeholder="全部")
    row[3].multiselect("隐患等级", vocab.HAZARD_LEVELS, key=P + "level", bind="query-params", placeholder="全部")
    row[4].multiselect("治理类型", vocab.TREATMENTS, key=P + "treatment", bind="query-params", placeholder="全部")
    row[5].multiselect("来源", vocab.SOURCES, key=P + "source", bind="query-params", placeholder="全部")
    row = st.columns([3, 2, 2, 2, 2, 2])
    row[0].text_input("关键词", key=P + "q", bind="query-params", placeholder="单位名称、隐患部位、隐患描述或编号")
    row[1].multiselect("检查组", list(group_ids), key=P + "group", bind="query-params", placeholder="全部")
    row[2].date_input("发现时间从", value=None, key=P + "found_from", bind="query-params", format="YYYY-MM-DD")
    row[3].date_input("发现时间至", value=None, key=P + "found_to", bind="query-params", format="YYYY-MM-DD")
    row[4].date_input("整改期限从", value=None, key=P + "due_from", bind="query-params", format="YYYY-MM-DD")
    row[5].date_input("整改期限至", value=None, key=P + "due_to", bind="query-params", format="YYYY-MM-DD")




def _state(name, default=None):
    value = st.session_state.get(P + name)
    return default if value is None else value


selection = hazards.HazardFilter(
    scope=ui.scope(),
    groups=tuple(int(group_ids[g]) for g in _state("group", []) if g in group_ids),
    sources=tuple(_state("source", [])),
    sectors=tuple(_state("sector", [])),
    levels=tuple(_state("level", [])),
    treatments=tuple(_state("treatment", [])),
    statuses=tuple(_state("status", [])),
    flags=tuple(_state("flags", [])),
    found_from=_state("found_from"),
    found_to=_state("found_to"),
    deadline_from=_state("due_from"),
    deadline_to=_state("due_to"),
    keyword=_state("q", ""),
)
filter_text = hazards.describe_filter(selection, unit_by_code, {v: k for k, v in group_ids.items()})

pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
link = (st.context.url or "") + ("?" + urlencode(pairs) if pairs else "")
with st.expander(f"复制链接 · 当前筛选：{ui.plain(filter_text)}", icon=":material/link:"):
    st.caption("把下面的链接发给他人，对方打开后看到的是同样的筛选结果（点右上角图标复制）。")
    st.code(link, language=None, wrap_lines=True)

# -- counts and small charts -----------------------------------------------------------------------
stats = ui.cached(hazards.filtered_summary)(selection, today)
cols = st.columns(6)
ui.kpi(cols[0], "筛选结果", f"{stats['total']:,}")
ui.kpi(cols[1], "未销号", f"{stats['open']:,}")
ui.kpi(cols[2], "逾期未整改", f"{stats['overdue']:,}", help="超过整改期限仍未销号（按数据截至日计算）")
ui.kpi(cols[3], "重大隐患", f"{stats['major']:,}")
ui.kpi(cols[4], "挂牌督办未销号", f"{stats['listed_open']:,}")
ui.kpi(cols[5], "整改率", ui.percent(stats["rectification_rate"]), help=f"已销号 {stats['closed']:,} ÷ {stats['total']:,}")

if stats["total"]:
    cols = st.columns(3)
    for column, by, title in ((cols[0], "sector", "按行业领域"), (cols[1], "status", "按状态"), (cols[2], "unit", "按县区")):
        counts = ui.cached(hazards.breakdown)(selection, today, by)
        chart = counts.rename(columns={"key": title, "open": "未销号", "overdue": "逾期"})
        chart["已销号"] = chart["total"] - chart["未销号"]
        with column:
            st.caption(title)
            st.bar_chart(chart.head(12), x=title, y=["未销号", "已销号"], horizontal=True, height=220,
                         color=["#1f77b4", "#9aa5b1"], sort=False, x_label="隐患数", y_label="")


# -- the table -------------------------------------------------------------------------------------
def _countdown(days, closed: bool) -> str:
    if closed or days is None or pd.isna(days):
        return "已销号" if closed else ""
    days = int(days)
    return f"逾期{-days}天" if days < 0 else ("今日到期" if days == 0 else f"剩{days}天")


def _countdown_color(text: str) -> str:
    if not text or text == "已销号":
        return "color: #6b7280"
    days = -int(text[2:-1]) if text.startswith("逾期") else 0 if text == "今日到期" else int(text[1:-1])
    return f"color: {clock.URGENCY_COLORS[clock.urgency(days)]}; font-weight: 600"


rows = ui.cached(hazards.table)(selection, today)
shown = pd.DataFrame({
    "隐患编号": rows["id"],
    "县区": rows["unit"],
    "单位名称": rows["enterprise"],
    "行业领域": rows["sector"],
    "隐患等级": rows["level"],
    "状态": rows["status"],
    "整改期限": rows["deadline"],
    "剩余天数": [_countdown(d, s == vocab.ST_CLOSED) for d, s in zip(rows["days_left"], rows["status"])],
    "挂牌督办": ["🔴 " + lv.replace("挂牌督办", "挂牌") if lv != vocab.NOT_LISTED else "" for lv in rows["listing_level"]],
    "已延期": rows["extended"],
})
# The table's key follows its rows, so a selection never points at a different hazard after the rows change.
shown_ids = list(rows["id"])
table_key = P + "table." + hashlib.sha1("|".join(shown_ids).encode("utf-8")).hexdigest()[:12]


def _on_select(key: str, ids: list[str]) -> None:
    picked = st.session_state[key].selection.rows
    if picked and picked[0] < len(ids):
        st.session_state[P + "id"] = ids[picked[0]]


caption = f"共 {stats['total']:,} 条"
if stats["total"] > len(rows):
    caption += f"，表中显示最紧急的前 {len(rows):,} 条（缩小筛选范围或导出可查看全部）"
st.caption(caption + "。点选一行查看详情和处理。颜色：红色已逾期、橙色7日内到期、黄色30日内到期、绿色期限充足。")
if not stats["total"]:
    st.info("没有符合筛选条件的隐患。可以减少筛选条件，或在侧栏选择其他县区。", icon=":material/filter_alt_off:")
st.dataframe(
    shown.style.map(_countdown_color, subset=["剩余天数"]),
    key=table_key,
    on_select=functools.partial(_on_select, table_key, shown_ids),
    selection_mode="single-row",
    hide_index=True,
    width="stretch",
    height=min(420, 38 + 35 * max(len(shown), 1)),
    column_config={
        "隐患编号": st.column_config.TextColumn(width="medium"),
        "单位名称": st.column_config.TextColumn(width="medium"),
        "整改期限": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "剩余天数": st.column_config.TextColumn(help="距整改期限的天数（按数据截至日）"),
        "挂牌督办": st.column_config.TextColumn(help="省级 / 市级 / 县级挂牌督办"),
        "已延期": st.column_config.CheckboxColumn(help="整改期限被延长过"),
    },
)

# -- exports of the filtered set ---------------------------------------------------------------------
def _export_frame() -> pd.DataFrame:
    return ui.cached(hazards.export_rows)(selection, today)


title = f"{settings.get('city_name')}隐患台账"
cols = st.columns([2, 2, 6])
cols[0].download_button(
    "导出 Excel", data=lambda: hazards.export_xlsx(_export_frame(), title=title, filter_text=filter_text, as_of=as_of),
    file_name=f"隐患台账_{today:%Y%m%d}.xlsx", icon=":material/download:", key=P + "export_xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore"
)
cols[1].download_button(
    "导出 CSV", data=lambda: hazards.export_csv(_export_frame()), file_name=f"隐患台账_{today:%Y%m%d}.csv",
    icon=":material/download:", key=P + "export_csv", mime="text/csv", on_click="ignore"
)
note = f"导出当前筛选的全部 {min(stats['total'], hazards.EXPORT_LIMIT):,} 条，含标题、筛选条件和数据截至时间；逾期行标红。"
if stats["total"] > 20_000:
    note += "条数较多，生成 Excel 可能需要一分钟左右，CSV 更快。"
cols[2].caption(note)

# -- the selected hazard ------------------------------------------------------------------------------
st.subheader("隐患详情与处理", divider="gray")
st.text_input("隐患编号", key=P + "id", bind="query-params", placeholder="在上表点选一行，或输入隐患编号",
              help="链接中带有隐患编号时，打开后直接显示该隐患")
hazard_id = (_state("id", "") or "").strip()
hazard = ui.cached(hazards.detail)(hazard_id, today) if hazard_id else None

FIELD_LABELS = (
    ("id", "隐患编号"), ("status", "状态"), ("found_date", "发现时间"), ("group_name", "检查组"), ("source", "来源"),
    ("handed_county_on", "移交县区日期"), ("handed_city_on", "移交市安委办日期"),
    ("unit", "县区"), ("township", "乡镇"), ("enterprise", "单位名称"), ("credit_code", "统一社会信用代码"),
    ("sector", "行业领域"), ("location", "隐患部位"), ("description", "隐患描述"), ("level", "隐患等级"),
    ("treatment", "治理类型"), ("measures", "整改措施"), ("resp_unit", "整改责任单位"), ("resp_person", "整改责任人"),
    ("resp_phone", "责任人电话"), ("original_deadline", "原整改期限"), ("deadline", "整改期限"), ("days_left", "剩余天数"),
    ("funds", "整改资金(万元)"), ("interim_measures", "临时管控措施"), ("completed_date", "整改完成日期"),
    ("verifier", "复查验收人"), ("verified_date", "复查日期"), ("verify_result", "复查结论"), ("closed_date", "销号日期"),
    ("listing_level", "督办级别"), ("listing_unit", "督办单位"), ("listing_doc", "督办文号"), ("listing_date", "挂牌日期"),
    ("enforcement", "执法措施"), ("remark", "备注"),
)


_show = records.show_value


def _action_form(action: str) -> None:
    """The form of one action; submitting runs it and reruns the page, a refusal shows its reason."""
    F = f"{P}f.{hazard_id}."  # per-hazard keys: one hazard's typed values never prefill another's form
    with st.form(F + action, border=True):
        fields: dict = {}
        if action == hazards.A_SUBMIT:
            fields["completed_date"] = st.date_input("整改完成日期", value=today, key=F + "completed", format="YYYY-MM-DD")
            fields["measures"] = st.text_area("采取的整改措施", value=hazard.get("measures") or "", key=F + "measures")
            fields["funds"] = st.number_input("整改资金（万元）", min_value=0.0, value=float(hazard.get("funds") or 0.0),
                                              step=0.1, key=F + "funds")
        elif action == "复核":
            result = st.radio("复核结论", vocab.VERIFY_RESULTS, horizontal=True, key=F + "result")
            fields["verifier"] = st.text_input("复查验收人", key=F + "verifier")
            fields["verified_date"] = st.date_input("复查日期", value=today, key=F + "verified", format="YYYY-MM-DD")
            fields["reason"] = st.text_area("不合格原因（不合格时必填）", key=F + "fail_reason")
        elif action == hazards.A_IMMEDIATE:
            fields["verifier"] = st.text_input("复查验收人", key=F + "verifier")
            fields["completed_date"] = st.date_input("整改完成日期", value=today, key=F + "completed", format="YYYY-MM-DD")
            fields["verified_date"] = st.date_input("复查日期", value=today, key=F + "verified", format="YYYY-MM-DD")
            fields["measures"] = st.text_area("整改措施", value=hazard.get("measures") or "", key=F + "measures")
        elif action == hazards.A_EXTEND:
            current = hazard.get("deadline")
            st.caption(f"当前整改期限：{_show(current)}；原整改期限保留在历史记录中。")
            fields["new_deadline"] = st.date_input("新的整改期限", value=None, key=F + "new_deadline", format="YYYY-MM-DD")
            fields["reason"] = st.text_area("延期原因（必填）", key=F + "reason")
            label = "审批情况（重大隐患必填：批准单位及文号）" if hazard.get("level") == vocab.LEVEL_MAJOR else "审批情况（选填）"
            fields["approval"] = st.text_input(label, key=F + "approval")
        elif action == hazards.A_LIST:
            levels = [lv for lv in vocab.LISTING_LEVELS if lv != vocab.NOT_LISTED]
            fields["listing_level"] = st.selectbox("督办级别", levels, index=1, key=F + "listing_level")
            fields["listing_unit"] = st.text_input("督办单位", key=F + "listing_unit")
            fields["listing_doc"] = st.text_input("督办文号", key=F + "listing_doc", placeholder="如 安安办督〔2021〕5号")
        elif action == hazards.A_ENFORCE:
            fields["measure"] = st.selectbox("执法措施", vocab.ENFORCEMENT_MEASURES, key=F + "measure")
            fields["reason"] = st.text_input("说明（选填）", key=F + "reason")
        elif action == hazards.A_START:
            fields["reason"] = st.text_input("说明（选填）", key=F + "reason")
        submitted = st.form_submit_button(f"确认{action}", type="primary", key=P + "submit")
    if not submitted:
        return
    st.session_state.pop(RESULT + "action", None)
    actor = (_state("actor", "") or "").strip()
    try:
        if action == "复核":
            new_status = hazards.review(store, hazard_id, result == vocab.VERIFY_PASS, fields, actor)
        else:
            new_status = hazards.act(store, hazard_id, action, fields, actor)
    except ValidationError as exc:
        st.error(f"未执行：{ui.plain(exc)}", icon=":material/block:")
        return
    st.session_state[RESULT + "action"] = (hazard_id, f"{ui.plain(hazard_id)}：操作“{action}”已完成，当前状态“{new_status}”。")
    st.rerun()


if hazard_id and hazard is None:
    st.warning(f"找不到隐患编号“{ui.plain(hazard_id)}”。", icon=":material/search_off:")
elif hazard is not None:
    badges = st.container(horizontal=True)
    with badges:
        st.badge(hazard["status"], color="green" if hazard["status"] == vocab.ST_CLOSED else "blue")
        if hazard["overdue"]:
            st.badge(f"逾期{-int(hazard['days_left'])}天", color="red")
        if hazard["extended"]:
            st.badge("已延期", color="orange")
        if hazard["listed"]:
            st.badge(hazard["listing_level"], color="red", icon=":material/flag:")
        if hazard["level"] == vocab.LEVEL_MAJOR:
            st.badge(vocab.LEVEL_MAJOR, color="violet")
    left, right = st.columns([3, 2])
    with left:
        values = pd.DataFrame({"字段": [label for _, label in FIELD_LABELS],
                               "内容": [_show(hazard.get(key)) for key, _ in FIELD_LABELS]})
        st.dataframe(values, hide_index=True, width="stretch", height=35 * len(values) + 38,
                     key=P + "detail", column_config={"字段": st.column_config.TextColumn(width="small"),
                                                      "内容": st.column_config.TextColumn(width="large")})
    with right:
        st.markdown("**处理**")
        last = st.session_state.get(RESULT + "action")
        if last and last[0] == hazard_id:
            st.success(last[1], icon=":material/check_circle:")
        st.text_input("操作人", key=P + "actor", placeholder="填写您的姓名", help="写入历史记录")
        offered = hazards.available_actions(hazard)
        if hazards.A_REVIEW_PASS in offered:
            offered = ["复核"] + [a for a in offered if a not in (hazards.A_REVIEW_PASS, hazards.A_REVIEW_FAIL)]
        if offered:
            action = st.selectbox("操作", offered, key=P + "action")
            _action_form(action)
        else:
            st.info("该隐患已销号，没有可执行的操作。")
        st.markdown("**历史记录**")
        records.history_timeline(ui.cached(hazards.history)(hazard_id), hazards.describe_detail)

# -- new hazard and import ---------------------------------------------------------------------------------
st.subheader("登记与导入", divider="gray")
left, right = st.columns(2)
with left, st.expander("登记新隐患", icon=":material/add_circle:"):
    if st.session_state.get(RESULT + "new"):
        st.success(st.session_state[RESULT + "new"], icon=":material/check_circle:")
    with st.form(P + "new", border=False):
        c = st.columns(2)
        found = c[0].date_input("发现时间", value=today, key=P + "n.found", format="YYYY-MM-DD")
        unit = c[1].selectbox("县区", list(ui.unit_options()), key=P + "n.unit")
        source = c[0].selectbox("来源", vocab.SOURCES, key=P + "n.source")
        sector = c[1].selectbox("行业领域", vocab.SECTORS, index=None, key=P + "n.sector", placeholder="请选择")
        enterprise = st.text_input("单位名称", key=P + "n.enterprise")
        location = st.text_input("隐患部位", key=P + "n.location")
        description = st.text_area("隐患描述", key=P + "n.description")
        c = st.columns(2)
        level = c[0].selectbox("隐患等级", vocab.HAZARD_LEVELS, key=P + "n.level")
        treatment = c[1].selectbox("治理类型", vocab.TREATMENTS, index=1, key=P + "n.treatment")
        deadline = c[0].date_input("整改期限", value=None, key=P + "n.deadline", format="YYYY-MM-DD")
        resp_person = c[1].text_input("整改责任人", key=P + "n.resp_person")
        measures = st.text_input("整改措施", key=P + "n.measures")
        actor = st.text_input("登记人", key=P + "n.actor")
        if st.form_submit_button("登记", type="primary", key=P + "n.submit"):
            st.session_state.pop(RESULT + "new", None)
            try:
                new_id = hazards.create(store, {
                    "found_date": found, "unit_code": ui.unit_options().get(unit), "source": source, "sector": sector,
                    "enterprise": enterprise, "location": location, "description": description, "level": level,
                    "treatment": treatment, "deadline": deadline, "resp_person": resp_person, "measures": measures,
                }, actor)
            except ValidationError as exc:
                st.error(f"未登记：{ui.plain(exc)}", icon=":material/block:")
            else:
                st.session_state[RESULT + "new"] = f"已登记隐患 {ui.plain(new_id)}。"
                st.rerun()

with right, st.expander("导入隐患清单（Excel / CSV）", icon=":material/upload_file:"):
    st.download_button("下载导入模板", data=lambda: hazards.template(store), file_name="隐患清单导入模板.xlsx",
                       icon=":material/description:", key=P + "template",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    st.caption("支持 .xlsx、.xls、.csv（UTF-8 或 GBK）。有一行不合格时整个文件不导入；重复导入不会重复登记。")
    # One form: the file, who imports and the button travel to the server together (no rerun per upload).
    with st.form(P + "import_form", border=False):
        upload = st.file_uploader("选择文件", type=["xlsx", "xls", "csv"], key=P + "upload")
        importer = st.text_input("导入人", key=P + "importer")
        start = st.form_submit_button("开始导入", type="primary", key=P + "import")
    if start:
        st.session_state.pop(RESULT + "import", None)
        if upload is None:
            st.warning("请先选择要导入的文件。", icon=":material/upload_file:")
        else:
            bar = st.progress(0.0, text="正在读取文件……")
            try:
                outcome = hazards.import_file(store, upload.getvalue(), upload.name, importer,
                                              progress=lambda f, text: bar.progress(min(max(f, 0.0), 1.0), text=text))
            except ValidationError as exc:
                st.error(f"未导入：{ui.plain(exc)}", icon=":material/block:")
            else:
                if outcome.ok:
                    st.session_state.pop(P + "import_errors", None)
                    st.session_state[RESULT + "import"] = (
                        f"导入完成：{ui.plain(upload.name)} 共 {len(outcome.result.rows)} 行，"
                        f"新增 {outcome.added} 条，已存在未重复导入 {outcome.skipped} 条。")
                    st.rerun()
                st.session_state[P + "import_errors"] = (upload.name, outcome.errors)
    if st.session_state.get(RESULT + "import"):
        st.success(st.session_state[RESULT + "import"], icon=":material/check_circle:")
    failed = st.session_state.get(P + "import_errors")
    if failed:
        name, errors = failed
        ui.import_refusal(name, errors, key=P + "errors_")
