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


# -- the situation map (一张图) ----------------------------------------------------------------------
def _board():
    from dashboard import clock

    return pd.DataFrame({
        "id": ["A", "B", "C"], "name": ["甲<script>alert(1)</script>商场", "乙宾馆", "丙市场"], "unit": ["汉滨区"] * 3,
        "lat": [32.68, 32.70, None], "lon": [109.02, 109.0, None], "urgency": [clock.RED, clock.GREEN, clock.YELLOW],
        "listed": [True, False, False], "listing_level": ["市级挂牌督办", "未挂牌", "未挂牌"],
        "listing_doc": ["安安委督〔2021〕3号", None, None], "countdown": ["逾期3天", "剩58天", "剩20天"],
        "deadline": pd.to_datetime(["2021-04-30", "2021-06-30", "2021-05-23"]), "progress": [60, 50, 10],
        "status": ["整改中"] * 3, "resp_unit": ["甲公司", "乙公司", "丙公司"], "resp_person": ["张<b>三</b>", "李四", "王五"],
        "resp_phone": ["13900000000", None, "1"],
    })


def _points(n=40):
    return pd.DataFrame({
        "id": [f"H{i}" for i in range(n)], "enterprise": [f"企业{i}&<i>" for i in range(n)], "unit": ["汉滨区"] * n,
        "level": ["一般隐患"] * n, "status": ["整改中"] * n, "deadline": pd.to_datetime(["2021-05-10"] * n),
        "lat": [32.6 + i * 0.001 for i in range(n)], "lon": [109.0] * n,
    })


def _by_unit(units):
    n = len(units)
    return pd.DataFrame({"unit_code": units["code"], "unit": units["name"], "open": range(n), "overdue": [1] * n,
                         "open_major": [0] * n, "rate": [50.0 + i for i in range(n)], "total": [10] * n,
                         "closed": [5] * n})


@pytest.mark.parametrize("measure, column, label", [
    ("open", "open", "未销号隐患"), ("overdue", "overdue", "逾期未整改"), ("major", "open_major", "未销号重大隐患"),
    ("rate", "rate", "隐患整改率"),
])
def test_situation_map_has_every_layer(measure, column, label):
    units = read_units_csv()
    by_unit = _by_unit(units)
    m = maps.situation_map(by_unit, units, measure, _board(), _points())
    (polygons,) = _layers(m, folium.GeoJson)
    assert polygons.layer_name == f"县区：{label}"
    expected = dict(zip(by_unit["unit"], by_unit[column]))
    assert {f["properties"]["name"]: f["properties"]["value"] for f in polygons.data["features"]} == {
        name: float(v) for name, v in expected.items() if name in {f["properties"]["name"] for f in polygons.data["features"]}}
    assert _layers(m, maps.Legend)[0].title == label
    groups = {g.layer_name: g for g in _layers(m, folium.FeatureGroup)}
    assert maps.ZONE_LAYER in groups and maps.FIRE_UNIT_LAYER in groups
    (cluster,) = _layers(m, MarkerCluster)
    assert cluster.layer_name == maps.HAZARD_LAYER
    (points,) = [c for c in cluster._children.values() if isinstance(c, maps.HazardPoints)]
    assert len(points.payload["lat"]) == 40 and points.payload["lat"][0] == 32.6
    assert points.payload["title"][0] == "企业0&<i>"  # as typed: the browser sets it as text (tests/test_map_points.py)
    assert "<i>" not in points.payload_json
    (control,) = _layers(m, folium.LayerControl)
    assert control.options["collapsed"] is False
    (control,) = _layers(maps.situation_map(by_unit, units, measure, _board(), _points(), collapsed_layers=True),
                         folium.LayerControl)
    assert control.options["collapsed"] is True


def test_fire_units_are_coloured_by_urgency_with_escaped_popups():
    from dashboard import clock

    m = maps.base_map()
    group = maps.add_fire_units(m, _board())
    markers = [c for c in group._children.values() if isinstance(c, folium.CircleMarker)]
    assert len(markers) == 2  # the unit without coordinates is left out
    assert [mk.options["fillColor"] for mk in markers] == [clock.URGENCY_COLORS["red"], clock.URGENCY_COLORS["green"]]
    assert markers[0].options["weight"] > markers[1].options["weight"]  # listed units get a heavy border
    assert {mk.options["pane"] for mk in markers} == {maps.FIRE_UNIT_PANE}  # drawn above the hazard clusters
    (pane,) = _layers(m, folium.map.CustomPane)
    assert pane.z_index > 600  # Leaflet's marker pane, where cluster icons live
    popup = next(c for c in markers[0]._children.values() if isinstance(c, maps.HtmlPopup)).html
    assert "<script>" not in popup and "&lt;script&gt;" in popup and "&lt;b&gt;三" in popup
    assert "逾期3天" in popup and "安安委督〔2021〕3号" in popup and "13900000000" in popup
    tooltip = next(c for c in markers[0]._children.values() if isinstance(c, folium.Tooltip))
    assert "<script>" not in tooltip.text


def test_the_situation_map_is_offline_and_needs_no_jquery():
    units = read_units_csv()
    m = maps.situation_map(_by_unit(units), units, "open", _board(), _points())
    links = maps.asset_links(m)
    assert "/app/static/leaflet.markercluster/leaflet.markercluster.js" in links
    for url in links:
        assert url.startswith("/app/static/") and (ROOT / "static" / url.removeprefix("/app/static/")).is_file(), url
    script = m.get_root().render()
    # folium.Popup builds its HTML with jQuery ($), which we do not ship: the map would stop drawing
    assert "$(`" not in script and "L.popup(" not in script
    assert ".setMaxZoom(18)" in script  # markercluster refuses a map without a maximum zoom


@pytest.mark.parametrize("value, county", [
    ({"last_active_drawing": {"type": "Feature", "properties": {"name": "白河县", "adcode": "610929"}}}, "白河县"),
    ({"last_active_drawing": {"type": "Feature", "properties": {}}}, None),   # a marker, not a county
    ({"last_active_drawing": None}, None),
    (None, None),
    ({}, None),
])
def test_clicked_county(value, county):
    assert maps.clicked_county(value) == county


# -- what every map carries: names, a metric scale, our attribution, the city fitted (issue 12 item 8) ---------
def _script(m) -> str:
    return m.get_root().render()


def test_every_map_has_a_metric_scale_our_attribution_and_no_focus_box(values):
    frame, units = values
    situation = maps.situation_map(_by_unit(units), units, "open", _board(), _points())
    for m in (maps.county_map(frame, units, "x"), situation):
        assert m.control_scale is False  # Leaflet's own bar would add miles
        (chrome,) = _layers(m, maps.MapChrome)
        assert chrome.scale_options == {"metric": True, "imperial": False, "position": "bottomleft"}
        assert chrome.prefix == "Leaflet"  # not Leaflet's default prefix with its flag icon
        script = _script(m)
        assert 'L.control.scale({"imperial": false, "metric": true, "position": "bottomleft"})' in script
        assert '.attributionControl.setPrefix("Leaflet")' in script
        assert "/app/static/map/map.css" in maps.asset_links(m)
    css = (ROOT / "static" / "map" / "map.css").read_text(encoding="utf-8")
    rule = css[css.index(".leaflet-interactive:focus"):]
    assert "outline: none" in rule[:rule.index("}")]


def test_the_county_names_sit_at_their_label_points_and_the_zones_beside_their_circles(values):
    frame, units = values
    m = maps.county_map(frame, units, "x")
    (labels,) = _layers(m, maps.CountyLabels)
    geo = maps.county_geojson()
    expected = {f["properties"]["name"]: (f["properties"]["label_point"][1], f["properties"]["label_point"][0])
                for f in geo["features"]}
    counties = {label["name"]: (label["lat"], label["lon"]) for label in labels.labels if label["kind"] == "county"}
    assert counties == expected and len(counties) == 10
    zones = {label["name"]: label["kind"] for label in labels.labels if label["kind"].startswith("zone")}
    assert zones == {"恒口示范区": "zone-left", "安康高新区": "zone-right"}  # 恒口 lies west of 高新区
    assert labels.pane == maps.LABEL_PANE and labels.z_index > 650  # above the fire-unit circles


def test_names_are_escaped():
    labels = maps.CountyLabels([{"name": "<b>甲</b>县", "lat": 32.0, "lon": 109.0, "kind": "county"}])
    assert labels.labels[0]["html"] == "&lt;b&gt;甲&lt;/b&gt;县"


@pytest.mark.parametrize("feature, inside", [
    # a U-shaped county: the centre of its box (108.5, 32.5) lies outside it, in the notch
    ({"type": "Feature", "properties": {"name": "U"}, "geometry": {"type": "Polygon", "coordinates": [[
        [108.0, 32.0], [109.0, 32.0], [109.0, 33.0], [108.8, 33.0], [108.8, 32.2], [108.2, 32.2], [108.2, 33.0],
        [108.0, 33.0], [108.0, 32.0]]]}}, True),
    ({"type": "Feature", "properties": {"name": "square"}, "geometry": {"type": "MultiPolygon", "coordinates": [
        [[[108.0, 32.0], [108.1, 32.0], [108.1, 32.1], [108.0, 32.0]]],
        [[[109.0, 32.0], [110.0, 32.0], [110.0, 33.0], [109.0, 33.0], [109.0, 32.0]]]]}}, True),
])
def test_a_label_point_without_the_property_lies_inside_the_largest_ring(feature, inside):
    lat, lon = maps.label_point(feature)
    ring = max(maps._rings(feature["geometry"]), key=len)
    assert maps._inside(lon, lat, ring) is inside


def test_the_city_is_fitted_to_the_geojsons_bounds(values):
    frame, units = values
    points = [point for feature in maps.county_geojson()["features"] for point in _coords(feature)]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    south, west, north, east = min(lats), min(lons), max(lats), max(lons)
    situation = maps.situation_map(_by_unit(units), units, "open", _board(), _points())
    for m in (maps.county_map(frame, units, "x"), situation):
        (fit,) = _layers(m, maps.FitBounds)
        assert fit.bounds == [[south, west], [north, east]]
        assert fit.options["animate"] is False
        assert not _layers(m, folium.map.FitBounds)  # folium's one-off fit is not used: ours refits on resize
        assert "new ResizeObserver" in _script(m)


def _coords(feature):
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [point for polygon in polygons for ring in polygon for point in ring]


@pytest.mark.parametrize("measure", ["open", "overdue"])
def test_a_selected_county_is_outlined_and_fitted_whatever_the_measure(measure):
    units = read_units_csv()
    m = maps.situation_map(_by_unit(units), units, measure, _board(), _points(), selected="白河县")
    outline = [g for g in _layers(m, folium.GeoJson) if g.layer_name == "所选：白河县"]
    assert len(outline) == 1 and outline[0].control is False and outline[0].options["interactive"] is False
    (feature,) = outline[0].data["features"]
    assert feature["properties"]["name"] == "白河县"
    (fit,) = _layers(m, maps.FitBounds)
    lons = [p[0] for p in _coords(feature)]
    lats = [p[1] for p in _coords(feature)]
    assert fit.bounds == [[min(lats), min(lons)], [max(lats), max(lons)]]


def test_a_selected_zone_is_ringed_and_an_unknown_name_selects_nothing():
    units = read_units_csv()
    m = maps.situation_map(_by_unit(units), units, "open", _board(), _points(), selected="恒口示范区")
    (fit,) = _layers(m, maps.FitBounds)
    assert fit.bounds[0][0] < 32.74 < fit.bounds[1][0] and fit.bounds[0][1] < 108.76 < fit.bounds[1][1]
    rings = [c for c in _layers(m, folium.CircleMarker) if c.options.get("fill") is False]
    assert len(rings) == 1 and rings[0].options["interactive"] is False
    plain = maps.situation_map(_by_unit(units), units, "open", _board(), _points(), selected="不存在的县")
    (fit,) = _layers(plain, maps.FitBounds)
    assert fit.bounds == maps.geojson_bounds(maps.county_geojson())


def test_a_click_zooms_only_where_it_selects():
    units = read_units_csv()
    zooming = maps.situation_map(_by_unit(units), units, "open", _board(), _points(), zoom_on_click=True)
    still = maps.situation_map(_by_unit(units), units, "open", _board(), _points())
    assert [g.zoom_on_click for g in _layers(zooming, folium.GeoJson)] == [True]
    assert [g.zoom_on_click for g in _layers(still, folium.GeoJson)] == [False]
