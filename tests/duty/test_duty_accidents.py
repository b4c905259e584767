"""Accident chains and per-unit totals between two dates (what the ranking counts), checked against plain
SQL (the ranking's former queries) on the demo store."""

from datetime import date, datetime

import pandas as pd
import pytest

from dashboard import duty, ranking
from duty_cases import AS_OF, LANGAO, MAY3


def _periods():
    return [p for kind in ranking.KINDS for p in ranking.periods(kind, AS_OF.date(), 14)]


def _plain_chains(store, start, end):
    """Each accident chain once, its latest entry reported by AS_OF, occurred between the dates (plain SQL)."""
    return store.query(
        """
        WITH latest AS (
            SELECT *, row_number() OVER (PARTITION BY chain_id ORDER BY reported_at DESC, id DESC) AS k
            FROM incidents WHERE reported_at <= ?)
        SELECT chain_id, unit_code, occurred_at, place, kind, sector, stage, deaths, serious_injuries, injuries,
               direct_loss
        FROM latest WHERE k = 1 AND kind LIKE '%事故' AND CAST(occurred_at AS DATE) BETWEEN ? AND ?
        ORDER BY occurred_at
        """, [AS_OF, start, end])


def _plain_totals(store, period):
    now = _plain_chains(store, period.start, period.end)
    before = _plain_chains(store, *ranking.same_dates_last_year(period))
    frame = pd.DataFrame({
        "accidents": now.groupby("unit_code").size(), "deaths": now.groupby("unit_code")["deaths"].sum(),
        "accidents_before": before.groupby("unit_code").size(),
        "deaths_before": before.groupby("unit_code")["deaths"].sum(),
    })
    return frame.fillna(0).astype(int)


def test_accident_chains_equal_plain_sql_on_every_period(demo_store):
    for period in _periods():
        for start, end in ((period.start, period.end), ranking.same_dates_last_year(period)):
            ours = duty.accident_chains(demo_store, start, end, AS_OF)
            pd.testing.assert_frame_equal(ours.drop(columns="level"), _plain_chains(demo_store, start, end))
            assert list(ours["level"]) == [duty.incident_level(int(d), int(s), float(x)) for d, s, x in
                                           zip(ours["deaths"], ours["serious_injuries"], ours["direct_loss"])]


def test_accident_totals_equal_plain_sql_on_every_period(demo_store):
    compared = 0
    for period in _periods():
        ours = duty.accident_totals(demo_store, period.start, period.end, AS_OF,
                                    before=ranking.same_dates_last_year(period))
        theirs = _plain_totals(demo_store, period)
        pd.testing.assert_frame_equal(ours, theirs, check_index_type=False)
        compared += len(ours)
    assert compared > 20   # the demo has accidents in most months of 2020 and 2021


def test_accident_totals_against_plain_sql(demo_store):
    start, end = date(2020, 1, 1), date(2020, 12, 31)
    totals = duty.accident_totals(demo_store, start, end, AS_OF)
    assert list(totals.columns) == ["accidents", "deaths"]
    expected = demo_store.query(
        """
        WITH latest AS (
            SELECT *, row_number() OVER (PARTITION BY chain_id ORDER BY reported_at DESC, id DESC) AS k
            FROM incidents WHERE reported_at <= ?)
        SELECT unit_code, count(*) AS accidents, sum(deaths) AS deaths FROM latest
        WHERE k = 1 AND kind LIKE '%事故' AND CAST(occurred_at AS DATE) BETWEEN ? AND ?
        GROUP BY unit_code ORDER BY unit_code
        """, [AS_OF, start, end]).set_index("unit_code").astype(int)
    pd.testing.assert_frame_equal(totals, expected, check_index_type=False)
    assert totals["accidents"].sum() == len(duty.accident_chains(demo_store, start, end, AS_OF))


def test_each_chain_once_with_the_latest_figures_as_of_a_moment(demo_store):
    chains = duty.accident_chains(demo_store, date(2021, 5, 2), date(2021, 5, 2), AS_OF).set_index("chain_id")
    assert chains.loc["SJ20210502-01", "deaths"] == 3 and chains.loc["SJ20210502-01", "level"] == "较大事故"  # 续报
    earlier = duty.accident_chains(demo_store, date(2021, 5, 2), date(2021, 5, 2), datetime(2021, 5, 2, 16, 0))
    by_chain = earlier.set_index("chain_id")
    assert by_chain.loc["SJ20210502-01", "deaths"] == 2       # before the 续报 (18:30): the 初报's figures
    assert earlier["chain_id"].is_unique
    before_report = duty.accident_chains(demo_store, date(2021, 5, 2), date(2021, 5, 2), datetime(2021, 5, 2, 14, 57))
    assert before_report.empty                                 # not reported yet: not there at all


def test_accidents_exclude_other_events_and_follow_the_unit(demo_store):
    kinds = demo_store.rows("SELECT DISTINCT kind FROM incidents")
    assert any(not duty.is_accident(k) for (k,) in kinds)    # the demo has 险情 too
    every = duty.accident_chains(demo_store, date(2020, 1, 1), MAY3, AS_OF)
    assert every["kind"].map(duty.is_accident).all()
    one = duty.accident_chains(demo_store, date(2020, 1, 1), MAY3, AS_OF, LANGAO)
    assert len(one) and set(one["unit_code"]) == {LANGAO}
    assert list(one["chain_id"]) == list(every.loc[every["unit_code"] == LANGAO, "chain_id"])


@pytest.mark.parametrize("start, end", [(date(2019, 1, 1), date(2019, 1, 31)), (MAY3, date(2021, 5, 2))])
def test_nothing_between_gives_empty_frames(demo_store, start, end):
    assert duty.accident_chains(demo_store, start, end, AS_OF).empty
    totals = duty.accident_totals(demo_store, start, end, AS_OF, before=(start, end))
    assert totals.empty and list(totals.columns) == ["accidents", "deaths", "accidents_before", "deaths_before"]
