"""县区排名: each unit's score for a week or month (bound to the URL), ranked city-wide with the change since
the previous period, as a chart and a table; one unit's breakdown rule by rule summing to its score, with
the records behind each deduction one click away; the export. Weights are edited on the 设置 page."""

import streamlit as st

from dashboard import clock, contents, export, ranking, settings, ui
from dashboard.ui import meeting as meeting_ui
from dashboard.ui import kit

ctx = kit.page("县区排名", "ranking.")  # widget keys ranking.*; bound keys are also the URL parameters
key = ctx.key

# -- period ---------------------------------------------------------------------------------------------
with st.container(horizontal=True, vertical_alignment="bottom"):
    st.segmented_control("统计周期", ranking.KINDS, default=ranking.MONTH, key=key("kind"), bind="query-params",
                         help="周为自然周（周一至周日），月为自然月；本期截至数据截至时间")
    picked = st.session_state.get(key("kind"))
    kind = picked if picked in ranking.KINDS else ranking.MONTH
    options = {p.label: p for p in ranking.periods(kind, ctx.today, 13 if kind == ranking.MONTH else 26)}
    st.selectbox("期间", list(options), key=key("period"), bind="query-params", width=300,
                 help="最近13个月或26周；第一项为本期")
period = options.get(st.session_state.get(key("period"))) or next(iter(options.values()))
before = ranking.previous(period, ctx.today)

everything = ui.cached(ranking.table)(period, ctx.as_of)
weights = ui.cached(ranking.weights)()
frame = (everything[everything["unit_code"].isin(ctx.scope)] if ctx.scope else everything).reset_index(drop=True)

until = "截至数据截至时间" if period.current else f"截至{clock.format_date(period.end)}日终"
st.caption(
    f"{period.label}，{until}。得分 = 100 − 各项扣分，最低0分；名次为全市{len(everything)}个县区的排名"
    f"（侧栏选择县区时只显示所选县区，名次不变），名次变化与{before.label}相比。"
    "逾期、重大、挂牌三项隐患按每百条已发现隐患折算后扣分（不足100条按100条计），大小县区可比；"
    "整改率、按期整改率、值班报送及时率不计入得分，供参考。"
)
with st.expander("扣分标准（在“设置”页修改，保存后排名立即更新）", icon=":material/rule:"):
    st.dataframe(ranking.rules_frame(weights), hide_index=True, width="stretch", key=key("rules"))
    st.caption("期末状态按日期推算：隐患按发现、销号日期和期末当时那一轮的整改期限（该轮延期后的期限）判断，"
               "回头看重新打开的隐患自重新打开之日起重新计入，已结束各期不变；事故按事发日期，"
               "同一事件的初报、续报、终报只计一次，按最新一次报告的伤亡；值班报告按首次报送时间判断迟报。")
    ui.link("app_pages/settings.py", "去“设置”页修改扣分标准", icon=":material/settings:")

if kit.empty_state(kit.loaded().none_of(*contents.RANKING_INPUTS), key="ranking", lead=contents.NO_RANKING):
    st.stop()  # with nothing to deduct from, every county would score a full 100 nobody measured
if frame.empty:
    st.info("所选范围内没有县区。", icon=":material/filter_alt_off:")
    st.stop()

# -- the ranking ----------------------------------------------------------------------------------------
# the chart beside the table on a wide screen (the wall), above it on a laptop, where beside it the table was cut
chart_column, table_column = ui.wide_columns(key("ranking"), [4, 7])
chart_column.plotly_chart(ranking.score_bars(frame, title=f"{period.label} 县区得分（{ranking.BAND_LEGEND}）"),
                          key=key("chart"))
shown = ranking.ranking_frame(frame)

# Short headers so every column fits at 1366 px; the full name and what it counts are the header's help.
SHORT = {"overdue": "逾期隐患", "open_major": "重大隐患", "listed_open": "挂牌隐患", "fire_unit_open": "火灾单位",
         "report_missing": "值班缺报", "report_late": "值班迟报", "accident_increase": "事故增加",
         "death_increase": "死亡增加"}

def _band_style(value) -> str:
    return kit.urgency_style(ranking.band(value), green=True)


table_column.caption("点选一行查看该县区的扣分明细。"
                     "扣分列为“数量 −扣分”，空白为不扣分；比率“—”表示本期没有应计的项。表头较短，悬停表头可见全称和计法。")
rate = lambda label, help_text: st.column_config.NumberColumn(label, format="%.1f%%", width=60, help=help_text)  # noqa: E731
table_column.dataframe(
    shown.style.map(_band_style, subset=["得分"]),
    **kit.row_picker(key("table"), list(frame["unit"]), key("unit")), hide_index=True, width="stretch",
    placeholder="—", height=38 + 35 * len(shown),
    column_config={
        "排名": st.column_config.NumberColumn(width=40, pinned=True, help="全市排名，同分同名次"),
        "变化": st.column_config.TextColumn(width=46, pinned=True, help=f"与{before.label}相比：▲上升 ▼下降"),
        "县区": st.column_config.TextColumn(width=ui.fit_width(shown["县区"]), pinned=True),
        "得分": st.column_config.NumberColumn(format="%g", width=50),
        **{r.name: st.column_config.TextColumn(SHORT.get(r.key, r.name), width=70, help=f"{r.name}：{r.explain}")
           for r in ranking.RULES},
        "保底加回": st.column_config.TextColumn("保底", width=50, help="得分最低为0分：扣分超过100分时加回的分数"),
        "隐患整改率": rate("整改率", "隐患整改率：期末已销号 ÷ 期末已发现（累计）"),
        "按期整改率": rate("按期率", "按期整改率：在整改期限内（含当日）销号 ÷ 期末前到期的隐患"),
        "值班报送及时率": rate("及时率", "值班报送及时率：按时报送 ÷ 本期应报（值班日，不含未到截止时间的今日）"),
    },
)

city = settings.get("city_name")
row = st.container(**ui.WRAP_ROW)  # the button keeps its whole label; the note beside it wraps
row.download_button(
    "导出排名及扣分明细（Excel）", key=key("export"),
    data=lambda: ranking.export_xlsx(frame, period, as_of=ctx.as_of, scope_label=ctx.scope_label, city=city),
    file_name=export.file_name(f"{city}县区排名", period.label, ctx.scope_label, day=ctx.today, ext="xlsx"),
    icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
)
row.caption("一张表：名次、名次变化、得分、每项扣分的数量和分值、保底加回、三项比率；60分以下标色。")
top, bottom = frame.sort_values("rank").iloc[0], frame.sort_values("rank").iloc[-1]
meeting_ui.freeze_button(
    "县区排名", f"{city}县区排名（{period.label}）", period.label,
    [("第一名", f"{top['unit']} {top['score']:g}分"), ("最后一名", f"{bottom['unit']} {bottom['score']:g}分"),
     ("平均分", f"{frame['score'].mean():.1f}")],
    table=shown[["排名", "变化", "县区", "得分", "隐患整改率", "按期整改率", "值班报送及时率"]],
    chart=lambda: ranking.score_bars(frame, title=f"{period.label} 县区得分"), key=key("meeting."))

# -- one unit -------------------------------------------------------------------------------------------
st.subheader("县区扣分明细", divider="gray")
st.selectbox("县区", list(frame["unit"]), index=None, key=key("unit"), bind="query-params",
             placeholder="在上表点选一行，或在此选择", width=300)
name = st.session_state.get(key("unit"))
chosen = frame[frame["unit"] == name]
if chosen.empty:
    st.stop()
row = chosen.iloc[0].to_dict()
lines = ranking.unit_lines(row, weights)
st.info(ui.plain(ranking.headline(row, period)), icon=":material/leaderboard:")
left, right = st.columns([5, 6])
left.plotly_chart(ranking.waterfall(lines, title=f"{name} {period.label} 得分构成"), key=key("waterfall"))
with right:
    st.dataframe(lines_table := ranking.lines_frame(lines), key=key("lines"), hide_index=True, width="stretch",
                 height=38 + 35 * len(lines_table),
                 column_config={"得分变化": st.column_config.NumberColumn(format="%+g", help="基础分加上各行，即为得分"),
                                "数量": st.column_config.TextColumn(width=70)})
    st.caption(f"各行之和 = {ranking.points_text(ranking.lines_total(lines))} 分 = 得分；"
               f"比率：隐患整改率 {ui.percent(row['rectification_rate']) or '—'}，"
               f"按期整改率 {ui.percent(row['on_time_rate']) or '—'}，值班报送及时率 {ui.percent(row['report_rate']) or '—'}。")

st.markdown("**扣分依据（逐项记录）**")
counted = [r for r in ranking.RULES if row[r.key]]
if not counted:
    st.success(ui.plain(f"{name} {period.word}没有扣分项。"), icon=":material/check_circle:")
for rule in counted:
    points = ranking.points_text(row[rule.key + "_points"])
    with st.expander(f"{rule.name} {int(row[rule.key])} {rule.unit}（−{points}分）", icon=":material/list:"):
        note = row.get(rule.key + "_note") or ""
        st.caption(rule.explain + (f"；{note}" if note else ""))
        records = ui.cached(ranking.records)(rule.key, row["unit_code"], period, ctx.as_of)
        st.dataframe(records, key=key("records." + rule.key), hide_index=True, width="stretch")
        if rule.ledger:
            ui.link("app_pages/hazards.py", f"在隐患台账中查看{name}的{rule.name}", rule.ledger, scope=[name],
                    icon=":material/fact_check:")
            if not period.current:
                st.caption("隐患台账按数据截至时的当前状态筛选，与本期期末的状态可能不同。")
