"""专项整治: the city's task list (25 categories, 61 sub-items), each with a lead department, a deadline
and its progress.

- ``rules``: an item's id, status from progress, countdown and overdue, departments, why an update is refused
- ``queries``: the list read once with its derived columns, filters, roll-ups, one item, its history
- ``updates``: ``update_progress``, the one write, with its audit event
- ``imports``: the list and its progress imported (``TASKS_IMPORT``, a kind of ``ingest.kinds``)
- ``exports``: the list as Excel
- ``charts``: mean progress by category and by lead department
"""

from dashboard.tasks import charts
from dashboard.tasks.exports import EXPORT_COLUMNS, list_xlsx
from dashboard.tasks.queries import (
    DETAIL_LABELS, ENTITY, by_category, by_department, categories, departments, describe_detail, detail,
    filter_tasks, filter_text, find, history, summary, task_list,
)
from dashboard.tasks.rules import (
    NOTE_MAX, as_progress, countdown, is_overdue, parse_task_id, split_departments, status_for, task_id,
    update_refusal,
)
from dashboard.tasks.imports import A_ADD, A_EDIT
from dashboard.tasks.imports import TASKS as TASKS_IMPORT
from dashboard.tasks.updates import A_PROGRESS, update_progress

__all__ = [
    # rules
    "NOTE_MAX", "as_progress", "countdown", "is_overdue", "parse_task_id", "split_departments", "status_for",
    "task_id", "update_refusal",
    # queries
    "DETAIL_LABELS", "ENTITY", "by_category", "by_department", "categories", "departments", "describe_detail",
    "detail", "filter_tasks", "filter_text", "find", "history", "summary", "task_list",
    # the write, the export, the charts
    "A_PROGRESS", "update_progress", "EXPORT_COLUMNS", "list_xlsx", "charts",
    # the import
    "A_ADD", "A_EDIT", "TASKS_IMPORT",
]
