"""县区排名: each unit's score for a week or month (bound to the URL), ranked city-wide with the change since
the previous period, as a chart and a table; one unit's breakdown rule by rule summing to its score, with
the records behind each deduction one click away; the export. Weights are edited on the 设置 page."""

import pandas as pd
import streamlit as st

from dashboard import clock, ranking_charts, settings, ui
from dashboard import ranking as rk
from dashboard.ui.records import row_picker

ui.page_header("县区排名")
as_of = ui.as_of()
today = as_of.date()
scope = ui.scope()
P = "ranking."  # widget key prefix; bound keys are also the URL parameters

# -- period ---------------------------------------------------------------------------------------------
with ui.wall_hidden(P + "filters", horizontal=True, vertical_alignment="bottom"):
    st.segmented_control("统计周期", rk.KINDS, default=rk.MONTH, key=P + "kind", bind="query-params",
                         help="周为自然周（周一至周日），月为自然月；本期截至数据截至时间")
    kind = st.session_state.get(P + "kind") if st.session_state.get(P + "kind") in rk.KINDS else rk.MONTH
    options = {p.label: p for p in rk.periods(kind, today, 13 if kind == rk.MONTH else 26)}
    st.selectbox("期间", list(options), key=P + "period", bind="query-params", width=300,
                 help="最近13个月或26周；第一项为本期")
period = options.get(st.session_state.get(P + "period")) or next(iter(options.values()))
before = rk.previous(period, today)

everything = ui.cached(rk.table)(period, as_of)
weights = ui.cached(rk.weights)()
names_in_scope = set(ui.unit_options()) if not scope else {n for n, c in ui.unit_options().items() if c in scope}
frame = everything[everything["unit"].isin(names_in_scope)].reset_index(drop=True)

until = "截至数据截至时间" if period.current else f"截至{clock.format_date(period.end)}日终"
with ui.wall_hidden(P + "about"):  # the wall shows the figures, not how to read them
    st.caption(
        f"{period.label}，{until}。得分 = 100 − 各项扣分，最低0分；名次为全市{len(everything)}个县区的排名"
        f"（侧栏选择县区时只显示所选县区，名次不变），名次变化与{before.label}相比。"
        "整改率、按期整改率、值班报送及时率不计入得分，供大小县区公平比较。"
    )
with ui.wall_hidden(P + "rules"), st.expander("扣分标准（在“设置”页修改，保存后排名立即更新）", icon=":material/rule:"):
    st.dataframe(pd.DataFrame({
        "扣分项": [r.name for r in rk.RULES],
        "每项扣分": [f"每{r.unit} {rk.points_text(weights[r.setting])} 分" for r in rk.RULES],
        "怎样计数": [r.explain for r in rk.RULES],
    }), hide_index=True, width="stretch", key=P + "rules")
    st.caption("期末状态按日期推算：隐患按发现、销号日期和现在的整改期限（延期后的期限）判断；事故按事发日期，"
               "同一事件的初报、续报、终报只计一次，按最新一次报告的伤亡；值班报告按首次报送时间判断迟报。")
    st.page_link("app_pages/settings.py", label="去“设置”页修改扣分标准", icon=":material/settings:")

if frame.empty:
    st.info("所选范围内没有县区。", icon=":material/filter_alt_off:")
    st.stop()

# -- the ranking ----------------------------------------------------------------------------------------
left, right = st.columns([5, 6])
left.plotly_chart(ranking_charts.score_bars(frame, title=f"{period.label} 县区得分（{rk.BAND_LEGEND}）"), key=P + "chart")


def _cell(row, rule) -> str:
    count = int(row[rule.key])
    return f"{count}{rule.unit} −{rk.points_text(row[rule.key + '_points'])}" if count else ""


shown = pd.DataFrame({
    "排名": frame["rank"], "变化": frame["change"], "县区": frame["unit"], "得分": frame["score"],
    **{r.name: [_cell(row, r) for row in frame.to_dict("records")] for r in rk.RULES},
    "保底加回": [rk.points_text(f) if f else "" for f in frame["floor"]],
    "隐患整改率": frame["rectification_rate"], "按期整改率": frame["on_time_rate"], "值班报送及时率": frame["report_rate"],
})


def _band_style(value) -> str:
    return f"color: {clock.URGENCY_COLORS[rk.band(value)]}; font-weight: 700"


with right:
    st.caption(("" if ui.on_wall() else "点选一行查看该县区的扣分明细。") + "扣分列为“数量 −扣分”，空白为不扣分；比率“—”表示本期没有应计的项。")
    rate = lambda label, help_text: st.column_config.NumberColumn(label, format="%.1f%%", help=help_text)  # noqa: E731
    st.dataframe(
        shown.style.map(_band_style, subset=["得分"]),
        **row_picker(P + "table", list(frame["unit"]), P + "unit"), hide_index=True, width="stretch", placeholder="—",
        height=38 + 35 * len(shown),
        column_config={
            "排名": st.column_config.NumberColumn(width=45, help="全市排名，同分同名次"),
            "变化": st.column_config.TextColumn(width=50, help=f"与{before.label}相比：▲上升 ▼下降"),
            "得分": st.column_config.NumberColumn(format="%g", width=55),
            **{r.name: st.column_config.TextColumn(width=95, help=r.explain) for r in rk.RULES},
            "隐患整改率": rate("隐患整改率", "期末已销号 ÷ 期末已发现（累计）"),
            "按期整改率": rate("按期整改率", "在整改期限内（含当日）销号 ÷ 期末前到期的隐患"),
            "值班报送及时率": rate("值班报送及时率", "按时报送 ÷ 本期应报（值班日，不含未到截止时间的今日）"),
        },
    )

city, scope_label = settings.get("city_name"), ui.scope_label()
with ui.wall_hidden(P + "exports"):
    cols = st.columns([2, 8])
cols[0].download_button(
    "导出排名及扣分明细（Excel）", key=P + "export",
    data=lambda: rk.export_xlsx(frame, period, as_of=as_of, scope_label=scope_label, city=city),
    file_name=f"{city}县区排名_{period.key}_{scope_label}_{today:%Y%m%d}.xlsx", icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
)
cols[1].caption("一张表：名次、名次变化、得分、每项扣分的数量和分值、保底加回、三项比率；60分以下标色。")

# -- one unit -------------------------------------------------------------------------------------------
ui.wall_end()
st.subheader("县区扣分明细", divider="gray")
st.selectbox("县区", list(frame["unit"]), index=None, key=P + "unit", bind="query-params",
             placeholder="在上表点选一行，或在此选择", width=300)
name = st.session_state.get(P + "unit")
chosen = frame[frame["unit"] == name]
if chosen.empty:
    st.stop()
row = chosen.iloc[0].to_dict()
lines = rk.unit_lines(row, weights)
st.info(ui.plain(rk.headline(row, period)), icon=":material/leaderboard:")
left, right = st.columns([5, 6])
left.plotly_chart(ranking_charts.waterfall(lines, title=f"{name} {period.label} 得分构成"), key=P + "waterfall")
with right:
    st.dataframe(lines_table := rk.lines_frame(lines), key=P + "lines", hide_index=True, width="stretch",
                 height=38 + 35 * len(lines_table),
                 column_config={"得分变化": st.column_config.NumberColumn(format="%+g", help="基础分加上各行，即为得分"),
                                "数量": st.column_config.TextColumn(width=70)})
    st.caption(f"各行之和 = {rk.points_text(rk.lines_total(lines))} 分 = 得分；比率：隐患整改率 {ui.percent(row['rectification_rate']) or '—'}，"
               f"按期整改率 {ui.percent(row['on_time_rate']) or '—'}，值班报送及时率 {ui.percent(row['report_rate']) or '—'}。")

st.markdown("**扣分依据（逐项记录）**")
counted = [r for r in rk.RULES if row[r.key]]
if not counted:
    st.success(f"{name} {period.word}没有扣分项。", icon=":material/check_circle:")
for rule in counted:
    points = rk.points_text(row[rule.key + "_points"])
    with st.expander(f"{rule.name} {int(row[rule.key])} {rule.unit}（−{points}分）", icon=":material/list:"):
        note = row.get(rule.key + "_note") or ""
        st.caption(rule.explain + (f"；{note}" if note else ""))
        records = ui.cached(rk.records)(rule.key, row["unit_code"], period, as_of)
        st.dataframe(records, key=P + "records." + rule.key, hide_index=True, width="stretch")
        if rule.ledger:
            st.page_link("app_pages/hazards.py", label=f"在隐患台账中查看{name}的{rule.name}", icon=":material/fact_check:",
                         query_params={**rule.ledger, "county": name})
            if not period.current:
                st.caption("隐患台账按数据截至时的当前状态筛选，与本期期末的状态可能不同。")
