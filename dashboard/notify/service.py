"""Sending without anyone typing it: a thread in the app that, when a gateway is configured, chases every county
still missing its report once the cut-off has passed (on a day of a duty period) and sends the day's deadline
reminders once ``reminder_time`` has passed. Each message at most once a day (the sends skip what is recorded), so
a restart or a second check sends nothing twice. Written as 系统（自动提醒）.
"""

from __future__ import annotations

import threading
from datetime import date, datetime

from dashboard import clock, duty, logs, roles, settings
from dashboard.db import Store, StoreError, ValidationError
from dashboard.notify import gateway, notices

__all__ = ["due_now", "run_once", "Reminders"]

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


def run_once(store: Store, real_today: date | None = None) -> int:
    """One check: send what is due; returns how many were sent (or tried). Nothing is sent while the store's time is
    not today's (a pinned as-of time, the demo or ``DASHBOARD_AS_OF``): chases of a past day must never reach real
    phones. ``real_today``: the real date (default: the clock's)."""
    if not gateway.configured():
        return 0
    now = store.as_of()
    if now.date() != (real_today or clock.local_now().date()):
        return 0
    try:
        sent = notices.send(store, due_now(store, now), roles.system(ACTOR))
    except (ValidationError, StoreError) as exc:
        logs.event("notify", level="WARNING", outcome="failed", error=str(exc)[:300])
        return 0
    if sent:
        logs.event("notify", outcome="sent", messages=len(sent), failed=sum(not o.ok for _, o in sent))
    return len(sent)


class Reminders(threading.Thread):
    """The checking thread of one store (daemon; ``stop()`` ends it)."""

    def __init__(self, store: Store, every: float = CHECK_SECONDS):
        super().__init__(name="notify-reminders", daemon=True)
        self.store, self.every = store, every
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.every):
            try:
                run_once(self.store)
            except Exception as exc:  # noqa: BLE001 — whatever failed, said in the log; the next check runs
                logs.event("notify", level="ERROR", outcome="error", error=f"{type(exc).__name__}: {exc}"[:300])

    def stop(self) -> None:
        self._stop_event.set()
