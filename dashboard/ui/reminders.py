"""The app's reminder thread (dashboard/notify/service.py): started with the first page run of the process, one per
database file; it sends only when a gateway is configured."""

from __future__ import annotations

import streamlit as st

from dashboard import settings
from dashboard.notify import service


@st.cache_resource(show_spinner=False, on_release=service.Reminders.stop)
def _reminders(path: str) -> service.Reminders:
    from dashboard import ui

    thread = service.Reminders(ui.store())
    thread.start()
    return thread


def keep_running() -> None:
    _reminders(str(settings.db_path().resolve()))
