"""值班表: the day's roster, editing one unit's day, and importing the roster from Excel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import duty, ui
from dashboard.ui import kit, rights
from dashboard.ui.duty_page._day import DutyDay
from dashboard.ui.duty_page._report import PEOPLE_LABELS

# the roster form's widget keys (kept from before the page kit: links and tests use them)
_ROSTER_KEYS = {"leader": "leader", "leader_title": "title", "leader_phone": "lphone", "officer": "officer",
                "officer_phone": "ophone", "duty_phone": "dphone"}


def roster_tab(d: DutyDay) -> None:
    ctx, day, P = d.ctx, d.day, d.ctx.prefix
    roster = ui.cached(duty.roster)(day, day, ctx.scope)
    st.markdown(f"**{day:%Y-%m-%d} 值班表**")
    if roster.empty:
        st.info("该日尚无值班安排。")
    else:
        st.dataframe(pd.DataFrame({"县区": roster["unit"], **{label: roster[key] for key, label in PEOPLE_LABELS.items()}}),
                     key=P + "s.table", hide_index=True, width="stretch", height=38 + 35 * len(roster))
    if not (rights.may_any(duty.ROSTER_ENTITY, duty.A_ROSTER_EDIT) or rights.may_any("import", duty.A_IMPORT_ROSTER)):
        rights.note("修改或导入值班表")
        return
    if rights.may_any(duty.ROSTER_ENTITY, duty.A_ROSTER_EDIT):
        with st.expander("修改值班安排", icon=":material/edit_calendar:"):
            _roster_form(d)
    with st.expander("从 Excel 导入值班表", icon=":material/upload_file:"):
        kit.import_panel(
            P + "s.import.", run=lambda data, name, actor, progress: _import(d, data, name, actor, progress),
            action=duty.A_IMPORT_ROSTER,
            template=lambda: duty.roster_template(ctx.store), template_name="值班表导入模板.xlsx",
            note="支持 .xlsx、.xls、.csv（UTF-8 或 GBK）。每行一个县区一天；有一行不合格时整个文件不导入；"
                 "已有的同县区同日安排将被替换。",
            kept="值班表",
            done=lambda name, result: f"值班表导入完成：{name} 共 {result.rows} 行，新增 {result.added} 条，"
                                      f"替换 {result.replaced} 条，与原安排相同未改动 {result.skipped} 条"
                                      "（可在“数据管理”中撤销）。")


def _import(d: DutyDay, data: bytes, name: str, actor, progress) -> kit.ImportResult:
    outcome = duty.import_roster(d.ctx.store, data, name, actor, progress)
    return kit.ImportResult(outcome.ok, len(outcome.result.rows), outcome.added, outcome.unchanged, outcome.result.errors,
                            replaced=outcome.replaced)


def _roster_form(d: DutyDay) -> None:
    ctx, day, P = d.ctx, d.day, d.ctx.prefix
    edit_unit = st.selectbox("县区", list(d.units), key=P + "s.unit")
    edit_code = d.units[edit_unit]
    current = duty.roster_people(ui.cached(duty.roster_entry)(edit_code, day))
    with st.form(P + "roster_form", border=False):
        suffix = f".{edit_code}.{day:%Y%m%d}"
        c = st.columns(3)
        values = {key: c[i % 3].text_input(PEOPLE_LABELS[key], value=current[key], key=f"{P}s.{name}{suffix}")
                  for i, (key, name) in enumerate(_ROSTER_KEYS.items())}
        if st.form_submit_button(f"保存 {edit_unit} {day:%m-%d} 的值班安排", type="primary", key=P + "s.submit"):

            def save() -> None:
                duty.save_roster(ctx.store, {"unit_code": edit_code, "duty_date": day, **values}, ui.user())
                for key in [k for k in st.session_state if k.startswith(P + "r.") and k.endswith(suffix)]:
                    del st.session_state[key]  # the report form is prefilled afresh from the new roster

            kit.submit(d.key("roster"), save, f"已保存 {edit_unit} {day:%m-%d} 的值班安排。", refused="未保存")
    kit.outcome(d.key("roster"))
