"""The messages that reach people: each missing county's own chase (催报) at the report cut-off, to the roster's
带班领导 and 值班人员; the reminder to the person responsible for a hazard or a major fire-hazard unit whose
deadline is today. At most one per kind, subject, phone and day (``notifications_once``).

- ``chase_notices`` / ``deadline_notices``: the messages due, composed from the store (nothing sent).
- ``send``: through the gateway (dashboard/notify/gateway.py) when one is configured, each answer kept; a chase
  also becomes its county's own 调度记录 row. The network is never used inside a write: a subject's messages are
  sent first, then one transaction records them, subject after subject. A page does not call it itself: it hands
  the messages to the sending thread (``service.Reminders.hand``) and shows their states as they move.
- ``record_call``: the officer who phoned says so, per call (no gateway, a failed send, or a message still waiting
  its turn in the thread); the same records (a failed send's row becomes the call, the gateway's answer kept beside
  the call's).
- No lock is held while the network is used. Each message is *in flight* in this process (``_flying``, behind a
  lock held only to look or change it) from the moment a sender takes it until its outcome is recorded: a sender
  takes a message only if nobody has it, then reads the table again, so two senders never send it twice and a
  message phoned meanwhile is not sent; ``record_call`` never waits: it records a message nobody has, takes over one
  whose send has failed at least once (失败，将重试: no further attempt; 发送失败 not yet recorded), and refuses at
  once the one on the wire or one already sent. A message the gateway answered but the store would not record
  stays in flight with its outcome (``unrecorded``) until ``record_sent`` records it: never sent again meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from dashboard import clock, duty, fire_units, hazards, ingest, roles, settings
from dashboard.db import WRITE_WAIT_SECONDS, Store, StoreError, Tx, ValidationError
from dashboard.notify import gateway

__all__ = ["KIND_CHASE", "KIND_HAZARD", "KIND_FIRE_UNIT", "CALLED", "PENDING", "SENDING", "RETRYING", "UNRECORDED",
           "RECORDED", "SKIPPED", "ENTITY", "Notice", "chase_notices", "deadline_notices", "check_sender", "key",
           "not_yet", "by_subject", "send", "record_sent", "forget", "record_call", "sent_today",
           "notifications"]

KIND_CHASE, KIND_HAZARD, KIND_FIRE_UNIT = "催报", "隐患整改到期提醒", "火灾隐患整改到期提醒"
CALLED = "已电话通知"
# A message's state while the sending thread has it (not kept: the table keeps 已发送 / 发送失败 / 已电话通知)
PENDING, SENDING, RETRYING = "待发送", "发送中", "失败，将重试"
UNRECORDED = {gateway.SENT: "已发送，待记录", gateway.FAILED: "发送失败，待记录"}  # answered; the store refused the record
RECORDED = "已记录"  # progress's last word for a message: the table holds it now
SKIPPED = "未发送"   # …or: another sender or an officer's call had it (the table holds, or will hold, what they did)
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


# -- in flight (see the module's docstring) -----------------------------------------------------------------------
_WIRE, _RETRY, _SENT, _FAILED, _CALLING, _TAKEN = "wire", "retry", "sent", "failed", "calling", "taken"
_FLIGHT = threading.Lock()  # held only to look at or change _flying: never while the gateway or the store works
_flying: dict[tuple, str] = {}  # (store file, kind, subject, phone, day) -> where that message is
_TAKE_OVER = {_RETRY, _FAILED}  # a send that failed at least once: an officer's call may take it over
_REFUSED = {_WIRE: "该短信正在发送，请稍后再记录电话通知",
            _SENT: "该短信已发送成功（正在记录），无需再记录电话通知",
            _CALLING: "该电话通知正在记录，请勿重复记录", _TAKEN: "该电话通知正在记录，请勿重复记录"}
_FEW = 64  # up to this many messages, not_yet looks each up (the unique index) instead of reading the whole day


def _flight_key(store: Store, notice: Notice) -> tuple:
    return (str(store.path), *key(notice))


def _take(store: Store, notice: Notice) -> bool:
    """``notice`` is this sender's now (True), unless another sender or an officer's call has it."""
    with _FLIGHT:
        if _flight_key(store, notice) in _flying:
            return False
        _flying[_flight_key(store, notice)] = _WIRE
        return True


def _mark(store: Store, notice: Notice, state: str) -> None:
    """A taken message moves on, unless a call has taken it over meanwhile."""
    with _FLIGHT:
        if _flying.get(_flight_key(store, notice)) != _TAKEN:
            _flying[_flight_key(store, notice)] = state


def _taken_over(store: Store, notice: Notice) -> bool:
    with _FLIGHT:
        return _flying.get(_flight_key(store, notice)) == _TAKEN


def _land(store: Store, notices: Sequence[Notice]) -> None:
    with _FLIGHT:
        for notice in notices:
            _flying.pop(_flight_key(store, notice), None)


def _in_flight(store: Store, notices: Sequence[Notice]) -> set[tuple]:
    with _FLIGHT:
        return {key(n) for n in notices if _flight_key(store, n) in _flying}


# -- sending and recording ---------------------------------------------------------------------------------------
Unrecorded = Callable[[list[tuple[Notice, gateway.Outcome]], roles.User, StoreError], None]


def send(store: Store, notices: Sequence[Notice], actor: roles.User, *,
         progress: Callable[[Notice, str, str], None] | None = None, unrecorded: Unrecorded | None = None,
         record_wait: float = WRITE_WAIT_SECONDS) -> list[tuple[Notice, gateway.Outcome]]:
    """Send the ``notices`` neither recorded today nor in flight through the gateway and record every outcome (a
    failed one flagged 发送失败 after its retries): one subject (a county's chase to its leader and officer, one
    person's reminder) at a time, each recorded as soon as its answers are in; a message is taken just before it is
    sent and the table read again then (one phoned meanwhile is not sent). ValidationError when no gateway is
    configured or the actor may not. ``progress(notice, state, answer)`` is told each message's state as it moves:
    发送中, 失败，将重试, 已发送 / 发送失败 (answered), then ``RECORDED`` once the table holds it (``SKIPPED``: another
    sender or a call had it).

    A subject's record the store refuses (StoreError: busy for more than ``record_wait`` seconds, a full disk):
    with ``unrecorded``, its messages are told ``UNRECORDED[status]``, handed to ``unrecorded(done, actor, error)``
    and stay in flight (nobody in the process sends them again) until ``record_sent`` records them, and the batch
    goes on; without it the StoreError is raised (the messages out of flight: the caller has lost their outcome)."""
    check_sender(notices, actor)
    tell = progress or (lambda notice, state, answer: None)
    outcomes: list[tuple[Notice, gateway.Outcome]] = []
    for subject in by_subject(not_yet(store, notices)):
        done: list[tuple[Notice, gateway.Outcome]] = []
        taken: list[Notice] = []
        try:
            for notice in subject:
                if not _take(store, notice):
                    tell(notice, SKIPPED, "")
                    continue
                taken.append(notice)
                if _recorded(store, notice):  # phoned (or recorded by another process) since the batch was read
                    _land(store, [taken.pop()])
                    tell(notice, RECORDED, "")
                    continue
                done.append((notice, _send_one(store, notice, tell)))
        except BaseException:  # the gateway's code failed unforeseen: what was sent is recorded, the rest let go
            _land(store, [n for n in taken if n not in {d for d, _ in done}])
            if done:
                _settle(store, done, actor, tell, unrecorded, record_wait)
            raise
        if done:
            _settle(store, done, actor, tell, unrecorded, record_wait)
            outcomes += done
    return outcomes


def _send_one(store: Store, notice: Notice, tell: Callable[[Notice, str, str], None]) -> gateway.Outcome:
    tell(notice, SENDING, "")

    def failed_once(attempt: int, answer: str) -> None:
        _mark(store, notice, _RETRY)
        tell(notice, RETRYING, answer)

    outcome = gateway.send(notice.phone, notice.message, on_retry=failed_once,
                           go_on=lambda: not _taken_over(store, notice))  # a call took it over: no more attempts
    _mark(store, notice, _SENT if outcome.ok else _FAILED)
    tell(notice, outcome.status, outcome.response)
    return outcome


def _settle(store: Store, done: list[tuple[Notice, gateway.Outcome]], actor: roles.User,
            tell: Callable[[Notice, str, str], None], unrecorded: Unrecorded | None, wait: float) -> None:
    try:
        record_sent(store, done, actor, progress=tell, record_wait=wait)
    except StoreError as exc:
        if unrecorded is None:
            _land(store, [n for n, _ in done])
            raise
        for notice, outcome in done:
            tell(notice, UNRECORDED[outcome.status], outcome.response)
        unrecorded(done, actor, exc)


def record_sent(store: Store, done: Sequence[tuple[Notice, gateway.Outcome]], actor: roles.User, *,
                progress: Callable[[Notice, str, str], None] | None = None,
                record_wait: float = WRITE_WAIT_SECONDS) -> None:
    """Record the gateway's outcomes ``done`` of one subject's messages (taken by ``send``) in one transaction and
    take them out of flight; each told ``RECORDED``. StoreError: nothing recorded, still in flight (try again
    later); ValidationError (the table holds them already: another process): out of flight, raised."""
    try:
        store.write(lambda tx: _record(tx, [(n, o.status, o.attempts, o.response) for n, o in done], actor),
                    wait=record_wait)
    except ValidationError:
        _land(store, [n for n, _ in done])
        raise
    _land(store, [n for n, _ in done])
    for notice, _ in done:
        (progress or (lambda n, state, answer: None))(notice, RECORDED, "")


def by_subject(notices: Sequence[Notice]) -> list[list[Notice]]:
    """The ``notices`` by subject (a county's chase to its leader and officer; one person's reminder), in order."""
    groups: dict[tuple[str, str], list[Notice]] = {}
    for notice in notices:
        groups.setdefault((notice.kind, notice.subject), []).append(notice)
    return list(groups.values())


def forget(store: Store, notices: Sequence[Notice]) -> None:
    """Take messages kept in flight by an ``unrecorded`` out of it, their outcome not recorded (a sending thread that
    ends with records it could not write): nothing in the process holds them back from being sent again."""
    _land(store, notices)


def record_call(store: Store, notice: Notice, actor: roles.User, response: str = "") -> None:
    """The officer phoned ``notice``'s person: recorded as that officer's call. Never waits for the gateway: a message
    nobody has is recorded (one still waiting its turn in the sending thread is then not sent); one whose send has
    failed at least once is taken over (no further attempt; the gateway's answer kept beside the call's, whichever
    is recorded first); the one on the wire, or one sent and not yet recorded, is refused at once (ValidationError)."""
    flight = _flight_key(store, notice)
    with _FLIGHT:
        state = _flying.get(flight)
        if state is not None and state not in _TAKE_OVER:
            raise ValidationError(_REFUSED[state])
        _flying[flight] = _CALLING if state is None else _TAKEN
    try:
        store.write(lambda tx: _record(tx, [(notice, CALLED, 1, str(response or "").strip() or None)], actor))
    finally:
        if state is None:  # this call had it; one taken over leaves flight with its send's record
            _land(store, [notice])


def _recorded(store: Store, notice: Notice) -> bool:
    return bool(store.scalar("SELECT count(*) FROM notifications WHERE kind = ? AND subject = ? AND phone = ?"
                             " AND day = ?", list(key(notice))))


def not_yet(store: Store, notices: Sequence[Notice]) -> list[Notice]:
    """The ``notices`` neither recorded for their day (sent, failed or phoned) nor in flight in this process (being
    sent or phoned, or sent and waiting for their record)."""
    flying = _in_flight(store, notices)
    if len(notices) <= _FEW:
        return [n for n in notices if key(n) not in flying and not _recorded(store, n)]
    done = {(k, d): sent_today(store, k, d) for k, d in {(n.kind, n.day) for n in notices}}
    return [n for n in notices if (n.subject, n.phone) not in done[(n.kind, n.day)] and key(n) not in flying]


def _entity_action(kind: str) -> tuple[str, str]:
    return (duty.DISPATCH_ENTITY, KIND_CHASE) if kind == KIND_CHASE else (ENTITY, kind)


def _record(tx: Tx, results: Sequence[tuple[Notice, str, int, str | None]], actor: roles.User) -> None:
    now = clock.local_now()
    groups: dict[tuple[str, str], list] = {}
    for notice, status, attempts, response in results:
        groups.setdefault((notice.kind, notice.subject), []).append((notice, status, attempts, response))
    for (kind, subject), items in groups.items():
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
            if earlier and earlier[0] == CALLED and status in (gateway.SENT, gateway.FAILED):
                # the officer's call was recorded while this send was answered (it took the send over): the row stays
                # the call, the gateway's answer kept beside the call's
                said = "；".join(t for t in (f"短信：{response}" if response else "",
                                             f"电话：{earlier[2]}" if earlier[2] else "") if t)
                tx.execute("UPDATE notifications SET attempts = ?, response = ?, dispatch_id = coalesce(dispatch_id, ?)"
                           " WHERE kind = ? AND subject = ? AND phone = ? AND day = ?",
                           [int(earlier[1]) + attempts, said or None, dispatch_id, *once])
                continue
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
