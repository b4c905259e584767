"""The wall screen through the entry script (AppTest): each view's own composition on the one canvas (the page
the URL names is never run), no control anywhere, the playlist from the URL, lists paging by the clock, the
header's freshness, a refused URL value, and exceptions first."""

from __future__ import annotations

import os
import re
import time
import types
from datetime import datetime

from apptest import app_db, open_page  # noqa: F401  (app_db is a fixture)
from entry_pages import declared_pages
import pytest

from dashboard import duty, kiosk, roles, settings
from dashboard import ui as dashboard_ui
from dashboard import units as unit_names
from dashboard.ui import kiosk as kiosk_ui

WIDGETS = ("button", "selectbox", "multiselect", "text_input", "checkbox", "toggle", "radio", "dataframe",
           "segmented_control", "date_input", "download_button", "tabs", "expander", "form", "page_link")


def _html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _on_air(at) -> str:
    found = re.findall(r'data-wall-view="([^"]+)"', _html(at))
    assert len(found) == 1, found
    return found[0]


def _text(at) -> str:
    return re.sub(r"<[^>]+>", " ", _html(at))


def _report_serious_incident(app_db) -> None:
    """A 较大事故 (3 deaths) reported through the app's own store (one per process), as the duty page would."""
    store = dashboard_ui._open_store(str(app_db.resolve()))
    duty.record_incident(store, {
        "stage": "初报", "unit_code": "610929", "occurred_at": datetime(2021, 5, 3, 15, 10),
        "received_at": datetime(2021, 5, 3, 15, 20), "reported_at": datetime(2021, 5, 3, 15, 40),
        "place": "白河县某矿", "kind": "非煤矿山事故", "deaths": 3, "injuries": 0, "serious_injuries": 0,
        "direct_loss": 0, "source": "白河县应急管理局",
    }, roles.User("duty", "张伟", roles.DUTY))


@pytest.mark.parametrize("view", list(kiosk.VIEWS))
def test_every_view_is_its_own_composition_with_no_control(app_db, view):
    at = open_page(None, {"kiosk": "1", "views": f"{view}:60"})
    assert _on_air(at) == view
    title = declared_pages()[kiosk.VIEWS[view].url_path]
    assert f'w-chip w-on">{title}<' in _html(at)  # the header names the view by its page's title
    assert f".st-key-wall-view-{view} {{ visibility: visible; }}" in _html(at)
    for kind in WIDGETS:
        assert not at.get(kind), f"a {kind} on the wall"
    assert len(at.sidebar.children) == 0 or not at.sidebar.multiselect  # no county picker, no navigation
    assert "大屏链接参数有误" not in _text(at)


def test_every_view_of_the_playlist_is_on_the_canvas_before_it_comes_on(app_db):
    at = open_page(None, {"kiosk": "1", "views": "overview:60,duty:30,map:30"})
    html = _html(at)
    assert "报送情况一览" in html and "各县区未销号隐患分布" in html and "全市隐患分布" in html  # all laid out
    assert len(at.get("component_instance")) == 2  # both maps mounted, shown or not
    assert len(re.findall(r"visibility: visible", html)) == 1  # one view shown


def test_the_overview_figures_come_from_the_store(app_db):
    at = open_page(None, {"kiosk": "1", "views": "overview:60"})
    text = _text(at)
    assert re.search(r"未销号隐患\s+345", text) and re.search(r"今日值班报告\s+8/12", text)
    assert "读取于" in text and "实时" in text and "演示数据" in text


def test_board_and_ranking_show_all_twelve_units(app_db):
    at = open_page(None, {"kiosk": "1", "views": "duty:60,ranking:60"})
    html = _html(at)
    board = html.split("报送情况一览", 1)[1].split("需催报", 1)[0]
    ranking = html.split("县区排名（名次为全市排名", 1)[1]
    store = dashboard_ui._open_store(str(app_db.resolve()))
    names = list(unit_names.all_units(store)["name"])
    assert len(names) == 12
    for name in names:
        assert f">{name}<" in board and f">{name}<" in ranking, name


def test_duty_shows_whom_to_chase_the_incidents_and_the_warnings(app_db):
    at = open_page(None, {"kiosk": "1", "views": "duty:60"})
    text = _text(at)
    assert "需催报（4）" in text and "今日事故（事件）（2）" in text and "生效预警（2）" in text
    assert "05-04 起" in text  # the days to come: one narrow column


def _at_clock(monkeypatch, seconds: float) -> None:
    monkeypatch.setattr(kiosk_ui, "time", types.SimpleNamespace(time=lambda: seconds))


@pytest.mark.parametrize("elapsed, page, first, last", [(5, "1/2", 0, 7), (20, "2/2", 7, 14)])
def test_the_fire_unit_list_pages_by_the_clock(app_db, monkeypatch, elapsed, page, first, last):
    """fire_units alone, 30 s: 14 units in two pages of 7, 15 s each; the page follows the wall clock."""
    _at_clock(monkeypatch, 30 * 1_000_000 + elapsed)  # a whole number of cycles, then ``elapsed`` into the view
    at = open_page(None, {"kiosk": "1", "views": "fire_units:30"})
    store = dashboard_ui._open_store(str(app_db.resolve()))
    from dashboard import fire_units

    names = list(fire_units.board(store, store.as_of().date())["name"])
    table = _html(at).split("整改清单", 1)[1].split("倒排工期", 1)[0]
    assert f'data-pager="{page}"' in table
    shown = [n for n in names if f">{n}<" in table]
    assert shown == names[first:last]


def test_a_refused_url_value_is_reported_and_the_settings_are_used(app_db):
    at = open_page(None, {"kiosk": "1", "views": "weather:10", "refresh": "1"})
    text = _text(at)
    assert "大屏链接参数有误" in text and "“weather”不存在" in text and "刷新间隔" in text
    playlist = kiosk.parse_playlist(settings.get("kiosk_playlist"))  # the setting's playlist, whole
    assert re.findall(r'class="w-chip[^"]*">([^<]+)<', _html(at)) == [
        declared_pages()[kiosk.VIEWS[s.view].url_path] for s in playlist]


def test_an_unchanged_store_says_so(app_db, monkeypatch):
    two_hours_ago = time.time() - 2 * 3600
    os.utime(app_db, (two_hours_ago, two_hours_ago))
    monkeypatch.setenv("DASHBOARD_KIOSK_STALE_MINUTES", "60")
    at = open_page(None, {"kiosk": "1", "views": "overview:60"})
    text = _text(at)
    assert "数据未更新" in text and "已 120 分钟" in text and "实时" not in text


def test_a_new_serious_incident_jumps_to_duty_and_is_marked_new(app_db):
    at = open_page(None, {"kiosk": "1", "views": "overview:60"})
    assert _on_air(at) == "overview"  # what is there now is the baseline, not new
    assert 'class="w-strip w-new"' not in _html(at)
    _report_serious_incident(app_db)
    at.run()  # the next refresh
    assert not at.exception, at.exception
    assert _on_air(at) == "duty"  # jumped to 假期值班
    strip = _html(at).split('class="w-strip w-new"', 1)[1].split("</div>", 1)[0]
    assert ">新<" in strip and "白河县" in strip and "较大事故" in strip


def test_exceptions_can_be_turned_off_by_the_url(app_db):
    at = open_page(None, {"kiosk": "1", "views": "overview:60", "exceptions": "0"})
    _report_serious_incident(app_db)
    at.run()
    assert _on_air(at) == "overview"  # stays on the overview
    strip = _html(at).split('class="w-strip w-new"', 1)[1].split("</div>", 1)[0]
    assert "白河县" in strip  # but still marks it
