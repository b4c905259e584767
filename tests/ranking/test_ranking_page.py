"""县区排名 through the entry script (AppTest): the table and chart equal dashboard.ranking on the same file,
the period and the scope from the URL, one unit's breakdown from ?ranking.unit= summing to its score with
the records behind each deduction, the export opened back, the score coloured by its band, unit names shown
as text, and the tables' column configs as snapshots."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from urllib.parse import parse_qs

import apptest
import pytest
from apptest import capture_downloads, open_page
from figures import chart_specs, decode

from dashboard import ranking as rk
from dashboard import ui
from dashboard.db import Store
from dashboard.ui import kit
from office_files import office_sheet, sheet_records, workbook

app_db = apptest.app_db  # the shared fixture, used by name (caches are reset by tests/conftest.py)
PAGE = "app_pages/ranking.py"
AS_OF = datetime(2021, 5, 3, 17, 0)
TODAY = AS_OF.date()
MAY = rk.period_of(rk.MONTH, TODAY, TODAY)


def _expected(path, period: rk.RankingPeriod):
    store = Store.open(path)
    try:
        return rk.table(store, period, AS_OF), rk.weights(store)
    finally:
        store.close()


def _table(at):
    return next(d.value for d in at.dataframe if "值班报送及时率" in d.value.columns)


def test_the_table_and_chart_equal_the_ranking(app_db):
    at = open_page(PAGE)
    expected, _ = _expected(app_db, MAY)
    table = _table(at)
    assert list(table["县区"]) == list(expected["unit"]) and len(table) == 12
    assert list(table["得分"]) == list(expected["score"])
    assert list(table["排名"]) == list(expected["rank"]) and list(table["变化"]) == list(expected["change"])
    for rule in rk.RULES:  # "count unit −points", blank when nothing is deducted
        assert list(table[rule.name]) == [f"{n}{rule.unit} −{p:g}" if n else ""
                                          for n, p in zip(expected[rule.key], expected[rule.key + "_points"])]
    assert list(table["隐患整改率"]) == list(expected["rectification_rate"])
    assert list(table["值班报送及时率"]) == list(expected["report_rate"])
    bars = chart_specs(at)[0]["data"][0]
    assert bars["orientation"] == "h"
    assert dict(zip(bars["y"], decode(bars["x"]))) == {f"第{r} {u}": s for r, u, s in
                                                       zip(expected["rank"], expected["unit"], expected["score"])}
    assert any("名次为全市12个县区的排名" in c.value for c in at.caption)
    # the last unit on the demo, and its rank change shown on its bar
    assert table["县区"].iloc[-1] == "旬阳市" and any(t.endswith(expected["change"].iloc[-1]) for t in bars["text"])


def test_a_week_from_the_url(app_db):
    week = rk.period_of(rk.WEEK, date(2021, 4, 20), TODAY)
    at = open_page(PAGE, {"ranking.kind": "周", "ranking.period": week.label})
    expected, _ = _expected(app_db, week)
    assert at.session_state["ranking.period"] == week.label
    table = _table(at)
    assert dict(zip(table["县区"], table["得分"])) == dict(zip(expected["unit"], expected["score"]))
    assert table["值班报送及时率"].isna().all()                 # no duty days that week: shown as —
    assert any(c.value.startswith(week.label) for c in at.caption)


def test_the_scope_shows_its_units_with_city_wide_ranks(app_db):
    at = open_page(PAGE, {"county": ["汉滨区", "宁陕县"]})
    expected, _ = _expected(app_db, MAY)
    table = _table(at)
    assert set(table["县区"]) == {"汉滨区", "宁陕县"}
    city = dict(zip(expected["unit"], expected["rank"]))
    assert dict(zip(table["县区"], table["排名"])) == {n: city[n] for n in ("汉滨区", "宁陕县")}


def test_one_unit_breakdown_from_the_url(app_db):
    at = open_page(PAGE, {"ranking.unit": "汉滨区"})
    expected, weights = _expected(app_db, MAY)
    row = expected[expected["unit"] == "汉滨区"].iloc[0].to_dict()
    assert [i.value.replace("\\", "") for i in at.info] == [rk.headline(row, MAY)]
    lines = next(d.value for d in at.dataframe if "得分变化" in d.value.columns)
    assert lines["得分变化"].iloc[-1] == row["score"] == pytest.approx(lines["得分变化"].iloc[:-1].sum())
    assert lines["项目"].iloc[0] == "基础分" and lines["得分变化"].iloc[0] == 100
    waterfall = next(c for c in chart_specs(at) if c["data"][0]["type"] == "waterfall")["data"][0]
    assert sum(decode(waterfall["y"])) == pytest.approx(row["score"])
    # one expander per rule with a count, its records as many as the count
    counted = [r for r in rk.RULES if row[r.key]]
    titles = [e.label for e in at.expander]
    for rule in counted:
        assert any(t.startswith(f"{rule.name} {row[rule.key]} {rule.unit}") for t in titles), rule.name
    overdue = next(v for v in (d.value for d in at.dataframe) if "期末逾期天数" in v.columns and len(v) == row["overdue"])
    assert (overdue["期末逾期天数"] > 0).all()
    links = [link.proto for link in at.get("page_link")]
    ledger = next(link for link in links if "隐患台账" in link.label and "逾期未整改隐患" in link.label)
    assert ledger.page == "hazards"
    assert parse_qs(ledger.query_string) == {"hazards.flags": ["逾期"], "county": ["汉滨区"]}
    ledger_page = open_page("app_pages/hazards.py", parse_qs(ledger.query_string))  # the same hazards there
    assert apptest.metrics(ledger_page)["筛选结果"] == str(row["overdue"])


def test_the_export_opens_back(app_db, monkeypatch):
    built = capture_downloads(monkeypatch)
    at = open_page(PAGE, {"county": ["汉滨区", "旬阳市"]})
    assert at.get("download_button")[0].proto.label == "导出排名及扣分明细（Excel）"
    sheet = workbook(built[-1]()).active
    office_sheet(sheet, title=f"安康市县区安全生产排名 {MAY.label}（汉滨区、旬阳市）", made_at="2021年5月3日 17:00")
    assert "范围：汉滨区、旬阳市" in sheet["A2"].value and "数据截至 2021-05-03 17:00" in sheet["A2"].value
    expected, _ = _expected(app_db, MAY)
    expected = expected[expected["unit"].isin(["汉滨区", "旬阳市"])]
    rows = sheet_records(sheet)
    assert [r["县区"] for r in rows] == list(expected["unit"])
    assert [r["得分"] for r in rows] == list(expected["score"])
    assert [r["逾期未整改隐患扣分"] for r in rows] == list(expected["overdue_points"])


def test_the_ranking_tables_column_config(app_db, json_snapshot):
    at = open_page(PAGE)
    table = next(d for d in at.dataframe if "值班报送及时率" in d.value.columns)
    assert json.loads(table.proto.columns) == json_snapshot


def test_the_breakdown_and_rules_column_configs(app_db, json_snapshot):
    at = open_page(PAGE, {"ranking.unit": "汉滨区"})
    lines = next(d for d in at.dataframe if "得分变化" in d.value.columns)
    rules = next(d for d in at.dataframe if "怎样计数" in d.value.columns)
    assert list(rules.value["扣分项"]) == [r.name for r in rk.RULES]
    assert json.loads(lines.proto.columns) == json_snapshot(name="lines")
    assert json.loads(rules.proto.columns) == json_snapshot(name="rules")


def test_the_score_coloured_by_its_band(app_db):
    at = open_page(PAGE)
    table = next(d for d in at.dataframe if "值班报送及时率" in d.value.columns)
    styles = table.proto.arrow_data.styler.styles
    colours = {int(r): c for c, cells in ((c, cells) for cells, c in
                                          re.findall(r"([^{}]+)\{ color: (#[0-9a-f]{6}); font-weight: 700 \}", styles))
               for r in re.findall(r"_row(\d+)_col3", cells)}
    expected, _ = _expected(app_db, MAY)
    assert colours == {i: kit.urgency_style(rk.band(s), green=True).split(";")[0].removeprefix("color: ")
                       for i, s in enumerate(expected["score"])}
    assert set(colours.values()) >= {"#ff7f0e", "#2ca02c"}     # the demo month has orange and green scores


def test_unit_names_in_the_breakdown_are_plain_text(app_db):
    apptest.sql(app_db, "UPDATE units SET name = '汉*滨*区' WHERE name = '汉滨区'")
    at = open_page(PAGE, {"ranking.unit": "汉*滨*区"})
    assert [i.value for i in at.info] and all(ui.plain("汉*滨*区") in i.value for i in at.info)
