"""事故信息: the period's incident chains with their level and first-report timeliness, every entry, and
the form that records a 初报, 续报 or 终报."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import duty, settings, ui, vocab
from dashboard.ui import kit, rights
from dashboard.ui.duty_page._day import DutyDay, combine, times

LATE_STYLE = "color: #d62728; font-weight: 600"


def chain_table(chains: pd.DataFrame) -> pd.DataFrame:
    """One row per chain as the page shows it (初报超时 true where the first report was late)."""
    return pd.DataFrame({
        "事件编号": chains["chain_id"], "最新报告": chains["stage"], "事发时间": times(chains["occurred_at"]),
        "县区": chains["unit"], "地点": chains["place"], "性质": chains["kind"], "死亡": chains["deaths"],
        "重伤": chains["serious_injuries"], "受伤": chains["injuries"], "失踪": chains["missing"],
        "直接损失(万元)": chains["direct_loss"], "事故等级": chains["level"],
        "初报用时": [duty.duration_text(int(m)) if not pd.isna(m) else "" for m in chains["report_minutes"]],
        "初报超时": [bool(x) if x is not None and not pd.isna(x) else False for x in chains["late"]],
    })


def incident_columns() -> dict:
    return {"直接损失(万元)": st.column_config.NumberColumn(format="%.2f")}


def incidents_tab(d: DutyDay) -> None:
    ctx, period = d.ctx, d.period
    entries = ui.cached(duty.incidents)(period["start_date"], period["end_date"], ctx.scope)
    chains = duty.incident_chains(entries)
    st.caption(f"事故等级按《生产安全事故报告和调查处理条例》第三条由死亡、重伤人数和直接经济损失中最高的一项确定（“以上”含本数）；"
               f"事发至初报应在 {settings.get('incident_report_minutes')} 分钟内，超时标红。"
               "同一事件的初报、续报、终报相互关联，按最新一次报告计。")
    if chains.empty:
        st.info("本值班时段尚无事故（事件）信息。")
    else:
        st.dataframe(chain_table(chains).style.apply(lambda r: [LATE_STYLE if r["初报超时"] else ""] * len(r), axis=1),
                     key=d.key("i.table"), hide_index=True, width="stretch", column_config=incident_columns())
        with st.expander(f"全部报告（{len(entries)} 条，初报→续报→终报）", icon=":material/timeline:"):
            st.dataframe(pd.DataFrame({
                "编号": entries["id"], "事件": entries["chain_id"], "类型": entries["stage"],
                "接报时间": times(entries["received_at"]), "上报时间": times(entries["reported_at"]),
                "信息来源": entries["source"], "死亡": entries["deaths"], "重伤": entries["serious_injuries"],
                "受伤": entries["injuries"], "直接损失(万元)": entries["direct_loss"], "按本次报告的等级": entries["level"],
                "趋势": entries["trend"], "已采取措施": entries["measures"],
            }), key=d.key("i.entries"), hide_index=True, width="stretch", column_config=incident_columns())
    if not rights.may_any(duty.INCIDENT_ENTITY, duty.STAGE_FIRST):
        rights.note("记录事故（事件）信息")
        return
    own = rights.own_county()  # a 县区填报员 reports its own county's incidents only
    followed = chains[chains["unit_code"] == own] if own and not chains.empty else chains
    with st.expander("记录事故（事件）信息", icon=":material/add_alert:", expanded=False):
        _incident_form(d, duty.open_chains(followed))


def _incident_form(d: DutyDay, open_chains: list[str]) -> None:
    ctx, today, own = d.ctx, d.ctx.today, rights.own_county()
    units = {name: code for name, code in d.units.items() if own is None or code == own}
    P = ctx.prefix
    stage = st.radio("报告类型", vocab.INCIDENT_STAGES, horizontal=True, key=P + "i.stage")
    chain_id = None
    if stage != duty.STAGE_FIRST:
        chain_id = st.selectbox("关联事件（初报编号）", open_chains, index=None, key=P + "i.chain",
                                placeholder="选择要续报 / 终报的事件")
    with st.form(P + "incident_form", border=False):
        c = st.columns(3)
        unit = c[0].selectbox("县区", list(units), index=None, key=P + "i.unit", placeholder="续报 / 终报可不选（沿用初报）")
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
        numbers = {
            "deaths": c[0].number_input("死亡", value=0, step=1, key=P + "i.deaths"),
            "serious_injuries": c[1].number_input("重伤", value=0, step=1, key=P + "i.serious"),
            "injuries": c[2].number_input("受伤（含重伤）", value=0, step=1, key=P + "i.injuries"),
            "missing": c[3].number_input("失踪", value=0, step=1, key=P + "i.missing"),
            "direct_loss": c[4].number_input("直接经济损失（万元）", value=0.0, step=1.0, key=P + "i.loss"),
        }
        texts = {key: st.text_input(label, key=P + "i." + key) for key, label in (("source", "信息来源"), ("trend", "发展趋势"))}
        texts |= {key: st.text_area(label, key=P + "i." + key)
                  for key, label in (("measures", "已采取措施"), ("description", "简要经过"))}
        if st.form_submit_button("记录", type="primary", key=P + "i.submit"):
            fields = {
                "stage": stage, "chain_id": chain_id, "unit_code": units.get(unit) if unit else None,
                "occurred_at": combine(occurred_day, occurred_time), "received_at": combine(received_day, received_time),
                "reported_at": combine(received_day, reported_time), "place": place, "kind": kind, "sector": sector,
                **numbers, **texts,
            }
            kit.submit(d.key("incident"), lambda: duty.record_incident(ctx.store, fields, ui.user()),
                       lambda new_id: duty.recorded_text(duty.incident_entry(ctx.store, new_id)), refused="未记录")
    kit.outcome(d.key("incident"))
