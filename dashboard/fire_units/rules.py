"""The rules of a major fire-hazard unit (GB 35181-2017), as pure functions of dates and thresholds.

- ``countdown``: days left to the deadline, its text and urgency band (``clock.countdown``; a closed unit
  shows 已销案, has no days left and is never overdue).
- ``review_due`` / ``review_window_refusal``: the on-site review falls within ``review_working_days``
  official working days after the request (May Day and its make-up working days counted right).
- ``escalation_due`` / ``needs_escalation``: 应提级督办 once ``escalation_months`` have passed since listing
  (``clock.add_months``: 08-31 + 6 months is 02-28).
- ``milestone_behind``: a planned date passed without an actual date.

Thresholds are arguments; None takes the setting.
"""

from __future__ import annotations

from datetime import date

from dashboard import clock, settings, vocab

__all__ = ["CLOSED_TEXT", "OPEN_STATUSES", "countdown", "review_due", "review_window_refusal", "escalation_due",
           "needs_escalation", "milestone_behind", "review_working_days", "escalation_months"]

CLOSED_TEXT = "已销案"  # the countdown of a closed unit
OPEN_STATUSES = (vocab.FU_FILED, vocab.FU_IN_PROGRESS, vocab.FU_REVIEW_REQUESTED)


def review_working_days(days: int | None = None) -> int:
    """``days``, or the ``review_working_days`` setting."""
    return int(settings.get("review_working_days") if days is None else days)


def escalation_months(months: int | None = None) -> int:
    """``months``, or the ``escalation_months`` setting."""
    return int(settings.get("escalation_months") if months is None else months)


def countdown(deadline: date | None, today: date, status: str | None = None,
              bands: clock.Bands | None = None) -> clock.Countdown:
    """The unit's countdown: days left (negative when overdue), 剩N天 / 今日到期 / 逾期N天 and the urgency band;
    a closed unit reads 已销案 with no days left and is never overdue."""
    return clock.countdown(deadline, today, done=CLOSED_TEXT if status == vocab.FU_CLOSED else None, bands=bands)


def review_due(requested: date | None, working_days: int | None = None) -> date | None:
    """The last day of the on-site review: ``working_days`` official working days after the request."""
    if requested is None:
        return None
    return clock.add_working_days(requested, review_working_days(working_days))


def review_window_refusal(requested: date | None, on: date, working_days: int | None = None) -> str | None:
    """Why a review on ``on`` is not allowed (None when it is): it needs a request and must be in the window."""
    if requested is None:
        return "该单位尚未申请复查，不能组织复查"
    if on < requested:
        return f"复查日期不能早于申请复查日期 {clock.format_date(requested)}"
    due = review_due(requested, working_days)
    if on > due:
        return (f"已超过复查时限：应在申请后{review_working_days(working_days)}"
                f"个工作日内（{clock.format_date(due)} 前）复查，请重新申请复查")
    return None


def escalation_due(listing_date: date | None, months: int | None = None) -> date | None:
    """The day a listed unit still open must be escalated: ``months`` calendar months after listing."""
    if listing_date is None:
        return None
    return clock.add_months(listing_date, escalation_months(months))


def needs_escalation(listing_level: str | None, listing_date: date | None, status: str, today: date,
                     months: int | None = None) -> bool:
    """应提级督办: listed, still not closed, and ``months`` have passed since listing."""
    if not listing_level or listing_level == vocab.NOT_LISTED or listing_date is None or status == vocab.FU_CLOSED:
        return False
    return today >= escalation_due(listing_date, months)


def milestone_behind(planned: date | None, actual: date | None, today: date) -> bool:
    """A milestone is behind when its planned date has passed and it has no actual date."""
    return planned is not None and actual is None and planned < today
