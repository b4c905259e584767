"""预警信息 and 调度记录: the lists and the forms that add to them."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard import duty, ui, vocab
from dashboard.ui import kit, rights
from dashboard.ui.duty_page._day import DutyDay, combine, times


def warning_table(frame: pd.DataFrame, as_of: datetime):
    """The warnings as the page shows them: the ones in force bold, the level on its colour."""
    shown = pd.DataFrame({
        "状态": [duty.warning_state(f, t, as_of) for f, t in zip(frame["valid_from"], frame["valid_to"])],
        "预警级别": frame["level"], "类别": frame["kind"], "范围": frame["unit_names"],
        "生效时间": times(frame["valid_from"]), "解除时间": times(frame["valid_to"]),
        "发布单位": frame["issued_by"], "内容": frame["content"],
    })
    return (shown.style.apply(lambda r: ["font-weight: 600" if r["状态"] == "生效中" else "color: #6b7280"] * len(r), axis=1)
            .map(lambda lv: f"background-color: {duty.WARNING_FILL.get(lv, '')}", subset=["预警级别"]))


def warnings_tab(d: DutyDay) -> None:
    ctx, P = d.ctx, d.ctx.prefix
    frame = ui.cached(duty.warnings)(ctx.as_of, ctx.scope)
    if frame.empty:
        st.info("尚无预警信息。")
    else:
        st.dataframe(warning_table(frame, ctx.as_of), key=P + "w.table", hide_index=True, width="stretch")
        st.caption("数据截至时刻正在生效的预警排在前面（按级别从高到低）。")
    if not rights.may_any(duty.WARNING_ENTITY, duty.A_WARN):
        rights.note("发布预警信息")
        return
    with st.expander("发布预警信息", icon=":material/warning:"):
        with st.form(P + "warning_form", border=False):
            c = st.columns(3)
            level = c[0].selectbox("预警级别", vocab.WARNING_LEVELS, key=P + "w.level")
            kind = c[1].text_input("类别", key=P + "w.kind", placeholder="暴雨、地质灾害、森林火险……")
            issued_by = c[2].text_input("发布单位", key=P + "w.issued_by")
            covered = st.multiselect("范围（县区）", list(d.units), key=P + "w.units")
            c = st.columns(4)
            from_day = c[0].date_input("生效日期", value=ctx.today, key=P + "w.from_day", format="YYYY-MM-DD")
            from_time = c[1].time_input("生效时间", value=ctx.as_of.time(), key=P + "w.from_time", step=60)
            to_day = c[2].date_input("解除日期", value=None, key=P + "w.to_day", format="YYYY-MM-DD")
            to_time = c[3].time_input("解除时间", value=None, key=P + "w.to_time", step=60)
            content = st.text_area("预警内容", key=P + "w.content")
            if st.form_submit_button("发布", type="primary", key=P + "w.submit"):
                fields = {"level": level, "kind": kind, "units": [d.units[n] for n in covered], "issued_by": issued_by,
                          "valid_from": combine(from_day, from_time), "valid_to": combine(to_day, to_time),
                          "content": content}
                kit.submit(d.key("warning"), lambda: duty.issue_warning(ctx.store, fields, ui.user()),
                           lambda new_id: f"已记录预警 {new_id}。", refused="未发布")
        kit.outcome(d.key("warning"))


def dispatch_tab(d: DutyDay) -> None:
    ctx, period, P = d.ctx, d.period, d.ctx.prefix
    log = ui.cached(duty.dispatch_log)(period["start_date"], period["end_date"], ctx.scope)
    if log.empty:
        st.info("本值班时段尚无调度记录。")
    else:
        st.dataframe(pd.DataFrame({
            "时间": times(log["sent_at"]), "调度人": log["actor"], "调度对象": log["unit_names"],
            "内容": log["content"], "回复 / 落实情况": log["response"],
        }), key=P + "d.table", hide_index=True, width="stretch")
    if not rights.may_any(duty.DISPATCH_ENTITY, duty.A_DISPATCH):
        rights.note("记录调度")
        return
    with st.expander("记录调度", icon=":material/campaign:"):
        with st.form(P + "dispatch_form", border=False):
            targets = st.multiselect("调度对象（县区）", list(d.units), key=P + "d.units")
            c = st.columns(2)
            sent_day = c[0].date_input("调度日期", value=ctx.today, key=P + "d.day", format="YYYY-MM-DD")
            sent_time = c[1].time_input("调度时间", value=ctx.as_of.time(), key=P + "d.time", step=60)
            content = st.text_area("调度内容", key=P + "d.content")
            response = st.text_input("回复 / 落实情况（可后补）", key=P + "d.response")
            if st.form_submit_button("记录", type="primary", key=P + "d.submit"):
                fields = {"to_units": [d.units[n] for n in targets], "content": content, "response": response,
                          "sent_at": combine(sent_day, sent_time)}
                kit.submit(d.key("dispatch"), lambda: duty.log_dispatch(ctx.store, fields, ui.user()), "已记录调度。",
                           refused="未记录")
        kit.outcome(d.key("dispatch"))
