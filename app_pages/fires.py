"""火灾统计: the fire figures the speeches quote, computed from the records, for the sidebar's county scope and
a chosen year: the four tiles with the change against the year before (the same period for the current,
partial year), the summary sentence, places, causes, 中心城区, units and months, the big fires, the export."""

import pandas as pd
import streamlit as st

from dashboard import contents, export, fires, settings, ui
from dashboard.fires import charts
from dashboard.ui import entry, kit

ctx = kit.page("火灾统计", "fires.")  # bound keys are also the URL parameters
P, as_of, scope, scope_label = ctx.prefix, ctx.as_of, ctx.scope, ctx.scope_label

available = ui.cached(fires.years)(as_of)
if kit.empty_state([] if available else [contents.FIRES], key="fires", here="fires"):
    entry.fires(ctx)  # the way in: the fire brigade's export, or one fire by hand
    st.stop()  # no fire recorded up to the as-of time (a fires import on this page goes before this)

default = fires.default_year(available, as_of)
with st.container(horizontal=True, vertical_alignment="bottom"):
    st.segmented_control("统计年度", [str(y) for y in available], default=str(default), key=P + "year",
                         bind="query-params",
                         help=f"默认为上一完整年度（{default}年）；{as_of.year}年为不完整年度，统计至数据截至时间。")
picked = st.session_state.get(P + "year")
year = int(picked) if picked and str(picked).isdigit() and int(picked) in available else default

stats = ui.cached(fires.year_stats)(year, as_of, scope)
period_label = fires.period_label(stats.period)
compare_label = fires.comparison_label(stats.period)
if stats.period.partial:
    st.warning(f"{year}年为不完整年度：统计截至 {as_of:%Y-%m-%d %H:%M}（{period_label}），"
               f"同比为与{compare_label}相比。", icon=":material/hourglass_top:")

if stats.empty:
    st.info(f"{period_label}{scope_label}没有火灾记录。可以选择其他年度，或在侧栏选择其他县区。",
            icon=":material/filter_alt_off:")
    entry.fires(ctx)
    st.stop()

# -- the four tiles -----------------------------------------------------------------------------------
changes = stats.changes()
basis = f"同比基数为{compare_label}" if stats.has_previous else f"{stats.previous.year}年无火灾记录，不作同比"
row = ui.kpi_row()  # a year's statistics: the change against last year is the colour, no state
for key, label, unit, value, decimals in (
    ("count", "火灾起数", "起", f"{stats.current['count']:,}", 0),
    ("deaths", "死亡人数", "人", stats.current["deaths"], 0),
    ("injuries", "受伤人数", "人", stats.current["injuries"], 0),
    ("loss", "直接经济损失（万元）", "万元", fires.format_loss(stats.current["loss"]), 2),
):
    delta = fires.change_text(changes[key], unit, decimals=decimals) if stats.has_previous else None
    before = f"（上年为 {stats.before[key]:,}{unit}）" if stats.has_previous else ""
    ui.kpi(row, label, value, delta=delta, delta_color="inverse" if changes[key].diff else "off",  # 持平: neutral
           help=f"{period_label}，{scope_label}；{basis}{before}")

with st.container(border=True):
    st.markdown(f"**{fires.summary_sentence(stats, scope_label)}**")
    st.caption(f"数字均由火灾记录实时计算；{basis}。")

# -- charts -----------------------------------------------------------------------------------------
left, right = st.columns(2)
left.plotly_chart(charts.places_donut(stats.places), key=P + "places")
right.plotly_chart(charts.causes_bars(stats.causes, height=360), key=P + "causes")
left, right = st.columns([2, 1])
last = stats.period.last_moment
partial_note = (f"{last.month}月为截至{last.day}日的不完整月份，上年{last.month}月取同期；此后各月为上年全月"
                if stats.period.partial else None)
current_name = fires.short_label(stats.period)
left.plotly_chart(charts.months_bars(stats.months, current_name, f"{stats.previous.year}年",
                                     partial_label=partial_note), key=P + "months")
right.plotly_chart(charts.central_share(stats.central), key=P + "central")
st.plotly_chart(charts.units_bars(stats.units, current_name, fires.short_comparison_label(stats.period)),
                key=P + "units")

# -- the big fires ----------------------------------------------------------------------------------
st.subheader("有名火灾、亡人火灾和较大损失火灾", divider="gray")
st.number_input("损失达到（万元）即列入", min_value=0.0, step=10.0, value=fires.BIG_LOSS_DEFAULT, key=P + "big_loss",
                bind="query-params", width=220, help="有名称的火灾和有人员死亡的火灾总是列入")
picked_loss = st.session_state.get(P + "big_loss")  # 0 is a real choice: every fire with a loss
threshold = fires.BIG_LOSS_DEFAULT if picked_loss is None else float(picked_loss)
big = ui.cached(fires.big_fires)(year, as_of, scope, loss_threshold=threshold)
if len(big):
    st.dataframe(pd.DataFrame({
        "发生时间": big["occurred_at"], "县区": big["unit"], "火灾名称": big["name"].fillna("—"),
        "起火场所": big["place_type"], "起火原因": big["cause"], "地址": big["address"], "死亡": big["deaths"],
        "受伤": big["injuries"], "直接经济损失（万元）": big["direct_loss"], "列入原因": big["reason"],
    }), hide_index=True, width="stretch", key=P + "big",
        column_config={"发生时间": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", width=130),
                       "死亡": st.column_config.NumberColumn(width=50), "受伤": st.column_config.NumberColumn(width=50),
                       "直接经济损失（万元）": st.column_config.NumberColumn("损失（万元）", format="%.2f", width=90,
                                                                      help="直接经济损失（万元）"),
                       "列入原因": st.column_config.TextColumn(width=ui.fit_width(big["reason"]))})
else:
    st.info(f"{period_label}{scope_label}没有有名称、亡人或损失达到{threshold:g}万元的火灾。")

# -- export -----------------------------------------------------------------------------------------
city = settings.get("city_name")  # read now: the file is built after the run
row = st.container(**ui.WRAP_ROW)  # the button keeps its whole label; the note beside it wraps
row.download_button(
    "导出统计表（Excel）", key=P + "export",
    data=lambda: fires.stats_xlsx(stats, scope_label=scope_label, as_of=as_of, city=city),
    file_name=export.file_name(f"{city}{period_label}火灾统计", scope_label, day=as_of, ext="xlsx"),
    icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
)
row.caption("一张表：合计、起火场所、起火原因、区域、县区、月份的起数、占比、伤亡、损失及与上年（同期）的对比。")

# -- import and entry ----------------------------------------------------------------------------------
entry.fires(ctx)
