"""Heavy jobs and export limits (issue #13 "Limits"): at most ``heavy_jobs_max`` imports / large exports at once,
the next told 系统正忙 without waiting long; exports over their row limits refused naming the limit and what
to do; the 隐患台账 page disables the button and says why before anyone clicks."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

import apptest
from apptest import open_page

from dashboard import export, jobs
from dashboard.db import ValidationError

app_db = apptest.app_db


def test_the_slot_over_the_limit_is_refused_after_its_wait(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HEAVY_JOBS_MAX", "2")
    with jobs.heavy("导入"), jobs.heavy("导出"):
        assert jobs.running() == 2
        started = time.monotonic()
        with pytest.raises(jobs.Busy) as refused:
            with jobs.heavy("导入", wait=0.2):
                pass
        assert 0.15 < time.monotonic() - started < 2
    assert str(refused.value) == ("系统正忙：已有 2 个导入或导出正在进行（同时最多 2 个，设置 heavy_jobs_max），本次导入未执行。"
                                  "请稍后再试。")
    assert isinstance(refused.value, ValidationError)  # shown as a refusal by the page kit, nothing written
    assert jobs.running() == 0


def test_a_waiting_job_runs_when_a_slot_frees_up(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HEAVY_JOBS_MAX", "1")
    order = []
    release = threading.Event()

    def first():
        with jobs.heavy("导入"):
            order.append("first in")
            release.wait(5)
        order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    while jobs.running() == 0:
        time.sleep(0.01)
    threading.Timer(0.2, release.set).start()
    with jobs.heavy("导出", wait=5):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]


def test_many_threads_never_exceed_the_limit(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HEAVY_JOBS_MAX", "3")
    peak, lock, refused = [0], threading.Lock(), []

    def job():
        try:
            with jobs.heavy("导入", wait=0.05):
                with lock:
                    peak[0] = max(peak[0], jobs.running())
                time.sleep(0.05)
        except jobs.Busy:
            refused.append(1)

    threads = [threading.Thread(target=job) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 3 and refused and jobs.running() == 0


def test_a_job_that_fails_gives_its_slot_back(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HEAVY_JOBS_MAX", "1")
    with pytest.raises(RuntimeError):
        with jobs.heavy("导入"):
            raise RuntimeError("boom")
    with jobs.heavy("导入", wait=0):
        assert jobs.running() == 1


@pytest.mark.parametrize("rows, kind, refusal", [
    (200_000, "xlsx", None),
    (200_001, "xlsx", "共 200,001 行，超过 Excel 导出上限 200,000 行（设置 export_xlsx_max_rows）。请用筛选条件缩小范围，或改用 CSV 导出。"),
    (200_000, "csv", None),
    (200_001, "csv", "共 200,001 行，超过导出上限 200,000 行（设置 export_max_rows）。请用筛选条件缩小范围后分批导出。"),
])
def test_export_limits(rows, kind, refusal):
    assert jobs.export_refusal(rows, kind) == refusal


def test_the_writers_refuse_over_the_limit(monkeypatch):
    monkeypatch.setenv("DASHBOARD_EXPORT_XLSX_MAX_ROWS", "3")
    monkeypatch.setenv("DASHBOARD_EXPORT_MAX_ROWS", "4")
    frame = pd.DataFrame({"a": ["x"] * 4})
    columns = [export.Column("a", "甲")]
    with pytest.raises(jobs.ExportTooLarge, match="超过 Excel 导出上限 3 行"):
        export.xlsx_table(frame, columns, title="t", made_at=pd.Timestamp("2021-05-03"))
    assert export.csv_bytes(frame, columns)
    with pytest.raises(jobs.ExportTooLarge, match="超过导出上限 4 行"):
        export.csv_bytes(pd.concat([frame, frame]), columns)


def test_a_large_export_takes_a_slot_and_a_small_one_does_not(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HEAVY_JOBS_MAX", "1")
    monkeypatch.setattr(jobs, "EXPORT_WAIT_SECONDS", 0.05)
    columns = [export.Column("a", "甲")]
    with jobs.heavy("导入"):
        assert export.csv_bytes(pd.DataFrame({"a": ["x"] * 10}), columns)  # small: runs at once
        with pytest.raises(jobs.Busy, match="本次导出未执行"):
            export.csv_bytes(pd.DataFrame({"a": ["x"] * jobs.HEAVY_EXPORT_ROWS}), columns)


def test_the_ledger_page_says_why_an_export_is_not_offered(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_EXPORT_XLSX_MAX_ROWS", "100")
    at = open_page("app_pages/hazards.py")
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons["导出 Excel"] is True and buttons["导出 CSV"] is False
    assert any("无法导出：共 1,812 行，超过 Excel 导出上限 100 行（设置 export\\_xlsx\\_max\\_rows）" in w.value
               or "无法导出：共 1,812 行，超过 Excel 导出上限 100 行（设置 export_xlsx_max_rows）" in w.value
               for w in at.warning), [w.value for w in at.warning]

    monkeypatch.setenv("DASHBOARD_EXPORT_MAX_ROWS", "100")
    at = open_page("app_pages/hazards.py")
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons["导出 Excel"] is True and buttons["导出 CSV"] is True
    assert any("超过导出上限 100 行（设置 export" in w.value for w in at.warning)
