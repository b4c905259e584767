"""假期值班: who has / hasn't reported (board, 需催报 with phones), today's figures, the daily report form,
incidents with their level, warnings, dispatch, the roster, and the day's 值班日报 in one click.

The sections live in dashboard/ui/duty_page/ (Streamlit stays in dashboard/ui and app_pages; the rules in
dashboard/duty/)."""

import streamlit as st

from dashboard.ui import duty_page as section
from dashboard.ui import kit

ctx = kit.page("假期值班", "duty.")  # widget key prefix; bound keys are also URL parameters
day = section.pick_day(ctx)         # period and day from the URL (with no period yet: the form to add one)
section.figures_row(day)
section.board(day)
chase = section.chase(day)

# The tabs keep their place (session state, and ?duty.tab= in the URL): a write's rerun stays on the tab where
# the user acted. Only the open tab's content runs.
tabs = st.tabs(section.TABS, key=ctx.key("tab"), bind="query-params")
for tab, show in zip(tabs, (lambda: section.report_tab(day, chase), lambda: section.incidents_tab(day),
                            lambda: section.warnings_tab(day), lambda: section.dispatch_tab(day),
                            lambda: section.roster_tab(day))):
    if tab.open:
        with tab:
            show()
