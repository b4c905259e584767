"""每日报告: a unit's daily report for the day shown (one-click 零报告, the full form prefilled from the
roster) and its history of versions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import duty, ui, vocab
from dashboard.ui import kit
from dashboard.ui.duty_page._day import DutyDay, times

PEOPLE_LABELS = {"leader": "带班领导", "leader_title": "职务", "leader_phone": "带班领导电话", "officer": "值班人员",
                 "officer_phone": "值班人员电话", "duty_phone": "值班电话"}


def report_tab(d: DutyDay, chase_list: pd.DataFrame) -> None:
    ctx, day = d.ctx, d.day
    unit_names = {code: name for name, code in d.units.items()}
    missing_first = [unit_names[c] for c in chase_list["unit_code"]] if not chase_list.empty else []
    order = missing_first + [n for n in d.units if n not in missing_first]
    c = st.columns([2, 2, 4], vertical_alignment="bottom")
    unit_name = c[0].selectbox("县区", order, key=d.key("r.unit"), help="尚未报送的县区排在前面")
    code = d.units[unit_name]
    c[1].markdown(f"报告日期：**{day:%Y-%m-%d}**")
    history = ui.cached(duty.report_history)(code, day)
    if history.empty:
        c[2].caption("该县区当日尚未报送。")
    else:
        latest = history.iloc[0]
        c[2].caption(f"已报送 {len(history)} 个版本，最新为第 {int(latest['version'])} 版（{latest['situation']}，"
                     f"{times([latest['submitted_at']])[0]}）。再次报送将替换为新版本，旧版本保留在下方历史中。")
    people = duty.roster_people(ui.cached(duty.roster_entry)(code, day))
    done = d.key("report")
    zero_col, _ = st.columns([3, 7])
    if zero_col.button("一键零报告（无事报平安）", key=d.key("r.zero"), icon=":material/verified:", type="primary",
                       disabled=not people["leader"] or day > ctx.today,
                       help="按值班表中的带班领导和值班人员报送零报告，报送人为值班人员"):
        kit.submit(done, lambda: duty.submit_report(ctx.store, duty.zero_report(code, day, people), people["officer"]),
                   lambda version: f"{unit_name} {day.month}月{day.day}日 零报告已报送（第{version}版）。",
                   refused="未报送")
    _report_form(d, code, unit_name, people)
    kit.outcome(done)
    if not history.empty:
        st.markdown("**报送历史**（每一版都保留，当前为最新一版）")
        st.dataframe(pd.DataFrame({
            "版本": history["version"], "报送时间": times(history["submitted_at"]),
            "及时性": history["timeliness"], "当日情况": history["situation"], "报送人": history["reporter"],
            "死亡": history["deaths"], "受伤": history["injuries"], "情况说明": history["details"],
            "重要事项": history["key_matters"].fillna(""),
        }), key=d.key("r.history"), hide_index=True, width="stretch")


def _report_form(d: DutyDay, code: str, unit_name: str, people: dict[str, str]) -> None:
    ctx, day = d.ctx, d.day
    with st.form(d.key("report_form"), border=True):
        st.markdown("**值班信息报送**（带班领导、值班人员按值班表预填）")
        suffix = f".{code}.{day:%Y%m%d}"  # new unit or day: the fields are prefilled afresh
        c = st.columns(3)
        typed = {key: c[i % 3].text_input(label, value=people[key], key=d.key(f"r.{key}{suffix}"))
                 for i, (key, label) in enumerate(PEOPLE_LABELS.items())}
        situation = st.radio("当日情况", vocab.REPORT_KINDS, horizontal=True, key=d.key("r.situation"),
                             help="零报告：无事报平安；有情况：填写事故、火灾、伤亡等数字和情况说明")
        c = st.columns(7)
        counts = {key: c[i].number_input(label, value=0, step=1, key=d.key("r." + key))
                  for i, (key, label) in enumerate(duty.COUNT_FIELDS.items())}
        details = st.text_area("情况说明（有情况时必填）", key=d.key("r.details"))
        key_matters = st.text_input("重要事项", key=d.key("r.key_matters"))
        reporter = st.text_input("报送人", value=people["officer"], key=d.key("r.reporter" + suffix))
        if st.form_submit_button("报送", type="primary", key=d.key("r.submit")):
            fields = {"unit_code": code, "report_date": day, "situation": situation, "details": details,
                      "key_matters": key_matters, "reporter": reporter, **typed, **counts}
            kit.submit(d.key("report"), lambda: duty.submit_report(ctx.store, fields, reporter),
                       lambda version: f"{unit_name} {day.month}月{day.day}日 值班信息已报送（{situation}，第{version}版）。",
                       refused="未报送")
