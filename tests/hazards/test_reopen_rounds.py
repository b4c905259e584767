"""回头看 as rounds: a hazard closed, reopened, closed and reopened again is judged at a period's end by the round in
force then (its 销号 and its deadline), however many rounds came after. Each period rule — open, closed, due,
closed in time, overdue — as a table of period ends before, at, between and after each event, read two ways: the
rules' own FROM item (``rules.source``: the hazards as they stood) and the ranking's counts (``facts.state_at``,
which reads the table as it is when nothing was reopened after the end)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from dashboard import clock, new_store, vocab
from dashboard.db import Store
from dashboard.hazards import facts, rules

DAY = timedelta(days=1)
UNIT = "610902"  # 汉滨区
FOUND, D1, C1 = date(2021, 3, 1), date(2021, 3, 20), date(2021, 3, 15)   # round 1: closed in time
R1, D2, C2 = date(2021, 4, 10), date(2021, 4, 25), date(2021, 5, 5)      # round 2: closed late
R2, D3 = date(2021, 6, 1), date(2021, 6, 20)                              # round 3: open now

# The hazard as it stands (round 3) and its two reopenings, as the lifecycle leaves them (tests/hazards/test_reopen.py
# walks the same story through the lifecycle itself).
HAZARD = {"id": "YH-ROUNDS", "found_date": FOUND, "source": vocab.SOURCE_GROUPS, "unit_code": UNIT,
          "enterprise": "回头看测试公司", "sector": "消防", "description": "消防通道堵塞", "level": vocab.LEVEL_MAJOR,
          "treatment": vocab.TREAT_DEADLINE, "status": vocab.ST_PENDING, "deadline": D3, "original_deadline": D3,
          "closed_date": None, "reopened_on": R2, "created_at": datetime(2021, 3, 1), "updated_at": datetime(2021, 6, 1)}
REOPENINGS = [  # seq, closed_date (the 销号 undone), deadline_before, original_deadline_before, reopened_on, deadline
    (1, C1, D1, D1, R1, D2),
    (2, C2, D2, D2, R2, D3),
]

# period end -> open at the end, closed by it, due by it, closed in time, overdue at it
CASES = [
    (FOUND - DAY, False, False, False, False, False),  # not found yet: counted nowhere
    (FOUND, True, False, False, False, False),          # round 1, open, its deadline still to come
    (C1 - DAY, True, False, False, False, False),
    (C1, False, True, False, False, False),             # closed on the last day; not due yet
    (D1, False, True, True, True, False),               # due that day and closed by it: in time
    (date(2021, 3, 31), False, True, True, True, False),  # March: closed in time, whatever came after
    (R1 - DAY, False, True, True, True, False),         # the day before the first reopening
    (R1, True, False, False, False, False),             # reopened that day: round 2, due D2
    (D2, True, False, False, False, False),             # round 2's deadline day: not late yet
    (D2 + DAY, True, False, True, False, True),         # round 2 overdue
    (date(2021, 4, 30), True, False, True, False, True),  # April: open and overdue in round 2
    (C2, False, True, True, False, False),              # closed late
    (date(2021, 5, 31), False, True, True, False, False),  # May: closed, late
    (R2 - DAY, False, True, True, False, False),
    (R2, True, False, False, False, False),             # reopened again: round 3, the hazard row, due D3
    (D3, True, False, False, False, False),
    (date(2021, 6, 30), True, False, True, False, True),  # June: overdue in round 3
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store as ``python -m dashboard init`` makes it (the units), with the one hazard and its reopenings."""
    path = tmp_path_factory.mktemp("rounds") / "rounds.duckdb"
    new_store.create(path)
    opened = Store.open(path)
    cursor = opened._con.cursor()  # the rows as the lifecycle leaves them, written directly
    cursor.execute(f"INSERT INTO hazards ({', '.join(HAZARD)}) VALUES ({', '.join('?' for _ in HAZARD)})",
                   list(HAZARD.values()))
    for seq, closed, before, original, reopened, deadline in REOPENINGS:
        cursor.execute("INSERT INTO hazard_reopenings (hazard_id, seq, closed_date, deadline_before,"
                       " original_deadline_before, reopened_on, deadline) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [HAZARD["id"], seq, closed, before, original, reopened, deadline])
    yield opened
    opened.close()


def _rules(end: date) -> dict[str, rules.Condition]:
    return {"open": rules.open_at(end), "closed": rules.closed_by(end), "due": rules.due_by(end),
            "in_time": rules.closed_in_time(end), "overdue": rules.overdue(end, rules.open_at(end))}


def _holds(store: Store, condition: rules.Condition) -> bool:
    source, source_params = rules.source(condition)
    sql, params = condition.on()
    return bool(store.scalar(f"SELECT count(*) FROM {source} h WHERE h.id = ? AND {sql}",
                             [*source_params, HAZARD["id"], *params]))


@pytest.mark.parametrize("end, is_open, closed, due, in_time, overdue", CASES, ids=[str(c[0]) for c in CASES])
def test_each_rule_reads_the_round_in_force_at_the_end(store, end, is_open, closed, due, in_time, overdue):
    expected = {"open": is_open, "closed": closed, "due": due, "in_time": in_time, "overdue": overdue}
    assert {name: _holds(store, c) for name, c in _rules(end).items()} == expected
    counts = facts.state_at(store, end).loc[UNIT]  # the ranking's path (the table as it is when nothing came after)
    assert {"open": counts["open_major"], "closed": counts["closed"], "due": counts["due"],
            "in_time": counts["closed_in_time"], "overdue": counts["overdue"]} == {k: int(v) for k, v in expected.items()}
    assert counts["found"] == int(end >= FOUND)


@pytest.mark.parametrize("end, deadline, closed", [
    (date(2021, 3, 31), D1, C1), (R1, D2, C2), (date(2021, 5, 31), D2, C2), (R2, D3, None), (date(2021, 12, 31), D3, None),
])
def test_the_deadline_and_the_close_in_force_at_the_end_are_the_rounds_own(store, end, deadline, closed):
    source, params = rules.hazards_at(end)
    assert store.rows(f"SELECT deadline, closed_date FROM {source} h WHERE h.id = ?", [*params, HAZARD["id"]]) == \
        [(deadline, closed)]
    shown = facts.records_at(store, end, UNIT, "open_major")  # the records behind a count show the same
    assert [clock.as_date(d) for d in shown["整改期限"]] == ([deadline] if closed is None or closed > end else [])


def test_the_table_as_it_is_only_when_nothing_was_reopened_after_the_end():
    open_ = rules.open_at(date(2021, 4, 30))
    assert rules.source(rules.open_now()) == ("hazards", [])
    assert rules.source(open_, reopened_after=False) == ("hazards", [])
    assert rules.source(open_)[0].startswith("(SELECT h.* FROM hazards h")
    assert rules.both(open_, rules.major()).at == date(2021, 4, 30)
    with pytest.raises(ValueError):
        rules.source(open_, rules.open_at(date(2021, 5, 31)))
