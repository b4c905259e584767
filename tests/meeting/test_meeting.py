"""Meeting snapshots: a filtered view frozen into a one-page Word briefing (reopened and read back: title with the
scope and filters, 数据截至, the figures, the chart as an image, the top rows), kept and shown again later exactly as
it was frozen though the store has changed since; who may freeze."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from datetime import date, datetime

import apptest
import pytest
from docx import Document
from office_files import pdf_of, pdf_pages

from dashboard import hazards, meeting, ranking, roles, settings, vocab
from dashboard.db import ValidationError

app_db = apptest.app_db
OFFICE = roles.User("office", "陈建华", roles.OFFICE)
AS_OF = datetime(2021, 5, 3, 17, 0)


def _frozen(store) -> tuple[meeting.Frozen, object]:
    period = ranking.period_of(ranking.MONTH, AS_OF.date(), AS_OF.date())
    table = ranking.table(store, period, AS_OF)
    shown = ranking.ranking_frame(table)[["排名", "县区", "得分"]]
    frozen = meeting.Frozen.of("县区排名", "安康市县区排名（2021年5月）", "全市", "2021年5月", AS_OF,
                               [("第一名", "汉阴县 97.2分"), ("平均分", f"{table['score'].mean():.1f}")], shown)
    return frozen, ranking.score_bars(table, title="2021年5月 县区得分")


def test_the_briefing_is_one_page_with_the_view_as_it_was(demo_store, tmp_path):
    frozen, chart = _frozen(demo_store)
    number = meeting.take(demo_store, frozen, OFFICE, chart)
    snap = meeting.snapshot(demo_store, number)
    assert snap["chart"] and snap["chart"].startswith(b"\x89PNG")  # drawn by the server's chromium
    document = Document(io.BytesIO(snap["docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "安康市县区排名（2021年5月）" in text and "数据截至 2021-05-03 17:00" in text
    assert "范围：全市；筛选：2021年5月；冻结人：陈建华（市安委办）。" in text and "第一名 汉阴县 97.2分" in text
    assert len(document.inline_shapes) == 1  # the chart as an image
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["排名", "县区", "得分"] and len(rows) == 13 and rows[1][1] == "汉阴县"
    assert len(pdf_pages(pdf_of(snap["docx"], tmp_path))) == 1  # one page, as LibreOffice lays it out


def test_a_snapshot_stays_as_frozen_when_the_store_changes(demo_store):
    frozen, chart = _frozen(demo_store)
    number = meeting.take(demo_store, frozen, OFFICE)
    hid = demo_store.rows("SELECT id FROM hazards WHERE status = ? AND treatment = ? LIMIT 1",
                          [vocab.ST_PENDING, vocab.TREAT_IMMEDIATE])[0][0]
    hazards.act(demo_store, hid, hazards.A_IMMEDIATE, {"verifier": "王五", "completed_date": AS_OF.date(),
                                                       "verified_date": AS_OF.date()}, roles.system("测试"))
    again = meeting.snapshot(demo_store, number)
    assert again["content"]["figures"] == [list(f) for f in frozen.figures]
    assert again["content"]["rows"] == [list(r) for r in frozen.rows]
    assert again["taken_by"] == "陈建华（市安委办）" and again["as_of"] == AS_OF


def test_a_view_without_a_chart_or_a_measured_figure_is_frozen_plainly(demo_store):
    """A filter that finds nothing: its rate is not measured (None), the ledger draws no chart for it."""
    frozen = meeting.Frozen.of("隐患台账", "安康市隐患台账（县区：宁陕县；逾期）", "全市", "县区：宁陕县；逾期", AS_OF,
                               [("筛选结果", "0"), ("整改率", None), ("平均分", float("nan"))])
    snap = meeting.snapshot(demo_store, meeting.take(demo_store, frozen, OFFICE, None))
    assert snap["content"]["figures"] == [["筛选结果", "0"], ["整改率", "—"], ["平均分", "—"]]
    text = "\n".join(p.text for p in Document(io.BytesIO(snap["docx"])).paragraphs)
    assert "整改率 —" in text and "None" not in text and "nan" not in text
    assert "图表未能生成" not in text  # no chart was asked for: nothing failed


def _briefing_text(docx: bytes) -> tuple[str, object]:
    document = Document(io.BytesIO(docx))  # reopens: a whole Word file, not an exception halfway
    return "\n".join(p.text for p in document.paragraphs), document


def _hanging_browser(tmp_path):
    """A "chromium" that starts and never answers (the hang kaleido can fall into), saying its process id."""
    script = tmp_path / "chromium-that-hangs"
    script.write_text(f"#!/bin/sh\necho $$ > {tmp_path / 'browser.pid'}\nexec sleep 600\n")
    script.chmod(0o755)
    return script


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # a zombie is not running
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("browser, timeout, python, problem", [
    ("/nonexistent/chromium", "60", None, "图表未能生成：绘图失败（见系统日志）"),                 # the path set is not there
    (None, "2", None, "图表未能生成：绘图超过 2 秒仍未完成，已停止（设置 chart_timeout_seconds）"),  # it hangs
    ("/nonexistent/chromium", "60", "/nonexistent/python3", "图表未能生成：绘图程序未能启动（见系统日志）"),  # no child
])
def test_a_chart_that_cannot_be_drawn_leaves_a_briefing_without_it(demo_store, tmp_path, monkeypatch, browser, timeout,
                                                                   python, problem):
    monkeypatch.setenv("BROWSER_PATH", browser or str(_hanging_browser(tmp_path)))
    if python:  # the drawing child cannot be started (Popen's OSError)
        monkeypatch.setattr(sys, "executable", python)
    monkeypatch.setenv("DASHBOARD_CHART_TIMEOUT_SECONDS", timeout)
    frozen, chart = _frozen(demo_store)
    number = meeting.take(demo_store, frozen, OFFICE, chart)  # no exception: the snapshot is kept
    snap = meeting.snapshot(demo_store, number)
    assert snap["chart"] is None and snap["content"]["chart_problem"] in problem
    text, document = _briefing_text(snap["docx"])
    assert f"（{problem}。其余内容已照常冻结。）" in text
    assert len(document.inline_shapes) == 0 and "第一名 汉阴县 97.2分" in text
    assert [c.text for c in document.tables[0].rows[1].cells][1] == "汉阴县"  # the rows frozen all the same
    if browser is None:  # the hanging browser was stopped with the drawing, not left behind
        assert not _running(int((tmp_path / "browser.pid").read_text()))


def test_the_drawing_child_ends_itself_and_its_browser_when_nobody_ends_it(tmp_path):
    """The child run as draw runs it, but by a parent that never kills it (a server stopped during the drawing): its
    own alarm (the limit it is given + chart_image._MARGIN) ends it and the hanging browser it started."""
    payload = json.dumps({"figure": {"data": [{"type": "bar", "x": [1, 2], "y": [3, 4]}], "layout": {}},
                          "width": 400, "height": 300, "scale": 1}).encode()
    browser_pid = tmp_path / "browser.pid"
    try:
        done = subprocess.run([sys.executable, "-m", "dashboard.chart_image", "1"], input=payload, capture_output=True,
                              env={**os.environ, "BROWSER_PATH": str(_hanging_browser(tmp_path))},
                              cwd=settings.PROJECT_ROOT, timeout=60)
        assert done.returncode != 0 and done.stdout == b"", done
        assert "绘图超时，子进程自行结束" in done.stderr.decode(), done.stderr
        assert not _running(int(browser_pid.read_text()))
    finally:  # a failure here must not leave the fake browser behind
        if browser_pid.exists() and _running(int(browser_pid.read_text())):
            os.kill(int(browser_pid.read_text()), signal.SIGKILL)


@pytest.mark.parametrize("user", [roles.User("leader", "王建国", roles.LEADER),
                                  roles.User("hanbin", "李娜", roles.CLERK, unit_code="610902")])
def test_who_may_freeze(demo_store, user):
    frozen, _ = _frozen(demo_store)
    with pytest.raises(ValidationError, match="无权执行“冻结快照”"):
        meeting.take(demo_store, frozen, user)
    assert demo_store.scalar("SELECT count(*) FROM meeting_snapshots") == 0


def test_the_ledger_freezes_its_filtered_view_and_data_management_shows_it_again(app_db):
    at = apptest.open_page("app_pages/hazards.py", {"county": "旬阳市", "hazards.flags": "逾期"})
    at.button(key="hazards.meeting.go").click().run()
    assert not [e for e in at.error if "未冻结" in e.value], [e.value for e in at.error]
    title, figures = apptest.sql(app_db, "SELECT title, content FROM meeting_snapshots")[0]
    assert title == "安康市隐患台账（县区：旬阳市；标记：逾期）"
    assert [d for d in at.get("download_button") if "下载会议快照 1 号" in d.proto.label]
    at = apptest.open_page("app_pages/data.py")
    at.selectbox(key="data.meeting.pick").set_value(1).run()
    assert {m.label: m.value for m in at.metric}["筛选结果"] == \
        str(apptest.sql(app_db, "SELECT count(*) FROM hazards WHERE unit_code = '610981' AND status <> '已销号'"
                                " AND deadline < DATE '2021-05-03'")[0][0])


def test_the_page_says_when_the_chart_could_not_be_drawn(app_db, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = apptest.open_page("app_pages/hazards.py", {"county": "旬阳市"})
    at.button(key="hazards.meeting.go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [w.value for w in at.warning if "会议快照" in w.value] == [
        "会议快照 1 号已冻结。图表未能生成：绘图失败（见系统日志）。其余内容已照常冻结。"]
    assert [d for d in at.get("download_button") if "下载会议快照 1 号" in d.proto.label]
    at = apptest.open_page("app_pages/data.py")
    at.selectbox(key="data.meeting.pick").set_value(1).run()
    assert "图表未能生成：绘图失败（见系统日志）。其余内容已照常冻结。" in [c.value for c in at.caption]
