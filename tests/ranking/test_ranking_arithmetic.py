"""县区排名's pure rules as tables of cases: a deduction, the score floored at 0 (exactly 100 deducted and more),
what the floor adds back, competition ranks (ties share a rank, the next skips), rank change (up, down,
level, new), the band at each edge, the periods (weeks across a year, months of every length), the same dates
a year earlier, and the breakdown lines always summing to the score."""

from __future__ import annotations

import random
from datetime import date

import pytest

from dashboard import ranking as rk

TODAY = date(2021, 5, 3)
WEIGHTS = {r.setting: w for r, w in zip(rk.RULES, (2.0, 1.0, 3.0, 2.0, 1.0, 0.5, 2.0, 3.0))}


# -- deductions, the score and the floor -------------------------------------------------------------------
@pytest.mark.parametrize("count, weight, expected", [(3, 2.0, 6.0), (0, 3.0, 0.0), (3, 0.5, 1.5), (10, 0.0, 0.0),
                                                     (-2, 1.0, 0.0), (1, 0.1, 0.1), (3, 0.1, 0.3), (7, 17.0, 119.0),
                                                     (1, 100.0, 100.0)])
def test_deduction_is_count_times_weight(count, weight, expected):
    assert rk.deduction(count, weight) == expected


@pytest.mark.parametrize("count, found, expected", [
    (10, 338, 3.0), (16, 338, 4.7), (1, 338, 0.3),        # 汉滨区 this month on the demo
    (7, 60, 7.0), (7, 0, 7.0), (0, 0, 0.0),                # fewer than 100 found: counted over 100, the count itself
    (100, 100, 100.0), (3, 101, 3.0), (1, 1600, 0.1),      # 0.0625 → 0.1 half up
    (1, 2000, 0.1), (1, 2001, 0.0), (-2, 500, 0.0),        # 0.05 → 0.1, 0.04998 → 0.0; a negative count is none
    (2_500, 100_000, 2.5), (25, 1000, 2.5),                # the same share, the same figure at any volume
])
def test_per_hundred_hazards_found(count, found, expected):
    assert rk.per_hundred(count, found) == expected


def test_the_same_shares_score_the_same_at_any_volume():
    weight = WEIGHTS["score_overdue_hazard"]
    for scale in (1, 60, 700, 10_000):
        assert rk.deduction(rk.per_hundred(30 * scale, 1000 * scale), weight) == 6.0


@pytest.mark.parametrize("deductions, score, floor", [
    ([], 100.0, 0.0),
    ([20, 16, 3, 8], 53.0, 0.0),
    ([0.5, 0.5, 0.5], 98.5, 0.0),
    ([99.5], 0.5, 0.0),
    ([50, 50], 0.0, 0.0),            # exactly 100 deducted: 0, nothing to add back
    ([100], 0.0, 0.0),
    ([99.9, 0.1], 0.0, 0.0),         # exactly 100 in tenths (float sums rounded, no -0.0 or 1e-14 left over)
    ([0.1] * 1000, 0.0, 0.0),
    ([100, 0.5], 0.0, 0.5),          # just over 100
    ([60, 50], 0.0, 10.0),           # more than 100: floored at 0, 10 added back
    ([100, 100, 0.5], 0.0, 100.5),
    ([0.1, 0.2], 99.7, 0.0),
])
def test_score_is_floored_at_zero(deductions, score, floor):
    assert rk.score(deductions) == score
    assert rk.floor_points(deductions) == floor
    assert 100 - sum(deductions) + floor == pytest.approx(score, abs=1e-9)


@pytest.mark.parametrize("scores, ranks", [
    ({"a": 90, "b": 80, "c": 80, "d": 70}, {"a": 1, "b": 2, "c": 2, "d": 4}),       # competition ranking 1,2,2,4
    ({"a": 50, "b": 50, "c": 50}, {"a": 1, "b": 1, "c": 1}),
    ({"a": 0, "b": 100}, {"a": 2, "b": 1}),
    ({"a": 97.5, "b": 97.5, "c": 99, "d": 12}, {"c": 1, "a": 2, "b": 2, "d": 4}),
    ({"x": 100}, {"x": 1}),
    ({}, {}),
    ({"a": 0, "b": 0, "c": 0, "d": 0.5}, {"d": 1, "a": 2, "b": 2, "c": 2}),         # everyone floored: tied last
    ({"a": 0.1 + 0.2, "b": 0.3, "c": 1}, {"c": 1, "a": 2, "b": 2}),                 # equal to the 6th decimal
    ({"a": 80, "b": 80, "c": 70, "d": 70, "e": 60}, {"a": 1, "b": 1, "c": 3, "d": 3, "e": 5}),
])
def test_competition_ranks(scores, ranks):
    assert rk.competition_ranks(scores) == ranks


@pytest.mark.parametrize("rank, previous, expected", [
    (3, 5, (2, "▲2")), (5, 3, (-2, "▼2")), (4, 4, (0, "持平")), (1, 12, (11, "▲11")), (12, 11, (-1, "▼1")),
    (1, None, (None, "新")),          # a unit without a previous rank is new
    (2, float("nan"), (None, "新")),
    (1, 1, (0, "持平")), (12, 12, (0, "持平")),
    (2, 3.0, (1, "▲1")),              # a previous rank read back as a float (a column with a gap)
    (None, 4, (None, "")),            # no rank now: nothing to say
])
def test_rank_change(rank, previous, expected):
    assert rk.rank_change(rank, previous) == expected


def test_ties_share_a_rank_and_the_next_rank_skips():
    scores = {f"u{i}": s for i, s in enumerate((90, 85, 85, 85, 70, 70, 10))}
    assert sorted(rk.competition_ranks(scores).values()) == [1, 2, 2, 2, 5, 5, 7]


# -- the breakdown ------------------------------------------------------------------------------------------
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


# -- periods ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind, day, start, last, key", [
    (rk.MONTH, date(2021, 5, 3), date(2021, 5, 1), date(2021, 5, 31), "2021-05"),
    (rk.MONTH, date(2020, 2, 10), date(2020, 2, 1), date(2020, 2, 29), "2020-02"),     # leap year
    (rk.MONTH, date(2020, 12, 31), date(2020, 12, 1), date(2020, 12, 31), "2020-12"),
    (rk.WEEK, date(2021, 5, 3), date(2021, 5, 3), date(2021, 5, 9), "2021-W18"),     # a Monday
    (rk.WEEK, date(2021, 5, 2), date(2021, 4, 26), date(2021, 5, 2), "2021-W17"),    # a Sunday ends its week
    (rk.WEEK, date(2021, 1, 1), date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),   # ISO week across the year
    (rk.WEEK, date(2021, 5, 9), date(2021, 5, 3), date(2021, 5, 9), "2021-W18"),     # the current week, its Sunday
    (rk.MONTH, date(2021, 2, 14), date(2021, 2, 1), date(2021, 2, 28), "2021-02"),
    (rk.MONTH, date(2021, 4, 30), date(2021, 4, 1), date(2021, 4, 30), "2021-04"),
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


@pytest.mark.parametrize("period, label, word, previous_word", [
    (rk.period_of(rk.MONTH, TODAY, TODAY), "2021年5月", "本月", "上月"),
    (rk.period_of(rk.WEEK, TODAY, TODAY), "2021年第18周（05-03至05-09）", "本周", "上周"),
    (rk.period_of(rk.MONTH, date(2021, 4, 1), TODAY), "2021年4月", "2021年4月", "上期"),
    (rk.period_of(rk.WEEK, date(2021, 1, 1), TODAY), "2020年第53周（12-28至01-03）", "2020年第53周（12-28至01-03）", "上期"),
])
def test_period_words(period, label, word, previous_word):
    assert (period.label, period.word, period.previous_word) == (label, word, previous_word)


@pytest.mark.parametrize("day, before", [
    (date(2021, 5, 3), date(2020, 5, 3)), (date(2020, 2, 29), date(2019, 2, 28)), (date(2021, 3, 1), date(2020, 3, 1)),
    (date(2021, 2, 28), date(2020, 2, 28)), (date(2021, 1, 1), date(2020, 1, 1)),
])
def test_year_before(day, before):
    assert rk.year_before(day) == before


# -- the band -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, band", [(100, "green"), (90, "green"), (89.5, "yellow"), (80, "yellow"),
                                         (79, "orange"), (60, "orange"), (59.5, "red"), (0, "red"),
                                         (89.9999, "yellow"), (59.99, "red")])
def test_band(value, band):
    assert rk.band(value) == band

