"""每日报告: a unit's daily report for the day shown (one-click 零报告, the full form prefilled from the
roster) and its history of versions. The signed-in user sends it (the audit line); the form's 报送人 is the county
person who reported: a 县区填报员 itself, or, for a 值班员 taking the report by phone, the one on whose call.
A 县区填报员 is offered its own county only; a role that may not report sees the history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import duty, roles, ui, vocab
from dashboard.ui import kit, rights
from dashboard.ui.duty_page._day import DutyDay, times

PEOPLE_LABELS = {"leader": "带班领导", "leader_title": "职务", "leader_phone": "带班领导电话", "officer": "值班人员",
                 "officer_phone": "值班人员电话", "duty_phone": "值班电话"}


def offered_units(d: DutyDay, chase_list: pd.DataFrame) -> dict[str, str]:
    """The units the form offers (name -> code): those in the sidebar's scope, the ones still to report
    (``chase_list``, already scoped) first; a 县区填报员 its own county only."""
    own = rights.own_county()
    in_scope = {name: code for name, code in d.units.items()
                if (code == own if own else not d.ctx.scope or code in d.ctx.scope)}
    codes = set(chase_list["unit_code"]) if not chase_list.empty else set()
    return {**{n: c for n, c in in_scope.items() if c in codes}, **in_scope}


def report_tab(d: DutyDay, chase_list: pd.DataFrame) -> None:
    day = d.day
    offered = offered_units(d, chase_list)
    if not offered:
        st.info("所选范围内没有县区。", icon=":material/filter_alt_off:")
        return
    c = st.columns([2, 2, 4], vertical_alignment="bottom")
    unit_name = c[0].selectbox("县区", list(offered), key=d.key("r.unit"),
                               help="侧栏所选范围内的县区，尚未报送的排在前面")
    code = offered[unit_name]
    c[1].markdown(f"报告日期：**{day:%Y-%m-%d}**")
    history = ui.cached(duty.report_history)(code, day)
    current = None if history.empty else history.iloc[0].to_dict()
    if current is None:
        c[2].caption("该县区当日尚未报送。")
    else:
        c[2].caption(f"已报送 {len(history)} 个版本，最新为第 {int(current['version'])} 版（{current['situation']}，"
                     f"{times([current['submitted_at']])[0]}）。再次报送前会请您确认，旧版本保留在下方历史中。")
    people = duty.roster_people(ui.cached(duty.roster_entry)(code, day))
    if rights.may(duty.REPORT_ENTITY, duty.A_REPORT, county=code):
        _sending_part(d, Sending(d, unit_name, code, current), people)
    else:
        rights.note("报送值班信息", elsewhere=rights.may_any(duty.REPORT_ENTITY, duty.A_REPORT))
    if current is not None:
        st.markdown("**报送历史**（每一版都保留，当前为最新一版）")
        st.dataframe(pd.DataFrame({
            "版本": history["version"], "报送时间": times(history["submitted_at"]),
            "及时性": history["timeliness"], "当日情况": history["situation"], "报送人": history["reporter"],
            "死亡": history["deaths"], "受伤": history["injuries"], "情况说明": history["details"],
            "重要事项": history["key_matters"].fillna(""),
        }), key=d.key("r.history"), hide_index=True, width="stretch")


def _reporter(people: dict[str, str]) -> str:
    """Who reported, as the form proposes it: a 县区填报员 itself; else the roster's 值班人员 (on whose call)."""
    current = ui.user()
    return current.name if current.role == roles.CLERK else (people["officer"] or "")


def _sending_part(d: DutyDay, sending: "Sending", people: dict[str, str]) -> None:
    """The one-click 零报告 and the full form, each with its confirmation and outcome."""
    zero_col, _ = st.columns([3, 7])
    if zero_col.button("一键零报告（无事报平安）", key=d.key("r.zero"), icon=":material/verified:", type="primary",
                       disabled=not people["leader"] or d.day > d.ctx.today,
                       help="按值班表中的带班领导和值班人员报送零报告；报送人为"
                            + ("您本人" if ui.user().role == roles.CLERK else "值班表中的值班人员")):
        sending.send("zero", {**duty.zero_report(sending.code, d.day, people), "reporter": _reporter(people)})
    sending.confirmation("zero")
    _report_form(d, sending, people)
    sending.confirmation("form")


class Sending:
    """Sending one unit's report from one place on the tab (``where``: the 零报告 button or the form). A unit
    that has a report for the day is not replaced on one click: the fields wait in session state while a
    confirmation right there names what would be replaced; the answer, a refusal or the success is shown
    in the same place."""

    def __init__(self, d: DutyDay, unit_name: str, code: str, current: dict | None):
        self.d, self.unit_name, self.code, self.current = d, unit_name, code, current

    def _key(self, where: str) -> str:
        return self.d.key(f"report.{where}")

    def send(self, where: str, fields: dict) -> None:
        if self.current is None:
            self._write(where, fields, 0)
            return
        problem = duty.report_refusal(self.d.ctx.store, fields)
        if problem:  # refused now, not after the user has confirmed
            kit.clear_outcome(self._key(where))
            st.error(f"未报送：{ui.plain(problem)}", icon=":material/block:")
            return
        st.session_state[self._key(where) + ".pending"] = (fields, int(self.current["version"]))

    def _write(self, where: str, fields: dict, replaces: int) -> None:
        d, name = self.d, self.unit_name
        what, kind = ("零报告", "") if where == "zero" else ("值班信息", f"{fields['situation']}，")
        replaced = f"，已替换第{replaces}版" if replaces else ""
        kit.submit(self._key(where),
                   lambda: duty.submit_report(d.ctx.store, fields, ui.user(), replaces=replaces),
                   lambda version: f"{name} {d.day.month}月{d.day.day}日 {what}已报送（{kind}第{version}版{replaced}）。",
                   refused="未报送")

    def confirmation(self, where: str) -> None:
        """The confirmation waiting here (if any), then the outcome of the last send from here."""
        key = self._key(where) + ".pending"
        pending = st.session_state.get(key)
        if pending is not None:
            fields, replaces = pending
            same = (self.current is not None and fields["unit_code"] == self.code
                    and fields["report_date"] == self.d.day and int(self.current["version"]) == replaces)
            if not same:  # another unit or day picked, or a new version arrived: ask again on the next click
                st.session_state.pop(key, None)
            else:
                with st.container(border=True, key=self.d.key(f"r.confirm.{where}")):
                    text = duty.replacement_text(self.unit_name, self.d.day, self.d.ctx.today, self.current)
                    st.warning(ui.plain(text + "。旧版本保留在报送历史中。"), icon=":material/warning:")
                    c = st.columns([3, 2, 5])
                    if c[0].button(f"确认报送第{replaces + 1}版", key=self.d.key(f"r.confirm.{where}.yes"),
                                   icon=":material/check:"):
                        st.session_state.pop(key, None)
                        self._write(where, fields, replaces)
                    if c[1].button("取消", key=self.d.key(f"r.confirm.{where}.no")):
                        st.session_state.pop(key, None)
                        st.rerun()
        kit.outcome(self._key(where))


def _report_form(d: DutyDay, sending: Sending, people: dict[str, str]) -> None:
    day, code = d.day, sending.code
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
        clerk = ui.user().role == roles.CLERK
        reporter = st.text_input(
            "报送人" if clerk else "报送人（来电人）", value=_reporter(people), key=d.key("r.reporter" + suffix),
            help="报送本县区值班信息的人" if clerk else "县区报送人；电话报送时为来电的县区值班人员（记录人为当前登录用户）")
        if st.form_submit_button("报送", type="primary", key=d.key("r.submit")):
            fields = {"unit_code": code, "report_date": day, "situation": situation, "details": details,
                      "key_matters": key_matters, "reporter": reporter, **typed, **counts}
            sending.send("form", fields)
