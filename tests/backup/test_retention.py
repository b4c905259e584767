"""Which backups are kept: a table of dates for the daily / weekly / monthly rule and the last hours, prune on a
real directory, and when the daily backup is due."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest

from dashboard import backup
from dashboard.backup import Rule, keep

T = datetime.fromisoformat
NOW = T("2021-05-03 17:00")
RULE = Rule(daily=7, weekly=4, monthly=12, hours=24)


def _nightly(start: str, days: int, at: str = "02:00") -> list[datetime]:
    first = T(f"{start} {at}")
    return [first + timedelta(days=i) for i in range(days)]


CASES = [
    # (what, backups, now, rule, kept)
    ("nothing to keep", [], NOW, RULE, []),
    ("one backup, however old, is kept", [T("2019-01-01 02:00")], NOW, RULE, [T("2019-01-01 02:00")]),
    ("the last 24 hours all kept, then the newest of each day",
     [T("2021-05-03 16:00"), T("2021-05-03 10:00"), T("2021-05-02 18:00"), T("2021-05-02 09:00"),
      T("2021-05-01 02:00")],
     NOW, Rule(daily=7, weekly=0, monthly=0, hours=24),
     [T("2021-05-03 16:00"), T("2021-05-03 10:00"), T("2021-05-02 18:00"), T("2021-05-01 02:00")]),
    ("24 hours is a strict bound", [T("2021-05-02 17:00"), T("2021-05-02 16:59")], NOW,
     Rule(daily=0, weekly=0, monthly=0, hours=24), [T("2021-05-02 17:00")]),
    ("7 days of nightly backups out of 10", _nightly("2021-04-24", 10), NOW, Rule(daily=7, weekly=0, monthly=0, hours=0),
     _nightly("2021-04-27", 7)),
    ("days count only days that have a backup (the server was off for two weeks)",
     _nightly("2021-04-01", 5) + _nightly("2021-04-20", 3), NOW, Rule(daily=7, weekly=0, monthly=0, hours=0),
     _nightly("2021-04-02", 4) + _nightly("2021-04-20", 3)),
    ("weekly: the newest of each ISO week (Monday starts one)",
     _nightly("2021-04-05", 29), NOW, Rule(daily=0, weekly=4, monthly=0, hours=0),
     # 2021-05-03 is a Monday: the newest of its week, then the Sundays 05-02, 04-25, 04-18
     [T("2021-05-03 02:00"), T("2021-05-02 02:00"), T("2021-04-25 02:00"), T("2021-04-18 02:00")]),
    ("weekly and monthly go on where the daily rule stops",
     _nightly("2021-03-01", 64), NOW, Rule(daily=3, weekly=2, monthly=1, hours=0),
     _nightly("2021-05-01", 3) + [T("2021-04-25 02:00"), T("2021-04-18 02:00"), T("2021-04-30 02:00")]),
    ("monthly: the newest of each month", _nightly("2020-01-01", 489), NOW,
     Rule(daily=0, weekly=0, monthly=12, hours=0),
     [T("2021-05-03 02:00")] + [T(f"{d} 02:00") for d in (
         "2021-04-30", "2021-03-31", "2021-02-28", "2021-01-31", "2020-12-31", "2020-11-30", "2020-10-31",
         "2020-09-30", "2020-08-31", "2020-07-31", "2020-06-30")]),
    ("the defaults over 16 months of nightly backups: 7 days, 4 Sundays before them, 12 month ends before those",
     _nightly("2020-01-01", 489), NOW, RULE,
     _nightly("2021-04-27", 7)  # the weeks of 05-03 and 04-26 and the months of May and April are kept by days
     + [T(f"{d} 02:00") for d in ("2021-04-25", "2021-04-18", "2021-04-11", "2021-04-04")]
     + [T(f"{d} 02:00") for d in ("2021-03-31", "2021-02-28", "2021-01-31", "2020-12-31", "2020-11-30",
                                  "2020-10-31", "2020-09-30", "2020-08-31", "2020-07-31", "2020-06-30",
                                  "2020-05-31", "2020-04-30")]),
    ("a backup from a clock set ahead stays (younger than 24 h by the clock)", [T("2021-05-04 02:00"),
                                                                              T("2021-05-03 02:00")],
     NOW, Rule(daily=1, weekly=0, monthly=0, hours=24), [T("2021-05-04 02:00"), T("2021-05-03 02:00")]),
    ("all zero still keeps the newest", _nightly("2021-04-01", 3), NOW, Rule(0, 0, 0, 0), [T("2021-04-03 02:00")]),
]


@pytest.mark.parametrize("what, backups, now, rule, kept", CASES, ids=[c[0] for c in CASES])
def test_keep(what, backups, now, rule, kept):
    assert sorted(keep(backups, now, rule), reverse=True) == sorted(kept, reverse=True)


def test_the_rule_comes_from_the_settings(monkeypatch):
    monkeypatch.setenv("DASHBOARD_BACKUP_KEEP_DAILY", "3")
    monkeypatch.setenv("DASHBOARD_BACKUP_KEEP_HOURS", "0")
    assert Rule.configured() == Rule(daily=3, weekly=4, monthly=12, hours=0)
    assert "最近 3 天每天" in backup.describe()


def _entry(directory, stamp: str, status=backup.VERIFIED):
    name = f"backup-{T(stamp):%Y%m%d-%H%M%S}"
    suffix = {backup.VERIFIED: "", backup.FAILED: ".failed", backup.INCOMPLETE: ".partial"}[status]
    path = directory / (name + suffix)
    path.mkdir(parents=True)
    if status != backup.INCOMPLETE:
        (path / backup.DB_FILE).write_bytes(b"db")
        (path / backup.MANIFEST).write_text(json.dumps({
            "created_at": stamp, "status": status, "database": {"bytes": 2}, "tables": {}}), encoding="utf-8")
    return path


def test_prune_deletes_what_the_rule_does_not_keep(tmp_path):
    verified = [_entry(tmp_path, f"2021-04-{d:02d} 02:00") for d in range(20, 31)]
    old_failure = _entry(tmp_path, "2021-04-20 03:00", backup.FAILED)
    new_failure = _entry(tmp_path, "2021-05-01 03:00", backup.FAILED)
    old_partial = _entry(tmp_path, "2021-05-03 10:00", backup.INCOMPLETE)
    running = _entry(tmp_path, "2021-05-03 16:00", backup.INCOMPLETE)
    removed = backup.prune(tmp_path, NOW, Rule(daily=7, weekly=0, monthly=0, hours=0))
    assert sorted(removed) == sorted(verified[:4] + [old_failure, old_partial])
    assert sorted(p for p in tmp_path.iterdir()) == sorted(verified[4:] + [new_failure, running])


DUE = [
    # (what, now, at, newest, last attempt, due)
    ("off", "2021-05-03 17:00", None, None, None, False),
    ("never backed up, after the time", "2021-05-03 17:00", time(2), None, None, True),
    ("never backed up, before the time: yesterday's slot is owed", "2021-05-03 01:00", time(2), None, None, True),
    ("today's taken", "2021-05-03 17:00", time(2), "2021-05-03 02:00", None, False),
    ("taken by hand after the time counts", "2021-05-03 17:00", time(2), "2021-05-03 09:00", None, False),
    ("taken before the time does not", "2021-05-03 17:00", time(2), "2021-05-03 01:59", None, True),
    ("before today's time, yesterday's taken", "2021-05-03 01:59", time(2), "2021-05-02 02:00", None, False),
    ("at the time exactly", "2021-05-03 02:00", time(2), "2021-05-02 02:00", None, True),
    ("a server off overnight catches up", "2021-05-03 08:00", time(2), "2021-05-01 02:00", None, True),
    ("failed 10 minutes ago: wait", "2021-05-03 02:10", time(2), "2021-05-02 02:00", "2021-05-03 02:00", False),
    ("failed 30 minutes ago: retry", "2021-05-03 02:30", time(2), "2021-05-02 02:00", "2021-05-03 02:00", True),
    ("an attempt before the slot does not hold it back", "2021-05-03 02:01", time(2), "2021-05-02 02:00",
     "2021-05-03 01:50", True),
]


@pytest.mark.parametrize("what, now, at, newest, attempt, due", DUE, ids=[c[0] for c in DUE])
def test_due(what, now, at, newest, attempt, due):
    assert backup.due(T(now), at, newest and T(newest), attempt and T(attempt)) is due


@pytest.mark.parametrize("value, at", [("02:00", time(2)), ("23:30", time(23, 30)), ("", None), ("  ", None)])
def test_scheduled_time_from_the_setting(monkeypatch, value, at):
    monkeypatch.setenv("DASHBOARD_BACKUP_TIME", value)
    assert backup.scheduled_time() == at
