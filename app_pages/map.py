"""一张图: county polygons coloured by a chosen measure, the zones, the major fire-hazard units by urgency,
the open hazards clustered. Clicking a county selects it and shows its figures beside the map."""

import pandas as pd
import streamlit as st

from dashboard import clock, contents, fire_units, hazards, maps, ui
from dashboard.ui import kit
from dashboard.ui.situation_map import situation_map

page = kit.page("一张图", "map.")
scope, today, P = page.scope, page.today, page.prefix
have = kit.loaded()  # hazards or fire units not loaded yet: their figures are "—", the box says where to load them
HAZARDS, FIRE_UNITS = contents.HAZARDS, contents.FIRE_UNITS
kit.empty_state(have.missing(HAZARDS, FIRE_UNITS), key="map")

labels = {key: spec[0] for key, spec in maps.MEASURES.items()}
by_label = {label: key for key, label in labels.items()}
county_names = list(ui.unit_options())


def _pick_county(name: str) -> None:
    if name in county_names:
        st.session_state[P + "county"] = name


with st.container(horizontal=True, vertical_alignment="bottom"):
    st.segmented_control("着色指标", list(by_label), default=labels["open"], key=P + "measure", bind="query-params")
    st.selectbox("县区", county_names, index=None, key=P + "county", bind="query-params",
                 placeholder="点击地图上的县区，或在此选择", width=280)
measure = by_label.get(st.session_state.get(P + "measure") or "", "open")

left, right = st.columns([2, 1])  # the figures beside the map two tiles a row; the unit list below, whole
with left:
    situation_map(today, scope, key=P + "folium", measure=measure, height=620, on_county=_pick_county,
                  selected=st.session_state.get(P + "county"))
    st.caption("图层可在右下角切换。县区颜色越深数值越大（整改率同样按数值着色）；圆点为重大火灾隐患单位（"
               + clock.urgency_legend().removeprefix("颜色：").removesuffix("。")
               + "，粗边框为挂牌督办）；灰蓝色圆环为聚合的未销号隐患点位，角标数字为条数。")

with right:
    name = st.session_state.get(P + "county")
    code = ui.unit_options().get(name) if name else None
    figures = ui.cached(hazards.by_unit)(today, (code,) if code else scope)
    board = ui.cached(fire_units.board)(today, (code,) if code else scope)
    st.markdown(f"#### {name or ui.scope_label()}")
    total = figures[["total", "open", "overdue", "open_major", "closed"]].sum()
    rate = hazards.rate(int(total["closed"]), int(total["total"]))
    row = ui.kpi_row()
    ui.kpi(row, "未销号隐患", have.figure(HAZARDS, f"{int(total['open']):,}"))
    ui.kpi(row, "逾期未整改", have.figure(HAZARDS, f"{int(total['overdue']):,}"),
           state=have.figure(HAZARDS, ui.tiles.overdue_state(int(total["overdue"]))))
    ui.kpi(row, "未销号重大隐患", have.figure(HAZARDS, f"{int(total['open_major']):,}"))
    ui.kpi(row, "隐患整改率", ui.percent(rate), help=f"已销号 {int(total['closed']):,} ÷ 隐患总数 {int(total['total']):,}")
    ui.kpi(row, "重大火灾隐患单位", have.figure(FIRE_UNITS, len(board)),
           help=have.figure(FIRE_UNITS, f"其中挂牌督办 {int(board['listed'].sum())} 家"))

if len(board):  # below the map at the page's width: beside it the countdown column was cut
    st.markdown(f"**{ui.plain(name or ui.scope_label())}重大火灾隐患单位（{len(board)} 家，最紧急的在前）**")
    units = pd.DataFrame({"单位": board["name"], "县区": board["unit"], "倒计时": board["countdown"],
                          "责任人": board["resp_person"]})
    st.dataframe(units.style.apply(lambda _: [kit.urgency_style(u) for u in board["urgency"]], subset=["倒计时"]),
                 hide_index=True, width="stretch", key=P + "units",
                 column_config={"单位": st.column_config.TextColumn(width=ui.fit_width(units["单位"]))})
