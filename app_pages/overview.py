"""态势总览: the leaders' page and the wall screen. Every figure respects the sidebar county scope."""

import streamlit as st

from dashboard import duty, fire_units, hazards, ranking, ui
from dashboard.ui import figures  # each chart built once per data (the map is ui/situation_map's)
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

st.subheader("隐患排查治理", divider="gray")
row = ui.kpi_row()
ui.kpi(row, "未销号隐患", f"{stats['open']:,}", help="状态不是“已销号”的隐患")
ui.kpi(row, "逾期未整改", f"{stats['overdue']:,}", state=ui.tiles.overdue_state(stats["overdue"]),
       help="超过整改期限仍未销号（按数据截至日计算）")
ui.kpi(row, "未销号重大隐患", f"{stats['open_major']:,}")
ui.kpi(row, "隐患整改率", ui.percent(stats["rectification_rate"]),
       help=f"已销号 {stats['closed']:,} ÷ 隐患总数 {stats['total']:,}")

st.subheader("重大火灾隐患与假期值班", divider="gray")
row = ui.kpi_row()
ui.kpi(row, "未销案重大火灾隐患单位", fire["unresolved"])
ui.kpi(row, "其中挂牌督办", fire["listed"])
ui.kpi(row, "已逾期", fire["overdue"], state=ui.tiles.overdue_state(fire["overdue"]),
       help="超过整改期限仍未销案摘牌的单位数")
nearest = None if fire["nearest_days"] is None else f"{fire['nearest_days']}天"
ui.kpi(row, "最近整改期限", nearest, state=ui.tiles.deadline_state(fire["nearest_days"]),
       help=None if fire["nearest_name"] is None else ui.plain(fire["nearest_name"]))
duty_help = f"{ui.plain(period['name'])}，每日报送" if period else "当前不在假期值班时段"
day = ui.cached(duty.day_figures)(today, now, scope) if period else None
ui.kpi(row, "今日值班报告", f"{received}/{expected}", help=duty_help,
       state=day and ui.tiles.reports_state(len(day.missing_units), len(day.pending_units)))

left, right = st.columns([5, 6])
with left:
    st.markdown("**各县区未销号隐患分布**")
    situation_map(today, scope, key="overview.map", measure="open", height=400, collapsed_layers=True)
with right:
    month = ranking.period_of(ranking.MONTH, today, today)
    scores = ui.cached(ranking.table)(month, now)
    if scope:
        scores = scores[scores["unit_code"].isin(scope)]
    st.plotly_chart(figures.cached(ranking.charts.score_bars)(
        scores, title=f"县区排名得分（{month.label}，名次为全市排名）", height=400), key="overview.county_chart")
    ui.link("app_pages/ranking.py", "查看县区排名（扣分明细和依据）", icon=":material/leaderboard:")

left, right = st.columns([6, 5])
with left:
    if board.empty:
        st.info("所选范围内没有未销案的重大火灾隐患单位。")
    else:
        st.plotly_chart(figures.cached(fire_units.countdown_strip)(board), key="overview.countdown")
with right:
    trend = ui.cached(hazards.weekly_trend)(today, scope)
    st.plotly_chart(figures.cached(hazards.charts.weekly_trend)(trend, today), key="overview.trend")
