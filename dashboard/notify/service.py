"""Sending without anyone waiting for it: one thread per store in the app that

- sends what a page hands it (``Reminders.hand``: an officer's 发送短信 returns at once; the page shows each
  message's state — 待发送, 发送中, 失败，将重试, then 已发送 / 发送失败 from the table — and refreshes itself while
  any is in hand), and
- when a gateway is configured, chases every county still missing its report once the cut-off has passed (on a day
  of a duty period) and sends the day's deadline reminders once ``reminder_time`` has passed, written as
  系统（自动提醒）.

Each message at most once a day (the sends skip what is recorded, and a message already in hand is not taken
twice), so a restart or a second click sends nothing twice. What is in hand lives in this thread's memory: a
restart forgets messages not sent yet, and the page offers them again (not recorded: neither sent nor phoned).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from dashboard import clock, duty, logs, roles, settings
from dashboard.db import Store, StoreError, ValidationError
from dashboard.notify import gateway, notices

__all__ = ["due_now", "run_once", "InHand", "Reminders"]

CHECK_SECONDS = 60.0
ACTOR = "自动提醒"


def due_now(store: Store, now: datetime) -> list[notices.Notice]:
    """What is due at ``now`` (the store's as-of time): the chases after the cut-off on a duty day, the deadline
    reminders after ``reminder_time``; recorded ones are left out by ``notices.send``."""
    due: list[notices.Notice] = []
    if duty.period_on(store, now.date()) is not None and now.time() >= settings.report_cutoff():
        due += notices.chase_notices(store, now.date(), now)
    hours, minutes = str(settings.get("reminder_time")).split(":")
    if (now.hour, now.minute) >= (int(hours), int(minutes)):
        due += notices.deadline_notices(store, now.date())
    return due


def run_once(store: Store, real_today: date | None = None, progress=None) -> int:
    """One check: send what is due; returns how many were sent (or tried). Nothing is sent while the store's time is
    not today's (a pinned as-of time, the demo or ``DASHBOARD_AS_OF``): chases of a past day must never reach real
    phones. ``real_today``: the real date (default: the clock's); ``progress``: as ``notices.send``'s."""
    if not gateway.configured():
        return 0
    now = store.as_of()
    if now.date() != (real_today or clock.local_now().date()):
        return 0
    try:
        sent = notices.send(store, due_now(store, now), roles.system(ACTOR), progress=progress)
    except (ValidationError, StoreError) as exc:
        logs.event("notify", level="WARNING", outcome="failed", error=str(exc)[:300])
        return 0
    if sent:
        logs.event("notify", outcome="sent", messages=len(sent), failed=sum(not o.ok for _, o in sent))
    return len(sent)


@dataclass(frozen=True)
class InHand:
    """A message the thread holds: its state (``notices.PENDING`` / ``SENDING`` / ``RETRYING``, or the gateway's
    已发送 / 发送失败 until the table holds it), the last answer, who handed it, and since when (the real time)."""

    notice: notices.Notice
    state: str
    answer: str
    actor: str
    since: datetime


class Reminders(threading.Thread):
    """The sending thread of one store (daemon; ``stop()`` ends it): what pages hand it, and every ``every`` seconds
    the check of what is due."""

    def __init__(self, store: Store, every: float = CHECK_SECONDS):
        super().__init__(name="notify-reminders", daemon=True)
        self.store, self.every = store, every
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._handed: deque[tuple[list[notices.Notice], roles.User]] = deque()
        self._in_hand: dict[tuple, InHand] = {}

    # -- a page's side ------------------------------------------------------------------------------
    def hand(self, batch: Sequence[notices.Notice], actor: roles.User) -> int:
        """Take ``batch`` to send as ``actor`` and return at once with how many were taken (those recorded today
        or already in hand are left out). ValidationError, nothing taken, when no gateway is configured or the
        actor may not send them."""
        notices.check_sender(batch, actor)
        fresh = notices.not_yet(self.store, batch)
        now = clock.local_now()
        with self._lock:
            fresh = [n for n in fresh if notices.key(n) not in self._in_hand]
            for notice in fresh:
                self._in_hand[notices.key(notice)] = InHand(notice, notices.PENDING, "", actor.label, now)
            if fresh:
                self._handed.append((fresh, actor))
        self._wake.set()
        return len(fresh)

    def in_hand(self, kind: str | None = None, day: date | None = None) -> dict[tuple[str, str], InHand]:
        """The messages held now (of ``kind`` for ``day``), by (subject, phone)."""
        with self._lock:
            held = list(self._in_hand.values())
        return {(h.notice.subject, h.notice.phone): h for h in held
                if (kind is None or h.notice.kind == kind) and (day is None or h.notice.day == day)}

    def _moved(self, notice: notices.Notice, state: str, answer: str) -> None:
        with self._lock:
            key = notices.key(notice)
            if state == notices.RECORDED:  # the table says it now (the write bumped the store's generation first)
                self._in_hand.pop(key, None)
            elif key in self._in_hand:
                self._in_hand[key] = replace(self._in_hand[key], state=state, answer=answer)
            else:  # one the check found due by itself
                self._in_hand[key] = InHand(notice, state, answer, roles.system(ACTOR).label, clock.local_now())

    # -- the thread ---------------------------------------------------------------------------------
    def run(self) -> None:
        next_check = time.monotonic() + self.every
        while not self._stop_event.is_set():
            self._wake.wait(max(0.0, next_check - time.monotonic()))
            self._wake.clear()
            if self._stop_event.is_set():
                break
            self._send_handed()
            if time.monotonic() >= next_check:
                self._guarded(lambda: run_once(self.store, progress=self._moved))
                next_check = time.monotonic() + self.every

    def _send_handed(self) -> None:
        while True:
            with self._lock:
                if not self._handed:
                    return
                batch, actor = self._handed.popleft()
            self._guarded(lambda: notices.send(self.store, batch, actor, progress=self._moved))

    def _guarded(self, job) -> None:
        """Run one sending job; afterwards only the queued batches are in hand: what the job left (a message recorded
        meanwhile by a call, a refusal, a failed write: not in the table as sent) is offered by the page again. A
        failure is logged and the thread goes on."""
        try:
            job()
        except (ValidationError, StoreError) as exc:
            logs.event("notify", level="WARNING", outcome="failed", error=str(exc)[:300])
        except Exception as exc:  # noqa: BLE001 — whatever failed, said in the log; the thread goes on
            logs.event("notify", level="ERROR", outcome="error", error=f"{type(exc).__name__}: {exc}"[:300])
        finally:
            with self._lock:  # this thread's job is done: only what is still queued is in hand
                queued = {notices.key(n) for batch, _ in self._handed for n in batch}
                self._in_hand = {k: h for k, h in self._in_hand.items() if k in queued}

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()
