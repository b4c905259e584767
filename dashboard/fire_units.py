"""The units with unresolved major fire hazards (GB 35181-2017): queries, rules, actions, exports.

Rules are pure functions (countdown, review window, escalation, milestones behind, and `check`, which
says why an action is refused); `act` runs one action as one transaction with its audit event.
Derived things (days left, overdue days, urgency, review due date, 应提级督办) are computed, never stored.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard import clock, export, ingest, settings, vocab
from dashboard import scope as scopes
from dashboard.db import Store, Tx, ValidationError, describe_audit_detail

ENTITY = "fire_unit"

# Actions (the Chinese names are what the history timeline shows).
A_PROGRESS = "更新进度"
A_MILESTONE = "节点完成"
A_REQUEST_REVIEW = "申请复查"
A_REVIEW_PASS = "复查合格"
A_REVIEW_FAIL = "复查不合格"
A_LIST = "挂牌督办"
A_EXTEND = "延期"
ACTIONS = (A_PROGRESS, A_MILESTONE, A_REQUEST_REVIEW, A_REVIEW_PASS, A_REVIEW_FAIL, A_LIST, A_EXTEND)

OPEN_STATUSES = (vocab.FU_FILED, vocab.FU_IN_PROGRESS, vocab.FU_REVIEW_REQUESTED)


# -- pure rules -----------------------------------------------------------------------------------
def countdown(deadline: date | None, today: date, status: str | None = None) -> tuple[int | None, int]:
    """(days left, overdue days): days left is negative when overdue; a closed unit is never overdue."""
    if deadline is None or status == vocab.FU_CLOSED:
        return None, 0
    days = clock.days_left(deadline, today)
    return days, max(-days, 0)


def countdown_text(days: int | None, status: str | None = None) -> str:
    if status == vocab.FU_CLOSED:
        return "已销案"
    if days is None:
        return ""
    if days < 0:
        return f"逾期{-days}天"
    return "今日到期" if days == 0 else f"剩{days}天"


def review_due(requested: date | None, working_days: int | None = None) -> date | None:
    """The last day of the on-site review: ``review_working_days`` official working days after the request."""
    if requested is None:
        return None
    days = int(settings.get("review_working_days") if working_days is None else working_days)
    return clock.add_working_days(requested, days)


def review_window_refusal(requested: date | None, on: date, working_days: int | None = None) -> str | None:
    """Why a review on ``on`` is not allowed (None when it is): it needs a request and must be in the window."""
    if requested is None:
        return "该单位尚未申请复查，不能组织复查"
    if on < requested:
        return f"复查日期不能早于申请复查日期 {clock.format_date(requested)}"
    due = review_due(requested, working_days)
    if on > due:
        return (f"已超过复查时限：应在申请后{int(settings.get('review_working_days') if working_days is None else working_days)}"
                f"个工作日内（{clock.format_date(due)} 前）复查，请重新申请复查")
    return None


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def escalation_due(listing_date: date | None, months: int | None = None) -> date | None:
    if listing_date is None:
        return None
    return add_months(listing_date, int(settings.get("escalation_months") if months is None else months))


def needs_escalation(listing_level: str | None, listing_date: date | None, status: str, today: date,
                     months: int | None = None) -> bool:
    """应提级督办: listed, still not closed, and ``escalation_months`` have passed since listing."""
    if not listing_level or listing_level == vocab.NOT_LISTED or listing_date is None or status == vocab.FU_CLOSED:
        return False
    return today >= escalation_due(listing_date, months)


def milestone_behind(planned: date | None, actual: date | None, today: date) -> bool:
    """A milestone is behind when its planned date has passed and it has no actual date."""
    return planned is not None and actual is None and planned < today


def allowed(action: str, unit: Mapping[str, Any]) -> str | None:
    """Why ``action`` cannot be taken on a unit in its current status (None when it can)."""
    status = unit.get("status")
    if status == vocab.FU_CLOSED:
        return "该单位已销案摘牌，不能再操作"
    if action in (A_PROGRESS, A_MILESTONE) and status == vocab.FU_REVIEW_REQUESTED:
        return "已申请复查，等待复查结论；复查不合格退回整改中后才能更新进度"
    if action == A_REQUEST_REVIEW and status != vocab.FU_IN_PROGRESS:
        return f"只有“{vocab.FU_IN_PROGRESS}”的单位才能申请复查（当前：{status}）"
    if action in (A_REVIEW_PASS, A_REVIEW_FAIL) and status != vocab.FU_REVIEW_REQUESTED:
        return "该单位尚未申请复查，不能组织复查"
    if action not in ACTIONS:
        return f"未知操作：{action}"
    return None


def available_actions(unit: Mapping[str, Any]) -> list[str]:
    return [a for a in ACTIONS if allowed(a, unit) is None]


def check(action: str, unit: Mapping[str, Any], fields: Mapping[str, Any], today: date,
          milestones: Sequence[Mapping[str, Any]] = ()) -> str | None:
    """Why ``action`` with ``fields`` is refused on ``unit`` as of ``today`` (None when allowed)."""
    refusal = allowed(action, unit)
    if refusal:
        return refusal
    if action == A_PROGRESS:
        value = fields.get("progress")
        if value is None or isinstance(value, bool) or not float(value).is_integer():
            return "整改进度应为 0–100 的整数"
        value = int(value)
        if not 0 <= value <= 100:
            return "整改进度应为 0–100 的整数"
        if value < int(unit.get("progress") or 0) and ingest.is_blank(fields.get("reason")):
            return f"进度低于当前的 {int(unit.get('progress') or 0)}%，请说明原因"
    elif action == A_MILESTONE:
        seq = fields.get("seq")
        match = [m for m in milestones if int(m["seq"]) == seq] if seq is not None else []
        if not match:
            return "请选择整改节点"
        if clock.as_date(match[0].get("actual_date")) is not None:
            return f"节点“{match[0]['name']}”已于 {clock.format_date(clock.as_date(match[0]['actual_date']))} 完成"
        actual = clock.as_date(fields.get("actual_date"))
        if actual is None:
            return "请填写节点实际完成日期"
        if actual > today:
            return "实际完成日期不能晚于今天"
        filed = clock.as_date(unit.get("filed_date"))
        if filed is not None and actual < filed:
            return f"实际完成日期不能早于立案日期 {clock.format_date(filed)}"
    elif action in (A_REVIEW_PASS, A_REVIEW_FAIL):
        on = clock.as_date(fields.get("review_date"))
        if on is None:
            return "请填写复查日期"
        if on > today:
            return "复查日期不能晚于今天"
        refusal = review_window_refusal(clock.as_date(unit.get("review_requested_date")), on)
        if refusal:
            return refusal
        if ingest.is_blank(fields.get("reviewer")):
            return "请填写复查人（消防救援机构）"
        if action == A_REVIEW_FAIL and ingest.is_blank(fields.get("reason")):
            return "复查不合格时必须写明原因"
    elif action == A_LIST:
        level = fields.get("listing_level")
        if level not in vocab.LISTING_LEVELS or level == vocab.NOT_LISTED:
            return "请选择督办级别"
        if level == unit.get("listing_level"):
            return f"该单位已是{level}"
        if ingest.is_blank(fields.get("listing_doc")):
            return "请填写督办文号"
        listed_on = clock.as_date(fields.get("listing_date"))
        if listed_on is None:
            return "请填写挂牌日期"
        if listed_on > today:
            return "挂牌日期不能晚于今天"
        announced = clock.as_date(fields.get("announced_date"))
        if announced is not None and (announced < listed_on or announced > today):
            return "媒体公告日期应在挂牌日期与今天之间"
    elif action == A_EXTEND:
        new = clock.as_date(fields.get("new_deadline"))
        if new is None:
            return "请填写新的整改期限"
        current = clock.as_date(unit.get("deadline"))
        if current is not None and new <= current:
            return f"新的整改期限应晚于当前期限 {clock.format_date(current)}"
        if ingest.is_blank(fields.get("reason")):
            return "延期必须写明原因"
    return None


# -- queries --------------------------------------------------------------------------------------
def board(store: Store, today: date, scope: scopes.Scope = (), *, unresolved_only: bool = True) -> pd.DataFrame:
    """The fire-hazard units with their countdown, urgency band and next milestone, most urgent first."""
    cond, params = scopes.where(scope, "f.unit_code")
    status_cond = "f.status <> ?" if unresolved_only else "TRUE"
    status_params = [vocab.FU_CLOSED] if unresolved_only else []
    frame = store.query(
        f"""
        SELECT f.*, u.name AS unit,
               (SELECT name FROM fire_unit_milestones m
                 WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL ORDER BY m.planned_date, m.seq LIMIT 1)
                 AS next_milestone,
               (SELECT min(planned_date) FROM fire_unit_milestones m
                 WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL) AS next_milestone_date,
               (SELECT count(*) FROM fire_unit_milestones m
                 WHERE m.fire_unit_id = f.id AND m.actual_date IS NULL AND m.planned_date < ?) AS milestones_behind
        FROM fire_units f JOIN units u ON u.code = f.unit_code
        WHERE {cond} AND {status_cond}
        """,
        [today, *params, *status_params],
    )
    frame["listed"] = frame["listing_level"] != vocab.NOT_LISTED
    counts = [countdown(clock.as_date(d), today, s) for d, s in zip(frame["deadline"], frame["status"])]
    frame["days_left"] = [c[0] if c[0] is not None else 10**6 for c in counts]
    frame["overdue_days"] = [c[1] for c in counts]
    frame["urgency"] = [clock.urgency(c[0]) if c[0] is not None else clock.GREEN for c in counts]
    frame["countdown"] = [countdown_text(c[0], s) for c, s in zip(counts, frame["status"])]
    frame["escalate"] = [
        needs_escalation(lv, clock.as_date(ld), s, today)
        for lv, ld, s in zip(frame["listing_level"], frame["listing_date"], frame["status"])
    ]
    frame["review_due"] = [review_due(clock.as_date(r)) if s == vocab.FU_REVIEW_REQUESTED else None
                           for r, s in zip(frame["review_requested_date"], frame["status"])]
    frame["at_risk"] = (frame["days_left"] < 0) | (frame["milestones_behind"] > 0) | frame["escalate"]
    return frame.sort_values(["days_left", "listed", "name"], ascending=[True, False, True]).reset_index(drop=True)


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


LISTED_ANY, LISTED_YES, LISTED_NO = "全部", "挂牌督办", "未挂牌"


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
    status_cond = "f.status <> ?" if unresolved_only else "TRUE"
    frame = store.query(
        f"""
        SELECT m.fire_unit_id, f.name AS unit_name, u.name AS unit, m.seq, m.name, m.planned_date, m.actual_date,
               f.filed_date, f.deadline
        FROM fire_unit_milestones m JOIN fire_units f ON f.id = m.fire_unit_id JOIN units u ON u.code = f.unit_code
        WHERE {cond} AND {status_cond}
        ORDER BY f.deadline, f.id, m.seq
        """,
        [*params, *([vocab.FU_CLOSED] if unresolved_only else [])],
    )
    frame["behind"] = [milestone_behind(clock.as_date(p), clock.as_date(a), today)
                       for p, a in zip(frame["planned_date"], frame["actual_date"])]
    frame["late_done"] = [clock.as_date(a) is not None and clock.as_date(a) > clock.as_date(p)
                          for p, a in zip(frame["planned_date"], frame["actual_date"])]
    return frame


def unit_milestones(store: Store, unit_id: str) -> pd.DataFrame:
    return store.query(
        "SELECT seq, name, planned_date, actual_date FROM fire_unit_milestones WHERE fire_unit_id = ? ORDER BY seq",
        [unit_id],
    )


def _clean(record: Mapping[str, Any]) -> dict:
    out = {}
    for key, value in record.items():
        try:
            out[key] = None if pd.isna(value) else value
        except (TypeError, ValueError):
            out[key] = value
    return out


def detail(store: Store, unit_id: str, today: date) -> dict | None:
    """Every field of one unit with its derived countdown, review window and escalation flag, or None."""
    frame = board(store, today, unresolved_only=False)
    row = frame[frame["id"] == unit_id]
    if row.empty:
        return None
    record = _clean(row.iloc[0].to_dict())
    if record["status"] == vocab.FU_CLOSED:
        record["days_left"] = None
    record["escalation_due"] = escalation_due(clock.as_date(record.get("listing_date")))
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


# -- writes ---------------------------------------------------------------------------------------
def _load(tx: Tx, unit_id: str) -> dict:
    frame = tx.query("SELECT * FROM fire_units WHERE id = ?", [unit_id])
    if frame.empty:
        raise ValidationError(f"找不到重大火灾隐患单位 {unit_id}")
    return _clean(frame.iloc[0].to_dict())


def _tx_milestones(tx: Tx, unit_id: str) -> list[dict]:
    frame = tx.query("SELECT seq, name, planned_date, actual_date FROM fire_unit_milestones WHERE fire_unit_id = ?",
                     [unit_id])
    return [_clean(r) for r in frame.to_dict("records")]


def act(store: Store, unit_id: str, action: str, fields: Mapping[str, Any], actor: str) -> str:
    """Take ``action`` on a unit in one transaction with its audit event; returns the new status.

    Raises ValidationError with the Chinese reason (nothing written) when a rule refuses it.
    """
    if ingest.is_blank(actor):
        raise ValidationError("请填写操作人")
    fields = dict(fields)
    if fields.get("seq") is not None:
        fields["seq"] = int(fields["seq"])

    def run(tx: Tx) -> str:
        unit = _load(tx, unit_id)
        today = tx.at.date()
        marks = _tx_milestones(tx, unit_id)
        refusal = check(action, unit, fields, today, marks)
        if refusal:
            raise ValidationError(refusal)
        status = unit["status"]
        new_status = status
        changes: dict[str, Any] = {}
        detail: dict[str, Any] = {}
        reason = None if ingest.is_blank(fields.get("reason")) else str(fields["reason"]).strip()
        if action == A_PROGRESS:
            changes["progress"] = int(fields["progress"])
            detail = {"progress": changes["progress"]}
            if status == vocab.FU_FILED:
                new_status = vocab.FU_IN_PROGRESS
        elif action == A_MILESTONE:
            actual = clock.as_date(fields["actual_date"])
            mark = next(m for m in marks if int(m["seq"]) == fields["seq"])
            tx.execute("UPDATE fire_unit_milestones SET actual_date = ? WHERE fire_unit_id = ? AND seq = ?",
                       [actual, unit_id, fields["seq"]])
            detail = {"milestone": mark["name"], "actual_date": actual}
            if fields.get("progress") is not None:
                changes["progress"] = max(0, min(100, int(fields["progress"])))
                detail["progress"] = changes["progress"]
            if status == vocab.FU_FILED:
                new_status = vocab.FU_IN_PROGRESS
        elif action == A_REQUEST_REVIEW:
            changes["review_requested_date"] = today
            new_status = vocab.FU_REVIEW_REQUESTED
            detail = {"requested_date": today, "review_due": review_due(today), "progress": unit.get("progress")}
        elif action in (A_REVIEW_PASS, A_REVIEW_FAIL):
            on = clock.as_date(fields["review_date"])
            detail = {"review_date": on, "reviewer": str(fields["reviewer"]).strip(),
                      "requested_date": clock.as_date(unit.get("review_requested_date"))}
            if action == A_REVIEW_PASS:
                new_status = vocab.FU_CLOSED
                changes.update(closed_date=on, progress=100)
                detail["closed_date"] = on
            else:
                new_status = vocab.FU_IN_PROGRESS
                changes["review_requested_date"] = None
        elif action == A_LIST:
            changes = {"listing_level": fields["listing_level"], "listing_doc": str(fields["listing_doc"]).strip(),
                       "listing_date": clock.as_date(fields["listing_date"]),
                       "announced_date": clock.as_date(fields.get("announced_date"))}
            detail = {"level": changes["listing_level"], "doc": changes["listing_doc"], "date": changes["listing_date"],
                      "announced_date": changes["announced_date"]}
            if not ingest.is_blank(fields.get("listing_unit")):
                detail["unit"] = str(fields["listing_unit"]).strip()
        elif action == A_EXTEND:
            new = clock.as_date(fields["new_deadline"])
            changes["deadline"] = new
            detail = {"old_deadline": clock.as_date(unit["deadline"]), "new_deadline": new}
        changes["status"] = new_status
        changes["updated_at"] = tx.at
        assignments = ", ".join(f"{column} = ?" for column in changes)  # column names are ours, not user text
        tx.execute(f"UPDATE fire_units SET {assignments} WHERE id = ?", [*changes.values(), unit_id])
        tx.audit(ENTITY, unit_id, action, actor.strip(), from_status=status, to_status=new_status, reason=reason,
                 detail=detail or None)
        return new_status

    return store.write(run)


# -- exports --------------------------------------------------------------------------------------
ANNOUNCEMENT_COLUMNS = (
    export.Column("no", "序号", 6),
    export.Column("unit", "县区", 10),
    export.Column("name", "单位名称", 30),
    export.Column("address", "地址", 28),
    export.Column("description", "重大火灾隐患", 44),
    export.Column("listing", "督办级别及文号", 26),
    export.Column("deadline", "整改期限", 12),
    export.Column("resp_unit", "整改责任单位", 28),
    export.Column("resp_person", "整改责任人", 10),
    export.Column("supervising_dept", "行业督办部门", 14),
    export.Column("fire_brigade", "属地消防大队", 20),
)


def _listing_text(level: str, doc: Any) -> str:
    if level == vocab.NOT_LISTED:
        return level
    return f"{level}（{doc}）" if isinstance(doc, str) and doc else level


def announcement_frame(board_frame: pd.DataFrame) -> pd.DataFrame:
    frame = board_frame.copy()
    frame["no"] = range(1, len(frame) + 1)
    frame["listing"] = [_listing_text(lv, doc) for lv, doc in zip(frame["listing_level"], frame["listing_doc"])]
    frame["deadline"] = [clock.as_date(d) for d in frame["deadline"]]
    return frame


def announcement_xlsx(board_frame: pd.DataFrame, *, as_of: datetime) -> bytes:
    """The list in the layout of a public announcement: unit, hazard, deadline, responsible unit and person."""
    frame = announcement_frame(board_frame)
    city = settings.get("city_name")
    return export.xlsx_table(
        frame, ANNOUNCEMENT_COLUMNS,
        title=f"{city}重大火灾隐患单位及整改责任公告",
        subtitle=f"{settings.get('office_name')} · 共 {len(frame)} 家 · 数据截至 {clock.format_datetime(as_of)}",
        sheet_name="重大火灾隐患公告",
        highlight=list(frame["overdue_days"] > 0),
    )


def briefing_docx(board_frame: pd.DataFrame, *, as_of: datetime) -> bytes:
    """A one-page Word progress briefing: the totals in a paragraph and one compact table row per unit."""
    frame = board_frame
    stats = summary(frame)
    behind = int((frame["milestones_behind"] > 0).sum())
    review = int((frame["status"] == vocab.FU_REVIEW_REQUESTED).sum())
    doc = export.docx_document()
    section = doc.sections[0]
    from docx.shared import Cm  # local import: only the briefing needs page geometry

    section.top_margin = section.bottom_margin = Cm(1.8)
    section.left_margin = section.right_margin = Cm(1.8)
    export.docx_title(doc, f"{settings.get('city_name')}重大火灾隐患整改进展情况", size=18)
    export.docx_paragraph(doc, f"{settings.get('office_name')}　{as_of:%Y年%m月%d日}", align="center", size=11)
    overdue_names = "、".join(frame.loc[frame["overdue_days"] > 0, "name"]) or "无"
    export.docx_paragraph(
        doc,
        f"截至{as_of:%Y年%m月%d日}，全市尚有重大火灾隐患单位{stats['unresolved']}家未销案，其中挂牌督办{stats['listed']}家，"
        f"已申请复查{review}家；已超过整改期限{stats['overdue']}家（{overdue_names}），整改节点滞后{behind}家。"
        "请各责任单位按照倒排工期，确保全面彻底整改到位。",
        indent=True, size=12, align="justify",
    )
    rows = []
    for i, r in enumerate(frame.itertuples(), start=1):
        listing = "" if r.listing_level == vocab.NOT_LISTED else r.listing_level.replace("挂牌督办", "")
        rows.append([i, r.unit, r.name, listing, clock.format_date(clock.as_date(r.deadline)), r.countdown,
                     f"{int(r.progress)}%", r.status, f"{r.resp_person} {r.resp_phone or ''}".strip()])
    export.docx_table(doc, ["序号", "县区", "单位名称", "挂牌", "整改期限", "倒计时", "进度", "状态", "责任人及电话"],
                      rows, size=9)
    return export.docx_bytes(doc)
