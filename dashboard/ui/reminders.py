"""The app's sending thread (dashboard/notify/service.py): started with the first page run of the process, one per
database file. It sends what the pages hand it (``sender().hand``) and, when a gateway is configured, what is due."""

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
    sender()


def sender() -> service.Reminders:
    """The store's sending thread (started again if it ever ended)."""
    thread = _reminders(str(settings.db_path().resolve()))
    if not thread.is_alive():
        _reminders.clear()
        thread = _reminders(str(settings.db_path().resolve()))
    return thread
