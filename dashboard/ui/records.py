"""Showing one record: a field value as text, the history timeline of its audit events, and picking the
record by clicking its row in a table.

Shared by the pages that show one entity's detail (重大火灾隐患 today; 隐患台账 keeps its own copy for now).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
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


def recorded_note(happened_at, recorded_at) -> str:
    """"（实际录入 2026-12-01 20:40）" when the real time of the write differs from its as-of time (in the
    demo, or with DASHBOARD_AS_OF set), else ""."""
    if recorded_at is None or pd.isna(recorded_at):
        return ""
    real, stamped = clock.format_datetime(recorded_at), clock.format_datetime(happened_at)
    return "" if real == stamped else f"（实际录入 {real}）"


def history_timeline(events: pd.DataFrame, describe: Callable[[str], str], files: pd.DataFrame | None = None) -> None:
    """Audit events (happened_at, actor, action, from/to status, reason, detail; recorded_at when known) oldest
    first, as text only. The time shown is the as-of time of the write, and beside it the real time when
    they differ. ``files``: the record's evidence (``evidence.for_record``), shown under the step it proves as
    thumbnails that open full size (a PDF as its download)."""
    by_event = {} if files is None or files.empty else {k: g for k, g in files.groupby("audit_id")}
    for event in events.itertuples():
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.badge(event.action, color="gray")
                st.caption(clock.format_datetime(event.happened_at)
                           + recorded_note(event.happened_at, getattr(event, "recorded_at", None)))
            change = "" if pd.isna(event.to_status) or event.to_status == event.from_status else (
                f"{'' if pd.isna(event.from_status) else event.from_status} → {event.to_status}")
            st.text(f"{event.actor}　{change}".strip())
            if isinstance(event.reason, str) and event.reason:
                st.text(f"原因：{event.reason}")
            if isinstance(event.detail, str) and event.detail:
                st.text(describe(event.detail))
            proof = by_event.get(getattr(event, "id", None))
            if proof is not None:
                _evidence_row(proof)


def _evidence_row(files: pd.DataFrame) -> None:
    with st.container(horizontal=True, gap="small"):
        for item in files.itertuples():
            with st.container(width=132, gap=None):
                if isinstance(item.thumb, (bytes, bytearray)):
                    st.image(bytes(item.thumb), width=120)
                    if st.button("查看原图", key=f"evidence.open.{item.id}", width=120, icon=":material/zoom_in:"):
                        _full_size(int(item.id))
                else:
                    st.download_button(_plain(item.file_name[:12]), data=lambda i=int(item.id): _file(i)[2],
                                       file_name=item.file_name, mime=item.mime, key=f"evidence.get.{item.id}",
                                       icon=":material/picture_as_pdf:", on_click="ignore", width=120)
                st.caption(_plain(f"{item.stage}·{item.uploaded_by.split('（')[0]}"))


def _plain(text: str) -> str:
    """A file's name or a person's name (user text) as text, never markdown (``ui.plain``)."""
    from dashboard import ui

    return ui.plain(text)


def _file(evidence_id: int):
    from dashboard import evidence, ui

    return evidence.file(ui.store(), evidence_id)


@st.dialog("佐证材料", width="large")
def _full_size(evidence_id: int) -> None:
    name, _, data = _file(evidence_id)
    st.caption(_plain(name))
    st.image(data)


def row_picker(key_prefix: str, ids: Sequence[str], target: str) -> dict:
    """``st.dataframe`` arguments that put the id of the clicked row into ``st.session_state[target]``.

    The table's key follows its rows, so a selection never points at a different record after a filter
    changes the rows. Use as ``st.dataframe(frame, **row_picker("tasks.list", ids, "tasks.id"), ...)``.
    """
    ids = list(ids)
    key = key_prefix + "." + hashlib.sha1("|".join(ids).encode("utf-8")).hexdigest()[:12]

    def on_select() -> None:
        picked = st.session_state[key].selection.rows
        if picked and picked[0] < len(ids):
            st.session_state[target] = ids[picked[0]]

    return {"key": key, "on_select": on_select, "selection_mode": "single-row"}
