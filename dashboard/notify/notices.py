"""The messages that reach people: each missing county's own chase (催报) at the report cut-off, to the roster's
带班领导 and 值班人员; the reminder to the person responsible for a hazard or a major fire-hazard unit whose
deadline is today. At most one per kind, subject, phone and day (``notifications_once``).

- ``chase_notices`` / ``deadline_notices``: the messages due, composed from the store (nothing sent).
- ``send``: through the gateway (dashboard/notify/gateway.py) when one is configured, each answer kept; a chase
  also becomes its county's own 调度记录 row. The network is never used inside a write: a subject's messages are
  sent first, then one transaction records them, subject after subject. A page does not call it itself: it hands
  the messages to the sending thread (``service.Reminders.hand``) and shows their states as they move.
- ``record_call``: without a gateway (or after a send that failed), the officer who phoned says so, per call; the
  same records (a failed send's row becomes the call, the gateway's answer kept beside the call's).
- One sender at a time in the process (``_SENDING``): the app's reminder thread and an officer's click never both
  send the same message while the other waits for the gateway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from dashboard import clock, duty, fire_units, hazards, ingest, roles, settings
from dashboard.db import Store, Tx, ValidationError
from dashboard.notify import gateway

__all__ = ["KIND_CHASE", "KIND_HAZARD", "KIND_FIRE_UNIT", "CALLED", "PENDING", "SENDING", "RETRYING", "RECORDED",
           "ENTITY", "Notice", "chase_notices", "deadline_notices", "check_sender", "key", "not_yet", "send",
           "record_call", "sent_today", "notifications"]

KIND_CHASE, KIND_HAZARD, KIND_FIRE_UNIT = "催报", "隐患整改到期提醒", "火灾隐患整改到期提醒"
CALLED = "已电话通知"
# A message's state while the sending thread has it (not kept: the table keeps 已发送 / 发送失败 / 已电话通知)
PENDING, SENDING, RETRYING = "待发送", "发送中", "失败，将重试"
RECORDED = "已记录"  # progress's last word for a message: the table holds it now
_SENDING = threading.Lock()  # the sends of this process, one batch at a time (see the module's docstring)
ENTITY = "notification"  # the audit entity of a reminder; a chase is a 调度 (duty.DISPATCH_ENTITY)


@dataclass(frozen=True)
class Notice:
    kind: str
    subject: str          # the county's code, the hazard's or the fire unit's id
    unit_code: str
    day: date
    recipient: str
    phone: str
    message: str


def _signature() -> str:
    return f"{settings.get('city_name')}安委办"


def chase_notices(store: Store, day: date, as_of: datetime, scope: Sequence[str] = ()) -> list[Notice]:
    """Every county past the cut-off without its report for ``day``: one message to its 带班领导 and one to its
    值班人员 (those with a phone on the roster)."""
    missing = duty.chase_list(store, day, as_of, tuple(scope))
    missing = missing[missing["state"] == duty.S_MISSING] if len(missing) else missing
    notices = []
    cutoff = settings.get("report_cutoff")
    for row in missing.itertuples():
        text = (f"【{_signature()}】{row.unit}：{day.month}月{day.day}日值班信息应于{cutoff}前报送，"
                f"目前尚未报送（{row.overdue}）。请带班领导{_name(row.leader)}、值班人员{_name(row.officer)}立即报送。")
        for person, phone in ((row.leader, row.leader_phone), (row.officer, row.officer_phone)):
            if not ingest.is_blank(phone):
                notices.append(Notice(KIND_CHASE, row.unit_code, row.unit_code, day, _name(person), str(phone), text))
    return notices


def _name(value) -> str:
    return "（值班表未填）" if ingest.is_blank(value) else str(value)


def deadline_notices(store: Store, day: date) -> list[Notice]:
    """The persons responsible for an open hazard or an unresolved major fire-hazard unit whose deadline is ``day``."""
    notices = []
    for row in hazards.due_on(store, day).itertuples():
        if not ingest.is_blank(row.resp_phone):
            notices.append(Notice(KIND_HAZARD, row.id, row.unit_code, day, _name(row.resp_person), str(row.resp_phone),
                                  f"【{_signature()}】{row.unit}{row.enterprise}：隐患“{row.description}”（{row.id}）"
                                  f"整改期限为今天（{day.month}月{day.day}日），请按期完成整改并报送整改情况。"))
    board = fire_units.board(store, day)
    for row in board[board["days_left"] == 0].itertuples() if len(board) else ():
        if not ingest.is_blank(row.resp_phone):
            notices.append(Notice(KIND_FIRE_UNIT, row.id, row.unit_code, day, _name(row.resp_person),
                                  str(row.resp_phone),
                                  f"【{_signature()}】{row.name}：重大火灾隐患整改期限为今天（{day.month}月{day.day}日），"
                                  f"请按期完成整改并申请复查。"))
    return notices


def sent_today(store: Store, kind: str, day: date) -> set[tuple[str, str]]:
    """(subject, phone) of the ``kind`` messages already recorded for ``day``."""
    return {(s, p) for s, p in store.rows("SELECT subject, phone FROM notifications WHERE kind = ? AND day = ?",
                                          [kind, day])}


def check_sender(notices: Sequence[Notice], actor: roles.User) -> None:
    """ValidationError (Chinese) when no gateway is configured or ``actor`` may not send these kinds; asked before
    anything leaves the machine (and before a page hands messages to the sending thread)."""
    if not gateway.configured():
        raise ValidationError("未配置短信网关（设置 sms_gateway_url），请电话通知后逐条记录")
    for kind in {n.kind for n in notices}:
        if not roles.may_any(actor, *_entity_action(kind)):
            raise ValidationError(roles.refusal(actor, *_entity_action(kind)) or "无权发送")


def key(notice: Notice) -> tuple[str, str, str, date]:
    """A message's identity: at most one a kind, subject, phone and day (the table's ``notifications_once``)."""
    return notice.kind, notice.subject, notice.phone, notice.day


def send(store: Store, notices: Sequence[Notice], actor: roles.User, *,
         progress: Callable[[Notice, str, str], None] | None = None) -> list[tuple[Notice, gateway.Outcome]]:
    """Send the ``notices`` not yet recorded today through the gateway and record every outcome (a failed one
    flagged 发送失败 after its retries): one subject (a county's chase to its leader and officer, one person's
    reminder) at a time, each recorded as soon as its answers are in. ValidationError when no gateway is configured
    or the actor may not. ``progress(notice, state, answer)`` is told each message's state as it moves: 发送中,
    失败，将重试, 已发送 / 发送失败 (answered), then ``RECORDED`` once the table holds it."""
    check_sender(notices, actor)
    tell = progress or (lambda notice, state, answer: None)
    outcomes: list[tuple[Notice, gateway.Outcome]] = []
    with _SENDING:  # what is not yet recorded is read, sent and recorded before another sender looks
        for subject in _by_subject(not_yet(store, notices)):
            done = []
            for notice in subject:
                tell(notice, SENDING, "")
                outcome = gateway.send(notice.phone, notice.message,
                                       on_retry=lambda attempt, answer, n=notice: tell(n, RETRYING, answer))
                tell(notice, outcome.status, outcome.response)
                done.append((notice, outcome))
            store.write(lambda tx, done=done: _record(tx, [(n, o.status, o.attempts, o.response) for n, o in done],
                                                      actor))
            for notice, _ in done:
                tell(notice, RECORDED, "")
            outcomes += done
    return outcomes


def _by_subject(notices: Sequence[Notice]) -> list[list[Notice]]:
    groups: dict[tuple[str, str], list[Notice]] = {}
    for notice in notices:
        groups.setdefault((notice.kind, notice.subject), []).append(notice)
    return list(groups.values())


def record_call(store: Store, notice: Notice, actor: roles.User, response: str = "") -> None:
    """The officer phoned ``notice``'s person (no gateway, or a failed send): recorded as that officer's call."""
    with _SENDING:
        store.write(lambda tx: _record(tx, [(notice, CALLED, 1, str(response or "").strip() or None)], actor))


def not_yet(store: Store, notices: Sequence[Notice]) -> list[Notice]:
    """The ``notices`` not recorded yet (sent, failed or phoned) for their day."""
    done = {(k, d): sent_today(store, k, d) for k, d in {(n.kind, n.day) for n in notices}}
    return [n for n in notices if (n.subject, n.phone) not in done[(n.kind, n.day)]]


def _entity_action(kind: str) -> tuple[str, str]:
    return (duty.DISPATCH_ENTITY, KIND_CHASE) if kind == KIND_CHASE else (ENTITY, kind)


def _record(tx: Tx, results: Sequence[tuple[Notice, str, int, str | None]], actor: roles.User) -> None:
    now = clock.local_now()
    by_subject: dict[tuple[str, str], list] = {}
    for notice, status, attempts, response in results:
        by_subject.setdefault((notice.kind, notice.subject), []).append((notice, status, attempts, response))
    for (kind, subject), items in by_subject.items():
        first = items[0][0]
        entity, action = _entity_action(kind)
        tx.authorize(actor, entity, action, county=first.unit_code)  # before its name goes into the records
        dispatch_id = None
        summary = "；".join(f"{n.recipient} {n.phone}：{s}" + (f"（{r}）" if r and s != gateway.SENT else "")
                           for n, s, _, r in items)
        if kind == KIND_CHASE:  # the county's own 调度记录 row: one chase, one county
            dispatch_id = tx.one("INSERT INTO dispatch_log (sent_at, actor, to_units, content, response)"
                                 " VALUES (?, ?, ?, ?, ?) RETURNING id",
                                 [tx.at, actor.label, first.unit_code, first.message, summary[:1000]])[0]
        for notice, status, attempts, response in items:
            once = [kind, subject, notice.phone, notice.day]
            earlier = tx.one("SELECT status, attempts, response FROM notifications WHERE kind = ? AND subject = ?"
                             " AND phone = ? AND day = ?", once)
            if earlier and not (status == CALLED and earlier[0] == gateway.FAILED):
                raise ValidationError(f"{notice.recipient}（{notice.phone}）今天已通知过，不再重复")
            if earlier:  # the send failed, the officer phoned: the row is the call now, the gateway's answer kept
                said = "；".join(t for t in (f"短信：{earlier[2]}" if earlier[2] else "",
                                             f"电话：{response}" if response else "") if t)
                tx.execute("UPDATE notifications SET status = ?, attempts = ?, response = ?, sent_at = ?, actor = ?,"
                           " dispatch_id = coalesce(?, dispatch_id) WHERE kind = ? AND subject = ? AND phone = ?"
                           " AND day = ?", [status, int(earlier[1]) + attempts, said or None, now, actor.label,
                                            dispatch_id, *once])
                continue
            tx.execute("INSERT INTO notifications (kind, subject, unit_code, day, recipient, phone, message, status,"
                       " attempts, response, sent_at, actor, dispatch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [kind, subject, notice.unit_code, notice.day, notice.recipient, notice.phone, notice.message,
                        status, attempts, response, now, actor.label, dispatch_id])
        tx.audit(entity, str(dispatch_id or subject), action, actor, county=first.unit_code,
                 detail={"kind": kind, "subject": subject, "to": summary})


def notifications(store: Store, day: date | None = None) -> pd.DataFrame:
    """The messages recorded (for ``day``, or all), newest first."""
    where, params = ("WHERE day = ?", [day]) if day else ("", [])
    return store.query(f"SELECT * FROM notifications {where} ORDER BY sent_at DESC, id DESC", params)
