"""Every page, and the wall, on a store fresh from ``python -m dashboard init``: no exception, no error, a clear
empty state saying what is missing and linking to where it is loaded, no chart drawn from nothing and no figure
that looks measured (every tile "—"). Through the entry script, signed in as the office (apptest.empty_db)."""

from __future__ import annotations

import re

import pytest

import apptest
from dashboard import contents
from dashboard.contents import DUTY_PERIODS, FIRE_UNITS, FIRES, GROUPS, HAZARDS, TASKS

empty_db = apptest.empty_db

# page script → (kinds whose empty state it shows, the url_path it is on: those are named as 本页…, not linked)
PAGES = {
    "app_pages/overview.py": ((HAZARDS, FIRE_UNITS, DUTY_PERIODS), None),
    "app_pages/map.py": ((HAZARDS, FIRE_UNITS), "map"),
    "app_pages/hazards.py": ((HAZARDS,), "hazards"),
    "app_pages/fire_units.py": ((FIRE_UNITS,), "fire_units"),
    "app_pages/duty.py": ((DUTY_PERIODS,), "duty"),
    "app_pages/ranking.py": (contents.RANKING_INPUTS, "ranking"),
    "app_pages/groups.py": ((GROUPS,), "groups"),
    "app_pages/fires.py": ((FIRES,), "fires"),
    "app_pages/tasks.py": ((TASKS,), "tasks"),
    "app_pages/data.py": (contents.KINDS, "data"),
    "app_pages/settings.py": ((), "settings"),
    "app_pages/system.py": ((), "system"),
}


def _texts(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "text") for e in at.get(kind))


def _links(at) -> dict[str, str]:
    return {link.proto.page: link.proto.label for link in at.get("page_link")}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_says_what_is_missing_and_where_it_is_loaded(empty_db, page):
    kinds, here = PAGES[page]
    at = apptest.open_page(page)  # asserts no exception
    assert not at.error, [e.value for e in at.error]
    text = _texts(at)
    links = _links(at)
    for kind in kinds:
        assert f"还没有{kind.noun}" in text, (page, kind.key)
        assert f"在{kind.where(here)}中{kind.how}。" in text, (page, kind.key)  # where, and how
        if kind.page != here:
            assert links.get(kind.page) == f"去{kind.where()}", (page, kind.key, links)
    if not kinds:  # nothing of its own to load: the store is new, and 数据管理 lists where each kind is loaded
        assert contents.NOTHING_LOADED in text
        assert links.get("data") == "去“数据管理”查看各类数据的载入位置"
    # nothing drawn from nothing: no chart, and no tile showing a figure nobody measured
    assert not at.get("plotly_chart"), page
    assert all(m.value == "—" for m in at.metric), {m.label: m.value for m in at.metric}


def test_the_ledger_offers_its_own_entry_and_import_at_once(empty_db):
    at = apptest.open_page("app_pages/hazards.py")
    assert any(e.label.startswith("导入隐患清单") for e in at.expander)
    assert any("登记与导入" in h.value for h in at.subheader)
    assert not at.dataframe  # no empty ledger table, no filters over nothing
    assert not [b for b in at.get("download_button") if "导出" in b.proto.label]


def test_the_duty_page_offers_the_period_form_below_its_empty_state(empty_db):
    at = apptest.open_page("app_pages/duty.py")
    assert "本页“添加值班时段”" in _texts(at)
    assert any(b.label == "添加值班时段" for b in at.get("form_submit_button") or at.button)


def test_a_page_fills_in_once_its_kind_is_loaded(empty_db):
    """The same mechanism lets go: after a hazard is registered (the ledger's own write path), the overview's
    hazard figures are measured (a real 0 overdue) while the fire units it has not got stay "—"."""
    from datetime import timedelta

    from dashboard import hazards, roles
    from dashboard.db import Store

    store = Store.open(empty_db)
    try:
        today = store.as_of().date()
        hazards.create(store, {"found_date": today, "unit_code": "610902", "source": "部门执法检查", "sector": "消防",
                               "enterprise": "某商场", "location": "疏散通道", "description": "疏散通道堆放杂物",
                               "level": "一般隐患", "treatment": "限期整改", "deadline": today + timedelta(days=30)},
                       roles.system("测试"))
    finally:
        store.close()
    at = apptest.open_page(None)
    figures = apptest.metrics(at)
    assert figures["未销号隐患"] == "1" and figures["逾期未整改"] == "0" and figures["隐患整改率"] == "0.0%"
    assert figures["未销案重大火灾隐患单位"] == "—"
    text = _texts(at)
    assert "还没有隐患记录" not in text and "还没有重大火灾隐患单位" in text
    assert len(at.get("plotly_chart")) == 2  # the ranking (hazards are one of its inputs) and the weekly trend


def _wall_html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_the_wall_says_what_is_missing_on_every_view_and_shows_no_fake_figure(empty_db):
    at = apptest.open_page(None, {"kiosk": "1"})
    assert not at.error
    html = _wall_html(at)
    for kind in (HAZARDS, FIRE_UNITS, DUTY_PERIODS):
        assert kind.sentence() in html.replace("&ldquo;", "“").replace("&rdquo;", "”"), kind.key
    assert contents.NO_RANKING in html
    assert f"{contents.NOTHING_LOADED}：" in html  # the strip: not "当前没有需要关注的异常"
    values = re.findall(r'class="w-value">([^<]*)<', html)
    assert values and set(values) == {"—"}, values
    assert not at.get("iframe")  # no chart frame (the map is a component of its own)


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/map.py"])
def test_the_map_colours_no_county_from_nothing(empty_db, page):
    """The counties are drawn and named, but 无数据 (grey), with no legend of classes 0 – 1 … 4 – 5 over nothing."""
    import json

    from dashboard import maps

    at = apptest.open_page(page)
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    sent = "".join(str(v) for v in args.values())
    assert "暂无数据" in sent and "0 – 1" not in sent and "610923" in sent  # 宁陕县 drawn, as every county
    assert maps.NO_DATA_COLOR in args["script"] and maps.CHOROPLETH_COLORS[0] not in args["script"]
