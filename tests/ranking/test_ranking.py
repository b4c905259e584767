"""县区排名 on the demo: each rule's count (and the records behind it) against independent plain SQL, the
month's figures, the breakdown summing to the score, the headline, a weight saved through stored_settings
changing the score at once, the export, rank change against the previous period's own table, the 按期整改率
edge on the as-of day. (The arithmetic's tables of cases: test_ranking_arithmetic.py.)"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb
import pytest

from dashboard import ranking as rk
from dashboard import roles, stored_settings
from office_files import office_sheet, sheet_records, workbook

AS_OF = datetime(2021, 5, 3, 17, 0)
TODAY = AS_OF.date()


# -- the rules against plain SQL on the demo --------------------------------------------------------------
@pytest.fixture(scope="module")
def store(module_demo_store):
    return module_demo_store


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
    assert f"逾期未整改隐患 {row['overdue']} 条（每百条 {row['overdue_scored']:g}，−{row['overdue_points']:g}）" in text
    assert row["overdue_scored"] == rk.per_hundred(row["overdue"], row["overdue_per"])   # 10 of 338 found: 3.0


def test_a_saved_weight_changes_the_score_at_once(demo_store):
    may = PERIODS[0]
    before = rk.table(demo_store, may, AS_OF).set_index("unit")
    stored_settings.save(demo_store, {"score_overdue_hazard": "5"}, roles.system("张三"), "加大逾期扣分")
    after = rk.table(demo_store, may, AS_OF).set_index("unit")
    scored = before.loc["汉滨区", "overdue_scored"]   # overdue per hundred hazards found
    assert after.loc["汉滨区", "overdue_points"] == scored * 5
    assert after.loc["汉滨区", "score"] == pytest.approx(max(0, before.loc["汉滨区", "score"] - scored * 3))
    assert (after.loc["汉阴县", "score"] == before.loc["汉阴县", "score"]) == (before.loc["汉阴县", "overdue"] == 0)


def test_export_opens_with_every_rule(store):
    may = PERIODS[0]
    frame = rk.table(store, may, AS_OF)
    sheet = workbook(rk.export_xlsx(frame, may, as_of=AS_OF, scope_label="全市", city="安康市")).active
    office_sheet(sheet, title=f"安康市县区安全生产排名 {may.label}", made_at="2021年5月3日 17:00")
    rows = sheet_records(sheet)
    assert list(rows[0])[:5] == ["序号", "排名", "名次变化", "县区", "得分"]
    assert all(f"{r.name}扣分" in rows[0] for r in rk.RULES)
    assert {r["县区"]: r["得分"] for r in rows} == dict(zip(frame["unit"], frame["score"]))


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
        assert now.set_index("unit").loc["旬阳市", "change"] == "▼6"  # 6th in April, 12th in May


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


def test_scores_still_tell_counties_apart_at_twenty_times_the_volume(demo_store):
    """The demo's hazards twenty times over (36k): per hazard every county would lose far more than 100 points;
    per hundred hazards found, a county with at least 100 found keeps its hazard points exactly, and the
    scores still spread. (Scale 60 and 700: ``make bench``, 县区排名 section.)"""
    may = PERIODS[0]
    before = rk.table(demo_store, may, AS_OF).set_index("unit_code")
    copies = ", ".join(f"({k})" for k in range(1, 20))
    demo_store.write(lambda tx: tx.execute(
        f"INSERT INTO hazards SELECT h.* REPLACE (h.id || '-' || c.k AS id) FROM hazards h, (VALUES {copies}) AS c(k)"),
        require_audit=False)
    after = rk.table(demo_store, may, AS_OF).set_index("unit_code")
    assert (after["overdue_per"] == 20 * before["overdue_per"]).all()
    hazard_rules = [r for r in rk.RULES if r.per]
    per_hazard = sum(after[r.key] * rk.weights(demo_store)[r.setting] for r in hazard_rules)
    assert (per_hazard > 100).sum() >= 8                       # the old rule would floor most counties at 0
    for code in before.index[before["overdue_per"] >= 100]:
        assert [after.loc[code, r.key + "_points"] for r in hazard_rules] == \
            [before.loc[code, r.key + "_points"] for r in hazard_rules]
    assert after["score"].min() > 60 and after["score"].nunique() >= 10
