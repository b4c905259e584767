"""火灾统计 through the entry script (AppTest): the speech's 2020 tiles, a county scope narrowing them as plain
SQL does, the partial current year labelled, an empty scope handled, the charts and the export opened back."""

from __future__ import annotations

import json

import apptest
from apptest import capture_downloads, metrics, open_page, sql
from figures import chart_specs, decode
from office_files import office_sheet, sheet_table, workbook

app_db = apptest.app_db  # the shared fixture, used by name (caches are reset by tests/conftest.py)
PAGE = "app_pages/fires.py"
TILES = ("火灾起数", "死亡人数", "受伤人数", "直接经济损失（万元）")


def _tiles(at) -> tuple:
    shown = metrics(at)
    return tuple(shown[label] for label in TILES)


def _summary(at) -> str:
    return next(m.value for m in at.markdown if "共发生火灾" in m.value)


def _figures(at) -> dict:
    return {spec["layout"]["title"]["text"]: spec for spec in chart_specs(at)}


def test_2020_by_default_shows_the_speech_figures(app_db):
    at = open_page(PAGE)
    assert at.segmented_control(key="fires.year").value == "2020"  # the last full year by default
    assert _tiles(at) == ("878", "3", "4", "1,925.00")
    deltas = {m.label: m.delta for m in at.metric}
    (n19, loss19), = sql(app_db, "SELECT count(*), round(sum(direct_loss), 2) FROM fire_incidents"
                                 " WHERE year(occurred_at) = 2019")
    assert deltas["火灾起数"] == f"+{878 - n19}起（+{100 * (878 - n19) / n19:.1f}%）"
    assert deltas["直接经济损失（万元）"] == f"+{1925 - loss19:.2f}万元（+{100 * (1925 - loss19) / loss19:.1f}%）"
    assert _summary(at) == ("**2020年全市共发生火灾878起，死亡3人，受伤4人，直接经济损失1925.00万元，起数、损失双上升，"
                            "死亡人数上升（+1人）；住宅火灾占37.6%，电气火灾占32.0%，生活用火不慎占35.5%，中心城区占42.0%。**")
    assert not at.warning  # a full year: no partial-year label
    figures = _figures(at)
    assert set(figures) == {"起火场所", "起火原因", "各月火灾起数", "中心城区与其他地区", "各县区火灾起数"}
    donut = figures["起火场所"]["data"][0]
    (homes,), = sql(app_db, "SELECT count(*) FROM fire_incidents WHERE year(occurred_at) = 2020 AND place_type = '住宅'")
    assert donut["type"] == "pie" and donut["labels"][0] == "住宅" and decode(donut["values"])[0] == homes
    assert sum(decode(donut["values"])) == 878
    causes = figures["起火原因"]["data"][0]
    (electric,), = sql(app_db, "SELECT count(*) FROM fire_incidents WHERE year(occurred_at) = 2020 AND cause = '电气火灾'")
    assert dict(zip(decode(causes["y"]), decode(causes["x"])))["电气火灾"] == electric
    big = at.dataframe[0].value
    assert "宝业市场火灾" in list(big["火灾名称"]) and big["死亡"].sum() == 3


def test_a_county_scope_narrows_every_figure(app_db):
    at = open_page(PAGE, {"county": ["汉滨区", "安康高新区"], "fires.year": "2020"})
    count, deaths, injuries, loss, central = sql(app_db, """
        SELECT count(*), sum(deaths), sum(injuries), round(sum(direct_loss), 2), count(*) FILTER (WHERE central_city)
        FROM fire_incidents f JOIN units u ON u.code = f.unit_code
        WHERE u.name IN ('汉滨区', '安康高新区') AND year(occurred_at) = 2020""")[0]
    assert 0 < count < 878
    assert _tiles(at) == (f"{count:,}", str(deaths), str(injuries), f"{loss:,.2f}")
    summary = _summary(at)
    assert summary.startswith(f"**2020年汉滨区、安康高新区共发生火灾{count}起")
    assert f"中心城区占{100 * central / count:.1f}%" in summary
    figures = _figures(at)
    assert decode(figures["各县区火灾起数"]["data"][0]["x"]) == ["汉滨区", "安康高新区"]
    assert sum(decode(figures["起火场所"]["data"][0]["values"])) == count
    assert sum(decode(figures["各月火灾起数"]["data"][0]["y"])) == count


def test_2021_is_labelled_partial_and_compared_with_the_same_period(app_db):
    at = open_page(PAGE, {"fires.year": "2021"})
    (count, loss), = sql(app_db, """SELECT count(*), round(sum(direct_loss), 2) FROM fire_incidents
                                     WHERE occurred_at >= '2021-01-01' AND occurred_at <= '2021-05-03 17:00'""")
    (before,), = sql(app_db, """SELECT count(*) FROM fire_incidents
                                 WHERE occurred_at >= '2020-01-01' AND occurred_at <= '2020-05-03 17:00'""")
    assert _tiles(at)[0] == str(count) and _tiles(at)[3] == f"{loss:,.2f}"
    warning = at.warning[0].value
    assert "不完整年度" in warning and "截至 2021-05-03 17:00" in warning and "2020年同期" in warning
    diff = count - before
    assert {m.label: m.delta for m in at.metric}["火灾起数"].startswith(f"{diff:+d}起")
    assert "与上年同期相比" in _summary(at)
    months = _figures(at)["各月火灾起数"]["data"]
    assert decode(months[0]["x"]) == ["1月", "2月", "3月", "4月", "5月"] and len(decode(months[1]["x"])) == 12  # last year beside


def test_2019_has_no_year_before_to_compare(app_db):
    at = open_page(PAGE, {"fires.year": "2019"})
    assert _tiles(at)[0] == "806"
    assert all(m.delta in (None, "") for m in at.metric)
    assert any("2018年无火灾记录" in c.value for c in at.caption)


def test_an_empty_scope_says_so(app_db):
    sql(app_db, "DELETE FROM fire_incidents WHERE unit_code = '610927'")  # 镇坪县: no fires on record now
    at = open_page(PAGE, {"county": ["镇坪县"]})
    assert not at.metric and not at.get("plotly_chart")
    assert "没有火灾记录" in at.info[0].value


def test_the_big_fires_threshold_from_the_url(app_db):
    at = open_page(PAGE, {"fires.big_loss": "500"})
    big = at.dataframe[0].value
    assert list(big["列入原因"]) == ["有人员死亡", "有名称、损失≥500万元", "有人员死亡"]


def test_the_export_opens_back(app_db, monkeypatch):
    built = capture_downloads(monkeypatch)  # the page's deferred download builders (built when clicked)
    at = open_page(PAGE, {"county": ["汉阴县"], "fires.year": "2020"})
    assert at.get("download_button")[0].proto.label == "导出统计表（Excel）"
    (count, loss), = sql(app_db, """SELECT count(*), round(sum(direct_loss), 2) FROM fire_incidents
                                     WHERE unit_code = '610921' AND year(occurred_at) = 2020""")
    sheet = workbook(built[0]()).active  # the export (the 导入 section's template comes after it)
    office_sheet(sheet, title="安康市2020年火灾统计（汉阴县）", made_at="2021年5月3日 17:00")
    assert "范围：汉阴县" in sheet["A2"].value and "数据截至 2021-05-03 17:00" in sheet["A2"].value
    rows = [r[1:] for r in sheet_table(sheet)[1]]
    total = next(r for r in rows if r[0] == "合计")
    assert (total[2], total[6]) == (count, loss) and str(count) == _tiles(at)[0]
    assert [r[1] for r in rows if r[0] == "县区"] == ["汉阴县"]
    assert [r[1] for r in rows if r[0] == "月份"] == [f"{m}月" for m in range(1, 13)]


def test_a_zero_loss_threshold_is_honoured_not_taken_for_the_default(app_db):
    at = open_page(PAGE, {"fires.big_loss": "0"})
    (expected,), = sql(app_db, """SELECT count(*) FROM fire_incidents WHERE year(occurred_at) = 2020
                                  AND (name IS NOT NULL OR deaths > 0 OR direct_loss >= 0)""")
    assert len(at.dataframe[0].value) == expected > 4


def test_the_big_fires_column_config(app_db, json_snapshot):
    at = open_page(PAGE)
    assert json.loads(at.dataframe[0].proto.columns) == json_snapshot
