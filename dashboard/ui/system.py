"""The app's side of health and logs: logging every page run (who, which page, how long, slow ones at level
WARNING) and the 系统状态 section (the report of dashboard/health.py, without server paths).

The entry script wraps the page it runs in ``page_run(page)``; ``show_health(store)`` draws the section.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from dashboard import health, logs, settings, ui
from dashboard.db import StoreError

__all__ = ["start_logging", "page_run", "show_health"]


def start_logging() -> None:
    """Send the structured log to its file (settings ``log_file``, ``log_max_mb``, ``log_backups``); once per
    process and settings, so it is cheap on every run. A log that cannot be opened never stops the app."""
    try:
        logs.configure()
    except OSError:
        pass


def _session() -> str:
    """A short id of the browser session (the signed-in user's name once sign-in exists)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id[:8] if ctx else ""


def _outcome(exc: BaseException) -> str:
    from streamlit.runtime.scriptrunner import RerunException, StopException

    if isinstance(exc, RerunException):
        return "rerun"  # st.rerun after a write: a normal end of the run
    if isinstance(exc, StopException):
        return "stop"
    return "error"


@contextmanager
def page_run(page: st.Page, *, wall: bool = False) -> Iterator[None]:
    """Log the run of ``page`` (its url_path; "" is the default page) with its seconds, outcome and session;
    slower than ``slow_page_seconds``: level WARNING and ``slow: true``. A StoreError the page did not handle
    is shown as its Chinese sentence instead of a traceback (and logged as an error)."""
    fields = {"page": page.url_path or "overview", "session": _session()}
    if wall:
        fields["wall"] = True
    with logs.timed("page", slow_after=float(settings.get("slow_page_seconds")), **fields) as extra:
        extra["outcome_of"] = _outcome
        try:
            yield
        except StoreError as exc:  # e.g. a block found damaged after the open: said in Chinese, no traceback
            extra.update(outcome="error", error=f"StoreError: {str(exc)[:300]}")
            st.error(f"数据库出错，本页无法显示：{ui.plain(exc)}", icon=":material/error:")


def _status_colour(status: str) -> str:
    return {health.FAILED: "color: #d62728; font-weight: 700", health.NOTE: "color: #6b6b6b"}.get(status, "")


def show_health(store) -> None:
    """The 系统状态 section: one line per check (status, what, the finding), the verdict first. Text only (no
    emoji: the office PCs may have no emoji font), a failed check in red."""
    report = health.of_store(store)
    failed = [c.name for c in report.checks if c.status == health.FAILED]
    if failed:
        st.error(f"系统状态异常：{'、'.join(failed)}。详见下表；管理员可在服务器上运行 python -m dashboard health 查看。",
                 icon=":material/error:")
    else:
        st.success("系统状态正常。", icon=":material/check_circle:")
    frame = pd.DataFrame({
        "状态": [c.status for c in report.checks],
        "检查项": [c.name for c in report.checks],
        "情况": [c.text for c in report.checks],
    })
    st.dataframe(frame.style.map(_status_colour, subset=["状态"]), hide_index=True, width="stretch",
                 key="system.health", column_config={"情况": st.column_config.TextColumn(width="large")})
    again = int(health.READ_AGAIN_AFTER.total_seconds() // 60)
    st.caption(f"检查于 {report.at:%Y-%m-%d %H:%M:%S}（实际时间）。每次写入后再打开本页时重新读取全部数据表，"
               f"没有写入时至少每 {again} 分钟读取一次。")
