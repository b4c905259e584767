"""The units with unresolved major fire hazards (GB 35181-2017): the public face of the domain.

- ``rules``: countdown (剩N天 / 逾期N天 / 已销案 and its colour), review window in official working days,
  escalation after ``escalation_months``, milestones behind. Pure functions with explicit thresholds.
- ``queries``: the board, its summary and filters, milestones, one unit, its history, and what was
  unresolved at a day's end (for the county ranking).
- ``lifecycle``: the actions as data (更新进度 … 延期: starting statuses, form inputs, refusal, effect) and
  ``act`` / ``allowed`` / ``available_actions`` / ``check``.
- ``documents``: the announcement (Excel) and the progress briefing (Word).
- ``charts``: the milestone Gantt and the countdown strip.
- ``imports``: a unit entered by hand (``register``), the list of units and the milestone plans (倒排工期)
  imported (``UNITS_IMPORT``, ``PLANS_IMPORT``: kinds of ``ingest.kinds``).
- ``table``: what the page's tables show (columns, cell colours from the urgency band, one unit's fields).

Derived things (days left, overdue days, urgency, review due date, 应提级督办) are computed, never stored.
"""

from __future__ import annotations

from dashboard.fire_units import charts
from dashboard.fire_units.charts import countdown_strip, milestone_gantt
from dashboard.fire_units.imports import A_PLAN, A_REGISTER, register
from dashboard.fire_units.imports import PLANS as PLANS_IMPORT
from dashboard.fire_units.imports import UNITS as UNITS_IMPORT
from dashboard.fire_units.documents import announcement_frame, announcement_xlsx, briefing_docx
from dashboard.fire_units.lifecycle import (A_EXTEND, A_LIST, A_MILESTONE, A_PROGRESS, A_REQUEST_REVIEW,
                                            A_REVIEW_FAIL, A_REVIEW_PASS, ACTIONS, LIFECYCLE, act, allowed,
                                            available_actions, check, done_text)
from dashboard.fire_units.queries import (DETAIL_LABELS, ENTITY, LISTED_ANY, LISTED_NO, LISTED_YES, board,
                                          describe_detail, detail, filter_board, history, milestones, summary,
                                          unit_milestones, unresolved_at, unresolved_records_at)
from dashboard.fire_units.rules import (CLOSED_TEXT, OPEN_STATUSES, countdown, escalation_due, milestone_behind,
                                        needs_escalation, review_due, review_window_refusal)

__all__ = [
    # rules
    "CLOSED_TEXT", "OPEN_STATUSES", "countdown", "review_due", "review_window_refusal", "escalation_due",
    "needs_escalation", "milestone_behind",
    # queries
    "ENTITY", "LISTED_ANY", "LISTED_YES", "LISTED_NO", "board", "summary", "filter_board", "milestones",
    "unit_milestones", "detail", "history", "DETAIL_LABELS", "describe_detail", "unresolved_at",
    "unresolved_records_at",
    # lifecycle
    "A_PROGRESS", "A_MILESTONE", "A_REQUEST_REVIEW", "A_REVIEW_PASS", "A_REVIEW_FAIL", "A_LIST", "A_EXTEND",
    "ACTIONS", "LIFECYCLE", "act", "allowed", "available_actions", "check", "done_text",
    # entry and import
    "A_REGISTER", "A_PLAN", "register", "UNITS_IMPORT", "PLANS_IMPORT",
    # documents and charts
    "announcement_frame", "announcement_xlsx", "briefing_docx", "charts", "milestone_gantt", "countdown_strip",
]
