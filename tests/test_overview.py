"""态势总览 through the entry script: its figures equal independent plain SQL, and the scope narrows them."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import apptest
from figures import chart_specs, decode
from streamlit.testing.v1 import AppTest

from dashboard import fire_units, hazards

ROOT = Path(__file__).resolve().parents[1]
AS_OF_DATE = "2021-05-03"


app_db = apptest.app_db  # the app's own copy of the demo (fixture by name)


@pytest.fixture
def reference(demo_db_path, tmp_path):
    """A second copy for the test's plain SQL: the app process holds its own file read-write."""
    copy = tmp_path / "reference.duckdb"
    shutil.copy(demo_db_path, copy)
    return copy


def _independent(path, where="TRUE", params=()):
    """The overview's figures, computed here with plain SQL on a separate read of the file."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        q = lambda sql, p=(): con.execute(sql, list(p)).fetchone()[0]  # noqa: E731
        total = q(f"SELECT count(*) FROM hazards WHERE {where}", params)
        closed = q(f"SELECT count(*) FROM hazards WHERE status = '已销号' AND {where}", params)
        return {
            "open": q(f"SELECT count(*) FROM hazards WHERE status <> '已销号' AND {where}", params),
            "overdue": q(f"SELECT count(*) FROM hazards WHERE status <> '已销号' AND deadline < DATE '{AS_OF_DATE}' AND {where}", params),
            "open_major": q(f"SELECT count(*) FROM hazards WHERE status <> '已销号' AND level = '重大隐患' AND {where}", params),
            "rate": f"{100.0 * closed / total:.1f}%",
            "fire_unresolved": q(f"SELECT count(*) FROM fire_units WHERE status <> '已销案摘牌' AND {where}", params),
            "fire_listed": q(f"SELECT count(*) FROM fire_units WHERE status <> '已销案摘牌' AND listing_level <> '未挂牌' AND {where}", params),
            "fire_overdue": q(f"SELECT count(*) FROM fire_units WHERE status <> '已销案摘牌' AND deadline < DATE '{AS_OF_DATE}' AND {where}", params),
            "reports": q(f"SELECT count(DISTINCT unit_code) FROM duty_reports WHERE report_date = DATE '{AS_OF_DATE}' AND {where}", params),
            "units": q(f"SELECT count(*) FROM units WHERE {where.replace('unit_code', 'code')}", params),
        }
    finally:
        con.close()


def _county_scores(chart) -> dict:
    """The overview's county chart: {"第n 县区": score}."""
    bars = chart["data"][0]
    return dict(zip(bars["y"], decode(bars["x"])))


def _ranking_scores(path) -> dict:
    from datetime import datetime

    from dashboard import ranking
    from dashboard.db import Store

    as_of = datetime(2021, 5, 3, 17, 0)
    store = Store.open(path)
    try:
        table = ranking.table(store, ranking.period_of(ranking.MONTH, as_of.date(), as_of.date()), as_of)
    finally:
        store.close()
    return {f"第{r} {u}": s for r, u, s in zip(table["rank"], table["unit"], table["score"])}


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def test_overview_figures_equal_plain_sql(app_db, reference):
    at = apptest.entry().run()
    assert not at.exception, at.exception
    expected = _independent(reference)
    metrics = _metrics(at)
    assert metrics["未销号隐患"] == f"{expected['open']:,}"
    assert metrics["逾期未整改"] == f"{expected['overdue']:,}"
    assert metrics["未销号重大隐患"] == f"{expected['open_major']:,}"
    assert metrics["隐患整改率"] == expected["rate"]
    assert metrics["未销案重大火灾隐患单位"] == str(expected["fire_unresolved"]) == "14"
    assert metrics["其中挂牌督办"] == str(expected["fire_listed"]) == "5"
    assert metrics["已逾期"] == str(expected["fire_overdue"])
    assert metrics["今日值班报告"] == f"{expected['reports']}/12"
    assert any("badge[" in m.value and "演示数据" in m.value for m in at.markdown)
    assert any("数据截至 2021-05-03 17:00" in c.value for c in at.caption)
    # three charts and the map component, all computed from the store
    charts = chart_specs(at)
    assert len(charts) == 3
    assert _county_scores(charts[0]) == _ranking_scores(reference)  # this month's 县区排名 score, with the rank
    assert any(link.proto.page.endswith("ranking") or "排名" in link.proto.label for link in at.get("page_link"))
    assert len(decode(charts[1]["data"][0]["y"])) == expected["fire_unresolved"]
    assert at.get("component_instance"), "the map component is on the page"


def test_overview_map_loads_only_local_assets(app_db):
    at = apptest.entry().run()
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/") for link in links), links


@pytest.mark.parametrize("names", [["汉滨区"], ["旬阳市", "安康高新区"]])
def test_county_scope_narrows_every_figure(app_db, reference, names):
    at = apptest.entry()
    at.query_params["county"] = names
    at.run()
    assert not at.exception, at.exception
    con = duckdb.connect(str(reference), read_only=True)
    codes = [con.execute("SELECT code FROM units WHERE name = ?", [n]).fetchone()[0] for n in names]
    con.close()
    where = f"unit_code IN ({', '.join('?' for _ in codes)})"
    expected = _independent(reference, where, codes)
    whole_city = _independent(reference)
    metrics = _metrics(at)
    assert metrics["未销号隐患"] == f"{expected['open']:,}"
    assert expected["open"] < whole_city["open"]
    assert metrics["逾期未整改"] == f"{expected['overdue']:,}"
    assert metrics["隐患整改率"] == expected["rate"]
    assert metrics["未销案重大火灾隐患单位"] == str(expected["fire_unresolved"])
    assert metrics["今日值班报告"] == f"{expected['reports']}/{len(codes)}"
    assert any("范围：" + "、".join(names) in c.value for c in at.caption)
    city_wide = _ranking_scores(reference)  # only the units in scope, with their city-wide ranks
    assert _county_scores(chart_specs(at)[0]) == {label: v for label, v in city_wide.items() if label.split(" ")[1] in names}


def test_domain_queries_match_plain_sql(demo_store):
    from datetime import date

    today = date(2021, 5, 3)
    stats = hazards.summary(demo_store, today)
    assert stats["open"] + stats["closed"] == stats["total"]
    per_unit = hazards.by_unit(demo_store, today)
    assert per_unit["open"].sum() == stats["open"] and per_unit["overdue"].sum() == stats["overdue"]
    assert len(per_unit) == 12
    trend = hazards.weekly_trend(demo_store, today)
    assert trend["found"].sum() == stats["total"]
    assert trend["closed"].sum() == stats["closed"]
    board = fire_units.board(demo_store, today)
    assert list(board["days_left"]) == sorted(board["days_left"])
    assert set(board["urgency"]) <= {"red", "orange", "yellow", "green"}


def test_a_refused_database_shows_a_chinese_message(tmp_path, monkeypatch):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("DASHBOARD_DB", str(bad))
    at = apptest.entry().run()
    assert not at.exception
    assert any("不是 DuckDB 数据库文件" in e.value for e in at.error)  # what is wrong, not "已损坏"
    assert not any(str(tmp_path) in e.value for e in at.error)  # the file's name, never the server path
