"""The hazards on the map as data (issue 18): one column-wise payload (`maps.hazard_payload`) written into the
map's script as JSON that cannot end the script or open markup, its fields those of the popup, at most
`hazards.POINT_LIMIT` points, most urgent first. (What the browser makes of it: tests/browser/test_map_browser.py.)"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from folium.plugins import MarkerCluster

from dashboard import hazards, maps, vocab
from dashboard.units import read_units_csv

HOSTILE = ["</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "甲&amp;乙", "行\u2028分隔\u2029段",
           "'单引号' \"双引号\" `反引号` ${x}"]


def _points(n: int, **columns) -> pd.DataFrame:
    frame = pd.DataFrame({
        "id": [f"YH2021-{i:06d}" for i in range(n)], "enterprise": [f"企业{i}" for i in range(n)],
        "unit": ["汉滨区"] * n, "level": [vocab.LEVEL_GENERAL] * n, "status": [vocab.ST_PENDING] * n,
        "deadline": pd.to_datetime(["2021-05-10"] * n), "lat": [32.6 + i * 1e-4 for i in range(n)],
        "lon": [109.0] * n, "overdue": [False] * n,
    })
    for name, values in columns.items():
        frame[name] = values
    return frame


def _column(field: dict) -> list[str]:
    """A field's values, one per point, as hazards.js reads them."""
    return field["values"] if "values" in field else [field["names"][c] for c in field["codes"]]


def test_the_payload_has_the_popups_fields_per_point_in_order():
    frame = _points(3, unit=["汉滨区", "白河县", None], deadline=pd.to_datetime(["2021-05-10", None, "2021-06-01"]),
                    lat=[32.1234567891, 32.2, 32.3])
    payload = maps.hazard_payload(frame)
    assert payload["lat"] == [32.123457, 32.2, 32.3] and payload["lon"] == [109.0] * 3
    assert payload["title"] == ["企业0", "企业1", "企业2"]
    assert [f["label"] for f in payload["fields"]] == ["编号", "县区", "等级", "状态", "整改期限"]
    columns = {f["label"]: _column(f) for f in payload["fields"]}
    assert columns["编号"] == ["YH2021-000000", "YH2021-000001", "YH2021-000002"]
    assert columns["县区"] == ["汉滨区", "白河县", ""]  # missing: an empty cell, as the HTML popup had
    assert columns["整改期限"] == ["2021-05-10", "", "2021-06-01"]
    assert columns["状态"] == [vocab.ST_PENDING] * 3


def test_points_without_coordinates_are_left_out():
    frame = _points(4, lat=[32.6, None, 32.7, 32.8], lon=[109.0, 109.1, None, 109.2])
    payload = maps.hazard_payload(frame)
    assert payload["lat"] == [32.6, 32.8] and payload["title"] == ["企业0", "企业3"]
    assert all(len(_column(f)) == 2 for f in payload["fields"])


@pytest.mark.parametrize("values, shared", [
    (["汉滨区"] * 10, True),                                  # one county: its name once and an index per point
    (["汉滨区", "白河县"] * 5, True),
    ([f"YH{i}" for i in range(10)], False),                   # every value different: the values themselves
    (["甲", "乙", "丙", "丁", "戊", "甲"], False),              # 5 names for 6 points: not worth an index
    ([], False),
])
def test_repeated_values_travel_once(values, shared):
    field = maps._field("县区", values)
    assert ("names" in field) is shared
    assert _column(field) == values


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_cannot_end_the_script_or_open_markup(text):
    frame = _points(2, enterprise=[text, "正常企业"], unit=[text, text], status=[text, "整改中"])
    element = maps.HazardPoints(frame)
    written = element.payload_json
    for char in "<>&\u2028\u2029":
        assert char not in written
    assert json.loads(written) == element.payload  # the same text, to the character, once parsed
    assert element.payload["title"][0] == text      # kept as typed: hazards.js sets it as text, never as HTML
    m = maps.base_map()
    MarkerCluster().add_child(element).add_to(m)
    script = m.get_root().render()
    assert text not in script or not any(c in text for c in "<>&")


def test_the_points_script_joins_the_map_as_it_is():
    """branca would compile an element's script output as a Jinja2 template (0.49 s for 3.8 MB); the points'
    script is added as plain text: braces in names stay braces."""
    frame = _points(2, enterprise=["{{ 7 * 7 }}{% if x %}", "{# 注释 #}"])
    m = maps.base_map()
    cluster = MarkerCluster().add_to(m)
    element = maps.HazardPoints(frame)
    cluster.add_child(element)
    script = m.get_root().render()
    assert "{{ 7 * 7 }}{% if x %}" in script and "{# 注释 #}" in script
    assert isinstance(m.get_root().script._children[element.get_name()], maps._Text)


def test_three_thousand_points_are_a_few_hundred_kilobytes_not_megabytes():
    n = hazards.POINT_LIMIT
    frame = _points(n, enterprise=[f"安康市某某区某某镇某某有限责任公司{i}" for i in range(n)],
                    deadline=pd.to_datetime([f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)]))
    written = maps.HazardPoints(frame).payload_json.encode()
    assert len(written) < 500_000, len(written)  # the popup per point as HTML made 3.8 MB


def test_the_situation_map_loads_the_points_script_from_static():
    units = read_units_csv()
    by_unit = pd.DataFrame({"unit_code": units["code"], "unit": units["name"], "open": 1, "overdue": 0,
                            "open_major": 0, "rate": 50.0})
    board = pd.DataFrame(columns=["name", "lat", "lon", "urgency", "listed", "listing_level", "listing_doc", "unit",
                                  "countdown", "deadline", "progress", "status", "resp_unit", "resp_person",
                                  "resp_phone"])
    m = maps.situation_map(by_unit, units, "open", board, _points(5))
    links = maps.asset_links(m)
    # after Leaflet.markercluster, which it needs
    assert links.index("/app/static/map/hazards.js") > links.index(
        "/app/static/leaflet.markercluster/leaflet.markercluster.js")
    assert "window.dashHazards.add(" in m.get_root().render()


# -- the points the map is given: open, with coordinates, most urgent first, at most POINT_LIMIT ------------
TODAY = date(2021, 5, 3)


def test_hazard_points_are_the_open_ones_with_coordinates_most_urgent_first(demo_store):
    points = hazards.hazard_points(demo_store, TODAY)
    expected = demo_store.rows(
        "SELECT id FROM hazards WHERE status <> ? AND lat IS NOT NULL AND lon IS NOT NULL "
        "ORDER BY deadline NULLS LAST, id", [vocab.ST_CLOSED])
    assert list(points["id"]) == [row[0] for row in expected][:hazards.POINT_LIMIT]
    assert set(points.columns) >= {"id", "enterprise", "unit", "level", "status", "deadline", "lat", "lon"}


@pytest.mark.parametrize("limit", [1, 10, 100])
def test_hazard_points_stop_at_the_limit(demo_store, limit):
    everything = hazards.hazard_points(demo_store, TODAY)
    assert len(everything) > limit
    points = hazards.hazard_points(demo_store, TODAY, limit=limit)
    assert list(points["id"]) == list(everything["id"][:limit])


def test_hazard_points_follow_the_scope(demo_store):
    points = hazards.hazard_points(demo_store, TODAY, ("610929",))
    assert len(points) and set(points["unit"]) == {"白河县"}
