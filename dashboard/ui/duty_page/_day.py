"""The top of 假期值班: the period and day, the day's figures, the board with its downloads, whom to call,
and on the wall the day's incidents and the warnings in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
import streamlit as st

from dashboard import clock, contents, documents, duty, export, notify, settings, ui
from dashboard.ui import documents as paper
from dashboard.ui import kit, rights
from dashboard.ui import notices as notices_ui

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class DutyDay:
    """What every section of the page reads: the page context, the period and day shown, the day's figures."""

    ctx: kit.PageContext
    period: dict
    day: date
    figures: duty.DayFigures
    units: dict[str, str]   # unit name -> code, in display order
    cutoff: time

    @property
    def is_today(self) -> bool:
        return self.day == self.ctx.today

    @property
    def label(self) -> str:
        """今日 or 5月2日."""
        return "今日" if self.is_today else f"{self.day.month}月{self.day.day}日"

    def key(self, name: str) -> str:
        return self.ctx.key(name)


def combine(day: date | None, moment: time | None) -> datetime | None:
    """A date and a time picked in two widgets, or None while either is blank."""
    return None if day is None or moment is None else datetime.combine(day, moment)


def times(values) -> list[str]:
    """Timestamps as 2021-05-03 17:00 text ('' for blanks)."""
    return [clock.format_datetime(clock.as_datetime(v)) for v in values]


def period_form(ctx: kit.PageContext) -> None:
    """Add a duty period (国庆, 春节 …)."""
    P = ctx.prefix
    with st.form(P + "period_form", border=False):
        c = st.columns(2)
        name = c[0].text_input("时段名称", key=P + "p.name", placeholder="如 2021年“国庆”假期")
        short = c[1].text_input("简称（用于日报标题）", key=P + "p.short", placeholder="如 国庆")
        start = c[0].date_input("开始日期", value=None, key=P + "p.start", format="YYYY-MM-DD")
        end = c[1].date_input("结束日期", value=None, key=P + "p.end", format="YYYY-MM-DD")
        if st.form_submit_button("添加值班时段", type="primary", key=P + "p.submit"):
            fields = {"name": name, "short_name": short, "start_date": start, "end_date": end}
            kit.submit(ctx.key("period"), lambda: duty.add_period(ctx.store, fields, ui.user()),
                       f"已添加值班时段“{name}”。", refused="未添加")


def _may_add_period() -> bool:
    return rights.may_any(duty.PERIOD_ENTITY, duty.A_ADD_PERIOD)


def pick_day(ctx: kit.PageContext) -> DutyDay:
    """The period and day pickers (both in the URL); with no period yet, the form to add one, and stop."""
    P = ctx.prefix
    period_frame = ui.cached(duty.periods)()
    if period_frame.empty:
        kit.empty_state([contents.DUTY_PERIODS], key="duty", here="duty")  # the form is right below
        if _may_add_period():
            st.markdown("**添加值班时段**")
            period_form(ctx)
        else:
            rights.note("新增值班时段")
        st.stop()
    period_ids = dict(zip(period_frame["name"], period_frame["id"]))
    default_id = ui.cached(duty.default_period_id)(ctx.today)
    default_name = next((n for n, i in period_ids.items() if i == default_id), next(iter(period_ids)))
    top = st.columns([3, 2, 5], vertical_alignment="bottom")
    period_name = top[0].selectbox("值班时段", list(period_ids), index=list(period_ids).index(default_name),
                                   key=P + "period", bind="query-params")
    period = ui.cached(duty.period)(period_ids.get(period_name, default_id))
    days = duty.period_days(period["start_date"], period["end_date"])
    day_options = [d.isoformat() for d in days]
    today = ctx.today
    default_day = today if today in days else (days[-1] if today > days[-1] else days[0])
    day_text = top[1].selectbox("日期", day_options, index=day_options.index(default_day.isoformat()), key=P + "day",
                                bind="query-params", help=f"默认为今日（{today:%Y-%m-%d}）；链接中带有所选日期")
    day = date.fromisoformat(day_text) if day_text in day_options else default_day
    if _may_add_period():
        with top[2].popover("新增值班时段（国庆、春节……）", icon=":material/add:"):
            period_form(ctx)
    kit.outcome(ctx.key("period"))
    figures = ui.cached(duty.day_figures)(day, ctx.as_of, ctx.scope)
    return DutyDay(ctx, period, day, figures, ui.unit_options(), settings.report_cutoff())


def figures_row(d: DutyDay) -> None:
    f, label = d.figures, d.label
    missing_first = bool(f.missing_units) or not f.pending_units
    missing, pending = len(f.missing_units), len(f.pending_units)
    row = ui.kpi_row()
    ui.kpi(row, f"{label}已报送", f"{f.received}/{f.expected}",
           state=ui.tiles.reports_state(missing, pending, in_period=d.day <= d.ctx.today),  # a day to come: plain
           help=f"按时 {f.on_time}，迟报 {len(f.late_units)}；截止时间每日 {d.cutoff:%H:%M}")
    ui.kpi(row, "缺报" if missing_first else "待报（未到截止）", missing if missing_first else pending,
           state=ui.tiles.missing_state(missing) if missing_first else ui.tiles.reports_state(0, pending),
           help="缺报：已过截止时间仍未报送；待报：今日尚未报送、还未到截止时间")
    ui.kpi(row, "零报告", len(f.zero_units), help="无事报平安：当日无事故、无火灾、无伤亡")
    ui.kpi(row, "事故（事件）", f"{len(f.incidents)}起", help="当日发生并接报的事故（事件），按最新一次报告计")
    ui.kpi(row, "死亡 / 受伤", f"{f.deaths} / {f.injuries}", state=ui.tiles.deaths_state(f.deaths),
           help=f"受伤含重伤 {f.serious_injuries} 人")
    ui.kpi(row, "生效预警" if d.is_today else "当日生效预警", len(f.warnings),
           help="数据截至时刻正在生效的预警" if d.is_today else "当日任一时刻生效过的预警")


def board_columns(texts: pd.DataFrame) -> dict:
    """The board's column config: one text column per day, wide enough for "零报告·迟报2小时5分钟" (five days fit
    beside the units at 1366 px; a longer period scrolls with the units pinned as the index)."""
    return {c: st.column_config.TextColumn(c, width=170) for c in texts.columns}


def _styled_board(texts: pd.DataFrame, colors: pd.DataFrame, today_label: str):
    styled = texts.style.apply(lambda _: colors.map(lambda c: f"background-color: {c}; color: #1f2328"), axis=None)
    if today_label in texts.columns:
        styled = styled.set_properties(subset=[today_label], **{"font-weight": "bold"})
    return styled


def board(d: DutyDay) -> None:
    """报送情况一览 (units × days, coloured by state) and the 值班日报 / board downloads."""
    ctx, period = d.ctx, d.period
    st.subheader("报送情况一览", divider="gray")
    grid = ui.cached(duty.board)(period["start_date"], period["end_date"], ctx.as_of, ctx.scope)
    texts, colors = duty.board_matrix(grid, ctx.today)
    st.caption(
        f"{ui.plain(period['name'])} · 每日报送截止时间 **{d.cutoff:%H:%M}**（截止时刻前报送为按时，之后为迟报；"
        f"过了截止时间仍未报送为缺报） · 今日列加粗。{duty.board_legend()}"
    )
    st.dataframe(_styled_board(texts, colors, duty.day_label(ctx.today, ctx.today)), key=d.key("board"),
                 width="stretch", height=38 + 35 * len(texts), column_config=board_columns(texts))
    _downloads(d, texts)


def _downloads(d: DutyDay, texts: pd.DataFrame) -> None:
    ctx, period, day = d.ctx, d.period, d.day
    exports = st.columns([2, 2, 2, 3, 3], vertical_alignment="bottom")
    leader = exports[3].text_input("日报带班领导", key=d.key("doc.leader"), placeholder="签发时填写，可留空")
    officer = exports[4].text_input("日报值班员", key=d.key("doc.officer"), placeholder="可留空")

    def city_day():  # the 值班日报 is the whole city's, whatever the scope
        return ui.cached(duty.day_figures)(day, ctx.as_of, ()), ui.cached(duty.daily_rows)(day, ctx.as_of, ())

    exports[0].download_button(
        "值班日报 Word", icon=":material/description:", key=d.key("docx"), type="primary",
        data=lambda: duty.daily_docx(*city_day(), period, leader=leader or "", officer=officer or ""),
        file_name=export.file_name(duty.daily_title(period), day=day, ext="docx"), mime=DOCX, on_click="ignore")
    exports[1].download_button(
        "值班日报 Excel", icon=":material/table:", key=d.key("daily_xlsx"),
        data=lambda: duty.daily_xlsx(*city_day(), period), mime=XLSX,
        file_name=export.file_name(duty.daily_title(period), day=day, ext="xlsx"),
        on_click="ignore")
    exports[2].download_button(
        "报送情况表 Excel", icon=":material/grid_on:", key=d.key("board_xlsx"),
        data=lambda: duty.board_xlsx(texts, period=period, as_of=ctx.as_of, scope_label=ctx.scope_label),
        file_name=export.file_name(f"{settings.get('city_name')}{period['name']}值班报送情况", ctx.scope_label,
                                   day=ctx.today, ext="xlsx"), mime=XLSX, on_click="ignore")
    st.caption(f"值班日报为所选日期（{day:%Y-%m-%d}）全市的日报，不受左侧县区范围影响；报送情况表为上方矩阵。")


def chase(d: DutyDay) -> pd.DataFrame:
    """需催报: the units still to report with the roster's phones and the calls logged so far; the officer
    logs each call as its own dispatch (one county a time) and issues written notices, as far as the role may
    (one caption says what it may not). Returns the list (the report form puts these units first)."""
    ctx, day = d.ctx, d.day
    st.subheader(f"需催报（{d.label}）", divider="gray")
    chase_list = ui.cached(duty.chase_list)(day, ctx.as_of, ctx.scope)
    if day > ctx.today:
        st.info("该日尚未到来。", icon=":material/schedule:")
    elif chase_list.empty:
        st.success(f"{d.label}各县区均已报送。", icon=":material/task_alt:")
    else:
        calls = ui.cached(duty.chase_calls)(day, d.cutoff).set_index("unit_code")
        st.dataframe(pd.DataFrame({
            "县区": chase_list["unit"], "情况": chase_list["overdue"], "已催报": [_calls_text(calls, c)
                                                                         for c in chase_list["unit_code"]],
            "带班领导": chase_list["leader"], "职务": chase_list["leader_title"],
            "带班领导电话": chase_list["leader_phone"], "值班人员": chase_list["officer"],
            "值班人员电话": chase_list["officer_phone"], "值班电话": chase_list["duty_phone"],
        }), key=d.key("chase"), hide_index=True, width="stretch")
        overdue = chase_list[chase_list["state"] == duty.S_MISSING]
        may_call = rights.may_any(duty.DISPATCH_ENTITY, duty.A_DISPATCH)
        may_notice = rights.may_any(documents.ENTITY, documents.A_ISSUE)
        if len(overdue) and may_call:
            _messages(d)
            _log_a_call(d, dict(zip(overdue["unit"], overdue["unit_code"])), calls)
        if len(overdue) and not (may_call and may_notice):
            rights.note("印发书面催报通知" if may_call else "记录催报调度" if may_notice else "记录催报调度或印发催报通知")
    if day <= ctx.today:  # the written 催报通知, and the day's notices once issued
        missing = chase_list[chase_list["state"] == duty.S_MISSING]
        paper.chase_notices(ctx, day, dict(zip(missing["unit"], missing["unit_code"])), key=d.key("notice."))
    kit.outcome(d.key("chase"))
    return chase_list


def _messages(d: DutyDay) -> None:
    """Each missing county's own message, ready: the gateway's one click, or read out on the phone (each call a
    调度记录 row, below)."""
    ctx = d.ctx
    notices_ui.panel("催报短信", notify.chase_notices(ctx.store, d.day, ctx.as_of, ctx.scope), notify.KIND_CHASE, d.day,
                     key=d.key("chase.sms."), outcome=d.key("chase"), call_log=False)


def _calls_text(calls: pd.DataFrame, code: str) -> str:
    if code not in calls.index:
        return "未催报"
    return f"{int(calls.loc[code, 'calls'])}次，最近 {clock.as_datetime(calls.loc[code, 'last_at']):%H:%M}"


def _log_a_call(d: DutyDay, missing: dict[str, str], calls: pd.DataFrame) -> None:
    """One call, one row in the dispatch log: the officer picks the county just phoned (the first one not yet
    called comes up first, and after a call the next one), then logs it."""
    ctx, key = d.ctx, d.key("chase.unit")
    names = list(missing)
    following = st.session_state.pop(d.key("chase.next"), None)
    if following in names:
        st.session_state[key] = following
    elif st.session_state.get(key) not in names:
        st.session_state[key] = next((n for n in names if missing[n] not in calls.index), names[0])
    c = st.columns([2, 2, 5], vertical_alignment="bottom")
    county = c[0].selectbox("已电话催报的县区", names, key=key, help="每打一个电话记一条调度记录")
    if c[1].button("记录催报调度", key=d.key("chase.log"), icon=":material/campaign:"):
        fields = duty.chase_dispatch([missing[county]], d.day, d.cutoff)
        after = names[(names.index(county) + 1) % len(names)]
        if kit.submit(d.key("chase"), lambda: duty.log_dispatch(ctx.store, fields, ui.user()),
                      f"已记录对{county}的催报调度。", refused="未记录", rerun=False) is not None:
            st.session_state[d.key("chase.next")] = after
            st.rerun()
    c[2].caption("电话催报一个县区后，选中它点此记入调度记录（每个电话一条，调度人为当前登录用户）。")
