"""Map builders: asserted on their layers and features, and on referencing only local assets."""

from pathlib import Path

import folium
import pandas as pd
import pytest
from folium.plugins import Fullscreen, MarkerCluster

from dashboard import maps
from dashboard.units import read_units_csv

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def values():
    units = read_units_csv()
    return units.assign(unit_code=units["code"], unit=units["name"], value=range(len(units)))[
        ["unit_code", "unit", "value"]], units


def _layers(m, kind):
    return [child for child in maps._walk(m) if isinstance(child, kind)]


def test_county_map_has_ten_polygons_coloured_by_value_and_two_zone_points(values):
    frame, units = values
    m = maps.county_map(frame, units, "未销号隐患", value_unit="条")
    (polygons,) = _layers(m, folium.GeoJson)
    features = polygons.data["features"]
    assert len(features) == 10
    by_name = {f["properties"]["name"]: f["properties"] for f in features}
    expected = dict(zip(frame["unit"], frame["value"]))
    for name, props in by_name.items():
        assert props["value"] == expected[name]
        assert props["fill"] == maps.color_for(expected[name], maps.class_breaks(frame["value"]))
    assert by_name["旬阳市"]["value_text"] == f"{expected['旬阳市']}条"
    zones = [c for c in _layers(m, folium.CircleMarker)]
    assert len(zones) == 2
    legends = _layers(m, maps.Legend)
    assert legends and legends[0].title == "未销号隐患"


def test_highest_value_gets_the_darkest_colour_and_missing_is_grey():
    breaks = maps.class_breaks([0, 5, 50])
    assert maps.color_for(50, breaks) == maps.CHOROPLETH_COLORS[-1]
    assert maps.color_for(0, breaks) == maps.CHOROPLETH_COLORS[0]
    assert maps.color_for(None, breaks) == maps.NO_DATA_COLOR
    assert maps.class_breaks([0, 0]) == [1.0, 2.0, 3.0, 4.0, 5.0]  # an all-zero map still has a scale


def test_maps_reference_only_shipped_local_assets(values):
    frame, units = values
    m = maps.county_map(frame, units, "逾期隐患")
    MarkerCluster().add_to(m)
    maps.make_offline(m)
    links = maps.asset_links(m)
    assert links, "a map needs at least Leaflet"
    for url in links:
        assert url.startswith("/app/static/"), url
        assert (ROOT / "static" / url.removeprefix("/app/static/")).is_file(), url
    html = m.get_root().render()
    assert "cdn." not in html and "unpkg" not in html and "code.jquery" not in html


def test_an_element_with_unshipped_assets_is_refused(values):
    frame, units = values
    m = maps.county_map(frame, units, "x")
    Fullscreen().add_to(m)
    with pytest.raises(maps.OfflineAssetError):
        maps.make_offline(m)


def test_no_tiles_unless_configured(values, monkeypatch):
    frame, units = values
    assert not _layers(maps.county_map(frame, units, "x"), folium.TileLayer)
    monkeypatch.setenv("DASHBOARD_TILE_URL", "http://10.0.0.5/tiles/{z}/{x}/{y}.png")
    (tiles,) = _layers(maps.county_map(frame, units, "x"), folium.TileLayer)
    assert tiles.tiles == "http://10.0.0.5/tiles/{z}/{x}/{y}.png"


def test_missing_values_draw_grey():
    units = read_units_csv()
    frame = pd.DataFrame({"unit_code": ["610902"], "unit": ["汉滨区"], "value": [3]})
    m = maps.county_map(frame, units, "x")
    (polygons,) = _layers(m, folium.GeoJson)
    fills = {f["properties"]["name"]: f["properties"]["fill"] for f in polygons.data["features"]}
    assert fills["汉阴县"] == maps.NO_DATA_COLOR
    assert fills["汉滨区"] != maps.NO_DATA_COLOR
