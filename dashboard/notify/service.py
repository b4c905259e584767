"""Sending without anyone waiting for it: one thread per store in the app that

- sends what a page hands it (``Reminders.hand``: an officer's 发送短信 returns at once; the page shows each
  message's state — 待发送, 发送中, 失败，将重试, then 已发送 / 发送失败 from the table — and refreshes itself while
  any is in hand), and
- when a gateway is configured, takes by itself (``Reminders.check``, every ``CHECK_SECONDS``) the chase of every
  county still missing its report once the cut-off has passed (on a day of a duty period) and the day's deadline
  reminders once ``reminder_time`` has passed, written as 系统（自动提醒）.

The batches in hand (a page's, the check's) take turns a subject at a time (a county's chase to its leader and
officer, one person's reminder): a 催报 handed while a city's thousands of reminders go out is sent next, not after
them. Nothing is taken while the store's time is not today (``not_today``: the demo, a pinned as-of), except what
an officer hands over to a gateway declared a test one (``sms_test_gateway``: a rehearsal, the tests).

What holds: in this process a message goes to the gateway at most once a day — one recorded (sent, failed or
phoned) is not taken, nor one in hand, nor one in flight (dashboard/notify/notices.py); an officer may record a
call for a message waiting in hand, which is then not sent. A message the gateway answered but whose record the
store refused (busy behind an import for ``record_wait`` seconds, a full disk) is kept in hand (已发送，待记录 /
发送失败，待记录), its record tried again every ``record_retry`` seconds, the rest of its batch going on, and it is not
sent again. What is in hand lives in this thread's memory: a restart forgets the messages not sent yet (the page
offers them again: nothing recorded about them) and — the one way a message can reach a phone twice — those sent
whose record was still refused: after the restart nothing says they were sent (the thread's end tries their record
once more, and logs how many it had to forget).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from dashboard import clock, duty, logs, roles, settings
from dashboard.db import Store, StoreError, ValidationError
from dashboard.notify import gateway, notices

__all__ = ["due_now", "not_today", "InHand", "Reminders", "CHECK_SECONDS", "RECORD_WAIT_SECONDS",
           "RECORD_RETRY_SECONDS"]

CHECK_SECONDS = 60.0
RECORD_WAIT_SECONDS = 10.0  # a send's record waits this long for another write (an import), then is kept for later
RECORD_RETRY_SECONDS = 15.0  # how often a kept record is tried again
ACTOR = "自动提醒"


def due_now(store: Store, now: datetime) -> list[notices.Notice]:
    """What is due at ``now`` (the store's as-of time): the chases after the cut-off on a duty day, the deadline
    reminders after ``reminder_time``; recorded ones are left out when taken."""
    due: list[notices.Notice] = []
    if duty.period_on(store, now.date()) is not None and now.time() >= settings.report_cutoff():
        due += notices.chase_notices(store, now.date(), now)
    hours, minutes = str(settings.get("reminder_time")).split(":")
    if (now.hour, now.minute) >= (int(hours), int(minutes)):
        due += notices.deadline_notices(store, now.date())
    return due


def not_today(store: Store, real_today: date | None = None, *, by_hand: bool = False) -> str | None:
    """Why nothing may be sent now (Chinese), or None: the store's time is not today's (a pinned as-of time, the demo
    or ``DASHBOARD_AS_OF``) — a past day's chases must never reach real phones. ``by_hand``: for messages an officer
    hands over, which a test gateway (``sms_test_gateway``) takes any day; the app's own check sends only for today,
    whatever the gateway. ``real_today``: the real date (default: the clock's)."""
    if by_hand and settings.get("sms_test_gateway"):
        return None
    now, today = store.as_of(), real_today or clock.local_now().date()
    if now.date() == today:
        return None
    return (f"数据截至时间为 {now:%Y-%m-%d %H:%M}（演示数据或固定的截至时间），不是今天（{today:%Y-%m-%d}）："
            "为免把过去某天的催报和提醒发到真实手机，不发送短信，请电话通知")


@dataclass(frozen=True)
class InHand:
    """A message the thread holds: its state (``notices.PENDING`` / ``SENDING`` / ``RETRYING``, the gateway's
    已发送 / 发送失败 until the table holds it, or ``notices.UNRECORDED``'s while the store refuses its record), the
    last answer, who handed it, and since when (the real time)."""

    notice: notices.Notice
    state: str
    answer: str
    actor: str
    since: datetime


Sent = list[tuple[notices.Notice, gateway.Outcome]]  # one subject's messages and the gateway's answers


class Reminders(threading.Thread):
    """The sending thread of one store (daemon; ``stop()`` ends it): what pages hand it, and every ``every`` seconds
    the check of what is due. ``today``: the real date (default: the clock's; the tests give the demo's day)."""

    def __init__(self, store: Store, every: float = CHECK_SECONDS, *, today: Callable[[], date] | None = None,
                 record_wait: float = RECORD_WAIT_SECONDS, record_retry: float = RECORD_RETRY_SECONDS):
        super().__init__(name="notify-reminders", daemon=True)
        self.store, self.every = store, every
        self.record_wait, self.record_retry = record_wait, record_retry
        self._today = today or (lambda: clock.local_now().date())
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()  # held only to look at or change what is in hand: never while sending
        self._queue: deque[tuple[deque[list[notices.Notice]], roles.User]] = deque()  # batches: subjects, actor
        self._in_hand: dict[tuple, InHand] = {}
        self._kept: list[tuple[Sent, roles.User]] = []  # answered, their record refused: written later
        self._kept_keys: set[tuple] = set()

    # -- a page's side ------------------------------------------------------------------------------
    def hand(self, batch: Sequence[notices.Notice], actor: roles.User) -> int:
        """Take ``batch`` to send as ``actor`` and return at once with how many were taken (those recorded today, in
        hand or in flight are left out). ValidationError, nothing taken, when no gateway is configured, the actor
        may not send them, or the store's time is not today (``not_today``)."""
        notices.check_sender(batch, actor)
        reason = not_today(self.store, self._today(), by_hand=True)
        if reason:
            raise ValidationError(reason)
        return self._take(batch, actor)

    def check(self) -> int:
        """One check: what is due now (``due_now``) taken to send as 系统（自动提醒）; returns how many were taken.
        Nothing without a gateway or while the store's time is not today (``not_today``)."""
        if not gateway.configured() or not_today(self.store, self._today()):
            return 0
        return self._take(due_now(self.store, self.store.as_of()), roles.system(ACTOR))

    def in_hand(self, kind: str | None = None, day: date | None = None) -> dict[tuple[str, str], InHand]:
        """The messages held now (of ``kind`` for ``day``), by (subject, phone)."""
        with self._lock:
            held = list(self._in_hand.values())
        return {(h.notice.subject, h.notice.phone): h for h in held
                if (kind is None or h.notice.kind == kind) and (day is None or h.notice.day == day)}

    def _take(self, batch: Sequence[notices.Notice], actor: roles.User) -> int:
        fresh = notices.not_yet(self.store, batch)
        now = clock.local_now()
        with self._lock:
            fresh = [n for n in fresh if notices.key(n) not in self._in_hand]
            for notice in fresh:
                self._in_hand[notices.key(notice)] = InHand(notice, notices.PENDING, "", actor.label, now)
            if fresh:
                self._queue.append((deque(notices.by_subject(fresh)), actor))
        self._wake.set()
        return len(fresh)

    def _moved(self, notice: notices.Notice, state: str, answer: str) -> None:
        with self._lock:
            key = notices.key(notice)
            if state in (notices.RECORDED, notices.SKIPPED):  # the table says it now (or will: another has it)
                self._in_hand.pop(key, None)
            elif key in self._in_hand:
                self._in_hand[key] = replace(self._in_hand[key], state=state, answer=answer)

    def _keep(self, done: Sent, actor: roles.User, error: StoreError) -> None:
        logs.event("notify", level="WARNING", outcome="unrecorded", messages=len(done), error=str(error)[:300])
        with self._lock:
            self._kept.append((done, actor))
            self._kept_keys.update(notices.key(n) for n, _ in done)

    # -- the thread ---------------------------------------------------------------------------------
    def run(self) -> None:
        next_check = time.monotonic() + self.every
        next_record = 0.0
        try:
            while not self._stop_event.is_set():
                if self._kept and time.monotonic() >= next_record:
                    self._guarded(self._record_kept)
                    next_record = time.monotonic() + self.record_retry
                if time.monotonic() >= next_check:
                    self._guarded(self.check)
                    next_check = time.monotonic() + self.every
                if self._send_next():
                    continue
                waits = [next_check] + ([next_record] if self._kept else [])
                self._wake.wait(max(0.0, min(waits) - time.monotonic()))
                self._wake.clear()
        finally:
            self._let_go()

    def _send_next(self) -> bool:
        """Send the next subject of the batch whose turn it is; False when nothing is queued. The batch goes back at
        the end of the queue once its subject is done: one handed meanwhile goes before its next subject."""
        with self._lock:
            if not self._queue:
                return False
            subjects, actor = self._queue.popleft()
            subject = subjects.popleft()
        try:
            notices.check_sender(subject, actor)
        except ValidationError as exc:  # the gateway's setting emptied, the actor's role changed: the whole batch
            logs.event("notify", level="WARNING", outcome="refused", error=str(exc)[:300])
            self._drop([subject, *subjects])
            return True
        self._guarded(lambda: notices.send(self.store, subject, actor, progress=self._moved, unrecorded=self._keep,
                                           record_wait=self.record_wait))
        self._drop([subject])  # what the send left (an error): not in hand any more, the page offers it again
        if subjects:
            with self._lock:
                self._queue.append((subjects, actor))
        return True

    def _drop(self, subjects: Sequence[list[notices.Notice]]) -> None:
        with self._lock:
            for subject in subjects:
                for notice in subject:
                    if notices.key(notice) not in self._kept_keys:
                        self._in_hand.pop(notices.key(notice), None)

    def _record_kept(self) -> None:
        """The kept records written, in order; stops at the first the store still refuses (tried again later)."""
        with self._lock:
            kept = list(self._kept)
        for done, actor in kept:
            try:  # a StoreError stops here: still kept
                notices.record_sent(self.store, done, actor, progress=self._moved, record_wait=self.record_wait)
            except ValidationError as exc:  # the table holds them already (another process): nothing to keep
                logs.event("notify", level="WARNING", outcome="refused", error=str(exc)[:300])
                for notice, _ in done:
                    self._moved(notice, notices.RECORDED, "")
            with self._lock:
                self._kept.remove((done, actor))
                self._kept_keys.difference_update(notices.key(n) for n, _ in done)

    def _let_go(self) -> None:
        """The thread ends: the kept records tried once more; those still refused are forgotten (logged)."""
        if self._kept:
            self._guarded(self._record_kept)
        for done, _ in self._kept:
            notices.forget(self.store, [n for n, _ in done])
        if self._kept:
            logs.event("notify", level="ERROR", outcome="forgotten",
                       messages=sum(len(done) for done, _ in self._kept))

    def _guarded(self, job) -> None:
        """Run one job (a subject's send, a check, the kept records); a failure is logged and the thread goes on."""
        try:
            job()
        except (ValidationError, StoreError) as exc:
            logs.event("notify", level="WARNING", outcome="failed", error=str(exc)[:300])
        except Exception as exc:  # noqa: BLE001 — whatever failed, said in the log; the thread goes on
            logs.event("notify", level="ERROR", outcome="error", error=f"{type(exc).__name__}: {exc}"[:300])

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()
