"""一张图 through the entry script (AppTest): the map component loads only local assets, reruns only on a
click (never on pan or zoom), the measure and the county come from the URL, and the county's figures beside
the map equal plain SQL. The overview reuses the same map."""

from __future__ import annotations

import json

import apptest
import pytest
from apptest import metrics, open_page, sql

from dashboard import maps

app_db = apptest.app_db  # the shared fixture, used by name (caches are reset by tests/conftest.py)
PAGE = "app_pages/map.py"


def _open(params: dict | None = None, page: str | None = PAGE):
    return open_page(page, params)


def _map_args(at) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def _has(script: str, text: str) -> bool:
    """folium writes names as JSON: Chinese may be \\u-escaped."""
    return text in script or json.dumps(text)[1:-1] in script


def test_the_map_is_local_and_reruns_only_on_a_click(app_db):
    args = _map_args(_open())
    links = args["js_links"] + args["css_links"]
    assert "/app/static/leaflet.markercluster/leaflet.markercluster.js" in links
    assert all(link.startswith("/app/static/") for link in links), links
    assert args["returned_objects"] == ["last_active_drawing"]
    for layer in ("县区：未销号隐患", "功能区", "隐患点位（聚合）", "重大火灾隐患单位"):
        assert _has(args["script"], layer), layer


@pytest.mark.parametrize("label", ["逾期未整改", "未销号重大隐患", "隐患整改率"])
def test_the_measure_comes_from_the_url(app_db, label):
    assert _has(_map_args(_open({"map.measure": [label]}))["script"], f"县区：{label}")


def test_the_county_figures_beside_the_map_equal_plain_sql(app_db):
    at = _open({"map.county": ["白河县"]})
    assert any(m.value == "#### 白河县" for m in at.markdown)
    open_, overdue, major = sql(app_db, """
        SELECT count(*) FILTER (WHERE status <> '已销号'),
               count(*) FILTER (WHERE status <> '已销号' AND deadline < DATE '2021-05-03'),
               count(*) FILTER (WHERE status <> '已销号' AND level = '重大隐患')
        FROM hazards WHERE unit_code = '610929'""")[0]
    shown = metrics(at)
    assert (shown["未销号隐患"], shown["逾期未整改"], shown["未销号重大隐患"]) == (str(open_), str(overdue), str(major))
    assert shown["重大火灾隐患单位"] == "1"
    city = metrics(_open())
    assert city["未销号隐患"] != shown["未销号隐患"]


def test_the_overview_reuses_the_map_without_click_reruns(app_db):
    args = _map_args(_open(page=None))
    assert args["returned_objects"] == []
    assert _has(args["script"], "重大火灾隐患单位") and _has(args["script"], "隐患点位（聚合）")


@pytest.mark.parametrize("measure", ["未销号隐患", "逾期未整改", "隐患整改率"])
def test_the_chosen_county_stays_outlined_and_fitted_when_the_measure_changes(app_db, measure):
    at = _open({"map.county": ["白河县"]})
    at.segmented_control(key="map.measure").set_value(measure).run()
    script = _map_args(at)["script"]
    assert _has(script, f"县区：{measure}") and maps.SELECTION_COLOR in script  # the outline
    assert ".fitBounds(bounds, options)" in script and "e.target.getBounds()" in script  # a click zooms too
    at.selectbox(key="map.county").set_value(None).run()
    script = _map_args(at)["script"]
    assert maps.SELECTION_COLOR not in script


def test_the_overview_map_names_the_counties_and_does_not_zoom_on_a_click(app_db):
    script = _map_args(_open(page=None))["script"]
    assert _has(script, "白河县") and "countyLabels" in script
    assert "e.target.getBounds()" not in script
