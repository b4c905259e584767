"""Heavy jobs (imports, large exports): how many may run at once in this process, and how big an export may be.

An office server has two cores. Without a bound, five people importing big lists at once would each get a
fifth of them and every page would freeze; with it, the job over the limit is told at once
(``系统正忙……请稍后再试``) and the pages of everyone else stay quick. Imports wait a moment for a free slot,
exports (a click on a download button, already off the page's thread) a little longer.

- ``heavy(what, wait=...)``: a context manager holding one of ``heavy_jobs_max`` slots; ``Busy`` when none
  frees up within ``wait`` seconds. ``Busy`` is a ``ValidationError``, so forms and import panels show it
  as a refusal, and nothing has been written.
- ``export_refusal(rows, kind)`` / ``check_export``: an export over ``export_max_rows`` (CSV) or
  ``export_xlsx_max_rows`` (Excel, which is slower and heavier to build) is refused with a Chinese message
  naming the limit and what to do (narrow the filters; CSV for big sets).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from dashboard import settings
from dashboard.db import ValidationError

__all__ = ["Busy", "ExportTooLarge", "IMPORT_WAIT_SECONDS", "EXPORT_WAIT_SECONDS", "HEAVY_EXPORT_ROWS", "heavy",
           "running", "export_refusal", "check_export", "export_slot"]

IMPORT_WAIT_SECONDS = 2.0
EXPORT_WAIT_SECONDS = 30.0
HEAVY_EXPORT_ROWS = 5_000  # smaller exports (a ranking, a day's report) take well under a second: no slot

_slots = threading.Condition()
_running = 0


class Busy(ValidationError):
    """Every heavy-job slot is taken; the message says so in Chinese and names the setting."""


class ExportTooLarge(ValidationError):
    """An export over its row limit; the message names the limit and what to do instead."""


def running() -> int:
    """Heavy jobs running now in this process."""
    return _running


@contextmanager
def heavy(what: str, wait: float | None = None) -> Iterator[None]:
    """Hold one heavy-job slot while the block runs (``what``: 导入 / 导出, for the message), waiting up to
    ``wait`` seconds (``IMPORT_WAIT_SECONDS`` unless given) for one to free up."""
    global _running
    limit = int(settings.get("heavy_jobs_max"))
    deadline = time.monotonic() + (IMPORT_WAIT_SECONDS if wait is None else wait)
    with _slots:
        while _running >= limit:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Busy(f"系统正忙：已有 {_running} 个导入或导出正在进行（同时最多 {limit} 个，设置 heavy_jobs_max），"
                           f"本次{what}未执行。请稍后再试。")
            _slots.wait(left)
        _running += 1
    try:
        yield
    finally:
        with _slots:
            _running -= 1
            _slots.notify()


@contextmanager
def export_slot(rows: int) -> Iterator[None]:
    """A slot for an export of ``rows`` rows when it is big enough to matter; small ones run at once."""
    if rows < HEAVY_EXPORT_ROWS:
        yield
        return
    with heavy("导出", wait=EXPORT_WAIT_SECONDS):
        yield


def export_refusal(rows: int, kind: str) -> str | None:
    """Why an export of ``rows`` rows as ``kind`` ("xlsx" or "csv") is refused, or None when it may run."""
    if kind == "xlsx":
        limit = int(settings.get("export_xlsx_max_rows"))
        if rows > limit:
            return (f"共 {rows:,} 行，超过 Excel 导出上限 {limit:,} 行（设置 export_xlsx_max_rows）。"
                    "请用筛选条件缩小范围，或改用 CSV 导出。")
        return None
    limit = int(settings.get("export_max_rows"))
    if rows > limit:
        return f"共 {rows:,} 行，超过导出上限 {limit:,} 行（设置 export_max_rows）。请用筛选条件缩小范围后分批导出。"
    return None


def check_export(rows: int, kind: str) -> None:
    """Raise ``ExportTooLarge`` when ``export_refusal`` refuses."""
    refusal = export_refusal(rows, kind)
    if refusal:
        raise ExportTooLarge(refusal)
