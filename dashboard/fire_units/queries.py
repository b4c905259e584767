"""What the fire-unit tables say: the board (countdown, urgency, next milestone, review window, escalation),
the page's filters, the milestones, one unit, its history, and the units unresolved at a day's end (for the
county ranking). The SQL of ``fire_units`` and ``fire_unit_milestones`` lives here, always with parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from dashboard import clock, vocab
from dashboard import scope as scopes
from dashboard.db import Store, describe_audit_detail
from dashboard.fire_units import rules
from dashboard.lifecycle import clean_record

__all__ = ["ENTITY", "LISTED_ANY", "LISTED_YES", "LISTED_NO", "NO_DEADLINE", "board", "summary", "filter_board",
           "milestones", "unit_milestones", "detail", "history", "DETAIL_LABELS", "describe_detail",
           "unresolved_at", "unresolved_records_at"]

ENTITY = "fire_unit"  # the audit events' entity
LISTED_ANY, LISTED_YES, LISTED_NO = "全部", "挂牌督办", "未挂牌"
NO_DEADLINE = 10**6  # days_left of a unit without one (sorts last)

_BOARD_SQL = """
    SELECT f.*, u.name AS unit,
           (SELECT name FROM fire_unit_milestones m
             WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL ORDER BY m.planned_date, m.seq LIMIT 1)
             AS next_milestone,
           (SELECT min(planned_date) FROM fire_unit_milestones m
             WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL) AS next_milestone_date,
           (SELECT count(*) FROM fire_unit_milestones m
             WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL AND m.planned_date < ?) AS milestones_behind
    FROM fire_units f JOIN units u ON u.code = f.unit_code
    WHERE {where}
"""


def _board(store: Store, today: date, where: str, params: list) -> pd.DataFrame:
    frame = store.query(_BOARD_SQL.format(where=where), [today, *params])  # ``where`` is ours, values parameters
    frame["listed"] = frame["listing_level"] != vocab.NOT_LISTED
    bands = clock.Bands.configured()
    counts = [rules.countdown(clock.as_date(d), today, s, bands) for d, s in zip(frame["deadline"], frame["status"])]
    frame["days_left"] = [NO_DEADLINE if c.days is None else c.days for c in counts]
    frame["overdue_days"] = [c.overdue_days for c in counts]
    frame["urgency"] = [c.urgency or clock.GREEN for c in counts]
    frame["countdown"] = [c.text for c in counts]
    frame["escalate"] = [
        rules.needs_escalation(lv, clock.as_date(ld), s, today)
        for lv, ld, s in zip(frame["listing_level"], frame["listing_date"], frame["status"])
    ]
    frame["review_due"] = [rules.review_due(clock.as_date(r)) if s == vocab.FU_REVIEW_REQUESTED else None
                           for r, s in zip(frame["review_requested_date"], frame["status"])]
    frame["at_risk"] = (frame["days_left"] < 0) | (frame["milestones_behind"] > 0) | frame["escalate"]
    return frame.sort_values(["days_left", "listed", "name"], ascending=[True, False, True]).reset_index(drop=True)


def board(store: Store, today: date, scope: scopes.Scope = (), *, unresolved_only: bool = True) -> pd.DataFrame:
    """The fire-hazard units with their countdown, urgency band and next milestone, most urgent first."""
    cond, params = scopes.where(scope, "f.unit_code")
    if unresolved_only:
        cond, params = f"{cond} AND f.status <> ?", [*params, vocab.FU_CLOSED]
    return _board(store, today, cond, params)


def summary(board_frame: pd.DataFrame) -> dict:
    """Unresolved, listed and overdue counts and the nearest deadline of a board."""
    upcoming = board_frame[board_frame["days_left"] >= 0]
    nearest = upcoming.iloc[0] if len(upcoming) else None
    return {
        "unresolved": len(board_frame),
        "listed": int(board_frame["listed"].sum()),
        "overdue": int((board_frame["days_left"] < 0).sum()),
        "nearest_name": None if nearest is None else nearest["name"],
        "nearest_days": None if nearest is None else int(nearest["days_left"]),
    }


def filter_board(frame: pd.DataFrame, *, listed: str = LISTED_ANY, statuses: Sequence[str] = (),
                 overdue_only: bool = False) -> pd.DataFrame:
    """The page's filters (the county scope is applied by the query)."""
    keep = pd.Series(True, index=frame.index)
    if listed == LISTED_YES:
        keep &= frame["listed"]
    elif listed == LISTED_NO:
        keep &= ~frame["listed"]
    if statuses:
        keep &= frame["status"].isin(list(statuses))
    if overdue_only:
        keep &= frame["overdue_days"] > 0
    return frame[keep].reset_index(drop=True)


def milestones(store: Store, today: date, scope: scopes.Scope = (), *, unresolved_only: bool = True) -> pd.DataFrame:
    """Every milestone of the (unresolved) units in scope with its unit's name and a 'behind' flag."""
    cond, params = scopes.where(scope, "f.unit_code")
    if unresolved_only:
        cond, params = f"{cond} AND f.status <> ?", [*params, vocab.FU_CLOSED]
    frame = store.query(
        f"""
        SELECT m.fire_unit_id, f.name AS unit_name, u.name AS unit, m.seq, m.name, m.planned_date, m.actual_date,
               f.filed_date, f.deadline
        FROM fire_unit_milestones m JOIN fire_units f ON f.id = m.fire_unit_id JOIN units u ON u.code = f.unit_code
        WHERE {cond}
        ORDER BY f.deadline, f.id, m.seq
        """,
        params,
    )
    planned = [clock.as_date(p) for p in frame["planned_date"]]
    actual = [clock.as_date(a) for a in frame["actual_date"]]
    frame["behind"] = [rules.milestone_behind(p, a, today) for p, a in zip(planned, actual)]
    frame["late_done"] = [a is not None and a > p for p, a in zip(planned, actual)]
    return frame


def unit_milestones(store: Store, unit_id: str) -> pd.DataFrame:
    """One unit's milestones in order: seq, name, planned_date, actual_date."""
    return store.query(
        "SELECT seq, name, planned_date, actual_date FROM fire_unit_milestones WHERE fire_unit_id = ? ORDER BY seq",
        [unit_id],
    )


def detail(store: Store, unit_id: str, today: date) -> dict | None:
    """Every field of one unit with its derived countdown, review window and escalation flag, and its
    milestones (a list of dicts, in order), or None."""
    frame = _board(store, today, "f.id = ?", [unit_id])
    if frame.empty:
        return None
    record = clean_record(frame.iloc[0].to_dict())
    if record["status"] == vocab.FU_CLOSED:
        record["days_left"] = None
    record["escalation_due"] = rules.escalation_due(clock.as_date(record.get("listing_date")))
    record["milestones"] = [clean_record(m) for m in unit_milestones(store, unit_id).to_dict("records")]
    return record


def history(store: Store, unit_id: str) -> pd.DataFrame:
    """The unit's audit events, oldest first."""
    return store.audit_history(ENTITY, unit_id)


DETAIL_LABELS = {
    "progress": "整改进度%", "milestone": "节点", "actual_date": "实际完成", "level": "级别", "unit": "督办单位",
    "doc": "文号", "date": "挂牌日期", "announced_date": "媒体公告日期", "old_deadline": "原期限",
    "new_deadline": "新期限", "clauses": "判定条款", "judgement": "判定方式", "review_date": "复查日期",
    "reviewer": "复查人", "requested_date": "申请日期", "closed_date": "销案日期", "review_due": "复查时限",
}


def describe_detail(detail_json: str | None) -> str:
    """An audit event's JSON detail as one Chinese line."""
    return describe_audit_detail(detail_json, DETAIL_LABELS)


# -- for the county ranking: what was unresolved at the end of a day --------------------------------
_UNRESOLVED_AT = "filed_date <= ? AND (closed_date IS NULL OR closed_date > ?)"


def unresolved_at(store: Store, end: date) -> dict[str, int]:
    """Per county-level unit code, the fire-hazard units filed on or before ``end`` and not closed by it
    (one query for all units; a unit with none is absent)."""
    rows = store.rows(f"SELECT unit_code, count(*) FROM fire_units WHERE {_UNRESOLVED_AT} GROUP BY 1", [end, end])
    return {code: int(n) for code, n in rows}


def unresolved_records_at(store: Store, end: date, unit_code: str) -> pd.DataFrame:
    """The fire-hazard units of one county-level unit unresolved at ``end``, as the ranking lists them."""
    return store.query(
        f"""
        SELECT id AS 编号, name AS 单位名称, filed_date AS 立案日期, deadline AS 整改期限, listing_level AS 督办级别,
               status AS 当前状态, progress AS 整改进度, resp_person AS 责任人
        FROM fire_units
        WHERE unit_code = ? AND {_UNRESOLVED_AT}
        ORDER BY deadline, id
        """,
        [unit_code, end, end],
    )
