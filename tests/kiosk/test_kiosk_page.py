"""The wall screen through the entry script (AppTest): every view lands on its page, no sidebar, the playlist
from the URL, what the wall hides, the status bar's freshness, a refused URL value, and exceptions first."""

from __future__ import annotations

import os
import re
import time
from datetime import datetime

from apptest import app_db, metrics, open_page  # noqa: F401  (app_db is a fixture)
from entry_pages import declared_pages
import pytest

from dashboard import duty, kiosk, settings
from dashboard import ui as dashboard_ui


def _texts(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.subheader, *at.title)]
    parts += [e.value for e in (*at.error, *at.warning, *at.success, *at.info)]
    return "\n".join(str(p) for p in parts)


def _badges(at) -> str:
    return "\n".join(m.value for m in at.markdown if "-badge[" in m.value)  # st.badge is markdown


def _report_serious_incident(app_db) -> None:
    """A 较大事故 (3 deaths) reported through the app's own store (one per process), as the duty page would."""
    store = dashboard_ui._open_store(str(app_db.resolve()))
    duty.record_incident(store, {
        "stage": "初报", "unit_code": "610929", "occurred_at": datetime(2021, 5, 3, 15, 10),
        "received_at": datetime(2021, 5, 3, 15, 20), "reported_at": datetime(2021, 5, 3, 15, 40),
        "place": "白河县某矿", "kind": "非煤矿山事故", "deaths": 3, "injuries": 0, "serious_injuries": 0,
        "direct_loss": 0, "source": "白河县应急管理局",
    }, "值班员")


@pytest.mark.parametrize("view", list(kiosk.VIEWS))
def test_every_view_lands_on_its_page(app_db, view):
    at = open_page(None, {"kiosk": "1", "views": f"{view}:60"})
    assert not [w.value for w in at.warning if "大屏参数有误" in w.value]
    on_air = re.findall(r":blue-badge\[:material/tv: ([^\]]+)\]", _badges(at))
    assert on_air == [declared_pages()[kiosk.VIEWS[view].url_path]]  # the title of the page with that url_path


def test_wall_shows_the_page_without_sidebar_and_with_its_read_time(app_db):
    at = open_page(None, {"kiosk": "1", "views": "overview:60"})
    assert len(at.sidebar.children) == 0 or not at.sidebar.multiselect  # no county picker, no navigation
    assert metrics(at)["未销号隐患"] == "345"
    text = _texts(at)
    assert "读取于" in text and "每 60 秒刷新" in text
    assert "实时" in _badges(at)  # the demo copy was just written


def test_wall_goes_to_the_playlist_view_and_stops_before_the_forms(app_db):
    at = open_page(None, {"kiosk": "1", "views": "fire_units:60"})
    text = _texts(at)
    assert "整改清单" in text and "单位详情与处理" not in text
    assert "点选一行" not in text  # no instruction that needs a mouse
    assert not at.get("form")


def test_duty_on_the_wall_shows_incidents_and_warnings_instead_of_tabs(app_db):
    at = open_page(None, {"kiosk": "1", "views": "duty:60"})
    text = _texts(at)
    assert "报送情况一览" in text and "今日事故（事件）" in text and "生效预警" in text
    assert not at.tabs and not at.get("form")
    columns = [set(df.value.columns) for df in at.dataframe]
    assert any({"事故等级", "死亡"} <= c for c in columns) and any({"预警级别", "解除时间"} <= c for c in columns)


def test_a_refused_url_value_is_reported_and_the_settings_are_used(app_db):
    at = open_page(None, {"kiosk": "1", "views": "weather:10", "refresh": "1"})
    text = _texts(at)
    assert "链接中的大屏参数有误" in text and "“weather”不存在" in text and "刷新间隔" in text
    assert f"每 {settings.get('kiosk_refresh_seconds')} 秒刷新" in text


def test_an_unchanged_store_says_so(app_db, monkeypatch):
    two_hours_ago = time.time() - 2 * 3600
    os.utime(app_db, (two_hours_ago, two_hours_ago))
    monkeypatch.setenv("DASHBOARD_KIOSK_STALE_MINUTES", "60")
    at = open_page(None, {"kiosk": "1", "views": "overview:60"})
    badges = _badges(at)
    assert "数据未更新" in badges and "已 120 分钟" in badges and "实时" not in badges


def test_a_new_serious_incident_jumps_to_duty_and_is_marked_new(app_db):
    at = open_page(None, {"kiosk": "1", "views": "overview:60"})
    assert "报送情况一览" not in _texts(at)  # the overview; what is there now is the baseline, not new
    _report_serious_incident(app_db)
    at.run()  # the next refresh
    assert not at.exception, at.exception
    text = _texts(at)
    assert "报送情况一览" in text  # jumped to 假期值班
    banner = [e.value for e in at.error if "新" in e.value]
    assert banner and "白河县" in banner[0] and "较大事故" in banner[0]


def test_exceptions_can_be_turned_off_by_the_url(app_db):
    at = open_page(None, {"kiosk": "1", "views": "overview:60", "exceptions": "0"})
    _report_serious_incident(app_db)
    at.run()
    assert "报送情况一览" not in _texts(at)  # stays on the overview
    assert any("新" in e.value and "白河县" in e.value for e in at.error)  # but still marks it
