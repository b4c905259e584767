"""火灾统计 rules as tables of cases (periods, year-on-year change, shares, the summary's trend phrase), and the
demo store reproducing the speech's 2020 figures through dashboard/fires.py, checked against plain SQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from dashboard import fires, numbers, vocab
from dashboard.fires import Change
from office_files import office_sheet, sheet_table, workbook

AS_OF = datetime(2021, 5, 3, 17, 0)
HANBIN, HANYIN = "610902", "610921"


# -- pure rules -----------------------------------------------------------------------------------
@pytest.mark.parametrize("current, previous, diff, pct", [
    (878, 806, 72, 8.9),
    (806, 878, -72, -8.2),
    (3, 0, 3, None),            # nothing the year before: no percentage of nothing
    (0, 0, 0, None),
    (0, 2, -2, -100.0),
    (4, 4, 0, 0.0),
    (1925.00, 1498.56, 426.44, 28.5),
    (1, 8, -7, -87.5),          # exactly .5 rounds half up
    (0.1 + 0.2, 0.3, 0.0, 0.0),  # float noise is not a change
])
def test_change(current, previous, diff, pct):
    assert fires.change(current, previous) == Change(diff, pct)


@pytest.mark.parametrize("part, total, expected", [
    (330, 878, 37.6), (281, 878, 32.0), (312, 878, 35.5), (369, 878, 42.0),
    (1, 16, 6.3),      # 6.25: half up, not to even
    (1, 8, 12.5), (1, 3, 33.3), (2, 3, 66.7), (0, 5, 0.0), (5, 5, 100.0),
    (0, 0, None), (3, 0, None),  # no division by zero
])
def test_shares_round_half_up(part, total, expected):  # the one rule: dashboard.numbers.percent
    assert numbers.percent(part, total) == expected


@pytest.mark.parametrize("year, as_of, start, end, partial", [
    (2020, AS_OF, datetime(2020, 1, 1), datetime(2021, 1, 1), False),
    (2019, AS_OF, datetime(2019, 1, 1), datetime(2020, 1, 1), False),
    (2021, AS_OF, datetime(2021, 1, 1), datetime(2021, 5, 3, 17, 0, 0, 1), True),   # to the as-of time, inclusive
    (2021, datetime(2021, 1, 1), datetime(2021, 1, 1), datetime(2021, 1, 1, 0, 0, 0, 1), True),
])
def test_year_period(year, as_of, start, end, partial):
    assert fires.year_period(year, as_of) == fires.FireYear(year, start, end, partial)


@pytest.mark.parametrize("year, as_of, start, end, partial", [
    (2020, AS_OF, datetime(2019, 1, 1), datetime(2020, 1, 1), False),           # a full year: the whole year before
    (2021, AS_OF, datetime(2020, 1, 1), datetime(2020, 5, 3, 17, 0, 0, 1), True),  # partial: the SAME period
    (2021, datetime(2021, 12, 31, 23, 59), datetime(2020, 1, 1), datetime(2020, 12, 31, 23, 59, 0, 1), True),
    # 29 February has no twin: the comparison runs to the end of 28 February
    (2024, datetime(2024, 2, 29, 9, 0), datetime(2023, 1, 1), datetime(2023, 3, 1), True),
])
def test_previous_period_is_the_same_span(year, as_of, start, end, partial):
    assert fires.previous_period(fires.year_period(year, as_of)) == fires.FireYear(year - 1, start, end, partial)


@pytest.mark.parametrize("year, label, comparison", [
    (2020, "2020年", "2019年"),
    (2021, "2021年1月1日至5月3日17:00", "2020年同期（1月1日至5月3日17:00）"),
])
def test_labels(year, label, comparison):
    period = fires.year_period(year, AS_OF)
    assert (fires.period_label(period), fires.comparison_label(period)) == (label, comparison)


@pytest.mark.parametrize("count, loss, phrase", [
    ((878, 806), (1925, 1498.56), "起数、损失双上升"),
    ((297, 440), (612.37, 660.23), "起数、损失双下降"),
    ((43, 39), (55, 57), "起数上升、损失下降"),
    ((30, 38), (50.66, 40), "起数下降、损失上升"),
    ((5, 5), (1, 1), "起数、损失均持平"),
    ((5, 5), (2, 1), "起数持平、损失上升"),
])
def test_trend_phrase(count, loss, phrase):
    assert fires.trend_phrase(fires.change(*count), fires.change(*loss)) == phrase


@pytest.mark.parametrize("c, unit, decimals, text", [
    (Change(72, 8.9), "起", 0, "+72起（+8.9%）"),
    (Change(-2, -100.0), "人", 0, "-2人（-100.0%）"),
    (Change(3, None), "人", 0, "+3人（上年为0）"),
    (Change(0, 0.0), "人", 0, "持平"),
    (Change(426.44, 28.5), "万元", 2, "+426.44万元（+28.5%）"),
    (Change(1234.5, 3.0), "万元", 2, "+1,234.50万元（+3.0%）"),
])
def test_change_text(c, unit, decimals, text):
    assert fires.change_text(c, unit, decimals=decimals) == text


@pytest.mark.parametrize("name, deaths, loss, reason", [
    ("宝业市场火灾", 0, 523.47, "有名称、损失≥30万元"),
    (None, 2, 2.5, "有人员死亡"),
    (None, 0, 30.0, "损失≥30万元"),  # "达到" includes the threshold
    ("  ", 0, 1.0, ""),
])
def test_listing_reason(name, deaths, loss, reason):
    assert fires.listing_reason(name, deaths, loss, 30.0) == reason


@pytest.mark.parametrize("available, as_of, expected", [
    ([2021, 2020, 2019], AS_OF, 2020),   # the last full year: the one the speeches quote
    ([2021], AS_OF, 2021),
    ([2019, 2018], AS_OF, 2019),
    ([], AS_OF, None),
])
def test_default_year(available, as_of, expected):
    assert fires.default_year(available, as_of) == expected


# -- the demo store -------------------------------------------------------------------------------
def test_2020_reproduces_the_speech(demo_store):
    stats = fires.year_stats(demo_store, 2020, AS_OF)
    assert stats.current == {"count": 878, "deaths": 3, "injuries": 4, "loss": 1925.00}
    assert stats.share_of(stats.places, "住宅") == 37.6
    assert stats.share_of(stats.causes, "电气火灾") == 32.0
    assert stats.share_of(stats.causes, "生活用火不慎") == 35.5
    assert stats.share_of(stats.central, True) == 42.0
    assert fires.summary_sentence(stats) == (
        "2020年全市共发生火灾878起，死亡3人，受伤4人，直接经济损失1925.00万元，起数、损失双上升，死亡人数上升（+1人）；"
        "住宅火灾占37.6%，电气火灾占32.0%，生活用火不慎占35.5%，中心城区占42.0%。")
    # compared with the whole of 2019
    assert stats.before == {"count": 806, "deaths": 2, "injuries": 5, "loss": 1498.56}
    assert stats.changes()["count"] == Change(72, 8.9)
    # every breakdown adds up to the total
    for frame in (stats.places, stats.causes, stats.central, stats.units, stats.months):
        assert frame["count"].sum() == 878 and frame["prev_count"].sum() == 806
        assert frame["deaths"].sum() == 3 and frame["injuries"].sum() == 4
        assert round(frame["loss"].sum(), 2) == 1925.00
    assert set(stats.places["key"]) <= set(vocab.FIRE_PLACES) and set(stats.causes["key"]) <= set(vocab.FIRE_CAUSES)
    assert stats.places["count"].is_monotonic_decreasing and stats.places["key"].iloc[0] == "住宅"
    assert list(stats.units["label"][:2]) == ["汉滨区", "汉阴县"] and len(stats.units) == 12  # display order
    assert list(stats.months["key"]) == list(range(1, 13)) and stats.months["in_period"].all()


def test_2021_is_compared_with_the_same_period(demo_store):
    stats = fires.year_stats(demo_store, 2021, AS_OF)
    assert stats.period.partial
    same_period = demo_store.rows("""
        SELECT count(*), sum(deaths), sum(injuries), sum(direct_loss::DECIMAL(18,2)) FROM fire_incidents
        WHERE occurred_at >= TIMESTAMP '2020-01-01' AND occurred_at <= TIMESTAMP '2020-05-03 17:00'""")[0]
    assert (stats.before["count"], stats.before["deaths"], stats.before["injuries"], stats.before["loss"]) == (
        same_period[0], same_period[1], same_period[2], float(same_period[3]))
    assert stats.before["count"] < 878  # not the whole of 2020
    assert stats.current["count"] == 297
    assert list(stats.months.loc[stats.months["in_period"], "key"]) == [1, 2, 3, 4, 5]
    sentence = fires.summary_sentence(stats)
    assert sentence.startswith("2021年1月1日至5月3日，全市共发生火灾297起") and "与上年同期相比" in sentence


def test_a_county_scope_against_plain_sql(demo_store):
    stats = fires.year_stats(demo_store, 2020, AS_OF, (HANYIN,))
    count, deaths, injuries, loss, residential, electrical, careless, central = demo_store.rows("""
        SELECT count(*), sum(deaths), sum(injuries), round(sum(direct_loss), 2),
               count(*) FILTER (WHERE place_type = '住宅'), count(*) FILTER (WHERE cause = '电气火灾'),
               count(*) FILTER (WHERE cause = '生活用火不慎'), count(*) FILTER (WHERE central_city)
        FROM fire_incidents WHERE unit_code = ? AND year(occurred_at) = 2020""", [HANYIN])[0]
    assert count > 0
    assert stats.current == {"count": count, "deaths": deaths, "injuries": injuries, "loss": loss}
    assert stats.share_of(stats.places, "住宅") == round(100 * residential / count + 1e-9, 1)
    assert stats.share_of(stats.causes, "电气火灾") == round(100 * electrical / count + 1e-9, 1)
    assert stats.share_of(stats.causes, "生活用火不慎") == round(100 * careless / count + 1e-9, 1)
    assert central == 0 and "中心城区" not in fires.summary_sentence(stats, "汉阴县")  # no central city there
    assert list(stats.units["label"]) == ["汉阴县"]
    months = dict(demo_store.rows("""SELECT month(occurred_at), count(*) FROM fire_incidents
                                      WHERE unit_code = ? AND year(occurred_at) = 2020 GROUP BY 1""", [HANYIN]))
    assert dict(zip(stats.months["key"], stats.months["count"])) == {m: months.get(m, 0) for m in range(1, 13)}
    previous = demo_store.scalar("SELECT count(*) FROM fire_incidents WHERE unit_code = ? AND year(occurred_at) = 2019",
                                 [HANYIN])
    assert stats.before["count"] == previous


def test_an_empty_year_or_scope_is_not_a_crash(demo_store):
    stats = fires.year_stats(demo_store, 2018, AS_OF)
    assert stats.empty and not stats.has_previous
    assert stats.current == {"count": 0, "deaths": 0, "injuries": 0, "loss": 0.0}
    assert stats.places.empty and stats.causes.empty
    assert stats.central["share"].isna().all() and stats.units["share"].isna().all()
    assert fires.summary_sentence(stats) == "2018年全市没有火灾记录。"
    assert fires.big_fires(demo_store, 2018, AS_OF).empty
    # 2019 has no 2018 to compare with: no trend claimed
    assert "上升" not in fires.summary_sentence(fires.year_stats(demo_store, 2019, AS_OF))
    fires.export_frame(stats)  # still a table


def test_big_fires(demo_store):
    big = fires.big_fires(demo_store, 2020, AS_OF)
    assert list(big["reason"]) == ["有人员死亡", "有名称、损失≥30万元", "有人员死亡", "损失≥30万元"]
    assert big.loc[big["name"].notna(), "name"].tolist() == ["宝业市场火灾"]
    assert big["deaths"].sum() == 3
    only_named = fires.big_fires(demo_store, 2020, AS_OF, loss_threshold=1e9)
    assert len(only_named) == 3
    assert fires.big_fires(demo_store, 2021, AS_OF)["name"].tolist() == ["兴华建材市场东区商铺火灾"]
    assert fires.big_fires(demo_store, 2020, AS_OF, (HANYIN,)).empty


def test_years(demo_store):
    assert fires.years(demo_store, AS_OF) == [2021, 2020, 2019]
    assert fires.years(demo_store, datetime(2020, 6, 1)) == [2020, 2019]


def test_the_export_opens_back(demo_store):
    stats = fires.year_stats(demo_store, 2020, AS_OF)
    data = fires.stats_xlsx(stats, scope_label="全市", as_of=AS_OF, city="安康市")
    sheet = workbook(data).active
    office_sheet(sheet, title="安康市2020年火灾统计", made_at="2021年5月3日 17:00")
    assert "对比：2019年" in sheet["A2"].value
    header, rows = sheet_table(sheet)
    assert header[:5] == ["序号", "分类", "项目", "起数", "占比(%)"]
    rows = {(r[1], r[2]): r[1:] for r in rows}
    assert rows[("合计", "全部火灾")][2:8] == (878, 100, 3, 4, 1925, 806)
    assert rows[("起火场所", "住宅")][3] == 37.6 and rows[("起火原因", "电气火灾")][3] == 32.0
    assert rows[("区域", "中心城区")][3] == 42.0 and rows[("月份", "12月")][2] > 0
    assert rows[("合计", "全部火灾")][8:] == (72, 8.9)


def test_last_years_months_beside_a_partial_year(demo_store):
    months = fires.year_stats(demo_store, 2021, AS_OF).months.set_index("key")
    whole = dict(demo_store.rows("SELECT month(occurred_at), count(*) FROM fire_incidents "
                                 "WHERE year(occurred_at) = 2020 GROUP BY 1"))
    may_same_days = demo_store.scalar("SELECT count(*) FROM fire_incidents WHERE occurred_at >= '2020-05-01' "
                                      "AND occurred_at <= '2020-05-03 17:00'")
    assert [months.loc[m, "prev_year_count"] for m in (1, 4, 6, 12)] == [whole[1], whole[4], whole[6], whole[12]]
    assert months.loc[5, "prev_year_count"] == months.loc[5, "prev_count"] == may_same_days < whole[5]
    assert months.loc[6:, "count"].sum() == 0 and months.loc[6:, "prev_count"].sum() == 0


@pytest.mark.parametrize("year, short, comparison", [
    (2020, "2020年", "2019年"), (2021, "2021年（截至5月3日）", "2020年同期")])
def test_short_labels(year, short, comparison):
    period = fires.year_period(year, AS_OF)
    assert (fires.short_label(period), fires.short_comparison_label(period)) == (short, comparison)
