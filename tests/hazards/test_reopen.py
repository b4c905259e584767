"""回头看: a 已销号 hazard reopened (复查发现反弹) keeps its history, is open again from today with its new deadline,
counts in this period's ranking again, and leaves the figures of every period that has ended alone — after a
second reopening too (the review's case: April's 整改率 moved 78.2 → 78.0 when the reopening was kept as columns).
Each reopening is a row (migration 0018), filled from the columns and the audit lines of a store made before it."""

from __future__ import annotations

import shutil
from datetime import date

import apptest
import pandas as pd
import pytest

from dashboard import clock, db, hazards, ranking, roles, vocab
from dashboard.db import Store, ValidationError
from dashboard.hazards import rules
from dashboard.lifecycle import EVIDENCE

OFFICE = roles.User("office", "陈建华", roles.OFFICE)
app_db = apptest.app_db
TODAY = date(2021, 5, 3)
PROOF = [("反弹现场.pdf", b"%PDF-1.4\n%%EOF\n")]


def _row(store, period_day: date, code: str) -> dict:
    period = ranking.period_of(ranking.MONTH, period_day, TODAY)
    table = ranking.table(store, period, store.as_of())
    return table.set_index("unit_code").loc[code].to_dict()


def _closed_major(store) -> tuple[str, str]:
    return store.rows("SELECT id, unit_code FROM hazards WHERE status = ? AND level = ? AND closed_date < ?"
                      " AND found_date < ? ORDER BY closed_date DESC LIMIT 1",
                      [vocab.ST_CLOSED, vocab.LEVEL_MAJOR, date(2021, 4, 20), date(2021, 4, 1)])[0]


def _reopen(store, hid: str, deadline: date) -> str:
    return hazards.act(store, hid, hazards.A_REOPEN,
                       {"reason": "回头看发现消防通道再次被占用", "new_deadline": deadline, EVIDENCE: PROOF}, OFFICE)


def test_a_reopened_hazard_counts_again_from_today_and_not_before(demo_store):
    hid, code = _closed_major(demo_store)
    closed, deadline = demo_store.rows("SELECT closed_date, deadline FROM hazards WHERE id = ?", [hid])[0]
    may_before, april_before = _row(demo_store, TODAY, code), _row(demo_store, date(2021, 4, 15), code)
    open_before = hazards.summary(demo_store, TODAY)

    assert _reopen(demo_store, hid, date(2021, 5, 20)) == vocab.ST_PENDING
    row = demo_store.rows("SELECT closed_date, reopened_on, deadline, original_deadline FROM hazards WHERE id = ?", [hid])[0]
    assert row == (None, TODAY, date(2021, 5, 20), date(2021, 5, 20))  # a new round: not 已延期
    assert not hazards.detail(demo_store, hid, TODAY)["extended"]
    audit_id = demo_store.scalar("SELECT max(id) FROM audit_events WHERE entity_id = ? AND action = ?",
                                 [hid, hazards.A_REOPEN])
    assert demo_store.rows("SELECT seq, closed_date, deadline_before, reopened_on, deadline, reason, actor, audit_id"
                           " FROM hazard_reopenings WHERE hazard_id = ?", [hid]) == \
        [(1, closed, deadline, TODAY, date(2021, 5, 20), "回头看发现消防通道再次被占用", OFFICE.label, audit_id)]
    assert list(hazards.reopenings(demo_store, hid)["seq"]) == [1]
    assert demo_store.scalar("SELECT count(*) FROM evidence WHERE audit_id = ?", [audit_id]) == 1  # its proof

    may_after, april_after = _row(demo_store, TODAY, code), _row(demo_store, date(2021, 4, 15), code)
    assert may_after["open_major"] == may_before["open_major"] + 1 and may_after["score"] <= may_before["score"]
    assert april_after == april_before  # it stood closed at April's end: April's row is what it was
    assert hazards.summary(demo_store, TODAY) != open_before

    history = hazards.history(demo_store, hid)
    assert list(history["action"])[-1] == hazards.A_REOPEN  # the 销号 and everything before stay in the history
    assert hazards.A_REVIEW_PASS in set(history["action"]) or hazards.A_IMMEDIATE in set(history["action"])
    assert hazards.describe_detail(history["detail"].iloc[-1]).endswith("反弹次数：1")


def _closed_in_april(store) -> tuple[str, str]:
    """A general 限期整改 hazard found before April, due in April and closed in time there."""
    return store.rows("SELECT id, unit_code FROM hazards WHERE status = ? AND level = ? AND treatment = ?"
                      " AND found_date < ? AND deadline BETWEEN ? AND ? AND closed_date <= deadline"
                      " ORDER BY closed_date DESC, id LIMIT 1",
                      [vocab.ST_CLOSED, vocab.LEVEL_GENERAL, vocab.TREAT_DEADLINE, date(2021, 4, 1),
                       date(2021, 4, 5), date(2021, 4, 30)])[0]


def _month(store, day: date, code: str) -> dict:
    """A unit's month's 整改率 and 按期整改率 (the ranking's) and their counts (hazards.facts)."""
    today = store.as_of().date()
    period = ranking.period_of(ranking.MONTH, day, today)
    row = ranking.table(store, period, store.as_of()).set_index("unit_code").loc[code]
    counts = hazards.facts.state_at(store, period.end).loc[code]
    return {"整改率": row["rectification_rate"], "按期整改率": row["on_time_rate"],
            **{k: int(counts[k]) for k in ("found", "closed", "due", "closed_in_time", "overdue")}}


# hazards whose reopened_on is not their latest reopening's day (rules.hazards_at and hazards.ageing read it as that)
_CACHE_DIFFERS = """SELECT count(*) FROM hazards h
    LEFT JOIN (SELECT hazard_id, max(reopened_on) AS latest FROM hazard_reopenings GROUP BY 1) r ON r.hazard_id = h.id
    WHERE h.reopened_on IS DISTINCT FROM r.latest"""


def test_a_period_that_has_ended_keeps_its_figures_through_a_second_reopening(demo_store, monkeypatch):
    """The review's case: closed in time in April, reopened in May, closed again, reopened again in June.
    April's 整改率 and 按期整改率, and May's once May has ended, stay what they were."""
    hid, code = _closed_in_april(demo_store)
    april = _month(demo_store, date(2021, 4, 15), code)

    _reopen(demo_store, hid, date(2021, 5, 20))  # 2021-05-03, the demo's day
    assert _month(demo_store, date(2021, 4, 15), code) == april  # the new deadline is the new round's, not April's

    monkeypatch.setenv("DASHBOARD_AS_OF", "2021-05-10 10:00")
    for action, fields in ((hazards.A_START, {}),
                           (hazards.A_SUBMIT, {"completed_date": date(2021, 5, 10), "measures": "清理通道"}),
                           (hazards.A_REVIEW_PASS, {"verifier": "王工", "verified_date": date(2021, 5, 10)})):
        hazards.act(demo_store, hid, action, fields, OFFICE)
    monkeypatch.setenv("DASHBOARD_AS_OF", "2021-06-05 09:00")
    may = _month(demo_store, date(2021, 5, 15), code)
    june = _month(demo_store, date(2021, 6, 5), code)

    _reopen(demo_store, hid, date(2021, 6, 30))
    assert _month(demo_store, date(2021, 4, 15), code) == april
    assert _month(demo_store, date(2021, 5, 15), code) == may
    now = _month(demo_store, date(2021, 6, 5), code)  # from the reopening on it is open again
    assert now["closed"] == june["closed"] - 1 and now["整改率"] <= june["整改率"]

    # every reopening kept: as rows, and in the history with what it undid
    first_closed, first_deadline = demo_store.rows("SELECT closed_date, deadline_before FROM hazard_reopenings"
                                                   " WHERE hazard_id = ? AND seq = 1", [hid])[0]
    assert [tuple(r) for r in hazards.reopenings(demo_store, hid)[["seq", "reopened_on"]].itertuples(index=False)] == \
        [(1, pd.Timestamp(TODAY)), (2, pd.Timestamp(2021, 6, 5))]
    history = hazards.history(demo_store, hid)
    lines = [hazards.describe_detail(d) for d in history[history["action"] == hazards.A_REOPEN]["detail"]]
    assert lines == [f"销号日期：{first_closed}；原期限：{first_deadline}；新期限：2021-05-20；反弹次数：1",
                     "销号日期：2021-05-10；原期限：2021-05-20；新期限：2021-06-30；反弹次数：2"]
    # 滚动清零 counts it from its latest reopening: the hazard's reopened_on, the cache of its rows' latest day
    assert demo_store.scalar(_CACHE_DIFFERS) == 0
    _, oldest = hazards.ageing(demo_store, date(2021, 6, 5), limit=100_000)
    assert oldest.set_index("id").loc[hid, "age"] == 0


@pytest.mark.parametrize("user", [roles.User("leader", "王建国", roles.LEADER),
                                  roles.User("group1", "赵强", roles.GROUP, group_id=1),
                                  roles.User("hanbin", "李娜", roles.CLERK, unit_code="610902")])
def test_only_the_office_reopens(demo_store, user):
    hid, _ = _closed_major(demo_store)
    with pytest.raises(ValidationError, match="无权执行“复查发现反弹”"):
        hazards.act(demo_store, hid, hazards.A_REOPEN, {"reason": "x", "new_deadline": date(2021, 5, 20)}, user)
    assert demo_store.rows("SELECT status FROM hazards WHERE id = ?", [hid])[0][0] == vocab.ST_CLOSED


def test_the_ageing_view_counts_every_open_hazard_by_how_long_it_has_been_open(demo_store):
    bands, oldest = hazards.ageing(demo_store, TODAY)
    assert list(bands["band"]) == [label for _, label in hazards.AGE_BANDS]
    assert bands["count"].sum() == demo_store.scalar("SELECT count(*) FROM hazards WHERE status <> ?", [vocab.ST_CLOSED])
    assert list(oldest["age"]) == sorted(oldest["age"], reverse=True) and len(oldest) == 20
    first = oldest.iloc[0]
    found = demo_store.scalar("SELECT found_date FROM hazards WHERE id = ?", [first["id"]])
    assert first["age"] == (TODAY - found).days


def test_the_ledger_shows_the_ageing_view_and_offers_the_office_the_reopening(app_db):
    at = apptest.open_page("app_pages/hazards.py")
    assert [m.label for m in at.metric if m.label in dict(hazards.AGE_BANDS).values()] == \
        [label for _, label in hazards.AGE_BANDS]
    closed = apptest.sql(app_db, "SELECT id FROM hazards WHERE status = ? LIMIT 1", [vocab.ST_CLOSED])[0][0]
    at = apptest.open_page("app_pages/hazards.py", {"hazards.id": closed})
    assert [s.value for s in at.selectbox if s.key == "hazards.action"] == [hazards.A_REOPEN]
    at = apptest.open_page("app_pages/hazards.py", {"hazards.id": closed}, user="leader")
    assert not [s for s in at.selectbox if s.key == "hazards.action"]


# -- a store made before 0018: its reopenings were columns (the last one) and audit lines (every one) --------------
def _old_store(path):
    """A store at migration 0017 with two hazards reopened the 0015 way: A twice (with 延期 before and after), its
    audit lines as the lifecycle wrote them then; B once, its audit line lost (only the columns know it)."""
    early = path.parent / "until0017"
    early.mkdir()
    for version, migration in db.migrations():
        if version <= 17:
            shutil.copy(migration, early / migration.name)
    old = Store.open(path, migrations_dir=early)
    cursor = old._con.cursor()
    for hid, found, deadline, original, reopened, undone, count in (
            ("YH-A", date(2021, 3, 1), date(2021, 6, 28), date(2021, 3, 10), date(2021, 6, 1), date(2021, 5, 5), 2),
            ("YH-B", date(2021, 3, 1), date(2021, 4, 30), date(2021, 3, 30), date(2021, 4, 2), date(2021, 3, 25), 1)):
        cursor.execute("INSERT INTO hazards (id, found_date, source, unit_code, enterprise, sector, description, level,"
                       " treatment, status, deadline, original_deadline, reopened_on, reopen_closed_date, reopen_count,"
                       " created_at, updated_at) VALUES (?, ?, ?, '610902', '旧库公司', '消防', '通道堵塞', ?, ?, ?, ?, ?,"
                       " ?, ?, ?, ?, ?)", [hid, found, vocab.SOURCE_GROUPS, vocab.LEVEL_GENERAL, vocab.TREAT_DEADLINE,
                                           vocab.ST_PENDING, deadline, original, reopened, undone, count, found, found])
    for day, action, reason, detail in (
            ("2021-03-08", "延期", "雨天停工", '{"old_deadline": "2021-03-10", "new_deadline": "2021-03-20"}'),
            ("2021-04-10", "复查发现反弹", "通道又被占用", '{"closed_date": "2021-03-15", "new_deadline": "2021-04-25", "reopen_count": 1}'),
            ("2021-06-01", "复查发现反弹", "再次反弹", '{"closed_date": "2021-05-05", "new_deadline": "2021-06-20", "reopen_count": 2}'),
            ("2021-06-10", "延期", "材料未到", '{"old_deadline": "2021-06-20", "new_deadline": "2021-06-28"}')):
        cursor.execute("INSERT INTO audit_events (happened_at, actor, entity, entity_id, action, reason, detail)"
                       " VALUES (?, '陈建华（市安委办）', 'hazard', 'YH-A', ?, ?, ?)", [day, action, reason, detail])
    old.close()


def test_a_store_made_before_the_rows_gets_every_reopening_as_a_row(tmp_path):
    path = tmp_path / "old.duckdb"
    _old_store(path)
    store = Store.open(path)
    try:
        audit = dict(store.rows("SELECT reason, id FROM audit_events WHERE action = ?", [hazards.A_REOPEN]))
        assert store.rows("SELECT hazard_id, seq, closed_date, deadline_before, original_deadline_before, reopened_on,"
                          " deadline, reason, actor, audit_id FROM hazard_reopenings ORDER BY 1, 2") == [
            ("YH-A", 1, date(2021, 3, 15), date(2021, 3, 20), date(2021, 3, 10), date(2021, 4, 10), date(2021, 4, 25),
             "通道又被占用", "陈建华（市安委办）", audit["通道又被占用"]),   # the first: only its audit line kept it
            ("YH-A", 2, date(2021, 5, 5), date(2021, 4, 25), date(2021, 4, 25), date(2021, 6, 1), date(2021, 6, 20),
             "再次反弹", "陈建华（市安委办）", audit["再次反弹"]),
            ("YH-B", 1, date(2021, 3, 25), date(2021, 3, 30), date(2021, 3, 30), date(2021, 4, 2), date(2021, 4, 30),
             None, None, None)]                                                  # from the columns
        # the hazard row is the current round: its first deadline the last reopening's (A since extended: 已延期)
        assert store.scalar(_CACHE_DIFFERS) == 0
        assert store.rows("SELECT id, original_deadline, deadline, reopened_on FROM hazards ORDER BY id") == [
            ("YH-A", date(2021, 6, 20), date(2021, 6, 28), date(2021, 6, 1)),
            ("YH-B", date(2021, 4, 30), date(2021, 4, 30), date(2021, 4, 2))]
        assert not {"reopen_closed_date", "reopen_count"} & {r[0] for r in store.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'hazards'")}
        # March and April judged in the rounds in force then, the first round's 销号 no longer lost
        for end, expected in ((date(2021, 3, 31), [("YH-A", date(2021, 3, 20), date(2021, 3, 15)),
                                                   ("YH-B", date(2021, 3, 30), date(2021, 3, 25))]),
                              (date(2021, 4, 30), [("YH-A", date(2021, 4, 25), date(2021, 5, 5)),
                                                   ("YH-B", date(2021, 4, 30), None)])):
            source, params = rules.hazards_at(end)
            assert store.rows(f"SELECT id, deadline, closed_date FROM {source} h ORDER BY id", params) == expected
    finally:
        store.close()


def test_the_pages_count_the_reopened_hazard_this_period_and_show_it_in_its_timeline(app_db):
    store = Store.open(app_db)
    try:
        hid, code = _closed_major(store)
        name = store.scalar("SELECT name FROM units WHERE code = ?", [code])
        before = _row(store, TODAY, code)["open_major"]
        closed, deadline_before = store.rows("SELECT closed_date, deadline FROM hazards WHERE id = ?", [hid])[0]
        never = store.scalar("SELECT min(id) FROM hazards WHERE reopened_on IS NULL AND id <> ?", [hid])
        _reopen(store, hid, date(2021, 5, 20))
    finally:
        store.close()
    at = apptest.open_page("app_pages/ranking.py", {"ranking.unit": name})
    table = next(d.value for d in at.dataframe if "值班报送及时率" in d.value.columns)
    shown = table.set_index("县区").loc[name, "未销号重大隐患"]
    assert shown.startswith(f"{before + 1}条 −")  # this month's count, the reopened hazard in it
    records = next(d.value for d in at.dataframe if "隐患编号" in d.value.columns and hid in set(d.value["隐患编号"]))
    assert len(records) == before + 1
    assert any(e.label.startswith(f"未销号重大隐患 {before + 1} 条") for e in at.expander)
    at = apptest.open_page("app_pages/hazards.py", {"hazards.id": hid})
    texts = [t.value for t in at.text]
    assert "原因：回头看发现消防通道再次被占用" in texts and any(t.endswith("新期限：2021-05-20；反弹次数：1") for t in texts)
    # the detail lists its 回头看 as a table (hazards.reopenings): the 销号 it undid, the deadlines, why, who
    shown = [d.value for d in at.dataframe if "反弹日期" in d.value.columns]
    assert len(shown) == 1 and shown[0].to_dict("records") == [{
        "次数": "第1次", "销号日期": clock.format_date(closed), "原期限": clock.format_date(deadline_before),
        "反弹日期": "2021-05-03", "新期限": "2021-05-20", "反弹情况": "回头看发现消防通道再次被占用", "操作人": OFFICE.label}]
    at = apptest.open_page("app_pages/hazards.py", {"hazards.id": never})  # never reopened: no such table
    assert at.dataframe and not [d for d in at.dataframe if "反弹日期" in d.value.columns]
