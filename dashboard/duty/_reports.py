"""The units' daily reports (值班信息): the checks a report must pass, submitting one (a resubmission is
a new version, the earlier ones stay), and reading them back.

A 有情况 report must say what happened (details text); a 零报告 may not carry accidents, fires or
casualties (it means "nothing happened").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard import clock, ingest, roles, vocab
from dashboard import scope as scopes
from dashboard.db import Store, Tx, ValidationError
from dashboard.duty._common import count, phone_problems, text_or_none
from dashboard.duty._roster import REPORT_PEOPLE
from dashboard.duty._timeliness import status_text, timeliness

REPORT_ENTITY = "duty_report"
A_REPORT, A_CORRECT = "报送", "更正报送"  # the audit actions (and their lines in roles.RULES)
COUNT_FIELDS = {
    "accidents": "事故起数", "fires": "火灾起数", "deaths": "死亡人数", "injuries": "受伤人数",
    "inspections": "检查单位数", "hazards_found": "发现隐患数", "hazards_fixed": "整改隐患数",
}
ZERO_DETAILS = "无生产安全事故，无火灾，安全形势平稳（零报告）。"


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
        counts[key], problem = count(fields, key, label)
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
    phones = phone_problems(fields)
    return f"{phones[0][0]}：{phones[0][1]}" if phones else None


def zero_report(unit_code: str, day: date, people: Mapping[str, str]) -> dict:
    """The fields of a one-click 零报告 from the roster's people; the officer reports it."""
    return {"unit_code": unit_code, "report_date": day, "situation": vocab.REPORT_ZERO,
            "reporter": people.get("officer"), **people}


def replacement_text(unit_name: str, day: date, today: date, current: Mapping[str, Any]) -> str:
    """What a new submission would replace, said before it does (``current`` is the unit's current version
    of ``day``'s report: version, situation, submitted_at): "汉滨区今日已报送 有情况（第1版，16:05），再次
    报送将作为第2版替换当前版本"."""
    label = "今日" if day == today else f"{day.month}月{day.day}日"
    at = clock.as_datetime(current["submitted_at"])
    when = f"{at:%H:%M}" if at.date() == day else f"{at.month}月{at.day}日 {at:%H:%M}"
    version = int(current["version"])
    return (f"{unit_name}{label}已报送 {current['situation']}（第{version}版，{when}），"
            f"再次报送将作为第{version + 1}版替换当前版本")


def _refusal(one: Callable[[str, list], tuple], fields: Mapping[str, Any], today: date) -> str | None:
    units = one("SELECT list(code) FROM units", [])[0]
    day = fields.get("report_date")
    in_period = bool(isinstance(day, date) and one(
        "SELECT count(*) FROM duty_periods WHERE ? BETWEEN start_date AND end_date", [day])[0])
    return check_report(fields, known_units=units, today=today, period_days=None if in_period else [])


def report_refusal(store: Store, fields: Mapping[str, Any]) -> str | None:
    """Why ``submit_report`` would refuse ``fields`` now (Chinese), or None; nothing is written. A page asks
    this before it asks the user to confirm replacing a report, so a confirmation is never followed by a
    refusal."""
    return _refusal(lambda sql, params: store.rows(sql, params)[0], fields, store.as_of().date())


def submit_report(store: Store, fields: Mapping[str, Any], actor: roles.User, *,
                  replaces: int | None = None) -> int:
    """Submit a unit's daily report; a report for the same unit and day becomes a new version (the earlier
    ones stay in history). Returns the version. Refused (nothing written) with the reason in Chinese.

    ``replaces`` is the version the submitter saw as current and agreed to replace (0: none); when given
    and the unit's current version is another (a report arrived meanwhile), the write is refused with
    what it would replace (``replacement_text``). Without it, a new version is added unasked."""

    def run(tx: Tx) -> int:
        tx.authorize(actor, REPORT_ENTITY, A_REPORT, county=fields.get("unit_code"))  # before what it would replace
        problem = _refusal(tx.one, fields, tx.at.date())
        if problem:
            raise ValidationError(problem)
        unit, day = fields["unit_code"], fields["report_date"]
        previous = tx.one("SELECT coalesce(max(version), 0) FROM duty_reports WHERE unit_code = ? AND report_date = ?",
                          [unit, day])[0]
        if replaces is not None and previous and previous != replaces:
            current = tx.one("SELECT version, situation, submitted_at FROM duty_reports WHERE unit_code = ? "
                             "AND report_date = ? AND version = ?", [unit, day, previous])
            name = tx.one("SELECT name FROM units WHERE code = ?", [unit])[0]
            said = replacement_text(name, day, tx.at.date(),
                                    dict(zip(("version", "situation", "submitted_at"), current)))
            raise ValidationError(f"{said}。该版本是在您打开页面之后报送的，请核对后再次点击报送并确认")
        version = previous + 1
        counts = {k: count(fields, k, v)[0] for k, v in COUNT_FIELDS.items()}
        text = {k: text_or_none(fields.get(k)) for k in (*REPORT_PEOPLE, "details", "key_matters", "reporter")}
        if fields["situation"] == vocab.REPORT_ZERO and text["details"] is None:
            text["details"] = ZERO_DETAILS
        tx.execute(
            """INSERT INTO duty_reports (unit_code, report_date, version, submitted_at, leader, leader_title,
                   leader_phone, officer, officer_phone, duty_phone, situation, accidents, fires, deaths, injuries,
                   inspections, hazards_found, hazards_fixed, details, key_matters, reporter)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [unit, day, version, tx.at, *(text[k] for k in REPORT_PEOPLE), fields["situation"],
             *(counts[k] for k in COUNT_FIELDS), text["details"], text["key_matters"], text["reporter"]],
        )
        tx.audit(REPORT_ENTITY, f"{unit}/{day:%Y-%m-%d}/{version}", A_REPORT if version == 1 else A_CORRECT,
                 actor, county=unit, to_status=fields["situation"],
                 reason=None if version == 1 else (fields.get("reason") or "重新报送，替换上一版本"),
                 detail={"unit": unit, "report_date": day, "version": version, **counts})
        return version

    return store.write(run)


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


def report_history(store: Store, unit_code: str, day: date) -> pd.DataFrame:
    """Every submitted version of one unit's report for one day, newest first, with its timeliness."""
    frame = store.query(
        "SELECT * FROM duty_reports WHERE unit_code = ? AND report_date = ? ORDER BY version DESC", [unit_code, day]
    )
    frame["timeliness"] = [status_text(*timeliness(day, clock.as_datetime(t))) for t in frame["submitted_at"]]
    return frame
