"""假期值班: who has / hasn't reported (board, 需催报 with phones), today's figures, the daily report form,
incidents with their level, warnings, dispatch, the roster, and the day's 值班日报 in one click."""

from datetime import date, datetime, time

import pandas as pd
import streamlit as st

from dashboard import clock, duty, duty_report, settings, ui, vocab
from dashboard.db import ValidationError

ui.page_header("假期值班")
store = ui.store()
as_of = ui.as_of()
today = as_of.date()
scope = ui.scope()
P = "duty."  # widget key prefix; bound keys are also URL parameters
cutoff = settings.report_cutoff()
units = ui.unit_options()                       # name -> code
unit_names = {code: name for name, code in units.items()}

flash = st.session_state.pop(P + "flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")


def _fmt_time(value) -> str:
    return "" if value is None or pd.isna(value) else clock.format_datetime(pd.Timestamp(value).to_pydatetime())


def _combine(day: date | None, moment: time | None) -> datetime | None:
    return None if day is None or moment is None else datetime.combine(day, moment)


def _done(message: str) -> None:
    st.session_state[P + "flash"] = message
    st.rerun()


# -- period and day ------------------------------------------------------------------------------------
period_frame = ui.cached(duty.periods)()


def _period_form() -> None:
    with st.form(P + "period_form", border=False):
        c = st.columns(2)
        name = c[0].text_input("时段名称", key=P + "p.name", placeholder="如 2021年“国庆”假期")
        short = c[1].text_input("简称（用于日报标题）", key=P + "p.short", placeholder="如 国庆")
        start = c[0].date_input("开始日期", value=None, key=P + "p.start", format="YYYY-MM-DD")
        end = c[1].date_input("结束日期", value=None, key=P + "p.end", format="YYYY-MM-DD")
        actor = st.text_input("操作人", key=P + "p.actor")
        if st.form_submit_button("添加值班时段", type="primary", key=P + "p.submit"):
            try:
                duty.add_period(store, {"name": name, "short_name": short, "start_date": start, "end_date": end}, actor)
            except ValidationError as exc:
                st.error(f"未添加：{exc}", icon=":material/block:")
            else:
                _done(f"已添加值班时段“{name}”。")


if period_frame.empty:
    st.info("还没有值班时段。请先添加一个假期值班时段（如“五一”“国庆”“春节”）。", icon=":material/event:")
    _period_form()
    st.stop()

period_ids = dict(zip(period_frame["name"], period_frame["id"]))
default_id = ui.cached(duty.default_period_id)(today)
default_name = next((n for n, i in period_ids.items() if i == default_id), next(iter(period_ids)))
with ui.wall_hidden(P + "pick"):
    top = st.columns([3, 2, 5], vertical_alignment="bottom")
period_name = top[0].selectbox("值班时段", list(period_ids), index=list(period_ids).index(default_name),
                               key=P + "period", bind="query-params")
period = ui.cached(duty.period)(period_ids.get(period_name, default_id))
days = duty.period_days(period["start_date"], period["end_date"])
day_options = [d.isoformat() for d in days]
default_day = today if today in days else (days[-1] if today > days[-1] else days[0])
day_text = top[1].selectbox("日期", day_options, index=day_options.index(default_day.isoformat()), key=P + "day",
                            bind="query-params", help=f"默认为今日（{today:%Y-%m-%d}）；链接中带有所选日期")
day = date.fromisoformat(day_text) if day_text in day_options else default_day
if not ui.on_wall():
    with top[2].popover("新增值班时段（国庆、春节……）", icon=":material/add:"):
        _period_form()

# -- today's figures ---------------------------------------------------------------------------------------
figures = ui.cached(duty.day_figures)(day, as_of, scope)
is_today = day == today
label = "今日" if is_today else f"{day.month}月{day.day}日"
cols = st.columns(6)
ui.kpi(cols[0], f"{label}已报送", f"{figures.received}/{figures.expected}",
       help=f"按时 {figures.on_time}，迟报 {len(figures.late_units)}；截止时间每日 {cutoff:%H:%M}")
ui.kpi(cols[1], "缺报" if figures.missing_units or not figures.pending_units else "待报（未到截止）",
       len(figures.missing_units) if figures.missing_units or not figures.pending_units else len(figures.pending_units),
       help="缺报：已过截止时间仍未报送；待报：今日尚未报送、还未到截止时间")
ui.kpi(cols[2], "零报告", len(figures.zero_units), help="无事报平安：当日无事故、无火灾、无伤亡")
ui.kpi(cols[3], "事故（事件）", f"{len(figures.incidents)}起", help="当日发生并接报的事故（事件），按最新一次报告计")
ui.kpi(cols[4], "死亡 / 受伤", f"{figures.deaths} / {figures.injuries}", help=f"受伤含重伤 {figures.serious_injuries} 人")
ui.kpi(cols[5], "生效预警" if is_today else "当日生效预警", len(figures.warnings),
       help="数据截至时刻正在生效的预警" if is_today else "当日任一时刻生效过的预警")

# -- the board ---------------------------------------------------------------------------------------------
st.subheader("报送情况一览", divider="gray")
grid = ui.cached(duty.board)(period["start_date"], period["end_date"], as_of, scope)
texts, colors = duty.board_matrix(grid, today)
st.caption(
    f"{period['name']} · 每日报送截止时间 **{cutoff:%H:%M}**（截止时刻前报送为按时，之后为迟报；过了截止时间仍未报送为缺报）"
    f" · 今日列加粗。颜色：绿=按时零报告，蓝=按时有情况，橙=迟报，红=缺报，黄=待报（未到截止时间）。"
)
today_label = duty.day_label(today, today)


def _style(frame: pd.DataFrame):
    styled = frame.style.apply(lambda _: colors.map(lambda c: f"background-color: {c}; color: #1f2328"), axis=None)
    if today_label in frame.columns:
        styled = styled.set_properties(subset=[today_label], **{"font-weight": "bold"})
    return styled


st.dataframe(_style(texts), key=P + "board", width="stretch", height=38 + 35 * len(texts),
             column_config={c: st.column_config.TextColumn(c, width="medium") for c in texts.columns})
with ui.wall_hidden(P + "exports"):
    exports = st.columns([2, 2, 2, 3, 3], vertical_alignment="bottom")
doc_leader = exports[3].text_input("日报带班领导", key=P + "doc.leader", placeholder="签发时填写，可留空")
doc_officer = exports[4].text_input("日报值班员", key=P + "doc.officer", placeholder="可留空")


def _city_figures():
    return ui.cached(duty.day_figures)(day, as_of, ()), ui.cached(duty.daily_rows)(day, as_of, ())


exports[0].download_button(
    "值班日报 Word", icon=":material/description:", key=P + "docx", type="primary",
    data=lambda: duty_report.daily_docx(*_city_figures(), period, leader=doc_leader or "", officer=doc_officer or ""),
    file_name=f"值班日报_{day:%Y%m%d}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", on_click="ignore"
)
exports[1].download_button(
    "值班日报 Excel", icon=":material/table:", key=P + "daily_xlsx",
    data=lambda: duty_report.daily_xlsx(*_city_figures(), period), file_name=f"值班日报_{day:%Y%m%d}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore"
)
exports[2].download_button(
    "报送情况表 Excel", icon=":material/grid_on:", key=P + "board_xlsx",
    data=lambda: duty_report.board_xlsx(texts, period=period, as_of=as_of),
    file_name=f"值班报送情况_{period['id']}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore"
)
if not ui.on_wall():
    st.caption(f"值班日报为所选日期（{day:%Y-%m-%d}）全市的日报，不受左侧县区范围影响；报送情况表为上方矩阵。")

# -- whom to call ------------------------------------------------------------------------------------------
st.subheader(f"需催报（{label}）", divider="gray")
chase = ui.cached(duty.chase_list)(day, as_of, scope)
if day > today:
    st.info("该日尚未到来。", icon=":material/schedule:")
elif chase.empty:
    st.success(f"{label}各县区均已报送。", icon=":material/task_alt:")
else:
    shown = pd.DataFrame({
        "县区": chase["unit"], "情况": chase["overdue"], "带班领导": chase["leader"], "职务": chase["leader_title"],
        "带班领导电话": chase["leader_phone"], "值班人员": chase["officer"], "值班人员电话": chase["officer_phone"],
        "值班电话": chase["duty_phone"],
    })
    st.dataframe(shown, key=P + "chase", hide_index=True, width="stretch")
    overdue = chase[chase["state"] == duty.S_MISSING]
    if len(overdue) and not ui.on_wall():
        c = st.columns([3, 2, 5], vertical_alignment="bottom")
        chaser = c[0].text_input("调度人", key=P + "chase.actor", placeholder="填写您的姓名")
        if c[1].button("记录催报调度", key=P + "chase.log", icon=":material/campaign:"):
            try:
                duty.log_dispatch(store, {"to_units": list(overdue["unit_code"]),
                                          "content": f"截至{cutoff:%H时%M分}未收到你单位{day.month}月{day.day}日值班信息，请立即报送。"},
                                  chaser)
            except ValidationError as exc:
                st.error(f"未记录：{exc}", icon=":material/block:")
            else:
                _done(f"已记录对{len(overdue)}个县区的催报调度。")
        c[2].caption("电话催报后点此记入调度记录。")

# -- on the wall: the day's incidents and the warnings in force instead of the tabs -------------------------
if ui.on_wall():
    left, right = st.columns(2)
    left.subheader(f"{label}事故（事件）", divider="gray")
    if figures.incidents.empty:
        left.success(f"{label}无事故（事件）报告。", icon=":material/task_alt:")
    else:
        incidents = figures.incidents
        left.dataframe(pd.DataFrame({
            "县区": incidents["unit"], "性质": incidents["kind"], "事故等级": incidents["level"], "死亡": incidents["deaths"],
            "受伤": incidents["injuries"], "最新报告": incidents["stage"],
        }), key=P + "wall.incidents", hide_index=True, width="stretch")
    right.subheader("生效预警", divider="gray")
    if figures.warnings.empty:
        right.success("当前没有生效的预警。", icon=":material/task_alt:")
    else:
        active = figures.warnings
        right.dataframe(pd.DataFrame({
            "预警级别": active["level"], "类别": active["kind"], "范围": active["unit_names"],
            "解除时间": [_fmt_time(t) for t in active["valid_to"]],
        }), key=P + "wall.warnings", hide_index=True, width="stretch")
ui.wall_end()

# -- tabs --------------------------------------------------------------------------------------------------
tabs = st.tabs(["每日报告", "事故信息", "预警信息", "调度记录", "值班表"])

# ---- daily report ----
with tabs[0]:
    missing_first = [unit_names[c] for c in chase["unit_code"]] if not chase.empty else []
    order = missing_first + [n for n in units if n not in missing_first]
    c = st.columns([2, 2, 4], vertical_alignment="bottom")
    unit_name = c[0].selectbox("县区", order, key=P + "r.unit", help="尚未报送的县区排在前面")
    code = units[unit_name]
    c[1].markdown(f"报告日期：**{day:%Y-%m-%d}**")
    roster_row = ui.cached(duty.roster_entry)(code, day) or {}
    history = ui.cached(duty.report_history)(code, day)
    if history.empty:
        c[2].caption("该县区当日尚未报送。")
    else:
        latest = history.iloc[0]
        c[2].caption(f"已报送 {len(history)} 个版本，最新为第 {int(latest['version'])} 版（{latest['situation']}，"
                     f"{_fmt_time(latest['submitted_at'])}）。再次报送将替换为新版本，旧版本保留在下方历史中。")

    def _prefill(key: str) -> str:
        value = roster_row.get(key)
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)

    people = {k: _prefill(k) for k in duty.REPORT_PEOPLE}
    zero_col, _ = st.columns([3, 7])
    if zero_col.button("一键零报告（无事报平安）", key=P + "r.zero", icon=":material/verified:", type="primary",
                       disabled=not people["leader"] or day > today,
                       help="按值班表中的带班领导和值班人员报送零报告，报送人为值班人员"):
        try:
            version = duty.submit_report(store, {"unit_code": code, "report_date": day, "situation": vocab.REPORT_ZERO,
                                                 "reporter": people["officer"], **people}, people["officer"])
        except ValidationError as exc:
            st.error(f"未报送：{exc}", icon=":material/block:")
        else:
            _done(f"{unit_name} {day.month}月{day.day}日 零报告已报送（第{version}版）。")

    with st.form(P + "report_form", border=True):
        st.markdown("**值班信息报送**（带班领导、值班人员按值班表预填）")
        suffix = f".{code}.{day:%Y%m%d}"  # new unit or day: the fields are prefilled afresh
        c = st.columns(3)
        leader = c[0].text_input("带班领导", value=people["leader"], key=P + "r.leader" + suffix)
        leader_title = c[1].text_input("职务", value=people["leader_title"], key=P + "r.leader_title" + suffix)
        leader_phone = c[2].text_input("带班领导电话", value=people["leader_phone"], key=P + "r.leader_phone" + suffix)
        officer = c[0].text_input("值班人员", value=people["officer"], key=P + "r.officer" + suffix)
        officer_phone = c[1].text_input("值班人员电话", value=people["officer_phone"], key=P + "r.officer_phone" + suffix)
        duty_phone = c[2].text_input("值班电话", value=people["duty_phone"], key=P + "r.duty_phone" + suffix)
        situation = st.radio("当日情况", vocab.REPORT_KINDS, horizontal=True, key=P + "r.situation",
                             help="零报告：无事报平安；有情况：填写事故、火灾、伤亡等数字和情况说明")
        c = st.columns(7)
        counts = {key: c[i].number_input(label, value=0, step=1, key=P + "r." + key)
                  for i, (key, label) in enumerate(duty.COUNT_FIELDS.items())}
        details = st.text_area("情况说明（有情况时必填）", key=P + "r.details")
        key_matters = st.text_input("重要事项", key=P + "r.key_matters")
        reporter = st.text_input("报送人", value=people["officer"], key=P + "r.reporter" + suffix)
        if st.form_submit_button("报送", type="primary", key=P + "r.submit"):
            fields = {"unit_code": code, "report_date": day, "situation": situation, "details": details,
                      "key_matters": key_matters, "reporter": reporter, "leader": leader, "leader_title": leader_title,
                      "leader_phone": leader_phone, "officer": officer, "officer_phone": officer_phone,
                      "duty_phone": duty_phone, **counts}
            try:
                version = duty.submit_report(store, fields, reporter)
            except ValidationError as exc:
                st.error(f"未报送：{exc}", icon=":material/block:")
            else:
                _done(f"{unit_name} {day.month}月{day.day}日 值班信息已报送（{situation}，第{version}版）。")
    if not history.empty:
        st.markdown("**报送历史**（每一版都保留，当前为最新一版）")
        st.dataframe(pd.DataFrame({
            "版本": history["version"], "报送时间": [_fmt_time(t) for t in history["submitted_at"]],
            "及时性": history["timeliness"], "当日情况": history["situation"], "报送人": history["reporter"],
            "死亡": history["deaths"], "受伤": history["injuries"], "情况说明": history["details"],
            "重要事项": history["key_matters"].fillna(""),
        }), key=P + "r.history", hide_index=True, width="stretch")

# ---- incidents ----
with tabs[1]:
    entries = ui.cached(duty.incidents)(period["start_date"], period["end_date"], scope)
    chains = duty.incident_chains(entries)
    limit = settings.get("incident_report_minutes")
    st.caption(f"事故等级按《生产安全事故报告和调查处理条例》第三条由死亡、重伤人数和直接经济损失中最高的一项确定（“以上”含本数）；"
               f"事发至初报应在 {limit} 分钟内，超时标红。同一事件的初报、续报、终报相互关联，按最新一次报告计。")
    if chains.empty:
        st.info("本值班时段尚无事故（事件）信息。")
    else:
        shown = pd.DataFrame({
            "事件编号": chains["chain_id"], "最新报告": chains["stage"], "事发时间": [_fmt_time(t) for t in chains["occurred_at"]],
            "县区": chains["unit"], "地点": chains["place"], "性质": chains["kind"], "死亡": chains["deaths"],
            "重伤": chains["serious_injuries"], "受伤": chains["injuries"], "失踪": chains["missing"],
            "直接损失(万元)": chains["direct_loss"], "事故等级": chains["level"],
            "初报用时": [duty.duration_text(int(m)) if not pd.isna(m) else "" for m in chains["report_minutes"]],
            "初报超时": [bool(x) if x is not None and not pd.isna(x) else False for x in chains["late"]],
        })
        st.dataframe(shown.style.apply(lambda r: ["color: #d62728; font-weight: 600" if r["初报超时"] else ""] * len(r),
                                       axis=1),
                     key=P + "i.table", hide_index=True, width="stretch",
                     column_config={"直接损失(万元)": st.column_config.NumberColumn(format="%.2f")})
        with st.expander(f"全部报告（{len(entries)} 条，初报→续报→终报）", icon=":material/timeline:"):
            st.dataframe(pd.DataFrame({
                "编号": entries["id"], "事件": entries["chain_id"], "类型": entries["stage"],
                "接报时间": [_fmt_time(t) for t in entries["received_at"]],
                "上报时间": [_fmt_time(t) for t in entries["reported_at"]], "信息来源": entries["source"],
                "死亡": entries["deaths"], "重伤": entries["serious_injuries"], "受伤": entries["injuries"],
                "直接损失(万元)": entries["direct_loss"], "按本次报告的等级": entries["level"], "趋势": entries["trend"],
                "已采取措施": entries["measures"],
            }), key=P + "i.entries", hide_index=True, width="stretch",
                column_config={"直接损失(万元)": st.column_config.NumberColumn(format="%.2f")})
    open_chains = [c for c, s in zip(chains["chain_id"], chains["stage"]) if s != duty.STAGE_FINAL] if len(chains) else []
    with st.expander("记录事故（事件）信息", icon=":material/add_alert:", expanded=False):
        stage = st.radio("报告类型", vocab.INCIDENT_STAGES, horizontal=True, key=P + "i.stage")
        chain_id = None
        if stage != duty.STAGE_FIRST:
            chain_id = st.selectbox("关联事件（初报编号）", open_chains, index=None, key=P + "i.chain",
                                    placeholder="选择要续报 / 终报的事件")
        with st.form(P + "incident_form", border=False):
            c = st.columns(3)
            unit = c[0].selectbox("县区", list(units), index=None, key=P + "i.unit",
                                  placeholder="续报 / 终报可不选（沿用初报）")
            occurred_day = c[1].date_input("事发日期", value=today, key=P + "i.occ_day", format="YYYY-MM-DD")
            occurred_time = c[2].time_input("事发时间", value=None, key=P + "i.occ_time", step=60)
            received_day = c[0].date_input("接报日期", value=today, key=P + "i.rec_day", format="YYYY-MM-DD")
            received_time = c[1].time_input("接报时间", value=None, key=P + "i.rec_time", step=60)
            reported_time = c[2].time_input("上报时间（当日）", value=None, key=P + "i.rep_time", step=60)
            c = st.columns(3)
            place = c[0].text_input("地点", key=P + "i.place")
            kind = c[1].text_input("性质", key=P + "i.kind", placeholder="如 道路交通事故")
            sector = c[2].selectbox("行业领域", vocab.SECTORS, index=None, key=P + "i.sector", placeholder="请选择")
            c = st.columns(5)
            deaths = c[0].number_input("死亡", value=0, step=1, key=P + "i.deaths")
            serious = c[1].number_input("重伤", value=0, step=1, key=P + "i.serious")
            injuries = c[2].number_input("受伤（含重伤）", value=0, step=1, key=P + "i.injuries")
            missing = c[3].number_input("失踪", value=0, step=1, key=P + "i.missing")
            loss = c[4].number_input("直接经济损失（万元）", value=0.0, step=1.0, key=P + "i.loss")
            source = st.text_input("信息来源", key=P + "i.source")
            trend = st.text_input("发展趋势", key=P + "i.trend")
            measures = st.text_area("已采取措施", key=P + "i.measures")
            description = st.text_area("简要经过", key=P + "i.description")
            actor = st.text_input("记录人", key=P + "i.actor")
            if st.form_submit_button("记录", type="primary", key=P + "i.submit"):
                fields = {
                    "stage": stage, "chain_id": chain_id, "unit_code": units.get(unit) if unit else None,
                    "occurred_at": _combine(occurred_day, occurred_time),
                    "received_at": _combine(received_day, received_time),
                    "reported_at": _combine(received_day, reported_time), "place": place, "kind": kind,
                    "sector": sector, "deaths": deaths, "serious_injuries": serious, "injuries": injuries,
                    "missing": missing, "direct_loss": loss, "source": source, "trend": trend, "measures": measures,
                    "description": description,
                }
                if stage != duty.STAGE_FIRST and not chain_id:
                    st.error("未记录：请先选择要续报 / 终报的事件", icon=":material/block:")
                else:
                    try:
                        new_id = duty.record_incident(store, fields, actor)
                    except ValidationError as exc:
                        st.error(f"未记录：{exc}", icon=":material/block:")
                    else:
                        row = ui.cached(duty.incidents)()
                        row = row[row["id"] == new_id].iloc[0]
                        message = f"已记录 {new_id}（{stage}）：按本次报告属{row['level']}"
                        if stage == duty.STAGE_FIRST:
                            message += f"，事发至初报用时{duty.duration_text(int(row['report_minutes']))}"
                            message += "，超过时限" if row["late"] else "，未超时"
                        _done(message + "。")

# ---- warnings ----
WARNING_FILL = dict(zip(vocab.WARNING_LEVELS, ("#cfe2ff", "#fff3b0", "#ffd8a8", "#f8b4b4")))  # 蓝 黄 橙 红
with tabs[2]:
    frame = ui.cached(duty.warnings)(as_of, scope)
    if frame.empty:
        st.info("尚无预警信息。")
    else:
        now_state = ["生效中" if f else ("未生效" if pd.Timestamp(a) > pd.Timestamp(as_of) else "已解除")
                     for f, a in zip(frame["in_force"], frame["valid_from"])]
        st.dataframe(pd.DataFrame({
            "状态": now_state, "预警级别": frame["level"], "类别": frame["kind"], "范围": frame["unit_names"],
            "生效时间": [_fmt_time(t) for t in frame["valid_from"]], "解除时间": [_fmt_time(t) for t in frame["valid_to"]],
            "发布单位": frame["issued_by"], "内容": frame["content"],
        }).style.apply(lambda r: ["font-weight: 600" if r["状态"] == "生效中" else "color: #6b7280"] * len(r), axis=1)
                 .map(lambda lv: f"background-color: {WARNING_FILL.get(lv, '')}", subset=["预警级别"]),
            key=P + "w.table", hide_index=True, width="stretch")
        st.caption("数据截至时刻正在生效的预警排在前面（按级别从高到低）。")
    with st.expander("发布预警信息", icon=":material/warning:"):
        with st.form(P + "warning_form", border=False):
            c = st.columns(3)
            level = c[0].selectbox("预警级别", vocab.WARNING_LEVELS, key=P + "w.level")
            kind = c[1].text_input("类别", key=P + "w.kind", placeholder="暴雨、地质灾害、森林火险……")
            issued_by = c[2].text_input("发布单位", key=P + "w.issued_by")
            covered = st.multiselect("范围（县区）", list(units), key=P + "w.units")
            c = st.columns(4)
            from_day = c[0].date_input("生效日期", value=today, key=P + "w.from_day", format="YYYY-MM-DD")
            from_time = c[1].time_input("生效时间", value=as_of.time(), key=P + "w.from_time", step=60)
            to_day = c[2].date_input("解除日期", value=None, key=P + "w.to_day", format="YYYY-MM-DD")
            to_time = c[3].time_input("解除时间", value=None, key=P + "w.to_time", step=60)
            content = st.text_area("预警内容", key=P + "w.content")
            actor = st.text_input("记录人", key=P + "w.actor")
            if st.form_submit_button("发布", type="primary", key=P + "w.submit"):
                try:
                    new_id = duty.issue_warning(store, {
                        "level": level, "kind": kind, "units": [units[n] for n in covered], "issued_by": issued_by,
                        "valid_from": _combine(from_day, from_time), "valid_to": _combine(to_day, to_time),
                        "content": content}, actor)
                except ValidationError as exc:
                    st.error(f"未发布：{exc}", icon=":material/block:")
                else:
                    _done(f"已记录预警 {new_id}。")

# ---- dispatch ----
with tabs[3]:
    log = ui.cached(duty.dispatch_log)(period["start_date"], period["end_date"], scope)
    if log.empty:
        st.info("本值班时段尚无调度记录。")
    else:
        st.dataframe(pd.DataFrame({
            "时间": [_fmt_time(t) for t in log["sent_at"]], "调度人": log["actor"], "调度对象": log["unit_names"],
            "内容": log["content"], "回复 / 落实情况": log["response"],
        }), key=P + "d.table", hide_index=True, width="stretch")
    with st.expander("记录调度", icon=":material/campaign:"):
        with st.form(P + "dispatch_form", border=False):
            targets = st.multiselect("调度对象（县区）", list(units), key=P + "d.units")
            c = st.columns(2)
            sent_day = c[0].date_input("调度日期", value=today, key=P + "d.day", format="YYYY-MM-DD")
            sent_time = c[1].time_input("调度时间", value=as_of.time(), key=P + "d.time", step=60)
            content = st.text_area("调度内容", key=P + "d.content")
            response = st.text_input("回复 / 落实情况（可后补）", key=P + "d.response")
            actor = st.text_input("调度人", key=P + "d.actor")
            if st.form_submit_button("记录", type="primary", key=P + "d.submit"):
                try:
                    duty.log_dispatch(store, {"to_units": [units[n] for n in targets], "content": content,
                                              "response": response, "sent_at": _combine(sent_day, sent_time)}, actor)
                except ValidationError as exc:
                    st.error(f"未记录：{exc}", icon=":material/block:")
                else:
                    _done("已记录调度。")

# ---- roster ----
with tabs[4]:
    roster_frame = ui.cached(duty.roster)(day, day, scope)
    st.markdown(f"**{day:%Y-%m-%d} 值班表**")
    if roster_frame.empty:
        st.info("该日尚无值班安排。")
    else:
        st.dataframe(pd.DataFrame({
            "县区": roster_frame["unit"], "带班领导": roster_frame["leader"], "职务": roster_frame["leader_title"],
            "带班领导电话": roster_frame["leader_phone"], "值班人员": roster_frame["officer"],
            "值班人员电话": roster_frame["officer_phone"], "值班电话": roster_frame["duty_phone"],
        }), key=P + "s.table", hide_index=True, width="stretch", height=38 + 35 * len(roster_frame))
    with st.expander("修改值班安排", icon=":material/edit_calendar:"):
        edit_unit = st.selectbox("县区", list(units), key=P + "s.unit")
        edit_code = units[edit_unit]
        current = ui.cached(duty.roster_entry)(edit_code, day) or {}

        def _current(key: str) -> str:
            value = current.get(key)
            return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)

        with st.form(P + "roster_form", border=False):
            suffix = f".{edit_code}.{day:%Y%m%d}"
            c = st.columns(3)
            values = {
                "leader": c[0].text_input("带班领导", value=_current("leader"), key=P + "s.leader" + suffix),
                "leader_title": c[1].text_input("职务", value=_current("leader_title"), key=P + "s.title" + suffix),
                "leader_phone": c[2].text_input("带班领导电话", value=_current("leader_phone"), key=P + "s.lphone" + suffix),
                "officer": c[0].text_input("值班人员", value=_current("officer"), key=P + "s.officer" + suffix),
                "officer_phone": c[1].text_input("值班人员电话", value=_current("officer_phone"), key=P + "s.ophone" + suffix),
                "duty_phone": c[2].text_input("值班电话", value=_current("duty_phone"), key=P + "s.dphone" + suffix),
            }
            actor = st.text_input("操作人", key=P + "s.actor")
            if st.form_submit_button(f"保存 {edit_unit} {day:%m-%d} 的值班安排", type="primary", key=P + "s.submit"):
                try:
                    duty.save_roster(store, {"unit_code": edit_code, "duty_date": day, **values}, actor)
                except ValidationError as exc:
                    st.error(f"未保存：{exc}", icon=":material/block:")
                else:
                    for key in [k for k in st.session_state if k.startswith(P + "r.") and k.endswith(suffix)]:
                        del st.session_state[key]   # the report form is prefilled afresh from the new roster
                    _done(f"已保存 {edit_unit} {day:%m-%d} 的值班安排。")

    with st.expander("从 Excel 导入值班表", icon=":material/upload_file:"):
        st.download_button("下载导入模板", data=lambda: duty.roster_template(store), file_name="值班表导入模板.xlsx",
                           icon=":material/description:", key=P + "s.template",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
        st.caption("支持 .xlsx、.xls、.csv（UTF-8 或 GBK）。每行一个县区一天；有一行不合格时整个文件不导入；"
                   "已有的同县区同日安排将被替换。")
        upload = st.file_uploader("选择文件", type=["xlsx", "xls", "csv"], key=P + "s.upload")
        importer = st.text_input("导入人", key=P + "s.importer")
        if st.button("开始导入", type="primary", key=P + "s.import", disabled=upload is None):
            try:
                outcome = duty.import_roster(store, upload.getvalue(), upload.name, importer)
            except ValidationError as exc:
                st.error(f"未导入：{exc}", icon=":material/block:")
            else:
                if outcome.ok:
                    st.session_state.pop(P + "s.errors", None)
                    _done(f"值班表导入完成：{upload.name} 共 {len(outcome.result.rows)} 行，新增 {outcome.added} 条，"
                          f"替换 {outcome.replaced} 条。")
                st.session_state[P + "s.errors"] = (upload.name, outcome.result.errors)
        failed = st.session_state.get(P + "s.errors")
        if failed:
            name, errors = failed
            ui.import_refusal(name, errors, key=P + "s.errors_", kept="值班表")
