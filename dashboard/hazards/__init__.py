"""The hazard ledger (隐患台账): its rules, figures, lifecycle, imports and exports.

- ``rules``: what is open, overdue (逾期), listed, due; what a new hazard needs. Each once, as SQL with its
  Chinese description.
- ``queries``: totals, per unit, per week, one hazard, its history and its 回头看 reopenings. ``filters``: the
  ledger page's filter, table and breakdowns (``ledger``: all of them from one scan); ``search``: the keyword's
  column, prepared at write time. ``points``: open hazards on the map.
- ``lifecycle``: the actions (开始整改 … 执法措施) as data on ``dashboard.lifecycle``; ``writes``: 登记.
- ``imports`` / ``exports``: files in and out. ``charts``: the hazard figures.
- ``facts``: what ranking and the group evaluation ask of the hazards table, per unit / group in one query.

Derived, never stored: 逾期, 已延期, days left.
"""

from dashboard.hazards import charts, facts, search
from dashboard.hazards.exports import (CLERK_COLUMNS, EXPORT_LIMIT, LEDGER_COLUMNS, LedgerRows, export_csv,
                                       export_rows, export_set, export_xlsx)
from dashboard.hazards.filters import (ALL_HAZARDS, BREAKDOWNS, TABLE_LIMIT, HazardFilter, Ledger, breakdown,
                                       conditions, describe_filter, filter_from, filtered_summary, ledger, ledger_view,
                                       table)
from dashboard.hazards.imports import (IMMEDIATE_WORDS, IMPORT_ACTION, IMPORT_KIND, ImportOutcome, ImportPreview,
                                       _row_key, import_fields, import_file, natural_key, parse_import, preview_import,
                                       read_mapping_file, resolve_group, saved_mapping, store_import_fields, template,
                                       title_facts)
from dashboard.hazards.imports import IMPORT as HAZARDS_IMPORT
from dashboard.hazards.lifecycle import (A_HANDOVER, HANDOVER_TARGETS, TO_BOTH, TO_CITY, TO_COUNTY, hand_over,
                                         handed_over)
from dashboard.hazards.lifecycle import (A_ENFORCE, A_EXTEND, A_IMMEDIATE, A_LIST, A_REGISTER, A_REOPEN, A_REVIEW_FAIL,
                                         A_REVIEW_PASS, A_START, A_SUBMIT, ACTIONS, HAZARD_ENTITY, LIFECYCLE,
                                         TRANSITIONS, Transition, act, allowed, available_actions, check, review)
from dashboard.hazards.points import POINT_LIMIT, hazard_points
from dashboard.hazards.queries import (AGE_BANDS, DETAIL_FIELDS, DETAIL_LABELS, ageing, by_unit, describe_detail, detail,
                                       due_on, groups, history, reopenings, summary, weekly_trend)
from dashboard.hazards.rules import NEW_LABELS, check_new, new_hazard_problems
from dashboard.hazards.writes import NEW_HAZARD_COLUMNS, create, next_ids
from dashboard.numbers import percent as rate  # kept for callers of hazards.rate: the one rounding rule

__all__ = [
    # figures
    "summary", "by_unit", "weekly_trend", "detail", "due_on", "ageing", "AGE_BANDS", "DETAIL_FIELDS", "history", "describe_detail", "DETAIL_LABELS",
    "reopenings",
    "groups", "hazard_points", "POINT_LIMIT", "rate",
    # the ledger page's filter
    "HazardFilter", "filter_from", "conditions", "ALL_HAZARDS", "describe_filter", "table", "TABLE_LIMIT",
    "filtered_summary",
    "breakdown", "BREAKDOWNS", "Ledger", "ledger", "ledger_view",
    # the lifecycle and writes
    "A_REGISTER", "A_START", "A_SUBMIT", "A_REVIEW_PASS", "A_REVIEW_FAIL", "A_IMMEDIATE", "A_EXTEND", "A_LIST",
    "HAZARDS_IMPORT", "A_ENFORCE", "A_REOPEN", "A_HANDOVER", "TO_BOTH", "TO_COUNTY", "TO_CITY", "HANDOVER_TARGETS", "handed_over",
    "hand_over", "ACTIONS", "LIFECYCLE", "TRANSITIONS", "Transition", "HAZARD_ENTITY", "allowed",
    "available_actions", "check", "act", "review", "create", "next_ids", "NEW_HAZARD_COLUMNS", "NEW_LABELS",
    "check_new", "new_hazard_problems",
    # files
    "import_fields", "store_import_fields", "natural_key", "ImportOutcome", "IMPORT_KIND", "IMPORT_ACTION",
    "parse_import",
    "IMMEDIATE_WORDS", "ImportPreview", "preview_import", "read_mapping_file", "resolve_group", "saved_mapping",
    "title_facts",
    "import_file", "template", "CLERK_COLUMNS", "LEDGER_COLUMNS", "EXPORT_LIMIT", "export_rows", "export_xlsx",
    "export_csv", "export_set", "LedgerRows",
    # modules other domains and pages use
    "charts", "facts", "search",
]
