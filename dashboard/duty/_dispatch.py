"""The dispatch log (调度记录): who told which units what, and the response (which may follow later)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

import pandas as pd

from dashboard import clock, ingest, roles
from dashboard import scope as scopes
from dashboard.db import Store, Tx, ValidationError
from dashboard.duty._common import covered, text_or_none, unit_codes, unit_list_cond, unit_names_of, \
    unknown_units

DISPATCH_ENTITY = "dispatch"
A_DISPATCH = "调度"  # the audit action (and its line in roles.RULES)


def dispatch_log(store: Store, start: date, end: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Dispatch entries sent between start and end (to a unit in scope), newest first, with unit names."""
    cond, params = unit_list_cond(scope, "to_units")
    frame = store.query(
        f"SELECT * FROM dispatch_log WHERE CAST(sent_at AS DATE) BETWEEN ? AND ? AND {cond} ORDER BY sent_at DESC",
        [start, end, *params],
    )
    frame["unit_names"] = unit_names_of(store, frame["to_units"]) if len(frame) else []
    return frame


def chase_dispatch(units: Sequence[str], day: date, cutoff: time) -> dict:
    """The dispatch recorded after phoning a unit still missing ``day``'s report (one call, one unit: the log
    keeps a row per call, so who was called when stays visible)."""
    return {"to_units": list(units), "content": _chase_content(day, cutoff)}


def _chase_content(day: date, cutoff: time) -> str:
    return f"截至{cutoff:%H时%M分}未收到你单位{day.month}月{day.day}日值班信息，请立即报送。"


def chase_calls(store: Store, day: date, cutoff: time) -> pd.DataFrame:
    """The chases logged for ``day``'s report (``chase_dispatch``), per unit: unit_code, calls, last_at."""
    return store.query(
        """SELECT code AS unit_code, count(*) AS calls, max(sent_at) AS last_at
           FROM (SELECT unnest(string_split(to_units, ',')) AS code, sent_at FROM dispatch_log WHERE content = ?)
           GROUP BY code""",
        [_chase_content(day, cutoff)],
    )


def log_dispatch(store: Store, fields: Mapping[str, Any], actor: roles.User) -> int:
    """Record one dispatch (调度): who (the signed-in user), to which units, what, and the response (may follow
    later)."""

    def run(tx: Tx) -> int:
        tx.authorize(actor, DISPATCH_ENTITY, A_DISPATCH)  # before its name goes into the log
        units = unit_codes(tx)
        chosen = list(fields.get("to_units") or [])
        if not chosen:
            raise ValidationError("请选择调度对象（县区）")
        unknown = unknown_units(chosen, units)
        if unknown:
            raise ValidationError(unknown)
        if ingest.is_blank(fields.get("content")):
            raise ValidationError("请填写调度内容")
        sent_at: datetime = fields.get("sent_at") or tx.at
        if sent_at > tx.at:
            raise ValidationError(f"调度时间不能晚于现在（{clock.format_datetime(tx.at)}）")
        new_id = tx.one(
            "INSERT INTO dispatch_log (sent_at, actor, to_units, content, response) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [sent_at, actor.label, covered(units, chosen), str(fields["content"]).strip(), text_or_none(fields.get("response"))],
        )[0]
        tx.audit(DISPATCH_ENTITY, str(new_id), A_DISPATCH, actor, detail={"to_units": chosen})
        return int(new_id)

    return store.write(run)
