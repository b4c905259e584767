"""督查组评价: the 12 embedded covert inspection groups evaluated over a window, and the 建议约谈 rule.

- ``periods``: the windows 本月 / 本季度 / 本年 / 进驻以来 (``EvaluationWindow``), each ending at the as-of date.
- ``rules``: the 建议约谈 rule as a pure function of a group's figures and explicit ``Thresholds``; visits per
  week; "below the line" as the rule and the charts judge it (as shown: equal passes).
- ``queries``: the evaluation (one row per group), one group's record, members and changes. Groups own
  groups, group_members, group_changes and inspections; hazard figures come from ``dashboard.hazards``.
- ``table``: what the page and the export show (flagged first, tiles, the table, stability in words).
- ``exports``: the evaluation as Excel. ``charts``: the figures against the 约谈 lines.
- ``roster`` / ``imports``: the groups and their members, their visits, changes on file (备案) and 约谈 records
  imported (``ROSTER_IMPORT``, ``VISITS_IMPORT``, ``CHANGES_IMPORT``, ``INTERVIEWS_IMPORT``: kinds of
  ``ingest.kinds``); ``interviews`` lists a group's 约谈 on file.
"""

from dashboard.groups import charts
from dashboard.groups.exports import EXPORT_COLUMNS, evaluation_xlsx, export_frame
from dashboard.groups.imports import A_CHANGED, A_FILED, A_INTERVIEW, group_number, interviews
from dashboard.groups.imports import CHANGES as CHANGES_IMPORT
from dashboard.groups.imports import INTERVIEWS as INTERVIEWS_IMPORT
from dashboard.groups.imports import VISITS as VISITS_IMPORT
from dashboard.groups.periods import (DEFAULT_PERIOD, MONTH, PERIODS, QUARTER, SINCE_STATIONED, YEAR, EvaluationWindow,
                                      active_days, window)
from dashboard.groups.queries import (EVALUATION_COLUMNS, ROLE_ORDER, changes, evaluation, first_stationed, group_info,
                                      hazards_by_month, members, not_handed_over, thresholds)
from dashboard.groups.roster import A_ROSTER, A_STATIONED, group_name
from dashboard.groups.roster import ROSTER as ROSTER_IMPORT
from dashboard.groups.rules import (MIN_DAYS_FOR_WEEKLY, RULE_SETTINGS, Thresholds, falls_short, interview_rule, judge,
                                    per_week, share_percent)
from dashboard.groups.table import (FLAGGED, NORMAL, evaluation_table, flagged_first, not_handed_over_table,
                                    short_name, stability_short, stability_text, summary, verdict, verdict_css)

__all__ = [
    # windows
    "MONTH", "QUARTER", "YEAR", "SINCE_STATIONED", "PERIODS", "DEFAULT_PERIOD", "EvaluationWindow", "window",
    "active_days",
    # the rule
    "RULE_SETTINGS", "MIN_DAYS_FOR_WEEKLY", "Thresholds", "share_percent", "per_week", "falls_short",
    "interview_rule", "judge",
    # figures
    "thresholds", "first_stationed", "EVALUATION_COLUMNS", "evaluation", "group_info", "ROLE_ORDER", "members",
    "changes", "not_handed_over", "hazards_by_month",
    # what the page and the export show
    "FLAGGED", "NORMAL", "verdict", "verdict_css", "flagged_first", "short_name", "stability_text",
    "stability_short", "summary", "evaluation_table", "not_handed_over_table",
    "EXPORT_COLUMNS", "export_frame", "evaluation_xlsx",
    "charts",
    # the imports
    "ROSTER_IMPORT", "VISITS_IMPORT", "CHANGES_IMPORT", "INTERVIEWS_IMPORT", "A_STATIONED", "A_ROSTER", "A_FILED",
    "A_CHANGED", "A_INTERVIEW", "group_number", "group_name", "interviews",
]
