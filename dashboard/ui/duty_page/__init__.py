"""The 假期值班 page's sections (app_pages/duty.py calls them in order). Each section reads the ``DutyDay``
that ``pick_day`` returns, shows its part, and sends every write through ``kit.submit`` so a refusal or a
success is shown as plain text where the user acted.

- ``_day``        period and day pickers, the KPI row, the board and its downloads, 需催报
- ``_report``     每日报告: one-click 零报告, the report form, the history of versions
- ``_incidents``  事故信息: chains, entries, the 初报 / 续报 / 终报 form
- ``_records``    预警信息 and 调度记录
- ``_roster``     值班表: the day's roster, editing it, importing it (``kit.import_panel``)
"""

from dashboard.ui.duty_page._day import DutyDay, board, board_columns, chase, figures_row, pick_day
from dashboard.ui.duty_page._incidents import chain_table, incident_columns, incidents_tab
from dashboard.ui.duty_page._records import dispatch_tab, warning_table, warnings_tab
from dashboard.ui.duty_page._report import report_tab
from dashboard.ui.duty_page._roster import roster_tab

TABS = ("每日报告", "事故信息", "预警信息", "调度记录", "值班表")

__all__ = ["TABS", "DutyDay", "pick_day", "figures_row", "board", "chase", "report_tab",
           "incidents_tab", "warnings_tab", "dispatch_tab", "roster_tab", "board_columns", "incident_columns",
           "chain_table", "warning_table"]
