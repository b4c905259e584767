"""Messages that reach people (issue 17): the gateway (gateway), the chases and deadline reminders (notices), and
the thread that sends them when due (service)."""

from dashboard.notify import gateway, notices, service
from dashboard.notify.gateway import Outcome, configured
from dashboard.notify.notices import (CALLED, KIND_CHASE, KIND_FIRE_UNIT, KIND_HAZARD, Notice, chase_notices,
                                      deadline_notices, notifications, record_call, send, sent_today)

__all__ = ["gateway", "notices", "service", "Outcome", "configured", "CALLED", "KIND_CHASE", "KIND_FIRE_UNIT",
           "KIND_HAZARD", "Notice", "chase_notices", "deadline_notices", "notifications", "record_call", "send",
           "sent_today"]
