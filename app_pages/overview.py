"""态势总览: the leaders' page and the wall screen. Every figure respects the sidebar county scope."""

import streamlit as st

from dashboard import contents, duty, fire_units, hazards, ranking, ui
from dashboard.ui import figures, kit  # each chart built once per data (the map is ui/situation_map's)
from dashboard.ui import meeting as meeting_ui
from dashboard.ui.situation_map import situation_map

ui.page_header("安全生产态势总览")
scope = ui.scope()
now = ui.as_of()  # read once per run (each read asks the store)
today = now.date()

stats = ui.cached(hazards.summary)(today, scope)
board = ui.cached(fire_units.board)(today, scope)
fire = fire_units.summary(board)
received, expected = ui.cached(duty.reports_received)(today, scope)
period = ui.cached(duty.period_on)(today)
have = kit.loaded()  # a kind not loaded yet: its figures are "—" and the box below says where it is loaded
HAZARDS, FIRE_UNITS = contents.HAZARDS, contents.FIRE_UNITS
kit.empty_state(have.missing(HAZARDS, FIRE_UNITS, contents.DUTY_PERIODS), key="overview")

st.subheader("隐患排查治理", divider="gray")
row = ui.kpi_row()
ui.kpi(row, "未销号隐患", have.figure(HAZARDS, f"{stats['open']:,}"), help="状态不是“已销号”的隐患")
ui.kpi(row, "逾期未整改", have.figure(HAZARDS, f"{stats['overdue']:,}"),
       state=have.figure(HAZARDS, ui.tiles.overdue_state(stats["overdue"])), help="超过整改期限仍未销号（按数据截至日计算）")
ui.kpi(row, "未销号重大隐患", have.figure(HAZARDS, f"{stats['open_major']:,}"))
ui.kpi(row, "隐患整改率", ui.percent(stats["rectification_rate"]),
       help=f"已销号 {stats['closed']:,} ÷ 隐患总数 {stats['total']:,}")

st.subheader("重大火灾隐患与假期值班", divider="gray")
row = ui.kpi_row()
ui.kpi(row, "未销案重大火灾隐患单位", have.figure(FIRE_UNITS, fire["unresolved"]))
ui.kpi(row, "其中挂牌督办", have.figure(FIRE_UNITS, fire["listed"]))
ui.kpi(row, "已逾期", have.figure(FIRE_UNITS, fire["overdue"]),
       state=have.figure(FIRE_UNITS, ui.tiles.overdue_state(fire["overdue"])), help="超过整改期限仍未销案摘牌的单位数")
nearest = None if fire["nearest_days"] is None else f"{fire['nearest_days']}天"
ui.kpi(row, "最近整改期限", nearest, state=ui.tiles.deadline_state(fire["nearest_days"]),
       help=None if fire["nearest_name"] is None else ui.plain(fire["nearest_name"]))
duty_help = f"{ui.plain(period['name'])}，每日报送" if period else "当前不在假期值班时段"
day = ui.cached(duty.day_figures)(today, now, scope) if period else None
ui.kpi(row, "今日值班报告", f"{received}/{expected}" if period else None, help=duty_help,  # none expected outside
       state=day and ui.tiles.reports_state(len(day.missing_units), len(day.pending_units)))

left, right = st.columns([5, 6])
with left:
    st.markdown("**各县区未销号隐患分布**")
    situation_map(today, scope, key="overview.map", measure="open", height=400, collapsed_layers=True)
with right:
    month = ranking.period_of(ranking.MONTH, today, today)
    if have.has_any(*contents.RANKING_INPUTS):
        scores = ui.cached(ranking.table)(month, now)
        if scope:
            scores = scores[scores["unit_code"].isin(scope)]
        st.plotly_chart(figures.cached(ranking.charts.score_bars)(
            scores, title=f"县区排名得分（{month.label}，名次为全市排名）", height=400), key="overview.county_chart")
    else:
        kit.no_data(f"县区排名得分（{month.label}）", contents.RANKING_INPUTS)
    ui.link("app_pages/ranking.py", "查看县区排名（扣分明细和依据）", icon=":material/leaderboard:")

left, right = st.columns([6, 5])
with left:
    if not have.has(FIRE_UNITS):
        kit.no_data("重大火灾隐患整改倒计时", [FIRE_UNITS])
    elif board.empty:
        st.info("所选范围内没有未销案的重大火灾隐患单位。")
    else:
        st.plotly_chart(figures.cached(fire_units.countdown_strip)(board), key="overview.countdown")
with right:
    if have.has(HAZARDS):
        trend = ui.cached(hazards.weekly_trend)(today, scope)
        st.plotly_chart(figures.cached(hazards.charts.weekly_trend)(trend, today), key="overview.trend")
    else:
        kit.no_data("每周隐患发现与销号", [HAZARDS])

if have.has(HAZARDS):  # a meeting's snapshot of this view: the tiles' figures, the counties' table, the trend
    by_county = ui.cached(hazards.by_unit)(today, scope).rename(columns={
        "unit": "县区", "total": "隐患总数", "open": "未销号", "overdue": "逾期", "open_major": "重大未销号",
        "rate": "整改率%"})[["县区", "隐患总数", "未销号", "逾期", "重大未销号", "整改率%"]]
    meeting_ui.freeze_button(
        "态势总览", f"安全生产态势总览（{ui.scope_label()}）", "",
        [("未销号隐患", f"{stats['open']:,}"), ("逾期未整改", f"{stats['overdue']:,}"),
         ("未销号重大隐患", f"{stats['open_major']:,}"), ("隐患整改率", ui.percent(stats["rectification_rate"])),
         ("未销案重大火灾隐患单位", fire["unresolved"]), ("今日值班报告", f"{received}/{expected}" if period else "—")],
        table=by_county, chart=lambda: hazards.charts.weekly_trend(ui.cached(hazards.weekly_trend)(today, scope), today),
        key="overview.meeting.")
