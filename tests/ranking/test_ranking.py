"""县区排名: the arithmetic as tables of cases (deductions, the floor, ties, rank change, periods), each rule's
count against independent plain SQL on the demo, the breakdown summing to the score, and a weight saved
through stored_settings changing the score at once."""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime, timedelta

import duckdb
import openpyxl
import io
import pytest

from dashboard import ranking as rk
from dashboard import stored_settings
from dashboard.db import Store

AS_OF = datetime(2021, 5, 3, 17, 0)
TODAY = AS_OF.date()
WEIGHTS = {r.setting: w for r, w in zip(rk.RULES, (2.0, 1.0, 3.0, 2.0, 1.0, 0.5, 2.0, 3.0))}


# -- pure arithmetic ------------------------------------------------------------------------------------
@pytest.mark.parametrize("count, weight, expected", [(3, 2.0, 6.0), (0, 3.0, 0.0), (3, 0.5, 1.5), (10, 0.0, 0.0),
                                                     (-2, 1.0, 0.0)])
def test_deduction_is_count_times_weight(count, weight, expected):
    assert rk.deduction(count, weight) == expected


@pytest.mark.parametrize("deductions, score, floor", [
    ([], 100.0, 0.0),
    ([20, 16, 3, 8], 53.0, 0.0),
    ([0.5, 0.5, 0.5], 98.5, 0.0),
    ([99.5], 0.5, 0.0),
    ([50, 50], 0.0, 0.0),            # exactly 100 deducted: 0, nothing to add back
    ([60, 50], 0.0, 10.0),           # more than 100: floored at 0, 10 added back
    ([100, 100, 0.5], 0.0, 100.5),
])
def test_score_is_floored_at_zero(deductions, score, floor):
    assert rk.score(deductions) == score
    assert rk.floor_points(deductions) == floor
    assert 100 - sum(deductions) + floor == pytest.approx(score)


@pytest.mark.parametrize("scores, ranks", [
    ({"a": 90, "b": 80, "c": 80, "d": 70}, {"a": 1, "b": 2, "c": 2, "d": 4}),       # competition ranking 1,2,2,4
    ({"a": 50, "b": 50, "c": 50}, {"a": 1, "b": 1, "c": 1}),
    ({"a": 0, "b": 100}, {"a": 2, "b": 1}),
    ({"a": 97.5, "b": 97.5, "c": 99, "d": 12}, {"c": 1, "a": 2, "b": 2, "d": 4}),
    ({"x": 100}, {"x": 1}),
    ({}, {}),
])
def test_competition_ranks(scores, ranks):
    assert rk.competition_ranks(scores) == ranks


@pytest.mark.parametrize("rank, previous, expected", [
    (3, 5, (2, "▲2")), (5, 3, (-2, "▼2")), (4, 4, (0, "持平")), (1, 12, (11, "▲11")), (12, 11, (-1, "▼1")),
    (1, None, (None, "新")),          # a unit without a previous rank is new
    (2, float("nan"), (None, "新")),
])
def test_rank_change(rank, previous, expected):
    assert rk.rank_change(rank, previous) == expected


@pytest.mark.parametrize("counts", [
    {},
    {"overdue": 10, "open_major": 16, "listed_open": 1, "fire_unit_open": 4},
    {"overdue": 40, "open_major": 30, "report_missing": 5},       # 80 + 30 + 5 = 115: floored
    {"overdue": 25, "open_major": 50},                            # exactly 100
    {"report_late": 3, "death_increase": 2},
])
def test_breakdown_lines_sum_to_the_score(counts):
    lines = rk.breakdown_lines(counts, WEIGHTS)
    taken = [rk.deduction(counts.get(r.key, 0), WEIGHTS[r.setting]) for r in rk.RULES]
    assert rk.lines_total(lines) == rk.score(taken)
    assert [line.key for line in lines][:len(rk.RULES) + 1] == ["base", *(r.key for r in rk.RULES)]
    assert (lines[-1].name == rk.FLOOR_LINE) == (sum(taken) > 100)
    frame = rk.lines_frame(lines)
    assert frame.iloc[-1]["项目"] == "得分" and frame.iloc[-1]["得分变化"] == rk.score(taken)
    assert frame["得分变化"].iloc[:-1].sum() == pytest.approx(frame.iloc[-1]["得分变化"])


def test_breakdown_sums_for_random_counts_and_weights():
    rnd = random.Random(6)
    for _ in range(300):
        counts = {r.key: rnd.choice((0, 0, 1, 2, 7, 30)) for r in rk.RULES}
        weights = {r.setting: rnd.choice((0.0, 0.5, 1.0, 2.5, 17.0)) for r in rk.RULES}
        taken = [rk.deduction(counts[r.key], weights[r.setting]) for r in rk.RULES]
        assert rk.lines_total(rk.breakdown_lines(counts, weights)) == pytest.approx(rk.score(taken))


@pytest.mark.parametrize("kind, day, start, last, key", [
    (rk.MONTH, date(2021, 5, 3), date(2021, 5, 1), date(2021, 5, 31), "2021-05"),
    (rk.MONTH, date(2020, 2, 10), date(2020, 2, 1), date(2020, 2, 29), "2020-02"),     # leap year
    (rk.MONTH, date(2020, 12, 31), date(2020, 12, 1), date(2020, 12, 31), "2020-12"),
    (rk.WEEK, date(2021, 5, 3), date(2021, 5, 3), date(2021, 5, 9), "2021-W18"),     # a Monday
    (rk.WEEK, date(2021, 5, 2), date(2021, 4, 26), date(2021, 5, 2), "2021-W17"),    # a Sunday ends its week
    (rk.WEEK, date(2021, 1, 1), date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),   # ISO week across the year
])
def test_periods(kind, day, start, last, key):
    period = rk.period_of(kind, day, TODAY)
    assert (period.start, period.last, period.key) == (start, last, key)
    assert period.end == min(last, TODAY)
    assert period.current == (start <= TODAY <= last)


def test_previous_periods_and_the_same_dates_a_year_before():
    may = rk.period_of(rk.MONTH, TODAY, TODAY)
    assert may.end == TODAY and may.current and may.word == "本月"
    assert rk.previous(may, TODAY).key == "2021-04" and not rk.previous(may, TODAY).current
    assert rk.previous(rk.period_of(rk.MONTH, date(2021, 1, 5), TODAY), TODAY).key == "2020-12"
    assert [p.key for p in rk.periods(rk.WEEK, TODAY, 3)] == ["2021-W18", "2021-W17", "2021-W16"]
    assert rk.same_dates_last_year(may) == (date(2020, 5, 1), date(2020, 5, 3))
    assert rk.year_before(date(2020, 2, 29)) == date(2019, 2, 28)


@pytest.mark.parametrize("value, band", [(100, "green"), (90, "green"), (89.5, "yellow"), (80, "yellow"),
                                         (79, "orange"), (60, "orange"), (59.5, "red"), (0, "red")])
def test_band(value, band):
    assert rk.band(value) == band


# -- the rules against plain SQL on the demo --------------------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory, demo_db_path):
    copy = tmp_path_factory.mktemp("ranking") / "store.duckdb"
    shutil.copy(demo_db_path, copy)
    s = Store.open(copy)
    yield s
    s.close()


@pytest.fixture(scope="module")
def con(demo_db_path):
    c = duckdb.connect(str(demo_db_path), read_only=True)
    yield c
    c.close()


def _code(con, name):
    return con.execute("SELECT code FROM units WHERE name = ?", [name]).fetchone()[0]


def _plain_counts(con, code: str, start: date, end: date) -> dict[str, int]:
    """Every rule's count for one unit, written out directly in SQL (and a little Python for the duty days)."""
    one = lambda sql, *p: con.execute(sql, list(p)).fetchone()[0]  # noqa: E731
    open_at = "unit_code = ? AND found_date <= ? AND (closed_date IS NULL OR closed_date > ?)"
    counts = {
        "overdue": one(f"SELECT count(*) FROM hazards WHERE {open_at} AND deadline < ?", code, end, end, end),
        "open_major": one(f"SELECT count(*) FROM hazards WHERE {open_at} AND level = '重大隐患'", code, end, end),
        "listed_open": one(f"SELECT count(*) FROM hazards WHERE {open_at} AND listing_level <> '未挂牌' "
                           "AND (listing_date IS NULL OR listing_date <= ?)", code, end, end, end),
        "fire_unit_open": one("SELECT count(*) FROM fire_units WHERE unit_code = ? AND filed_date <= ? "
                              "AND (closed_date IS NULL OR closed_date > ?)", code, end, end),
    }
    missing = late = 0
    day = start
    while day <= min(end, TODAY):
        in_duty = one("SELECT count(*) FROM duty_periods WHERE ? BETWEEN start_date AND end_date", day)
        if in_duty:
            first = one("SELECT min(submitted_at) FILTER (WHERE version = 1) FROM duty_reports "
                        "WHERE unit_code = ? AND report_date = ?", code, day)
            cutoff = datetime.combine(day, datetime.min.time()).replace(hour=16)
            if first is None:
                missing += AS_OF.replace(second=0) > cutoff
            else:
                late += first.replace(second=0, microsecond=0) > cutoff
        day += timedelta(days=1)
    counts["report_missing"], counts["report_late"] = missing, late
    chains = """SELECT count(*), coalesce(sum(deaths), 0) FROM (
                    SELECT chain_id, arg_max(deaths, reported_at) AS deaths, any_value(kind) AS kind,
                           min(occurred_at)::DATE AS day, any_value(unit_code) AS unit_code
                    FROM incidents GROUP BY chain_id)
                WHERE unit_code = ? AND kind LIKE '%事故' AND day BETWEEN ? AND ?"""
    now = con.execute(chains, [code, start, end]).fetchone()
    before = con.execute(chains, [code, rk.year_before(start), rk.year_before(end)]).fetchone()
    counts["accident_increase"] = max(0, now[0] - before[0])
    counts["death_increase"] = max(0, int(now[1]) - int(before[1]))
    return counts


PERIODS = [rk.period_of(rk.MONTH, TODAY, TODAY), rk.period_of(rk.WEEK, date(2021, 4, 20), TODAY),
           rk.period_of(rk.MONTH, date(2020, 5, 1), TODAY)]


@pytest.mark.parametrize("name", ["汉滨区", "紫阳县", "旬阳市"])
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_every_rule_count_equals_plain_sql(store, con, name, period):
    code = _code(con, name)
    table = rk.table(store, period, AS_OF).set_index("unit_code")
    expected = _plain_counts(con, code, period.start, period.end)
    assert {r.key: int(table.loc[code, r.key]) for r in rk.RULES} == expected
    for rule in rk.RULES:  # the records behind each count are as many as the count (accidents: both years)
        rows = rk.records(store, rule.key, code, period, AS_OF)
        if rule.key in ("accident_increase", "death_increase"):
            this = rows[rows["期间"] == "本期"]
            last = rows[rows["期间"] == "去年同期"]
            counted = len(this) - len(last) if rule.key == "accident_increase" else this["死亡"].sum() - last["死亡"].sum()
            assert max(0, int(counted)) == expected[rule.key]
        else:
            assert len(rows) == expected[rule.key], rule.key


def test_the_demo_month_figures(store):
    """May 2021 on the demo: the overdue count equals the ledger's, the crash counts against 旬阳市, the
    four units without a report on the as-of day are 缺报, today's report before the cut-off would be 待报."""
    may = PERIODS[0]
    table = rk.table(store, may, AS_OF).set_index("unit")
    assert table["overdue"].sum() == store.scalar(
        "SELECT count(*) FROM hazards WHERE status <> '已销号' AND deadline < ?", [TODAY])
    assert (table.loc["旬阳市", "accident_increase"], table.loc["旬阳市", "death_increase"]) == (1, 3)
    assert table.loc["紫阳县", "accident_increase"] == 0          # a 水上交通险情 is not an accident
    assert set(table.index[table["report_missing"] > 0]) == {"岚皋县", "镇坪县", "白河县", "恒口示范区"}
    before_cutoff = rk.table(store, may, AS_OF.replace(hour=15))
    assert before_cutoff["report_missing"].sum() == 0               # 待报, not missing
    assert list(table["rank"]) == sorted(table["rank"])
    assert table["score"].is_monotonic_decreasing
    for row in table.reset_index().to_dict("records"):
        assert rk.lines_total(rk.unit_lines(row, rk.weights(store))) == row["score"]
        assert row["previous_rank"] >= 1 and row["change"]
    # rates: 值班报送及时率 is None where nothing was expected (a month without duty days)
    april = rk.table(store, PERIODS[1], AS_OF)
    assert april["report_rate"].isna().all()
    assert table.loc["汉滨区", "report_rate"] == 100.0 and table.loc["紫阳县", "report_rate"] == pytest.approx(33.3)


def test_headline_names_score_rank_and_the_top_deductions(store):
    may = PERIODS[0]
    row = rk.table(store, may, AS_OF).set_index("unit").loc["汉滨区"].to_dict() | {"unit": "汉滨区"}
    text = rk.headline(row, may)
    assert text.startswith(f"汉滨区 本月得分 {row['score']:g}，排名第{row['rank']}（上月第{int(row['previous_rank'])}")
    assert f"逾期未整改隐患 {row['overdue']} 条（−{row['overdue_points']:g}）" in text


def test_a_saved_weight_changes_the_score_at_once(demo_store):
    may = PERIODS[0]
    before = rk.table(demo_store, may, AS_OF).set_index("unit")
    stored_settings.save(demo_store, {"score_overdue_hazard": "5"}, "张三", "加大逾期扣分")
    after = rk.table(demo_store, may, AS_OF).set_index("unit")
    overdue = before.loc["汉滨区", "overdue"]
    assert after.loc["汉滨区", "overdue_points"] == overdue * 5
    assert after.loc["汉滨区", "score"] == max(0, before.loc["汉滨区", "score"] - overdue * 3)
    assert (after.loc["汉阴县", "score"] == before.loc["汉阴县", "score"]) == (before.loc["汉阴县", "overdue"] == 0)


def test_export_opens_with_every_rule(store):
    may = PERIODS[0]
    frame = rk.table(store, may, AS_OF)
    book = openpyxl.load_workbook(io.BytesIO(rk.export_xlsx(frame, may, as_of=AS_OF, scope_label="全市", city="安康市")))
    sheet = book.active
    headers = [c.value for c in sheet[3]]
    assert headers[:4] == ["排名", "名次变化", "县区", "得分"]
    assert all(f"{r.name}扣分" in headers for r in rk.RULES)
    scores = {sheet.cell(row=i, column=3).value: sheet.cell(row=i, column=4).value for i in range(4, 4 + len(frame))}
    assert scores == dict(zip(frame["unit"], frame["score"]))


@pytest.mark.parametrize("kind", [rk.MONTH, rk.WEEK])
def test_rank_change_is_against_the_previous_periods_own_ranking(store, kind):
    """The previous rank shown for each unit is the rank in the previous period's own table, and the change
    follows from the two (a broken 'previous' would give 持平 everywhere)."""
    period = rk.periods(kind, TODAY, 2)[0]
    now = rk.table(store, period, AS_OF)
    before = rk.table(store, rk.previous(period, TODAY), AS_OF)
    assert dict(zip(now["unit"], now["previous_rank"])) == dict(zip(before["unit"], before["rank"]))
    assert list(now["change"]) == [rk.rank_change(r, p)[1] for r, p in zip(now["rank"], now["previous_rank"])]
    if kind == rk.MONTH:
        assert now.set_index("unit").loc["旬阳市", "change"] == "▼3"  # 8th in April, 11th in May


def test_a_hazard_due_on_the_last_day_and_still_open_is_not_late_yet(store):
    """按期整改率 on the as-of day: an open hazard whose deadline is today is not in the denominator."""
    table = rk.table(store, PERIODS[0], AS_OF).set_index("unit_code")
    for code in ("610922", "610981"):  # 石泉县, 旬阳市: each has an open hazard due on 2021-05-03
        assert store.scalar("SELECT count(*) FROM hazards WHERE unit_code = ? AND deadline = ? AND status <> '已销号'",
                            [code, TODAY]) >= 1
        due, in_time = store.rows(
            "SELECT count(*) FILTER (WHERE deadline < ? OR (deadline = ? AND closed_date <= deadline)),"
            "       count(*) FILTER (WHERE deadline <= ? AND closed_date <= deadline)"
            " FROM hazards WHERE unit_code = ? AND found_date <= ?", [TODAY, TODAY, TODAY, code, TODAY])[0]
        assert table.loc[code, "on_time_rate"] == pytest.approx(round(100 * in_time / due, 1), abs=0.05)
