"""Showing one record: a field value as text, and the history timeline of its audit events.

Shared by the pages that show one entity's detail (重大火灾隐患 today; 隐患台账 keeps its own copy for now).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import clock


def show_value(value) -> str:
    """A field as the office writes it: dates 2021-05-03, numbers without trailing zeros, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, (pd.Timestamp, date)):
        return clock.format_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def history_timeline(events: pd.DataFrame, describe: Callable[[str], str]) -> None:
    """Audit events (happened_at, actor, action, from/to status, reason, detail) oldest first, as text only."""
    for event in events.itertuples():
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.badge(event.action, color="gray")
                st.caption(clock.format_datetime(event.happened_at))
            change = "" if pd.isna(event.to_status) or event.to_status == event.from_status else (
                f"{'' if pd.isna(event.from_status) else event.from_status} → {event.to_status}")
            st.text(f"{event.actor}　{change}".strip())
            if isinstance(event.reason, str) and event.reason:
                st.text(f"原因：{event.reason}")
            if isinstance(event.detail, str) and event.detail:
                st.text(describe(event.detail))
