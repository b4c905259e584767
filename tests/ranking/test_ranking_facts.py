"""What the ranking asks its owners, once per period (``PeriodFacts``), against plain SQL on the demo: the
hazards open at the end and the rate inputs, the unresolved fire-hazard units, the duty days by state, the
accidents and deaths against the same dates a year earlier. And the ranking's own boundaries: one
``table()`` asks each owner exactly once for the period and once for the previous one; no SQL of its own in
dashboard/ranking/; every public name of its modules in their ``__all__``."""

from __future__ import annotations

import ast
import importlib
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from dashboard import duty, fire_units, hazards
from dashboard import ranking as rk

AS_OF = datetime(2021, 5, 3, 17, 0)
TODAY = AS_OF.date()
PERIODS = [rk.period_of(rk.MONTH, TODAY, TODAY), rk.period_of(rk.WEEK, TODAY, TODAY),
           rk.period_of(rk.WEEK, date(2021, 4, 28), TODAY), rk.period_of(rk.MONTH, date(2021, 3, 1), TODAY),
           rk.period_of(rk.MONTH, date(2020, 5, 1), TODAY), rk.period_of(rk.MONTH, date(2020, 10, 1), TODAY)]
PACKAGE = Path(rk.__file__).parent


@pytest.fixture(scope="module")
def store(demo_db_path):
    from dashboard.db import Store

    s = Store.open(demo_db_path)
    yield s
    s.close()


def _plain_hazards(store, end: date) -> dict[str, dict[str, int]]:
    rows = store.query(
        """
        SELECT u.code AS unit_code,
          count(h.id) FILTER (WHERE h.found_date <= ? AND (h.closed_date IS NULL OR h.closed_date > ?)
                              AND h.deadline < ?) AS overdue,
          count(h.id) FILTER (WHERE h.found_date <= ? AND (h.closed_date IS NULL OR h.closed_date > ?)
                              AND h.level = '重大隐患') AS open_major,
          count(h.id) FILTER (WHERE h.found_date <= ? AND (h.closed_date IS NULL OR h.closed_date > ?)
                              AND h.listing_level <> '未挂牌' AND (h.listing_date IS NULL OR h.listing_date <= ?))
              AS listed_open,
          count(h.id) FILTER (WHERE h.found_date <= ?) AS found,
          count(h.id) FILTER (WHERE h.found_date <= ? AND h.closed_date <= ?) AS closed,
          count(h.id) FILTER (WHERE h.found_date <= ? AND (h.deadline < ? OR (h.deadline = ? AND h.closed_date <= h.deadline)))
              AS due,
          count(h.id) FILTER (WHERE h.found_date <= ? AND h.deadline <= ? AND h.closed_date <= h.deadline) AS closed_in_time
        FROM units u LEFT JOIN hazards h ON h.unit_code = u.code GROUP BY 1
        """, [end] * 16)
    return {r.pop("unit_code"): r for r in rows.to_dict("records")}


def _plain_duty_states(store, start: date, end: date) -> dict[tuple[str, str], int]:
    """(unit_code, state) -> days: every duty day up to the as-of date, judged by the first version's time."""
    found: dict[tuple[str, str], int] = {}
    codes = [c for (c,) in store.rows("SELECT code FROM units")]
    day = start
    while day <= min(end, TODAY):
        if store.scalar("SELECT count(*) FROM duty_periods WHERE ? BETWEEN start_date AND end_date", [day]):
            cutoff = datetime.combine(day, datetime.min.time()).replace(hour=16)
            for code in codes:
                first = store.scalar("SELECT min(submitted_at) FILTER (WHERE version = 1) FROM duty_reports "
                                     "WHERE unit_code = ? AND report_date = ?", [code, day])
                if first is None:
                    state = duty.S_MISSING if AS_OF > cutoff else duty.S_PENDING
                else:
                    state = duty.S_LATE if first.replace(second=0, microsecond=0) > cutoff else duty.S_ON_TIME
                found[(code, state)] = found.get((code, state), 0) + 1
        day += timedelta(days=1)
    return found


def _plain_accidents(store, start: date, end: date) -> dict[str, tuple[int, int]]:
    rows = store.rows(
        """SELECT unit_code, count(*), sum(deaths) FROM (
               SELECT chain_id, arg_max(deaths, reported_at) AS deaths, any_value(kind) AS kind,
                      min(occurred_at)::DATE AS day, any_value(unit_code) AS unit_code
               FROM incidents WHERE reported_at <= ? GROUP BY chain_id)
           WHERE kind LIKE '%事故' AND day BETWEEN ? AND ? GROUP BY 1""", [AS_OF, start, end])
    return {code: (int(n), int(d)) for code, n, d in rows}


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_period_facts_equal_plain_sql(store, period):
    facts = rk.period_facts(store, period, AS_OF)
    assert facts.period == period and facts.as_of == AS_OF
    plain = _plain_hazards(store, period.end)
    assert list(facts.hazards.index) == list(store.query("SELECT code FROM units ORDER BY sort_order")["code"])
    assert {code: {k: int(v) for k, v in row.items()} for code, row in facts.hazards.to_dict("index").items()} == plain
    for which in hazards.facts.AT_END:
        assert facts.hazard_counts(which) == {code: row[which] for code, row in plain.items()}

    fire = dict(store.rows("SELECT unit_code, count(*) FROM fire_units WHERE filed_date <= ? "
                           "AND (closed_date IS NULL OR closed_date > ?) GROUP BY 1", [period.end, period.end]))
    assert dict(facts.fire_units) == fire

    states = _plain_duty_states(store, period.start, period.end)
    for state in (duty.S_MISSING, duty.S_LATE, duty.S_ON_TIME):
        assert facts.duty_days(state) == {code: n for (code, s), n in states.items() if s == state}, state
    assert facts.reports_on_time() == facts.duty_days(duty.S_ON_TIME)
    expected: dict[str, int] = {}
    for (code, state), n in states.items():
        if state != duty.S_PENDING:
            expected[code] = expected.get(code, 0) + n
    assert facts.reports_expected() == expected

    now = _plain_accidents(store, period.start, period.end)
    before = _plain_accidents(store, *rk.same_dates_last_year(period))
    for column, i in (("accidents", 0), ("deaths", 1)):
        assert facts.accident_figures(column) == {code: (now.get(code, (0, 0))[i], before.get(code, (0, 0))[i])
                                                  for code in set(now) | set(before)}


def test_the_demo_has_something_to_count_in_the_periods(store):
    """The periods above are not all empty: duty days and fire units in May, accidents in both years."""
    may = rk.period_facts(store, PERIODS[0], AS_OF)
    assert len(may.cells) == 12 * 3 and may.duty_days(duty.S_MISSING) and sum(may.fire_units.values()) > 0
    assert sum(n for n, _ in may.accident_figures("accidents").values()) >= 1
    march = rk.period_facts(store, PERIODS[3], AS_OF).accident_figures("accidents").values()
    assert any(now for now, _ in march) and any(before for _, before in march)


def test_one_table_asks_each_owner_once_per_period(store, monkeypatch):
    calls: dict[str, list] = {}

    def spy(owner, name):
        real = getattr(owner, name)

        def wrapper(*args, **kwargs):
            calls.setdefault(name, []).append(args[1:3])
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    spy(hazards.facts, "state_at")
    spy(fire_units, "unresolved_at")
    spy(duty, "cells_between")
    spy(duty, "accident_totals")
    period = PERIODS[0]
    rk.table(store, period, AS_OF)
    april = rk.previous(period, TODAY)
    assert calls == {
        "state_at": [(period.end,), (april.end,)], "unresolved_at": [(period.end,), (april.end,)],
        "cells_between": [(period.start, period.end), (april.start, april.end)],
        "accident_totals": [(period.start, period.end), (april.start, april.end)],
    }


def test_no_sql_of_its_own():
    """Ranking asks hazards, fire_units and duty; it never reads their tables (nor any other) itself."""
    for path in sorted(PACKAGE.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        strings = [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert not [s for s in strings if re.search(r"\b(SELECT|UPDATE|INSERT|JOIN)\b", s)], path.name
        assert not re.search(r"\.(query|rows|scalar|execute|write)\(", source), path.name


@pytest.mark.parametrize("module", sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"))
def test_every_public_name_is_in_all(module):
    loaded = importlib.import_module(f"dashboard.ranking.{module}")
    names = set()
    for node in ast.parse(Path(loaded.__file__).read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in getattr(node, "targets", None) or [node.target]:
                names.update(t.id for t in ([target] if isinstance(target, ast.Name) else getattr(target, "elts", []))
                             if isinstance(t, ast.Name))
    assert {n for n in names if not n.startswith("_")} == set(loaded.__all__) - {"charts"}
    assert set(loaded.__all__) <= set(rk.__all__), module
