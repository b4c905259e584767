"""The structured log: a JSON line for every write (who, what, how long, outcome) and every page run (page,
session, seconds; slow ones at WARNING), rotated by size into numbered files."""

import json
from datetime import date

import apptest
import pytest
from apptest import open_page

from dashboard import logs, roles
from dashboard.db import Store, ValidationError

app_db = apptest.app_db


@pytest.fixture
def log_file(tmp_path):
    path = logs.configure(tmp_path / "logs" / "dashboard.log", max_bytes=10 * 1024 * 1024, backups=3)
    yield path
    logs.stop()


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_write_is_a_json_line_saying_who_what_and_how_long(tmp_path, log_file):
    store = Store.open(tmp_path / "t.duckdb")
    try:
        store.write(lambda tx: (tx.execute("INSERT INTO meta VALUES ('k', 'v')"),
                                tx.audit("meta", "k", "测试写入", roles.system("张三"))))
        with pytest.raises(ValidationError):
            store.write(lambda tx: (_ for _ in ()).throw(ValidationError("不允许：原因")))
    finally:
        store.close()
    events = _lines(log_file)
    opened = [e for e in events if e["event"] == "store_open"]
    assert opened and opened[-1]["file"] == "t.duckdb" and opened[-1]["schema_version"] > 0
    ok, refused = [e for e in events if e["event"] == "write"]
    assert {k: ok[k] for k in ("level", "outcome", "actor", "entity", "entity_id", "action", "events", "attempts",
                               "file")} == {"level": "INFO", "outcome": "ok", "actor": "张三（系统）", "entity": "meta",
                                            "entity_id": "k", "action": "测试写入", "events": 1, "attempts": 1,
                                            "file": "t.duckdb"}
    assert 0 <= ok["waited"] <= ok["seconds"] < 10
    assert refused["outcome"] == "refused" and refused["reason"] == "不允许：原因"
    assert str(tmp_path) not in log_file.read_text(encoding="utf-8")  # file names, not paths


def test_the_log_rotates_by_size_and_keeps_the_configured_number(tmp_path):
    path = logs.configure(tmp_path / "r" / "dashboard.log", max_bytes=2000, backups=2)
    try:
        for n in range(200):
            logs.event("write", outcome="ok", actor="测试", n=n)
    finally:
        logs.stop()
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["dashboard.log", "dashboard.log.1", "dashboard.log.2"]
    assert all(p.stat().st_size <= 2000 for p in path.parent.iterdir())
    newest = [e["n"] for e in _lines(path)]
    assert newest[-1] == 199
    assert logs.read_events(path, event_name="write", limit=5) == [
        {**e, "n": n} for e, n in zip(_lines(path)[-5:], range(195, 200))]


def test_nothing_is_written_before_configure_and_a_failing_log_never_fails_the_write(tmp_path):
    logs.stop()
    logs.event("write", outcome="ok")  # no handler: nothing, no error
    path = logs.configure(tmp_path / "gone" / "dashboard.log", max_bytes=1000, backups=1)
    try:
        path.unlink()
        path.parent.rmdir()  # the directory disappears under the running app
        logs.event("write", outcome="ok", n=1)
        store = Store.open(tmp_path / "t.duckdb")
        store.write(lambda tx: tx.audit("meta", "k", "测试写入", roles.system("张三")))
        store.close()
    finally:
        logs.stop()


def test_every_page_run_is_logged_and_a_slow_one_at_warning(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_SLOW_PAGE_SECONDS", "0")  # every run is slower than 0 s
    try:
        at = open_page("app_pages/fires.py")
        assert not at.exception
        path = logs.configured_path()
        assert path == app_db.parent / "logs" / "dashboard.log"  # beside the database by default
        pages = logs.read_events(path, event_name="page")
        assert pages[-1]["page"] == "fires" and pages[-1]["outcome"] == "ok" and pages[-1]["session"]
        assert pages[-1]["level"] == "WARNING" and pages[-1]["slow"] is True and pages[-1]["seconds"] > 0
        monkeypatch.setenv("DASHBOARD_SLOW_PAGE_SECONDS", "600")
        at.run()
        quick = logs.read_events(path, event_name="page")[-1]
        assert quick["level"] == "INFO" and "slow" not in quick
    finally:
        logs.stop()


def test_a_page_that_writes_logs_the_write_and_its_rerun(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_LOG_FILE", str(app_db.parent / "elsewhere" / "app.log"))
    try:
        at = open_page("app_pages/hazards.py")
        at.selectbox(key="hazards.n.unit").set_value("汉滨区")
        at.selectbox(key="hazards.n.sector").set_value("消防")
        at.text_input(key="hazards.n.enterprise").input("日志测试公司")
        at.text_area(key="hazards.n.description").input("安全出口上锁")
        at.date_input(key="hazards.n.deadline").set_value(date(2021, 5, 20))
        at.button(key="hazards.n.submit").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        events = logs.read_events(app_db.parent / "elsewhere" / "app.log")
        write = [e for e in events if e["event"] == "write"][-1]
        assert (write["actor"], write["action"], write["outcome"]) == (apptest.user_of(at).label, "登记", "ok")
        runs = [e["outcome"] for e in events if e["event"] == "page" and e["page"] == "hazards"]
        assert runs[-2:] == ["rerun", "ok"]  # the click's run ends in st.rerun, then the page shows the result
    finally:
        logs.stop()
