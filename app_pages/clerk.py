"""县区填报: the county clerk's phone page (works at 390×844), and nothing else on it.

Three things, in the order a clerk needs them during a holiday: today's duty report in one tap (零报告) or with
what happened; the 初报 and 续报 of an incident; the county's overdue hazards with the step that moves each one
on (开始整改 / 提交整改完成, with the after photos taken there and then). Large touch targets, one column. A 县区填报员 acts for its own county; the office and
the duty officers may open it for any county (to check what a county sees). Every write names the signed-in user
and is checked by the same rules as everywhere (dashboard/roles.py).
"""

from datetime import datetime

import streamlit as st

from dashboard import clock, duty, hazards, roles, settings, ui, vocab
from dashboard.lifecycle import EVIDENCE
from dashboard.ui import kit, rights

me = ui.user()
store = ui.store()
now = ui.as_of()
today = now.date()
P = "clerk."
st.html("<style>.st-key-clerk-page button {min-height: 3.2rem; font-size: 1.1rem}"
        " .st-key-clerk-page [data-testid='stNumberInput'] input {min-height: 2.8rem}</style>")
page = st.container(key="clerk-page")

with page:
    units = ui.unit_options()
    if me.unit_code:
        code = me.unit_code
        name = next((n for n, c in units.items() if c == code), code)
        st.title(f"县区填报 · {name}")
    else:  # the office and the duty officers look at a county's page
        st.title("县区填报")
        name = st.selectbox("县区", list(units), key=P + "unit")
        code = units[name]
    st.caption(ui.plain(f"{clock.format_datetime(now)}　{me.label}"))

    # -- today's duty report --------------------------------------------------------------------------------
    st.markdown("**今日值班信息**")
    kit.outcome(P + "report")
    period = ui.cached(duty.period_on)(today)
    history = ui.cached(duty.report_history)(code, today)
    people = duty.roster_people(ui.cached(duty.roster_entry)(code, today))
    if period is None:
        st.info("今天不在假期值班时段内，无需报送值班信息。", icon=":material/event_available:")
    elif not rights.may(duty.REPORT_ENTITY, duty.A_REPORT, county=code):
        st.caption(rights.reason("报送值班信息"))
    else:
        if history.empty:
            st.warning(f"今日尚未报送（每日 {settings.get('report_cutoff')} 前报送）。", icon=":material/schedule:")
        else:
            latest = history.iloc[0]
            st.success(f"今日已报送：{latest['situation']}（第 {int(latest['version'])} 版，"
                       f"{clock.as_datetime(latest['submitted_at']):%H:%M}）。再次报送将替换为新版本。",
                       icon=":material/check_circle:")
        replaces = 0 if history.empty else int(history.iloc[0]["version"])
        reporter = me.name if me.role == roles.CLERK else (people["officer"] or me.name)
        if not people["leader"]:
            st.caption("值班表中没有今日的带班领导和值班人员，请先请市安委办值班室补充值班表。")
        confirmed = True
        if replaces:  # a second report replaces the first: said and confirmed, never by one stray tap
            confirmed = st.checkbox(f"确认以新的报告替换第 {replaces} 版", key=P + "replace")
        if st.button("零报告（今日无事故、无火灾、无伤亡）", type="primary", width="stretch", key=P + "zero",
                     icon=":material/verified:", disabled=not people["leader"] or not confirmed):
            kit.submit(P + "report", lambda: duty.submit_report(
                store, {**duty.zero_report(code, today, people), "reporter": reporter}, me, replaces=replaces),
                lambda v: f"已报送零报告（第 {v} 版）。")
        with st.expander("有情况：填写后报送", icon=":material/edit_note:"):
            with st.form(P + "situation", border=False):
                c = st.columns(2)
                counts = {key: c[i % 2].number_input(label, min_value=0, step=1, key=P + "n." + key)
                          for i, (key, label) in enumerate(duty.COUNT_FIELDS.items())}
                details = st.text_area("情况说明", key=P + "details", placeholder="发生了什么、在哪里、处置情况")
                if st.form_submit_button("报送", type="primary", width="stretch",
                                         disabled=not people["leader"] or not confirmed):
                    fields = {**duty.zero_report(code, today, people), "situation": vocab.REPORT_SITUATION,
                              "reporter": reporter, "details": details, **counts}
                    kit.submit(P + "report", lambda: duty.submit_report(store, fields, me, replaces=replaces),
                               lambda v: f"已报送（有情况，第 {v} 版）。")

    # -- incidents ------------------------------------------------------------------------------------------------
    st.markdown("**事故信息**")
    kit.outcome(P + "incident")
    if not rights.may(duty.INCIDENT_ENTITY, duty.STAGE_FIRST, county=code):
        st.caption(rights.reason("报送事故信息"))
    else:
        with st.expander("报送事故信息（初报 / 续报 / 终报）", icon=":material/emergency:"):
            chains = duty.incident_chains(ui.cached(duty.incidents)(scope=(code,)))
            open_ids = duty.open_chains(chains)
            stage = st.segmented_control("报告类型", [duty.STAGE_FIRST, duty.STAGE_FOLLOW, duty.STAGE_FINAL],
                                         default=duty.STAGE_FIRST, key=P + "stage", width="stretch")
            with st.form(P + "incident", border=False):
                values: dict = {"stage": stage, "unit_code": code, "reported_at": now.replace(microsecond=0)}
                if stage == duty.STAGE_FIRST:
                    c = st.columns(2)
                    day = c[0].date_input("事发日期", value=today, max_value=today, key=P + "i.day", format="YYYY-MM-DD")
                    at = c[1].time_input("事发时间", value=None, key=P + "i.time", step=60)
                    values["place"] = st.text_input("事发地点", key=P + "i.place")
                    values["kind"] = st.text_input("事件性质", key=P + "i.kind", placeholder="如 道路交通事故、火灾")
                    occurred = datetime.combine(day, at) if at else None
                    values.update(occurred_at=occurred, received_at=occurred)
                else:
                    values["chain_id"] = st.selectbox("续报的事件", open_ids, index=None, key=P + "i.chain",
                                                      placeholder="选择本县区尚未终报的事件" if open_ids else "没有可续报的事件")
                    values["received_at"] = values["reported_at"]
                c = st.columns(2)
                for i, (key, label) in enumerate(duty.INCIDENT_COUNT_FIELDS.items()):
                    values[key] = c[i % 2].number_input(label, min_value=0, step=1, key=P + "i." + key)
                values["description"] = st.text_area("简要情况", key=P + "i.description")
                if st.form_submit_button(f"报送{stage}", type="primary", width="stretch"):
                    kit.submit(P + "incident", lambda: duty.record_incident(store, values, me),
                               lambda entry: f"已报送{stage}（{entry}）。")

    # -- overdue hazards -------------------------------------------------------------------------------------------
    st.markdown("**本县区逾期隐患**")
    kit.outcome(P + "hazard")
    overdue = ui.cached(hazards.table)(hazards.HazardFilter(scope=(code,), flags=(vocab.FLAG_OVERDUE,)), today)
    if overdue.empty:
        st.success("本县区没有逾期未整改的隐患。", icon=":material/task_alt:")
    st.caption(f"共 {len(overdue)} 条，逾期最久的在前。" if len(overdue) else "")
    for row in overdue.sort_values("days_left").head(30).itertuples():
        with st.container(border=True):
            st.markdown(f"**{ui.plain(row.enterprise)}**")
            st.caption(ui.plain(f"{row.id}　{row.sector}　{row.status}　逾期 {-int(row.days_left)} 天"))
            record = {"unit_code": code, "status": row.status, "group_id": None}
            step = next((a for a in (hazards.A_START, hazards.A_SUBMIT)
                         if a in hazards.available_actions(record) and rights.may(hazards.HAZARD_ENTITY, a, county=code)),
                        None)
            if step == hazards.A_START:
                if st.button("开始整改", key=P + "start." + row.id, width="stretch"):
                    kit.submit(P + "hazard", lambda hid=row.id: hazards.act(store, hid, hazards.A_START, {}, me),
                               f"{row.id}：已开始整改。")
            elif step == hazards.A_SUBMIT:
                with st.popover("提交整改完成", width="stretch", icon=":material/done_all:"):
                    done_on = st.date_input("完成日期", value=today, max_value=today, key=P + "d." + row.id,
                                            format="YYYY-MM-DD")
                    measures = st.text_area("整改措施", key=P + "m." + row.id)
                    photos = kit.evidence_uploader("整改后照片（可拍照上传）", P + "photo." + row.id)
                    if st.button("提交", type="primary", key=P + "submit." + row.id, width="stretch"):
                        fields = {"completed_date": done_on, "measures": measures,
                                  EVIDENCE: [(f.name, f.getvalue()) for f in photos or []]}
                        kit.submit(P + "hazard", lambda hid=row.id, f=fields: hazards.act(
                            store, hid, hazards.A_SUBMIT, f, me), f"{row.id}：已提交整改完成，等待复核。")
            elif row.status == vocab.ST_AWAITING_REVIEW:
                st.caption("已提交整改完成，等待复核。")
