"""hazards.facts (what ranking and the group evaluation ask of the hazards table) against plain SQL on the demo:
every unit / group in one query, the same figures as hand-written SQL for several period ends."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from dashboard.hazards import facts

ENDS = [date(2021, 5, 3), date(2021, 4, 30), date(2021, 4, 25), date(2021, 3, 31)]

# Ranking's semantics, written out: open at the end = found by then, not closed by then.
OPEN_AT_END = "found_date <= $end AND (closed_date IS NULL OR closed_date > $end)"
PLAIN = {
    "overdue": f"{OPEN_AT_END} AND deadline < $end",
    "open_major": f"{OPEN_AT_END} AND level = '重大隐患'",
    "listed_open": f"{OPEN_AT_END} AND listing_level <> '未挂牌' AND (listing_date IS NULL OR listing_date <= $end)",
    "found": "found_date <= $end",
    "closed": "found_date <= $end AND closed_date <= $end",
    "due": "found_date <= $end AND (deadline < $end OR (deadline = $end AND closed_date <= deadline))",
    "closed_in_time": "found_date <= $end AND deadline <= $end AND closed_date <= deadline",
}


def _plain_counts(store, where: str, end: date) -> dict[str, int]:
    rows = store.rows(f"SELECT unit_code, count(*) FROM hazards WHERE {where} GROUP BY 1", {"end": end})
    return {code: int(n) for code, n in rows}


@pytest.mark.parametrize("end", ENDS)
def test_state_at_equals_plain_sql_for_every_unit(demo_store, end):
    state = facts.state_at(demo_store, end)
    units = [code for (code,) in demo_store.rows("SELECT code FROM units ORDER BY sort_order")]
    assert list(state.index) == units
    for column, where in PLAIN.items():
        expected = _plain_counts(demo_store, where, end)
        assert state[column].to_dict() == {code: expected.get(code, 0) for code in units}, column
    assert state["overdue"].sum() > 0 and state["listed_open"].sum() > 0 and state["due"].sum() > 0


def test_state_at_is_one_query(demo_store, monkeypatch):
    calls = []
    original = type(demo_store).query
    monkeypatch.setattr(type(demo_store), "query", lambda self, *a, **k: calls.append(a) or original(self, *a, **k))
    facts.state_at(demo_store, ENDS[1])
    assert len(calls) == 1


@pytest.mark.parametrize("which", facts.AT_END)
def test_records_at_are_the_rows_behind_the_count(demo_store, which):
    end = ENDS[1]
    state = facts.state_at(demo_store, end)
    code = state[which].idxmax()
    frame = facts.records_at(demo_store, end, code, which)
    expected = demo_store.rows(f"SELECT id, CASE WHEN deadline < $end THEN date_diff('day', deadline, $end) END "
                               f"FROM hazards WHERE unit_code = $code AND {PLAIN[which]} ORDER BY deadline, id",
                               {"end": end, "code": code})
    assert len(frame) == state.loc[code, which] == len(expected) > 0
    assert list(frame["隐患编号"]) == [r[0] for r in expected]
    assert [None if pd.isna(v) else int(v) for v in frame["期末逾期天数"]] == [r[1] for r in expected]
    assert list(frame.columns) == ["隐患编号", "单位名称", "行业领域", "隐患等级", "发现日期", "整改期限", "期末逾期天数",
                                   "督办级别", "当前状态", "销号日期"]


@pytest.mark.parametrize("start, end, days, some_due", [
    (date(2021, 4, 1), date(2021, 5, 3), 7, True), (date(2021, 1, 1), date(2021, 5, 3), 3, True),
    (date(2021, 5, 1), date(2021, 5, 3), 7, False),   # three days: nothing found in them is due yet
])
def test_handover_equals_plain_sql_for_every_group(demo_store, start, end, days, some_due):
    due_by = end - timedelta(days=days)
    frame = facts.handover(demo_store, start, end, days)
    groups = [g for (g,) in demo_store.rows("SELECT id FROM groups ORDER BY id")]
    assert list(frame.index) == groups
    rows = demo_store.rows(
        """SELECT group_id, count(*), count(*) FILTER (WHERE level = '重大隐患'),
                  count(*) FILTER (WHERE found_date <= $due),
                  count(*) FILTER (WHERE found_date <= $due AND handed_county_on <= $end),
                  count(*) FILTER (WHERE found_date <= $due AND handed_city_on <= $end)
           FROM hazards WHERE group_id IS NOT NULL AND found_date BETWEEN $start AND $end GROUP BY 1""",
        {"due": due_by, "start": start, "end": end})
    expected = {g: (0, 0, 0, 0, 0) for g in groups} | {r[0]: tuple(int(v) for v in r[1:]) for r in rows}
    got = {g: tuple(int(v) for v in r) for g, r in
           frame[["hazards", "major", "due", "handed_county", "handed_city"]].iterrows()}
    assert got == expected
    due, handed = sum(v[2] for v in expected.values()), sum(v[3] for v in expected.values())
    assert (0 < handed < due) if some_due else (due == 0)


def test_not_handed_over_are_the_rows_behind_the_shares(demo_store):
    start, end, days = date(2021, 1, 1), date(2021, 5, 3), 3
    shares = facts.handover(demo_store, start, end, days)
    for group_id in shares.index:
        frame = facts.not_handed_over(demo_store, group_id, start, end, days)
        row = shares.loc[group_id]
        assert len(frame) == row["due"] - _both_handed(demo_store, group_id, start, end, days)
        assert frame["found_date"].is_monotonic_increasing
        assert not ((frame["handed_county_on"].notna()) & (frame["handed_city_on"].notna())).any()


def _both_handed(store, group_id, start, end, days) -> int:
    return store.scalar("SELECT count(*) FROM hazards WHERE group_id = $g AND found_date BETWEEN $s AND $d"
                        " AND handed_county_on <= $e AND handed_city_on <= $e",
                        {"g": int(group_id), "s": start, "d": end - timedelta(days=days), "e": end})


def test_group_months_equal_plain_sql(demo_store):
    today = date(2021, 5, 3)
    for group_id in (1, 5, 12):
        frame = facts.group_months(demo_store, group_id, today)
        expected = demo_store.rows(
            """SELECT date_trunc('month', found_date)::DATE, count(*), count(*) FILTER (WHERE level = '重大隐患'),
                      count(*) FILTER (WHERE handed_county_on <= $t), count(*) FILTER (WHERE handed_city_on <= $t)
               FROM hazards WHERE group_id = $g AND found_date <= $t GROUP BY 1 ORDER BY 1""",
            {"g": group_id, "t": today})
        got = [(m.date(), *(int(v) for v in r)) for m, *r in
               frame[["month", "found", "major", "handed_county", "handed_city"]].itertuples(index=False)]
        assert got == [tuple(r) for r in expected] and len(got) > 0
