"""When a daily report is due and how late it is: the board's cell states and every text that names them.

- Times in the store are naive Asia/Shanghai wall clock; an aware time (e.g. the UTC server clock) is
  converted with ``clock.to_local`` first.
- A report's timeliness is judged on its FIRST version's submission time (a 更正报送 keeps it on time).
- On time up to and including the cut-off minute (seconds are dropped); before today's cut-off a unit
  without a report is 待报, after it 缺报; a day after the as-of date is 未到.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd

from dashboard import clock, settings, vocab

# Board cell states (derived, never stored)
S_ON_TIME, S_LATE, S_MISSING, S_PENDING, S_FUTURE = "按时", "迟报", "缺报", "待报", "未到"
# cell colours of the board: (state, situation) or state -> background, and the legend's words for them
CELL_COLORS = {
    (S_ON_TIME, vocab.REPORT_ZERO): "#d4edda", (S_ON_TIME, vocab.REPORT_SITUATION): "#cfe2ff",
    S_LATE: "#ffe0b2", S_MISSING: "#f8d7da", S_PENDING: "#fff3cd", S_FUTURE: "#f3f4f6",
}
_LEGEND = (
    ((S_ON_TIME, vocab.REPORT_ZERO), "绿", "按时零报告"), ((S_ON_TIME, vocab.REPORT_SITUATION), "蓝", "按时有情况"),
    (S_LATE, "橙", "迟报"), (S_MISSING, "红", "缺报"), (S_PENDING, "黄", "待报（未到截止时间）"),
)


def local_time(moment: datetime) -> datetime:
    """Naive Asia/Shanghai wall clock: naive times are taken as already local, aware ones converted."""
    if isinstance(moment, pd.Timestamp):
        moment = moment.to_pydatetime()
    return moment if moment.tzinfo is None else clock.to_local(moment)


def cutoff_at(day: date, cutoff: time | None = None) -> datetime:
    """The moment the report for ``day`` is due (the day at the cut-off, Asia/Shanghai)."""
    return datetime.combine(day, cutoff or settings.report_cutoff())


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from ``start`` to ``end`` (seconds dropped, so 16:00:59 is still 16:00)."""
    return int((end.replace(second=0, microsecond=0) - start.replace(second=0, microsecond=0)).total_seconds() // 60)


def timeliness(report_date: date, submitted_at: datetime, cutoff: time | None = None) -> tuple[str, int]:
    """(按时 or 迟报, minutes late) of a report for ``report_date`` submitted at ``submitted_at``.

    On time up to and including the cut-off minute; 16:01 is one minute late; a report sent the day
    after is late by the hours since the day's cut-off.
    """
    late = minutes_between(cutoff_at(report_date, cutoff), local_time(submitted_at))
    return (S_LATE, late) if late > 0 else (S_ON_TIME, 0)


def cell_state(day: date, first_submitted_at: datetime | None, as_of: datetime,
               cutoff: time | None = None) -> tuple[str, int]:
    """The board state of one unit and day, and the minutes that go with it (late by / past the cut-off)."""
    if first_submitted_at is not None and not pd.isna(first_submitted_at):
        return timeliness(day, first_submitted_at, cutoff)
    as_of = local_time(as_of)
    if day > as_of.date():
        return S_FUTURE, 0
    past = minutes_between(cutoff_at(day, cutoff), as_of)
    return (S_MISSING, past) if past > 0 else (S_PENDING, 0)


def with_states(frame: pd.DataFrame, as_of: datetime, cutoff: time | None = None) -> pd.DataFrame:
    """``frame`` (day, first_submitted_at per row) with the cell's ``state`` and ``minutes`` added."""
    cutoff = cutoff or settings.report_cutoff()
    states = [cell_state(d, clock.as_datetime(t), as_of, cutoff)
              for d, t in zip(frame["day"], frame["first_submitted_at"])]
    return frame.assign(state=[s for s, _ in states], minutes=[m for _, m in states])


def duration_text(minutes: int) -> str:
    """2天3小时 / 1小时5分钟 / 40分钟 (zero parts left out)."""
    minutes = max(0, int(minutes))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else "", f"{mins}分钟" if mins else ""]
    return "".join(parts) or "0分钟"


def cell_text(state: str, minutes: int, situation: str | None) -> str:
    """What a board cell shows."""
    if state == S_ON_TIME:
        return situation or S_ON_TIME
    if state == S_LATE:
        return f"{situation}·迟报{duration_text(minutes)}"
    if state == S_MISSING:
        return f"缺报·超{duration_text(minutes)}"
    if state == S_PENDING:
        return "待报"
    return ""


def status_text(state: str, minutes: int) -> str:
    """The 报送情况 of a unit in the 值班日报 and the 及时性 of a report version: 按时 / 迟报25分钟 / 缺报 / …"""
    if state == S_ON_TIME:
        return S_ON_TIME
    if state == S_LATE:
        return f"迟报{duration_text(minutes)}"
    if state == S_MISSING:
        return S_MISSING
    if state == S_PENDING:
        return "未报（未到截止时间）"
    return ""


def chase_text(state: str, minutes: int) -> str:
    """The 情况 of a unit on the 需催报 list."""
    if state == S_MISSING:
        return f"已超过截止时间{duration_text(minutes)}"
    return "未到截止时间" if state == S_PENDING else "尚未到该日"


def cell_color(state: str, situation: str | None) -> str:
    return CELL_COLORS.get((state, situation)) or CELL_COLORS.get(state) or CELL_COLORS[S_FUTURE]


def board_legend() -> str:
    """颜色：绿=按时零报告，蓝=按时有情况，… (the board's colours, from ``CELL_COLORS``' own list)."""
    return "颜色：" + "，".join(f"{colour}={meaning}" for _, colour, meaning in _LEGEND) + "。"
