"""Every write keeps two times: the as-of time it was stamped with (pinned in the demo at 2021-05-03 17:00)
and the real time it was recorded (migration 0005, ``audit_events.recorded_at``); the timelines show both
when they differ. Before: only the as-of time, so every demo write said 2021-05-03 17:00."""

from datetime import datetime, timedelta

import apptest
import pandas as pd
import pytest
from apptest import open_page

from dashboard import clock, db, hazards, roles, vocab
from dashboard.db import Store
from dashboard.ui.records import recorded_note

app_db = apptest.app_db
PINNED = datetime(2021, 5, 3, 17, 0)
NEW = {"found_date": datetime(2021, 4, 1).date(), "unit_code": "610902", "source": vocab.SOURCE_GROUPS,
       "enterprise": "时间测试公司", "sector": "消防", "description": "通道堵塞", "level": vocab.LEVEL_GENERAL,
       "treatment": vocab.TREAT_DEADLINE, "deadline": datetime(2021, 4, 20).date()}


def _real_window():
    return clock.local_now() - timedelta(seconds=1)


def test_a_write_keeps_the_as_of_time_and_the_real_time(demo_store):
    since = _real_window()
    hid = hazards.create(demo_store, NEW, roles.system("登记员"))
    happened, recorded = demo_store.rows("SELECT happened_at, recorded_at FROM audit_events WHERE entity_id = ?", [hid])[0]
    assert happened == PINNED
    assert since <= recorded <= clock.local_now()
    history = demo_store.audit_history("hazard", hid)
    assert list(history.columns[:2]) == ["happened_at", "recorded_at"] and history["recorded_at"].notna().all()


def test_bulk_audit_events_get_the_real_time_too(tmp_path):
    store = Store.open(tmp_path / "t.duckdb")
    since = _real_window()
    frame = pd.DataFrame({"happened_at": [PINNED, PINNED], "actor": ["导入员", "导入员"], "entity": ["hazard"] * 2,
                          "entity_id": ["a", "b"], "action": ["登记", "登记"]})

    def load(tx):
        tx.insert_df("audit_events", frame)
        tx.audit("import", "1", "导入隐患", roles.system("导入员"))

    try:
        store.write(load)
        rows = store.rows("SELECT entity_id, happened_at, recorded_at FROM audit_events ORDER BY id")
        assert [r[0] for r in rows] == ["a", "b", "1"]
        assert len({r[2] for r in rows}) == 1 and since <= rows[0][2] <= clock.local_now()
    finally:
        store.close()


def test_events_from_before_the_migration_keep_no_real_time(tmp_path):
    """A version-4 file: its events are kept as they were (recorded_at empty: nobody knows when), new ones get it."""
    early = tmp_path / "v4"
    early.mkdir()
    for version, path in db.migrations():
        if version <= 4:
            (early / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "old.duckdb"
    old = Store.open(path, migrations_dir=early)
    old._con.cursor().execute("INSERT INTO audit_events (happened_at, actor, entity, entity_id, action) VALUES (?, '测试', 'meta', 'a', '旧写入')",
                [PINNED])
    old.close()
    store = Store.open(path)
    try:
        store.write(lambda tx: tx.audit("meta", "b", "新写入", roles.system("测试")))
        rows = store.rows("SELECT action, recorded_at IS NULL FROM audit_events ORDER BY id")
        assert rows == [("旧写入", True), ("新写入", False)]
        assert store.last_write()[0] is not None
    finally:
        store.close()


@pytest.mark.parametrize("happened, recorded, note", [
    (PINNED, None, ""),
    (PINNED, float("nan"), ""),
    (PINNED, PINNED, ""),
    (PINNED, PINNED + timedelta(seconds=30), ""),  # the same minute, as shown
    (PINNED, datetime(2026, 12, 1, 20, 40, 5), "（实际录入 2026-12-01 20:40）"),
    (pd.Timestamp(PINNED), pd.Timestamp(2026, 12, 1, 20, 40), "（实际录入 2026-12-01 20:40）"),
])
def test_the_timeline_names_the_real_time_when_it_differs(happened, recorded, note):
    assert recorded_note(happened, recorded) == note


def test_the_hazard_timeline_shows_both_times(app_db):
    store = Store.open(app_db)
    try:
        hid = hazards.create(store, NEW, roles.system("登记员"))
        recorded = store.scalar("SELECT recorded_at FROM audit_events WHERE entity_id = ?", [hid])
    finally:
        store.close()
    at = open_page("app_pages/hazards.py", {"hazards.id": [hid]})
    assert f"2021-05-03 17:00（实际录入 {recorded:%Y-%m-%d %H:%M}）" in [c.value for c in at.caption]
