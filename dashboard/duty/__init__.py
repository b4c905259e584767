"""Holiday duty (假期值班): periods, roster, daily reports and their timeliness, the expected-vs-received
board, incidents and their level, warnings, the dispatch log, and the day's 值班日报.

The public face is this module (``from dashboard import duty; duty.board(...)``); the implementation lives
in private modules, one job each:

- ``_periods``     duty periods (五一, 国庆 …): the one holding a day, the default one, adding one
- ``_roster``      the roster (值班表): per unit and day, edited or imported from Excel
- ``_timeliness``  when a report is due and how late it is: board cell states and the texts naming them
- ``_reports``     the daily report's checks, submitting (versions kept), reading back
- ``_board``       the board, its matrix, the 值班日报's rows, whom to call, the cells between two dates
- ``_incidents``   条例 第三条 levels, the first report's deadline, chains 初报 → 续报 → 终报
- ``_accidents``   accident chains and per-unit totals between two dates (what the ranking counts)
- ``_warnings``    warnings in force, most severe first; issuing one
- ``_dispatch``    the dispatch log
- ``_figures``     a day's figures (KPI row, the 日报's summary, the wall's alerts)
- ``_documents``   the 值班日报 (Word, Excel) and the board as Excel
- ``_common``      what the writes share (counts, phones, the acting person, numbered ids, unit lists)
"""

from dashboard.duty._accidents import ACCIDENT_KIND, accident_chains, accident_totals, is_accident
from dashboard.duty._board import board, board_matrix, cells_between, chase_list, daily_rows, day_label
from dashboard.duty._common import unit_names_of
from dashboard.duty._dispatch import (A_DISPATCH, DISPATCH_ENTITY, chase_calls, chase_dispatch, dispatch_log,
                                      log_dispatch)
from dashboard.duty._documents import DOCX_HEADERS, UNIT_HEADERS, board_xlsx, daily_docx, daily_xlsx, summary_text
from dashboard.duty._documents import title as daily_title
from dashboard.duty._figures import DayFigures, day_figures
from dashboard.duty._incidents import (
    INCIDENT_COUNT_FIELDS,
    INCIDENT_ENTITY,
    LEVEL_GENERAL,
    LEVEL_GRAVE,
    LEVEL_LARGER,
    LEVEL_MAJOR,
    LEVEL_ORDER,
    LEVEL_THRESHOLDS,
    STAGE_FINAL,
    STAGE_FIRST,
    STAGE_FOLLOW,
    annotate_incidents,
    check_incident,
    incident_chains,
    incident_entry,
    incident_level,
    incidents,
    open_chains,
    record_incident,
    recorded_text,
    report_delay,
)
from dashboard.duty._periods import (
    A_ADD_PERIOD,
    PERIOD_ENTITY,
    add_period,
    check_period,
    default_period_id,
    period,
    period_days,
    period_on,
    periods,
)
from dashboard.duty._reports import (
    A_CORRECT,
    A_REPORT,
    COUNT_FIELDS,
    REPORT_ENTITY,
    check_report,
    current_reports,
    replacement_text,
    report_history,
    report_refusal,
    reports_received,
    submit_report,
    zero_report,
)
from dashboard.duty._roster import (
    A_IMPORT_ROSTER,
    A_ROSTER,
    A_ROSTER_EDIT,
    REPORT_PEOPLE,
    ROSTER_ENTITY,
    RosterImport,
    import_roster,
    parse_roster,
    roster,
    roster_entry,
    roster_import_fields,
    roster_people,
    roster_problems,
    roster_template,
    save_roster,
)
from dashboard.duty._timeliness import (
    CELL_COLORS,
    S_FUTURE,
    S_LATE,
    S_MISSING,
    S_ON_TIME,
    S_PENDING,
    board_legend,
    cell_color,
    cell_state,
    cell_text,
    chase_text,
    cutoff_at,
    duration_text,
    local_time,
    minutes_between,
    status_text,
    timeliness,
)
from dashboard.duty._warnings import (
    A_WARN,
    WARNING_ENTITY,
    WARNING_FILL,
    check_warning,
    in_force,
    issue_warning,
    order_warnings,
    warning_severity,
    warning_state,
    warnings,
    warnings_during,
)

__all__ = [
    # periods
    "PERIOD_ENTITY", "A_ADD_PERIOD", "add_period", "check_period", "default_period_id", "period", "period_days",
    "period_on", "periods",
    # roster
    "REPORT_PEOPLE", "ROSTER_ENTITY", "A_ROSTER", "A_ROSTER_EDIT", "A_IMPORT_ROSTER", "RosterImport", "import_roster",
    "parse_roster", "roster", "roster_entry",
    "roster_import_fields", "roster_people", "roster_problems", "roster_template", "save_roster",
    # timeliness and the board
    "S_ON_TIME", "S_LATE", "S_MISSING", "S_PENDING", "S_FUTURE", "CELL_COLORS", "board_legend",
    "cell_color", "cell_state", "cell_text", "chase_text", "cutoff_at", "duration_text", "local_time",
    "minutes_between", "status_text", "timeliness",
    "board", "board_matrix", "cells_between", "chase_list", "daily_rows", "day_label",
    # reports
    "COUNT_FIELDS", "REPORT_ENTITY", "A_REPORT", "A_CORRECT", "check_report", "current_reports", "replacement_text",
    "report_history",
    "report_refusal", "reports_received", "submit_report", "zero_report",
    # incidents and accidents
    "INCIDENT_COUNT_FIELDS", "INCIDENT_ENTITY", "LEVEL_GENERAL", "LEVEL_LARGER", "LEVEL_MAJOR", "LEVEL_GRAVE",
    "LEVEL_ORDER", "LEVEL_THRESHOLDS", "STAGE_FIRST", "STAGE_FOLLOW", "STAGE_FINAL", "annotate_incidents",
    "check_incident", "incident_chains", "incident_entry", "incident_level", "incidents", "open_chains",
    "record_incident", "recorded_text", "report_delay",
    "ACCIDENT_KIND", "accident_chains", "accident_totals", "is_accident",
    # warnings and dispatch
    "WARNING_ENTITY", "A_WARN", "WARNING_FILL", "check_warning", "in_force", "issue_warning", "order_warnings",
    "warning_severity", "warning_state", "warnings", "warnings_during",
    "DISPATCH_ENTITY", "A_DISPATCH", "chase_calls", "chase_dispatch", "dispatch_log", "log_dispatch", "unit_names_of",
    # the day and its documents
    "DayFigures", "day_figures", "DOCX_HEADERS", "UNIT_HEADERS", "board_xlsx", "daily_docx", "daily_xlsx",
    "daily_title", "summary_text",
]
