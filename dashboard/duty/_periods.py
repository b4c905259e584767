"""Duty periods (值班时段: 五一, 国庆, 春节 …): which one holds a day, the default one to show, adding one."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pandas as pd

from dashboard import clock, ingest, roles
from dashboard.db import Store, Tx, ValidationError

PERIOD_ENTITY = "duty_period"
A_ADD_PERIOD = "新增值班时段"  # the audit action (and its line in roles.RULES)


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


def _period_dict(row: dict) -> dict:
    return {**row, "start_date": clock.as_date(row["start_date"]), "end_date": clock.as_date(row["end_date"])}


def period_on(store: Store, day: date) -> dict | None:
    """The duty period that contains ``day`` (e.g. May Day 2021), or None outside holidays."""
    frame = store.query(
        "SELECT * FROM duty_periods WHERE ? BETWEEN start_date AND end_date ORDER BY start_date LIMIT 1", [day]
    )
    return None if frame.empty else _period_dict(frame.iloc[0].to_dict())


def periods(store: Store) -> pd.DataFrame:
    """Every duty period, newest first."""
    return store.query("SELECT id, name, short_name, start_date, end_date FROM duty_periods ORDER BY start_date DESC")


def period_spans(store: Store) -> list[tuple[date, date]]:
    """(first day, last day) of every duty period."""
    return [(clock.as_date(a), clock.as_date(b)) for a, b in store.rows("SELECT start_date, end_date FROM duty_periods")]


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
    upcoming = frame[frame["start_date"].dt.date > today]
    return (upcoming.iloc[-1] if len(upcoming) else frame.iloc[0])["id"]


def add_period(store: Store, fields: Mapping[str, Any], actor: roles.User) -> str:
    """Add a duty period (e.g. 国庆, 春节); refused when dates overlap another period."""

    def run(tx: Tx) -> str:
        existing = tx.query("SELECT id, name, start_date, end_date FROM duty_periods")
        problem = check_period(fields, existing)
        if problem:
            raise ValidationError(problem)
        start, end = fields["start_date"], fields["end_date"]
        period_id = f"{start:%Y%m%d}-{str(fields['short_name']).strip()}"
        tx.execute("INSERT INTO duty_periods VALUES (?, ?, ?, ?, ?)",
                   [period_id, str(fields["name"]).strip(), str(fields["short_name"]).strip(), start, end])
        tx.audit(PERIOD_ENTITY, period_id, A_ADD_PERIOD, actor,
                 detail={"name": fields["name"], "start": start, "end": end})
        return period_id

    return store.write(run)
