"""Holiday duty (假期值班): periods, roster, daily reports, the expected-vs-received board, incidents and
their level, warnings, the dispatch log.

Rules are pure functions (timeliness of a report, the board cell of a unit and day, incident level,
incident report deadline, warnings in force, input checks); queries and writes below them.

Decisions worth knowing:
- A report's timeliness is judged on its FIRST version's submission time: a correction sent later (更正报送)
  keeps the report on time; the content shown is the current (highest) version.
- Times in the store are naive Asia/Shanghai wall clock. A timeliness check given an aware time (e.g. the
  UTC server clock) converts it with `clock.to_local` first.
- Before today's cut-off a unit without a report is 待报 (not yet due), after it 缺报; a day after the
  as-of date is 未到.
- The incident level is the highest of the three criteria of 生产安全事故报告和调查处理条例 第三条, "以上"
  including the number. 较大涉险事故 is a separate classification and is not derived from the numbers.
- Only the 初报 of an incident chain is checked against the report deadline (occurrence → report).
- A 有情况 report must say what happened (details text); a 零报告 may not carry accidents, fires or
  casualties (it means "nothing happened").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd

from dashboard import clock, ingest, settings, vocab
from dashboard import scope as scopes
from dashboard.db import Store, Tx, ValidationError

REPORT_ENTITY, INCIDENT_ENTITY, WARNING_ENTITY, DISPATCH_ENTITY = "duty_report", "incident", "warning", "dispatch"
ROSTER_ENTITY, PERIOD_ENTITY = "duty_roster", "duty_period"

# Board cell states (derived, never stored)
S_ON_TIME, S_LATE, S_MISSING, S_PENDING, S_FUTURE = "按时", "迟报", "缺报", "待报", "未到"
BOARD_STATES = (S_ON_TIME, S_LATE, S_MISSING, S_PENDING, S_FUTURE)
STATE_HELP = {
    S_ON_TIME: "截止时间前（含截止时刻）已报送",
    S_LATE: "截止时间后才报送",
    S_MISSING: "已过截止时间仍未报送",
    S_PENDING: "今日尚未报送，还未到截止时间",
    S_FUTURE: "尚未到该日",
}
# cell colours of the board: (state, situation) -> background
CELL_COLORS = {
    (S_ON_TIME, vocab.REPORT_ZERO): "#d4edda", (S_ON_TIME, vocab.REPORT_SITUATION): "#cfe2ff",
    S_LATE: "#ffe0b2", S_MISSING: "#f8d7da", S_PENDING: "#fff3cd", S_FUTURE: "#f3f4f6",
}

COUNT_FIELDS = {
    "accidents": "事故起数", "fires": "火灾起数", "deaths": "死亡人数", "injuries": "受伤人数",
    "inspections": "检查单位数", "hazards_found": "发现隐患数", "hazards_fixed": "整改隐患数",
}
INCIDENT_COUNT_FIELDS = {"deaths": "死亡人数", "serious_injuries": "重伤人数", "injuries": "受伤人数",
                         "missing": "失踪人数"}
STAGE_FIRST, STAGE_FOLLOW, STAGE_FINAL = vocab.INCIDENT_STAGES
LEVEL_GENERAL, LEVEL_LARGER, LEVEL_MAJOR, LEVEL_GRAVE = vocab.INCIDENT_LEVELS[:4]
LEVEL_ORDER = (LEVEL_GRAVE, LEVEL_MAJOR, LEVEL_LARGER, LEVEL_GENERAL)  # most severe first

# 生产安全事故报告和调查处理条例 第三条: (level, deaths at least, serious injuries at least, loss 万元 at least)
LEVEL_THRESHOLDS = (
    (LEVEL_GRAVE, 30, 100, 10000.0),
    (LEVEL_MAJOR, 10, 50, 5000.0),
    (LEVEL_LARGER, 3, 10, 1000.0),
)


# ================================================================================================
# Pure rules
# ================================================================================================
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


def cell_color(state: str, situation: str | None) -> str:
    return CELL_COLORS.get((state, situation)) or CELL_COLORS.get(state) or CELL_COLORS[S_FUTURE]


def incident_level(deaths: int, serious_injuries: int, direct_loss: float) -> str:
    """The accident level: the highest reached by deaths, serious injuries or direct loss (万元).

    "以上" includes the number, "以下" excludes it: 3 deaths is 较大, 1000万 is 较大, 999.99万 is 一般.
    """
    values = (deaths, serious_injuries, direct_loss)
    if any(v is None or pd.isna(v) or v < 0 for v in values):
        raise ValueError("伤亡人数和直接经济损失不能为负数或空")
    for level, min_deaths, min_serious, min_loss in LEVEL_THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_serious or direct_loss >= min_loss:
            return level
    return LEVEL_GENERAL


def report_delay(occurred_at: datetime, reported_at: datetime, allowed_minutes: int | None = None) -> tuple[int, bool]:
    """(minutes from occurrence to report, late?) against the deadline in settings (60 minutes by default).

    Reported exactly at the deadline is in time.
    """
    allowed = settings.get("incident_report_minutes") if allowed_minutes is None else allowed_minutes
    taken = minutes_between(local_time(occurred_at), local_time(reported_at))
    return taken, taken > allowed


def in_force(valid_from: datetime, valid_to: datetime, at: datetime) -> bool:
    """A warning is in force from its start up to and including its end time."""
    return local_time(valid_from) <= local_time(at) <= local_time(valid_to)


def warning_severity(level: str) -> int:
    """0 (蓝) … 3 (红); unknown levels sort last."""
    return vocab.WARNING_LEVELS.index(level) if level in vocab.WARNING_LEVELS else -1


def order_warnings(frame: pd.DataFrame, at: datetime) -> pd.DataFrame:
    """Warnings in force at ``at`` first (most severe first), then the others, newest first."""
    out = frame.copy()
    out["in_force"] = [in_force(f, t, at) for f, t in zip(out["valid_from"], out["valid_to"])] if len(out) else []
    out["severity"] = [warning_severity(lv) for lv in out["level"]] if len(out) else []
    rank = out["severity"].where(out["in_force"], -1) if len(out) else out["severity"]
    out = out.assign(_rank=rank).sort_values(["in_force", "_rank", "valid_from"], ascending=[False, False, False],
                                             kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True)


def _count(fields: Mapping[str, Any], key: str, label: str) -> tuple[int, str | None]:
    raw = fields.get(key)
    if ingest.is_blank(raw):
        return 0, None
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return 0, f"“{label}”应为数字"
    if number < 0:
        return 0, f"“{label}”不能为负数"
    if not number.is_integer():
        return 0, f"“{label}”应为整数"
    return int(number), None


def check_report(fields: Mapping[str, Any], *, known_units: Sequence[str], today: date,
                 period_days: Sequence[date] | None = None) -> str | None:
    """Why a daily report must be refused (Chinese), or None. ``today`` is the as-of date."""
    unit = fields.get("unit_code")
    if ingest.is_blank(unit) or unit not in known_units:
        return f"县区“{'' if unit is None else unit}”不在县区名单中，不能报送"
    day = fields.get("report_date")
    if not isinstance(day, date):
        return "请选择报告日期"
    if isinstance(day, datetime):
        day = day.date()
    if day > today:
        return f"不能报送未来日期（{day:%Y-%m-%d}）的值班信息，今天是{today:%Y-%m-%d}"
    if period_days is not None and day not in period_days:
        return f"{day:%Y-%m-%d} 不在任何值班时段内，请先在“值班时段”中添加"
    situation = fields.get("situation")
    if situation not in vocab.REPORT_KINDS:
        return "当日情况应为“零报告”或“有情况”"
    counts = {}
    for key, label in COUNT_FIELDS.items():
        counts[key], problem = _count(fields, key, label)
        if problem:
            return problem
    if situation == vocab.REPORT_ZERO and any(counts[k] for k in ("accidents", "fires", "deaths", "injuries")):
        return "零报告表示当日无事故、无火灾、无伤亡；有事故、火灾或伤亡时请选择“有情况”并填写情况说明"
    if situation == vocab.REPORT_SITUATION and ingest.is_blank(fields.get("details")):
        return "选择“有情况”时必须填写当日情况说明"
    if ingest.is_blank(fields.get("reporter")):
        return "请填写报送人"
    if ingest.is_blank(fields.get("leader")) or ingest.is_blank(fields.get("officer")):
        return "请填写带班领导和值班人员"
    for key, label in (("leader_phone", "带班领导电话"), ("officer_phone", "值班人员电话"), ("duty_phone", "值班电话")):
        if not ingest.is_blank(fields.get(key)):
            try:
                ingest.parse_phone(fields[key])
            except ValueError as exc:
                return f"{label}：{exc}"
    return None


def check_incident(fields: Mapping[str, Any], *, known_units: Sequence[str], now: datetime) -> str | None:
    """Why an incident entry must be refused (Chinese), or None. ``now`` is the as-of time."""
    if fields.get("stage") not in vocab.INCIDENT_STAGES:
        return "报告类型应为初报、续报或终报"
    if fields.get("unit_code") not in known_units:
        return f"县区“{fields.get('unit_code') or ''}”不在县区名单中"
    occurred, received, reported = fields.get("occurred_at"), fields.get("received_at"), fields.get("reported_at")
    if not all(isinstance(t, datetime) for t in (occurred, received, reported)):
        return "请填写事发时间、接报时间和上报时间"
    if max(occurred, received, reported) > now:
        return f"时间不能晚于现在（{clock.format_datetime(now)}）"
    if received < occurred:
        return "接报时间不能早于事发时间"
    if reported < received:
        return "上报时间不能早于接报时间"
    for key in ("place", "kind"):
        if ingest.is_blank(fields.get(key)):
            return "请填写事发地点和事件性质"
    for key, label in INCIDENT_COUNT_FIELDS.items():
        _, problem = _count(fields, key, label)
        if problem:
            return problem
    loss = fields.get("direct_loss")
    if not ingest.is_blank(loss):
        try:
            if float(loss) < 0:
                return "“直接经济损失”不能为负数"
        except (TypeError, ValueError):
            return "“直接经济损失”应为数字（万元）"
    if (_count(fields, "serious_injuries", "")[0] > _count(fields, "injuries", "")[0]):
        return "重伤人数不能多于受伤人数（受伤人数含重伤）"
    return None


def check_warning(fields: Mapping[str, Any], *, known_units: Sequence[str]) -> str | None:
    if fields.get("level") not in vocab.WARNING_LEVELS:
        return "请选择预警级别"
    if ingest.is_blank(fields.get("kind")):
        return "请填写预警类别（如暴雨、地质灾害、森林火险）"
    units = list(fields.get("units") or [])
    if not units:
        return "请选择预警覆盖的县区"
    unknown = [u for u in units if u not in known_units]
    if unknown:
        return f"县区“{'、'.join(unknown)}”不在县区名单中"
    start, end = fields.get("valid_from"), fields.get("valid_to")
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return "请填写生效时间和解除时间"
    if end <= start:
        return "解除时间必须晚于生效时间"
    if ingest.is_blank(fields.get("issued_by")):
        return "请填写发布单位"
    if ingest.is_blank(fields.get("content")):
        return "请填写预警内容"
    return None


def check_period(fields: Mapping[str, Any], existing: pd.DataFrame) -> str | None:
    """Why a new duty period must be refused, or None. ``existing`` has id, name, start_date, end_date."""
    name, short = fields.get("name"), fields.get("short_name")
    start, end = fields.get("start_date"), fields.get("end_date")
    if ingest.is_blank(name) or ingest.is_blank(short):
        return "请填写时段名称和简称（如 2021年“国庆”假期 / 国庆）"
    if len(str(short).strip()) > 10:
        return "简称最多10个字（用于值班日报标题，如“国庆”）"
    if not isinstance(start, date) or not isinstance(end, date):
        return "请填写开始和结束日期"
    if end < start:
        return "结束日期不能早于开始日期"
    if (end - start).days > 60:
        return "一个值班时段最长61天"
    for row in existing.itertuples():
        s, e = clock.as_date(row.start_date), clock.as_date(row.end_date)
        if start <= e and s <= end:
            return f"与已有的值班时段“{row.name}”（{s:%Y-%m-%d}至{e:%Y-%m-%d}）日期重叠"
    return None


def period_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# ================================================================================================
# Periods and roster
# ================================================================================================
def period_on(store: Store, day: date) -> dict | None:
    """The duty period that contains ``day`` (e.g. May Day 2021), or None outside holidays."""
    frame = store.query(
        "SELECT * FROM duty_periods WHERE ? BETWEEN start_date AND end_date ORDER BY start_date LIMIT 1", [day]
    )
    return None if frame.empty else _period_dict(frame.iloc[0].to_dict())


def _period_dict(row: dict) -> dict:
    return {**row, "start_date": clock.as_date(row["start_date"]), "end_date": clock.as_date(row["end_date"])}


def periods(store: Store) -> pd.DataFrame:
    """Every duty period, newest first."""
    return store.query("SELECT id, name, short_name, start_date, end_date FROM duty_periods ORDER BY start_date DESC")


def period(store: Store, period_id: str) -> dict | None:
    frame = store.query("SELECT * FROM duty_periods WHERE id = ?", [period_id])
    return None if frame.empty else _period_dict(frame.iloc[0].to_dict())


def default_period_id(store: Store, today: date) -> str | None:
    """The period containing today, else the nearest one starting after today, else the latest."""
    current = period_on(store, today)
    if current:
        return current["id"]
    frame = periods(store)
    if frame.empty:
        return None
    upcoming = frame[frame["start_date"].dt.date > today] if len(frame) else frame
    return (upcoming.iloc[-1] if len(upcoming) else frame.iloc[0])["id"]


def add_period(store: Store, fields: Mapping[str, Any], actor: str) -> str:
    """Add a duty period (e.g. 国庆, 春节); refused when dates overlap another period."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写操作人")

    def run(tx: Tx) -> str:
        existing = tx.query("SELECT id, name, start_date, end_date FROM duty_periods")
        problem = check_period(fields, existing)
        if problem:
            raise ValidationError(problem)
        start, end = fields["start_date"], fields["end_date"]
        period_id = f"{start:%Y%m%d}-{str(fields['short_name']).strip()}"
        tx.execute("INSERT INTO duty_periods VALUES (?, ?, ?, ?, ?)",
                   [period_id, str(fields["name"]).strip(), str(fields["short_name"]).strip(), start, end])
        tx.audit(PERIOD_ENTITY, period_id, "新增值班时段", actor.strip(),
                 detail={"name": fields["name"], "start": start, "end": end})
        return period_id

    return store.write(run)


REPORT_PEOPLE = ("leader", "leader_title", "leader_phone", "officer", "officer_phone", "duty_phone")
ROSTER_COLUMNS = ("unit_code", "duty_date", "leader", "leader_title", "leader_phone", "officer", "officer_phone",
                  "duty_phone")


def roster(store: Store, start: date, end: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """The roster rows of every unit (in scope) and day between start and end, with the unit name."""
    cond, params = scopes.where(scope, "u.code")
    return store.query(
        f"""
        SELECT r.unit_code, u.name AS unit, r.duty_date, r.leader, r.leader_title, r.leader_phone, r.officer,
               r.officer_phone, r.duty_phone
        FROM duty_roster r JOIN units u ON u.code = r.unit_code
        WHERE r.duty_date BETWEEN ? AND ? AND {cond}
        ORDER BY r.duty_date, u.sort_order
        """,
        [start, end, *params],
    )


def roster_entry(store: Store, unit_code: str, day: date) -> dict | None:
    frame = store.query("SELECT * FROM duty_roster WHERE unit_code = ? AND duty_date = ?", [unit_code, day])
    return None if frame.empty else frame.iloc[0].to_dict()


def roster_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(column, reason) for a roster row: names required, phones in the usual forms."""
    problems = []
    for key, label in (("leader", "带班领导"), ("officer", "值班人员")):
        if ingest.is_blank(values.get(key)):
            problems.append((label, "必填项为空"))
    for key, label in (("leader_phone", "带班领导电话"), ("officer_phone", "值班人员电话"), ("duty_phone", "值班电话")):
        if not ingest.is_blank(values.get(key)):
            try:
                ingest.parse_phone(values[key])
            except ValueError as exc:
                problems.append((label, str(exc)))
    return problems


def _upsert_roster(tx: Tx, row: Mapping[str, Any]) -> dict | None:
    old = tx.query("SELECT * FROM duty_roster WHERE unit_code = ? AND duty_date = ?", [row["unit_code"], row["duty_date"]])
    values = [None if ingest.is_blank(row.get(c)) else (str(row[c]).strip() if isinstance(row.get(c), str) else row[c])
              for c in ROSTER_COLUMNS]
    tx.execute(f"INSERT OR REPLACE INTO duty_roster ({', '.join(ROSTER_COLUMNS)}) VALUES ({', '.join('?' * len(ROSTER_COLUMNS))})",
               values)
    return None if old.empty else old.iloc[0].to_dict()


def save_roster(store: Store, fields: Mapping[str, Any], actor: str) -> None:
    """Set one unit's roster for one day (replacing what was there; the old values go into the audit event)."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写操作人")

    def run(tx: Tx) -> None:
        units = [r[0] for r in tx.execute("SELECT code FROM units")]
        if fields.get("unit_code") not in units:
            raise ValidationError(f"县区“{fields.get('unit_code') or ''}”不在县区名单中")
        if not isinstance(fields.get("duty_date"), date):
            raise ValidationError("请选择值班日期")
        problems = roster_problems(fields)
        if problems:
            raise ValidationError("；".join(f"{c}：{r}" for c, r in problems))
        old = _upsert_roster(tx, fields)
        tx.audit(ROSTER_ENTITY, f"{fields['unit_code']}/{fields['duty_date']:%Y-%m-%d}", "修改值班表" if old else "排班",
                 actor.strip(), detail={"before": old and {k: old[k] for k in ("leader", "officer")},
                                        "leader": fields.get("leader"), "officer": fields.get("officer")})

    store.write(run)


def roster_import_fields(units: pd.DataFrame, aliases: Mapping[str, str]) -> list[ingest.Field]:
    """The roster's importable columns; ``units`` (code, name) and ``aliases`` (alias -> code) give the
    unit choices with the spellings people use (旬阳县 → 旬阳市 ...)."""
    F = ingest.Field
    code_to_name = dict(zip(units["code"], units["name"]))
    unit_aliases = {alias: code_to_name[code] for alias, code in aliases.items() if code in code_to_name}
    return [
        F("duty_date", "值班日期", ingest.DATE, required=True, aliases=("日期", "值班时间"), example=date(2021, 5, 1)),
        F("unit", "县区", ingest.ENUM, required=True, aliases=("单位", "县（区）", "县市区", "区县"),
          choices=tuple(units["name"]), choice_aliases=unit_aliases, example=units["name"].iloc[0]),
        F("leader", "带班领导", required=True, aliases=("带班领导姓名", "值班领导"), max_len=50, example="张三"),
        F("leader_title", "职务", aliases=("带班领导职务",), max_len=50, example="副县长"),
        F("leader_phone", "带班领导电话", ingest.PHONE, aliases=("领导电话", "带班领导手机"), example="13800000000"),
        F("officer", "值班人员", required=True, aliases=("值班员", "值班人员姓名"), max_len=50, example="李四"),
        F("officer_phone", "值班人员电话", ingest.PHONE, aliases=("值班员电话", "值班人员手机"), example="13900000000"),
        F("duty_phone", "值班电话", ingest.PHONE, aliases=("值班室电话", "值班座机"), example="0915-3212345"),
    ]


def _store_roster_fields(store: Store) -> list[ingest.Field]:
    from dashboard import units as unit_names

    return roster_import_fields(unit_names.all_units(store), unit_names.alias_map(store))


def parse_roster(store: Store, data: bytes, file_name: str) -> ingest.ParseResult:
    """Read and validate a roster file (every row checked, nothing written): the general import rules,
    plus each date inside a duty period and one row per unit and day."""
    spans = [(clock.as_date(a), clock.as_date(b)) for a, b in store.rows("SELECT start_date, end_date FROM duty_periods")]

    def row_check(values: dict) -> list[tuple[str, str]]:
        day = values.get("duty_date")
        if day and not any(a <= day <= b for a, b in spans):
            return [("值班日期", "不在任何值班时段内，请先添加值班时段")]
        return []

    return ingest.parse_file(data, file_name, _store_roster_fields(store), row_check=row_check,
                             key=lambda v: (v.get("unit"), v.get("duty_date")))


@dataclass
class RosterImport:
    result: ingest.ParseResult
    added: int = 0
    replaced: int = 0

    @property
    def ok(self) -> bool:
        return self.result.ok


def import_roster(store: Store, data: bytes, file_name: str, actor: str) -> RosterImport:
    """Validate the whole file, then write every row in ONE transaction (a unit's existing day is
    replaced), with an ``imports`` record and an audit event. Any bad row: nothing is written."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写导入人")
    result = parse_roster(store, data, file_name)
    if not result.ok:
        return RosterImport(result)
    codes = {name: code for code, name in store.rows("SELECT code, name FROM units")}

    def run(tx: Tx) -> RosterImport:
        replaced = 0
        for values in result.rows:
            old = _upsert_roster(tx, {**values, "unit_code": codes[values["unit"]]})
            replaced += old is not None
        import_id = tx.one(
            "INSERT INTO imports (kind, file_name, actor, imported_at, rows_total, rows_added)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [ROSTER_ENTITY, file_name, actor.strip(), tx.at, len(result.rows), len(result.rows) - replaced],
        )[0]
        tx.audit("import", str(import_id), "导入值班表", actor.strip(),
                 detail={"file": file_name, "rows": len(result.rows), "replaced": replaced})
        return RosterImport(result, added=len(result.rows) - replaced, replaced=replaced)

    return store.write(run)


def roster_template(store: Store) -> bytes:
    return ingest.template_xlsx(
        _store_roster_fields(store), title="值班表导入模板 填写说明",
        instructions=(
            "1. 在“数据”工作表中每行填写一个县区一天的值班安排，第2行是示例，导入前请删除或改写。",
            "2. 表头为红色的列必须填写；县区请从下拉列表中选择；日期须在已添加的值班时段内。",
            "3. 同一县区同一天只能有一行；导入后将替换该县区该日原有的值班安排。",
            "4. 有一行不合格时整个文件都不会导入，系统会列出每个问题所在的行号、列和原因。",
        ),
    )


# ================================================================================================
# Daily reports and the board
# ================================================================================================
def reports_received(store: Store, day: date, scope: scopes.Scope = ()) -> tuple[int, int]:
    """(units that have reported for ``day``, units expected to) within the scope."""
    cond, params = scopes.where(scope, "u.code")
    received, expected = store.rows(
        f"""
        SELECT count(DISTINCT r.unit_code), count(DISTINCT u.code)
        FROM units u LEFT JOIN duty_reports r ON r.unit_code = u.code AND r.report_date = ?
        WHERE {cond}
        """,
        [day, *params],
    )[0]
    return received, expected


def current_reports(store: Store, start: date, end: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """The current (highest) version of each unit's report per day, with the first version's submission
    time (which decides timeliness) and the number of versions."""
    cond, params = scopes.where(scope, "r.unit_code")
    return store.query(
        f"""
        WITH v AS (
            SELECT unit_code, report_date, max(version) AS version, count(*) AS versions,
                   arg_min(submitted_at, version) AS first_submitted_at
            FROM duty_reports WHERE report_date BETWEEN ? AND ? GROUP BY unit_code, report_date
        )
        SELECT r.*, v.versions, v.first_submitted_at
        FROM duty_reports r JOIN v USING (unit_code, report_date, version)
        WHERE {cond}
        """,
        [start, end, *params],
    )


def board(store: Store, start: date, end: date, as_of: datetime, scope: scopes.Scope = ()) -> pd.DataFrame:
    """One row per unit (in scope) and day: state, minutes, situation, versions, the cell's text."""
    cond, params = scopes.where(scope, "code")
    units = store.query(f"SELECT code AS unit_code, name AS unit, sort_order FROM units WHERE {cond} ORDER BY sort_order",
                        params)
    reports = current_reports(store, start, end, scope)
    days = period_days(start, end)
    grid = units.merge(pd.DataFrame({"day": days}), how="cross")
    if len(reports):
        reports = reports.assign(day=[clock.as_date(d) for d in reports["report_date"]])
        keep = ["unit_code", "day", "situation", "versions", "first_submitted_at", "submitted_at", "deaths",
                "injuries", "accidents", "fires", "details", "key_matters", "reporter", *REPORT_PEOPLE]
        grid = grid.merge(reports[keep], on=["unit_code", "day"], how="left")
    else:
        for column in ("situation", "versions", "first_submitted_at", "submitted_at", "deaths", "injuries", "accidents",
                       "fires", "details", "key_matters", "reporter", *REPORT_PEOPLE):
            grid[column] = None
    cutoff = settings.report_cutoff()
    states = [cell_state(d, clock.as_datetime(t), as_of, cutoff) for d, t in zip(grid["day"], grid["first_submitted_at"])]
    grid["state"] = [s for s, _ in states]
    grid["minutes"] = [m for _, m in states]
    situations = [None if ingest.is_blank(s) else s for s in grid["situation"]]
    grid["situation"] = situations
    grid["text"] = [cell_text(s, m, sit) for (s, m), sit in zip(states, situations)]
    grid["color"] = [cell_color(s, sit) for (s, _), sit in zip(states, situations)]
    return grid


def daily_rows(store: Store, day: date, as_of: datetime, scope: scopes.Scope = ()) -> pd.DataFrame:
    """The board row of every unit for one day, with leader and officer from the report, or from the
    roster when the unit has not reported: the per-unit table of the 值班日报."""
    grid = board(store, day, day, as_of, scope)
    duty_roster = roster(store, day, day, scope).set_index("unit_code")
    for column in REPORT_PEOPLE:
        from_roster = grid["unit_code"].map(duty_roster[column]) if len(duty_roster) else None
        grid[column] = [r if not ingest.is_blank(r) else (None if from_roster is None or ingest.is_blank(x) else x)
                        for r, x in zip(grid[column], from_roster if from_roster is not None else [None] * len(grid))]
    return grid


def day_label(day: date, today: date) -> str:
    weekday = "一二三四五六日"[day.weekday()]
    return f"{day:%m-%d} 周{weekday}" + ("（今日）" if day == today else "")


def board_matrix(grid: pd.DataFrame, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cell texts, cell colours): one row per unit, one column per day labelled like 05-03 周一（今日）."""
    if grid.empty:
        return pd.DataFrame(), pd.DataFrame()
    days = sorted(set(grid["day"]))
    labels = {d: day_label(d, today) for d in days}
    order = list(dict.fromkeys(grid["unit"]))
    texts = grid.pivot(index="unit", columns="day", values="text").reindex(order)[days].rename(columns=labels)
    colors = grid.pivot(index="unit", columns="day", values="color").reindex(order)[days].rename(columns=labels)
    texts.index.name = colors.index.name = "县区"
    texts.columns.name = colors.columns.name = None
    return texts, colors


def chase_list(store: Store, day: date, as_of: datetime, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Units without a report for ``day``: the roster's leader and officer with phones, and how long past
    the cut-off it is (待报 before it). Most overdue first."""
    cond, params = scopes.where(scope, "u.code")
    frame = store.query(
        f"""
        SELECT u.code AS unit_code, u.name AS unit, u.sort_order, r.leader, r.leader_title, r.leader_phone,
               r.officer, r.officer_phone, r.duty_phone
        FROM units u
        LEFT JOIN duty_roster r ON r.unit_code = u.code AND r.duty_date = ?
        WHERE {cond} AND NOT EXISTS (SELECT 1 FROM duty_reports d WHERE d.unit_code = u.code AND d.report_date = ?)
        ORDER BY u.sort_order
        """,
        [day, *params, day],
    )
    states = [cell_state(day, None, as_of) for _ in range(len(frame))]
    frame["state"] = [s for s, _ in states]
    frame["minutes"] = [m for _, m in states]
    frame["overdue"] = [
        f"已超过截止时间{duration_text(m)}" if s == S_MISSING else
        ("未到截止时间" if s == S_PENDING else "尚未到该日") for s, m in states
    ]
    return frame.sort_values(["minutes", "sort_order"], ascending=[False, True]).reset_index(drop=True)


def report_history(store: Store, unit_code: str, day: date) -> pd.DataFrame:
    """Every submitted version of one unit's report for one day, newest first, with its timeliness."""
    frame = store.query(
        "SELECT * FROM duty_reports WHERE unit_code = ? AND report_date = ? ORDER BY version DESC", [unit_code, day]
    )
    frame["timeliness"] = [
        (lambda s, m: s if s == S_ON_TIME else f"迟报{duration_text(m)}")(*timeliness(day, clock.as_datetime(t)))
        for t in frame["submitted_at"]
    ]
    return frame


def submit_report(store: Store, fields: Mapping[str, Any], actor: str | None = None) -> int:
    """Submit a unit's daily report; a report for the same unit and day becomes a new version (the earlier
    ones stay in history). Returns the version. Refused (nothing written) with the reason in Chinese."""

    def run(tx: Tx) -> int:
        units = [r[0] for r in tx.execute("SELECT code FROM units")]
        day = fields.get("report_date")
        in_period = bool(isinstance(day, date) and tx.one(
            "SELECT count(*) FROM duty_periods WHERE ? BETWEEN start_date AND end_date", [day])[0])
        problem = check_report(fields, known_units=units, today=tx.at.date(),
                               period_days=None if in_period else [])
        if problem:
            raise ValidationError(problem)
        unit = fields["unit_code"]
        previous = tx.one("SELECT coalesce(max(version), 0) FROM duty_reports WHERE unit_code = ? AND report_date = ?",
                          [unit, day])[0]
        version = previous + 1
        counts = {k: _count(fields, k, v)[0] for k, v in COUNT_FIELDS.items()}
        text = {k: (None if ingest.is_blank(fields.get(k)) else str(fields[k]).strip())
                for k in ("leader", "leader_title", "leader_phone", "officer", "officer_phone", "duty_phone",
                          "details", "key_matters", "reporter")}
        if fields["situation"] == vocab.REPORT_ZERO and text["details"] is None:
            text["details"] = "无生产安全事故，无火灾，安全形势平稳（零报告）。"
        tx.execute(
            """INSERT INTO duty_reports (unit_code, report_date, version, submitted_at, leader, leader_title,
                   leader_phone, officer, officer_phone, duty_phone, situation, accidents, fires, deaths, injuries,
                   inspections, hazards_found, hazards_fixed, details, key_matters, reporter)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [unit, day, version, tx.at, text["leader"], text["leader_title"], text["leader_phone"], text["officer"],
             text["officer_phone"], text["duty_phone"], fields["situation"], counts["accidents"], counts["fires"],
             counts["deaths"], counts["injuries"], counts["inspections"], counts["hazards_found"],
             counts["hazards_fixed"], text["details"], text["key_matters"], text["reporter"]],
        )
        tx.audit(REPORT_ENTITY, f"{unit}/{day:%Y-%m-%d}/{version}", "报送" if version == 1 else "更正报送",
                 (actor or text["reporter"]).strip(), to_status=fields["situation"],
                 reason=None if version == 1 else (fields.get("reason") or "重新报送，替换上一版本"),
                 detail={"unit": unit, "report_date": day, "version": version, **counts})
        return version

    return store.write(run)


# ================================================================================================
# Incidents
# ================================================================================================
def incidents(store: Store, start: date | None = None, end: date | None = None,
              scope: scopes.Scope = ()) -> pd.DataFrame:
    """Every incident entry (occurring between start and end, in scope) with the unit name, its computed
    level, the chain's current level (latest stage) and, for a 初报, minutes to report and the late flag."""
    cond, params = scopes.where(scope, "i.unit_code")
    date_cond, date_params = "TRUE", []
    if start is not None and end is not None:
        date_cond, date_params = "CAST(i.occurred_at AS DATE) BETWEEN ? AND ?", [start, end]
    frame = store.query(
        f"""
        SELECT i.*, u.name AS unit
        FROM incidents i JOIN units u ON u.code = i.unit_code
        WHERE {cond} AND {date_cond}
        ORDER BY i.occurred_at DESC, i.chain_id, i.reported_at
        """,
        [*params, *date_params],
    )
    return annotate_incidents(frame)


def annotate_incidents(frame: pd.DataFrame) -> pd.DataFrame:
    """Add level, chain level/stage (from the chain's latest entry), minutes to report and late (初报 only)."""
    frame = frame.copy()
    if frame.empty:
        for column in ("level", "chain_level", "chain_stage", "report_minutes", "late"):
            frame[column] = pd.Series(dtype=object)
        return frame
    frame["level"] = [incident_level(int(d), int(s), float(loss)) for d, s, loss in
                      zip(frame["deaths"], frame["serious_injuries"], frame["direct_loss"])]
    latest = frame.sort_values(["reported_at", "id"]).groupby("chain_id").tail(1).set_index("chain_id")
    frame["chain_level"] = frame["chain_id"].map(latest["level"])
    frame["chain_stage"] = frame["chain_id"].map(latest["stage"])
    delays = [report_delay(o, r) if st == STAGE_FIRST else (None, None)
              for o, r, st in zip(frame["occurred_at"], frame["reported_at"], frame["stage"])]
    frame["report_minutes"] = [m for m, _ in delays]
    frame["late"] = [late for _, late in delays]
    return frame


def incident_chains(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per chain: the latest entry's figures (the chain's current state) and the 初报's timeliness."""
    if frame.empty:
        return frame
    latest = frame.sort_values(["reported_at", "id"]).groupby("chain_id").tail(1)
    first = frame[frame["stage"] == STAGE_FIRST].set_index("chain_id")
    latest = latest.assign(
        first_reported_at=latest["chain_id"].map(first["reported_at"]),
        report_minutes=latest["chain_id"].map(first["report_minutes"]),
        late=latest["chain_id"].map(first["late"]),
        entries=latest["chain_id"].map(frame.groupby("chain_id").size()),
    )
    return latest.sort_values("occurred_at", ascending=False).reset_index(drop=True)


def record_incident(store: Store, fields: Mapping[str, Any], actor: str) -> str:
    """Record a 初报 (a new chain) or a 续报 / 终报 (linked to ``chain_id``; nothing after a 终报).
    Returns the new entry's id (初报: SJyyyymmdd-NN; later stages: <chain>-N)."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写操作人")

    def run(tx: Tx) -> str:
        units = [r[0] for r in tx.execute("SELECT code FROM units")]
        values = dict(fields)
        stage = values.get("stage")
        if stage in (STAGE_FOLLOW, STAGE_FINAL):
            chain = tx.query("SELECT * FROM incidents WHERE chain_id = ? ORDER BY reported_at", [values.get("chain_id")])
            if chain.empty:
                raise ValidationError(f"{stage}必须关联一条已有的初报（事件编号“{values.get('chain_id') or ''}”不存在）")
            if (chain["stage"] == STAGE_FINAL).any():
                raise ValidationError("该事件已有终报，不能再续报")
            first = chain.iloc[0]
            values["occurred_at"] = clock.as_datetime(first["occurred_at"])
            for key in ("unit_code", "place", "kind", "sector", "source"):  # a follow-up may leave these blank
                if ingest.is_blank(values.get(key)):
                    values[key] = None if ingest.is_blank(first[key]) else first[key]
            last_reported = clock.as_datetime(chain["reported_at"].max())
            if isinstance(values.get("reported_at"), datetime) and values["reported_at"] < last_reported:
                raise ValidationError(f"{stage}的上报时间不能早于上一次报告（{clock.format_datetime(last_reported)}）")
        problem = check_incident(values, known_units=units, now=tx.at)
        if problem:
            raise ValidationError(problem)
        if stage == STAGE_FIRST:
            prefix = f"SJ{values['occurred_at']:%Y%m%d}-"
            taken = tx.one("SELECT count(*) FROM incidents WHERE id LIKE ? AND stage = ?", [prefix + "%", STAGE_FIRST])[0]
            number = taken + 1
            while tx.one("SELECT count(*) FROM incidents WHERE id = ?", [f"{prefix}{number:02d}"])[0]:
                number += 1
            new_id = chain_id = f"{prefix}{number:02d}"
        else:
            chain_id = values["chain_id"]
            count = tx.one("SELECT count(*) FROM incidents WHERE chain_id = ?", [chain_id])[0]
            new_id = f"{chain_id}-{count + 1}"
        counts = {k: _count(values, k, v)[0] for k, v in INCIDENT_COUNT_FIELDS.items()}
        loss = 0.0 if ingest.is_blank(values.get("direct_loss")) else float(values["direct_loss"])
        text = {k: None if ingest.is_blank(values.get(k)) else str(values[k]).strip()
                for k in ("source", "place", "kind", "sector", "trend", "measures", "description")}
        tx.execute(
            """INSERT INTO incidents (id, chain_id, stage, occurred_at, received_at, reported_at, source, unit_code,
                   place, kind, sector, deaths, serious_injuries, injuries, missing, direct_loss, trend, measures,
                   description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [new_id, chain_id, stage, values["occurred_at"], values["received_at"], values["reported_at"],
             text["source"], values["unit_code"], text["place"], text["kind"], text["sector"], counts["deaths"],
             counts["serious_injuries"], counts["injuries"], counts["missing"], loss, text["trend"], text["measures"],
             text["description"]],
        )
        level = incident_level(counts["deaths"], counts["serious_injuries"], loss)
        tx.audit(INCIDENT_ENTITY, new_id, stage, actor.strip(), to_status=level,
                 detail={"chain_id": chain_id, **counts, "direct_loss": loss})
        return new_id

    return store.write(run)


# ================================================================================================
# Warnings and dispatch
# ================================================================================================
def _unit_list_cond(scope: scopes.Scope, column: str) -> tuple[str, list]:
    if not scope:
        return "TRUE", []
    return f"list_has_any(string_split({column}, ','), ?::VARCHAR[])", [list(scope)]


def warnings(store: Store, as_of: datetime, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Every warning covering a unit in scope, in force at ``as_of`` first, with in_force and unit names."""
    cond, params = _unit_list_cond(scope, "units")
    frame = store.query(f"SELECT * FROM warnings WHERE {cond}", params)
    frame["unit_names"] = unit_names_of(store, frame["units"]) if len(frame) else []
    return order_warnings(frame, as_of)


def unit_names_of(store: Store, code_lists: Sequence[str]) -> list[str]:
    names = dict(store.rows("SELECT code, name FROM units"))
    return ["、".join(names.get(c, c) for c in str(codes).split(",") if c) for codes in code_lists]


def warnings_during(frame: pd.DataFrame, start: datetime, end: datetime) -> pd.DataFrame:
    """The warnings of ``frame`` in force at some moment between start and end (inclusive)."""
    if frame.empty:
        return frame
    keep = [local_time(f) <= end and local_time(t) >= start for f, t in zip(frame["valid_from"], frame["valid_to"])]
    return frame[keep]


def issue_warning(store: Store, fields: Mapping[str, Any], actor: str) -> str:
    """Record a warning (id YJyyyy-mmdd-NN by its start date)."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写操作人")

    def run(tx: Tx) -> str:
        units = [r[0] for r in tx.execute("SELECT code FROM units ORDER BY sort_order")]
        problem = check_warning(fields, known_units=units)
        if problem:
            raise ValidationError(problem)
        prefix = f"YJ{fields['valid_from']:%Y-%m%d}-"
        number = tx.one("SELECT count(*) FROM warnings WHERE id LIKE ?", [prefix + "%"])[0] + 1
        while tx.one("SELECT count(*) FROM warnings WHERE id = ?", [f"{prefix}{number:02d}"])[0]:
            number += 1
        new_id = f"{prefix}{number:02d}"
        covered = ",".join(u for u in units if u in set(fields["units"]))
        tx.execute("INSERT INTO warnings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [new_id, fields["level"], str(fields["kind"]).strip(), covered, fields["valid_from"],
                    fields["valid_to"], str(fields["issued_by"]).strip(), str(fields["content"]).strip()])
        tx.audit(WARNING_ENTITY, new_id, "发布预警", actor.strip(), detail={"level": fields["level"], "kind": fields["kind"]})
        return new_id

    return store.write(run)


def dispatch_log(store: Store, start: date, end: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Dispatch entries sent between start and end (to a unit in scope), newest first, with unit names."""
    cond, params = _unit_list_cond(scope, "to_units")
    frame = store.query(
        f"SELECT * FROM dispatch_log WHERE CAST(sent_at AS DATE) BETWEEN ? AND ? AND {cond} ORDER BY sent_at DESC",
        [start, end, *params],
    )
    frame["unit_names"] = unit_names_of(store, frame["to_units"]) if len(frame) else []
    return frame


def log_dispatch(store: Store, fields: Mapping[str, Any], actor: str) -> int:
    """Record one dispatch (调度): who, to which units, what, and the response (may follow later)."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写调度人")

    def run(tx: Tx) -> int:
        units = [r[0] for r in tx.execute("SELECT code FROM units ORDER BY sort_order")]
        chosen = list(fields.get("to_units") or [])
        if not chosen:
            raise ValidationError("请选择调度对象（县区）")
        unknown = [u for u in chosen if u not in units]
        if unknown:
            raise ValidationError(f"县区“{'、'.join(unknown)}”不在县区名单中")
        if ingest.is_blank(fields.get("content")):
            raise ValidationError("请填写调度内容")
        sent_at = fields.get("sent_at") or tx.at
        if sent_at > tx.at:
            raise ValidationError(f"调度时间不能晚于现在（{clock.format_datetime(tx.at)}）")
        new_id = tx.one(
            "INSERT INTO dispatch_log (sent_at, actor, to_units, content, response) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [sent_at, actor.strip(), ",".join(u for u in units if u in set(chosen)), str(fields["content"]).strip(),
             None if ingest.is_blank(fields.get("response")) else str(fields["response"]).strip()],
        )[0]
        tx.audit(DISPATCH_ENTITY, str(new_id), "调度", actor.strip(), detail={"to_units": chosen})
        return int(new_id)

    return store.write(run)


# ================================================================================================
# Today's figures (the KPI row and the 值班日报's summary)
# ================================================================================================
@dataclass
class DayFigures:
    day: date
    as_of: datetime
    expected: int
    received: int
    on_time: int
    late_units: list[str]
    zero_units: list[str]
    situation_units: list[str]
    missing_units: list[str]          # past the cut-off without a report
    pending_units: list[str]          # not yet due (before today's cut-off)
    incidents: pd.DataFrame           # one row per chain that occurred on the day (current figures)
    warnings: pd.DataFrame            # in force at the as-of time (today) or during the day (past days)
    key_matters: list[tuple[str, str]]
    deaths: int = 0
    injuries: int = 0
    serious_injuries: int = 0


def day_figures(store: Store, day: date, as_of: datetime, scope: scopes.Scope = ()) -> DayFigures:
    grid = board(store, day, day, as_of, scope)
    chains = incident_chains(incidents(store, day, day, scope))
    every = warnings(store, as_of, scope)
    if day == as_of.date():
        active = every[every["in_force"]] if len(every) else every
    else:
        active = warnings_during(every, datetime.combine(day, time()), datetime.combine(day, time(23, 59, 59)))

    def names(mask) -> list[str]:
        return list(grid.loc[mask, "unit"])

    reported = grid["state"].isin([S_ON_TIME, S_LATE])
    key_matters = [(u, str(k)) for u, k in zip(grid["unit"], grid["key_matters"]) if not ingest.is_blank(k)]
    return DayFigures(
        day=day, as_of=as_of, expected=len(grid), received=int(reported.sum()),
        on_time=int((grid["state"] == S_ON_TIME).sum()), late_units=names(grid["state"] == S_LATE),
        zero_units=names(reported & (grid["situation"] == vocab.REPORT_ZERO)),
        situation_units=names(reported & (grid["situation"] == vocab.REPORT_SITUATION)),
        missing_units=names(grid["state"] == S_MISSING), pending_units=names(grid["state"] == S_PENDING),
        incidents=chains, warnings=active.reset_index(drop=True), key_matters=key_matters,
        deaths=int(chains["deaths"].sum()) if len(chains) else 0,
        injuries=int(chains["injuries"].sum()) if len(chains) else 0,
        serious_injuries=int(chains["serious_injuries"].sum()) if len(chains) else 0,
    )
