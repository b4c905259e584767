"""DataFrame -> folium Map, offline.

Government intranets have no internet: every script and stylesheet a map needs is served by
Streamlit's static serving from ``static/`` (Leaflet 1.9.3 and Leaflet.markercluster 1.5.3 from the
npm registry, with their licences). `make_offline` rewrites every element's CDN links to those local
files and refuses any element whose assets we do not ship, so a new plugin cannot go online silently.
No basemap tiles are drawn unless the ``tile_url`` setting names an intranet tile server.

Every map (`base_map`) has a metric scale bar, our own attribution prefix (Leaflet's Ukrainian flag icon
is not an attribution the office wants on its wall) and no focus box on a clicked shape (static/map/map.css).
The county maps fit the city to the map box — again whenever the box changes size, until someone pans or
zooms (`FitBounds`) — and name every county at its label point (`CountyLabels`); a selected county is
outlined and the map fitted to it (`add_selection`).

The open hazards go to the browser as data, not code (`HazardPoints`): one column-wise array that
static/map/hazards.js makes into clustered markers, building a tooltip or popup from the point's fields, as
text, only when it is shown. dashboard/ui/situation_map.py keeps what the map component is sent per store
generation and arguments.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import folium
import pandas as pd
from branca.element import Element, MacroElement, Template
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster

from dashboard import settings

STATIC_URL = "/app/static"

# folium asset name -> local URL; None means the asset is not needed by the elements we use.
LOCAL_ASSETS: dict[str, str | None] = {
    "leaflet": f"{STATIC_URL}/leaflet/leaflet.js",
    "leaflet_css": f"{STATIC_URL}/leaflet/leaflet.css",
    "markerclusterjs": f"{STATIC_URL}/leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": f"{STATIC_URL}/leaflet.markercluster/MarkerCluster.css",
    # our own cluster style (neutral rings, the count in a badge a fire-unit circle cannot cover), not the
    # plugin's green / yellow / orange default, which reads as the urgency colours
    "markerclusterdefaultcss": f"{STATIC_URL}/map/clusters.css",
    # our map stylesheet: county names, no focus box on clicked shapes (MapChrome)
    "dashboard_map_css": f"{STATIC_URL}/map/map.css",
    # the hazards' markers, made in the browser from data (HazardPoints)
    "dashboard_hazards_js": f"{STATIC_URL}/map/hazards.js",
    # folium.Map lists these for awesome-marker icons and Bootstrap popups, which we do not use.
    "jquery": None,
    "bootstrap": None,
    "awesome_markers": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers_font_css": None,
    "awesome_markers_css": None,
    "awesome_rotate_css": None,
}

# Sequential reds for choropleths (light to dark), one colour per class.
CHOROPLETH_COLORS = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
NO_DATA_COLOR = "#e0e0e0"


class OfflineAssetError(RuntimeError):
    pass


def _walk(element) -> Iterable:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def make_offline(m: folium.Map) -> folium.Map:
    """Point every element's JS/CSS at the local copies under ``static/``; refuse unknown assets."""
    for element in _walk(m):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if not links:
                continue
            local = []
            for name, url in links:
                if name not in LOCAL_ASSETS:
                    raise OfflineAssetError(f"{type(element).__name__} needs {name} ({url}), which static/ does not ship")
                if LOCAL_ASSETS[name]:
                    local.append((name, LOCAL_ASSETS[name]))
            setattr(element, attr, local)
    return m


class _IconPath(MacroElement):
    """Tell Leaflet where its marker images are (streamlit-folium adds the CSS after the scripts)."""

    _template = Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = '"
        + STATIC_URL
        + "/leaflet/images/';{% endmacro %}"
    )


class _MaxZoom(MacroElement):
    """Without a tile layer a Leaflet map has no maximum zoom, and Leaflet.markercluster refuses such a map."""

    _template = Template("{% macro script(this, kwargs) %}{{ this._parent.get_name() }}.setMaxZoom(18);{% endmacro %}")


class Legend(MacroElement):
    """A small fixed legend drawn inside the map. Labels come from our own code and numbers only."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .dash-legend {position: absolute; z-index: 1000; top: 10px; right: 10px; background: rgba(255,255,255,.92);
            color: #222; padding: 6px 10px; border-radius: 4px; font: 13px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
            box-shadow: 0 1px 4px rgba(0,0,0,.3);}
          .dash-legend i {display: inline-block; width: 14px; height: 14px; margin-right: 6px; vertical-align: -2px;
            border: 1px solid #999;}
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <div class="dash-legend"><b>{{ this.title }}</b>
        {% for color, label in this.items %}<br><i style="background:{{ color }}"></i>{{ label }}{% endfor %}
        </div>
        {% endmacro %}
        """
    )

    def __init__(self, title: str, items: list[tuple[str, str]]):
        super().__init__()
        self._name = "Legend"
        self.title = title
        self.items = items


ATTRIBUTION_PREFIX = "Leaflet"  # plain text: no flag icon, no link out of an air-gapped network
# Names above the polygons (400), the hazard clusters (600) and the fire-unit circles (650): a name is never
# hidden (it takes no clicks, so what is under it can still be clicked); tooltips go above the names (690).
LABEL_PANE, LABEL_PANE_Z, TOOLTIP_PANE_Z = "countyLabels", 660, 690
SELECTION_COLOR = "#08306b"


class MapChrome(JSCSSMixin, MacroElement):
    """The map's own controls and look: a scale bar in metres only, our attribution prefix, our stylesheet
    (county names, no focus box on a clicked shape)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({{ this.scale_options|tojson }}).addTo({{ this._parent.get_name() }});"
        "{{ this._parent.get_name() }}.attributionControl.setPrefix({{ this.prefix|tojson }});"
        "{{ this._parent.get_name() }}.getPane('tooltipPane').style.zIndex = {{ this.tooltip_z }};"
        "{% endmacro %}"
    )
    default_css = [("dashboard_map_css", LOCAL_ASSETS["dashboard_map_css"])]

    def __init__(self, prefix: str | bool = ATTRIBUTION_PREFIX):
        super().__init__()
        self._name = "MapChrome"
        self.scale_options = {"metric": True, "imperial": False, "position": "bottomleft"}
        self.prefix = prefix
        self.tooltip_z = TOOLTIP_PANE_Z


class FitBounds(MacroElement):
    """Fit the map to ``bounds`` ([[south, west], [north, east]]) when it is drawn, and again whenever its
    box changes size (a frame laid out late, the sidebar folded, the wall's views), until someone pans or
    zooms: then the map stays where they put it."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (map) {
          var bounds = {{ this.bounds|tojson }}, options = {{ this.options|tojson }}, fitting = false, moved = false;
          function fit() {
            var box = map.getContainer();
            // a box not laid out yet (no size) would give Leaflet a NaN zoom: wait for the resize instead
            if (moved || box.clientWidth < 2 * options.padding[0] + 10 || box.clientHeight < 2 * options.padding[1] + 10) {
              return;
            }
            fitting = true;
            try {
              map.invalidateSize({animate: false});
              map.fitBounds(bounds, options);
            } finally {
              fitting = false;
            }
          }
          map.on('movestart', function () { if (!fitting) { moved = true; } });
          fit();
          if (window.ResizeObserver) { new ResizeObserver(function () { fit(); }).observe(map.getContainer()); }
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, bounds: list[list[float]], padding: int = 4):
        super().__init__()
        self._name = "FitBounds"
        self.bounds = [[float(v) for v in corner] for corner in bounds]
        self.options = {"padding": [padding, padding], "animate": False}


class CountyLabels(MacroElement):
    """The names of the counties at their label points and of the zones beside their circles, in a pane of
    their own above the polygons that takes no clicks (a click still selects the county under a name).
    ``labels``: [{name, lat, lon, kind: "county" | "zone"}]; names are escaped here."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (map) {
          var pane = map.createPane({{ this.pane|tojson }});
          pane.style.zIndex = {{ this.z_index }};
          pane.style.pointerEvents = 'none';
          {{ this.labels|tojson }}.forEach(function (l) {
            L.marker([l.lat, l.lon], {
              icon: L.divIcon({className: 'dash-label dash-' + l.kind + '-label', html: '<span>' + l.html + '</span>',
                               iconSize: [0, 0]}),
              pane: {{ this.pane|tojson }}, interactive: false, keyboard: false
            }).addTo(map);
          });
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, labels: list[dict]):
        super().__init__()
        self._name = "CountyLabels"
        self.pane, self.z_index = LABEL_PANE, LABEL_PANE_Z
        self.labels = [{**label, "html": html.escape(str(label["name"]))} for label in labels]


def base_map(height: int | str = "100%") -> folium.Map:
    """An empty map centred on the city, with intranet tiles only when configured; a metric scale bar and
    our attribution prefix (`MapChrome`)."""
    tile_url = str(settings.get("tile_url") or "").strip()
    m = folium.Map(
        location=list(settings.map_center()),
        zoom_start=settings.get("map_zoom"),
        tiles=None,
        control_scale=False,  # Leaflet's default bar adds miles: MapChrome draws a metric one
        prefer_canvas=False,
        zoom_snap=0.1,  # lets the fit fill the frame (within 10 %) instead of jumping a whole zoom level
        zoom_delta=0.5,
        height=height,
    )
    m.add_child(_IconPath(), index=0)
    m.add_child(_MaxZoom(), index=1)
    m.add_child(MapChrome(), index=2)
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=str(settings.get("tile_attribution") or "内网底图"), name="底图").add_to(m)
    else:
        # Without tiles the map is polygons on a plain background: make that background calm.
        m.get_root().header.add_child(Element("<style>.leaflet-container{background:#f4f6f8}</style>"))
    return m


@lru_cache(maxsize=4)
def _read_geojson(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def county_geojson(path: str | None = None) -> dict:
    """The county polygons (a fresh copy each call, so callers may annotate properties)."""
    return json.loads(_read_geojson(path or str(settings.get("geojson"))))


def geojson_bounds(geo: dict) -> list[list[float]]:
    """[[south, west], [north, east]] of every coordinate of the features: the city's box."""
    lons, lats = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            lons.append(float(coords[0]))
            lats.append(float(coords[1]))
        else:
            for part in coords:
                walk(part)

    for feature in geo["features"]:
        walk(feature["geometry"]["coordinates"])
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The outer rings of a Polygon / MultiPolygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [polygon[0] for polygon in polygons]


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def label_point(feature: dict) -> tuple[float, float]:
    """(lat, lon) where a county's name goes: the GeoJSON's ``label_point`` [lon, lat] when it has one,
    else a point inside its largest ring — the middle of the widest stretch of the ring along the
    latitude of the ring's centre (a centroid may fall outside a crescent-shaped county)."""
    point = feature.get("properties", {}).get("label_point")
    if point:
        return float(point[1]), float(point[0])
    ring = max(_rings(feature["geometry"]), key=len)
    lat = (min(y for _, y in ring) + max(y for _, y in ring)) / 2
    crossings = sorted(x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
                       for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]) if (y1 > lat) != (y2 > lat))
    spans = [(b - a, (a + b) / 2) for a, b in zip(crossings[::2], crossings[1::2])]
    lon = max(spans)[1] if spans else sum(x for x, _ in ring) / len(ring)
    return lat, lon


def add_labels(m: folium.Map, geo: dict, units: pd.DataFrame | None = None) -> CountyLabels:
    """The county names at their label points (kind "county"), and the zones' names beside their circles
    (kind "zone-left" / "zone-right": the western zone's name to the left of its circle)."""
    labels = []
    for feature in geo["features"]:
        lat, lon = label_point(feature)
        labels.append({"name": feature["properties"]["name"], "lat": lat, "lon": lon, "kind": "county"})
    if units is not None:
        zones = units[units["kind"] == "功能区"]
        middle = float(zones["lon"].mean()) if len(zones) else 0.0
        for unit in zones.itertuples():
            # beside the circle, away from the other zones (the two sit a few kilometres apart)
            side = "left" if len(zones) > 1 and float(unit.lon) < middle else "right"
            labels.append({"name": unit.name, "lat": float(unit.lat), "lon": float(unit.lon), "kind": f"zone-{side}"})
    element = CountyLabels(labels)
    m.add_child(element)
    return element


def add_selection(m: folium.Map, geo: dict, units: pd.DataFrame, name: str | None) -> list[list[float]] | None:
    """Outline the selected county (or ring the selected zone) and return the bounds to fit the map to;
    None when nothing (or a name we do not know) is selected."""
    if not name:
        return None
    feature = next((f for f in geo["features"] if f["properties"]["name"] == name), None)
    if feature is not None:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": [feature]}, name=f"所选：{name}", control=False,
            interactive=False, style_function=lambda f: {"color": SELECTION_COLOR, "weight": 4, "fill": False},
        ).add_to(m)
        return geojson_bounds({"features": [feature]})
    zone = units[units["name"] == name]
    if zone.empty:
        return None
    lat, lon = float(zone["lat"].iloc[0]), float(zone["lon"].iloc[0])
    ring = folium.CircleMarker([lat, lon], radius=17, color=SELECTION_COLOR, weight=4, fill=False)
    ring.options["interactive"] = False
    ring.add_to(m)
    return [[lat - 0.06, lon - 0.08], [lat + 0.06, lon + 0.08]]


def class_breaks(values: Iterable[float], classes: int = len(CHOROPLETH_COLORS)) -> list[float]:
    """Upper bounds of equal-width classes from 0 to the maximum (at least 1 wide).

    Counts get whole-number bounds (a legend of 0 – 12, 12 – 24 ... reads better than 11.8).
    """
    known = [float(v) for v in values if pd.notna(v)]
    top = max(known or [0.0])
    step = max(top / classes, 1.0)
    if all(v.is_integer() for v in known):
        step = float(math.ceil(step))
    return [step * (i + 1) for i in range(classes)]


def color_for(value: float | None, breaks: list[float]) -> str:
    if value is None or pd.isna(value):
        return NO_DATA_COLOR
    for color, upper in zip(CHOROPLETH_COLORS, breaks):
        if value <= upper:
            return color
    return CHOROPLETH_COLORS[-1]


def _format_value(value: float | None, unit: str) -> str:
    if value is None or pd.isna(value):
        return "无数据"
    return f"{value:g}{unit}"


def add_county_layer(
    m: folium.Map,
    values: pd.DataFrame,
    measure_label: str,
    *,
    value_unit: str = "",
    geojson: dict | None = None,
    zoom_on_click: bool = False,
) -> folium.GeoJson:
    """County polygons coloured by ``values`` (columns unit_code, unit, value), with a legend.

    The two zones (功能区) have no polygon; `add_zone_points` draws them.
    """
    geo = geojson or county_geojson()
    by_code = {row.unit_code: row for row in values.itertuples()}
    breaks = class_breaks(values["value"])
    for feature in geo["features"]:
        props = feature["properties"]
        row = by_code.get(props["adcode"])
        value = None if row is None else row.value
        props["value"] = None if value is None or pd.isna(value) else float(value)
        props["value_text"] = _format_value(value, value_unit)
        props["fill"] = color_for(value, breaks)
    layer = folium.GeoJson(
        geo,
        name=f"县区：{measure_label}",
        zoom_on_click=zoom_on_click,  # at once; where a click selects, the rerun outlines it (add_selection)
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"], "color": "#555", "weight": 1.2, "fillOpacity": 0.75,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#1f4e79"},
        tooltip=folium.GeoJsonTooltip(fields=["name", "value_text"], aliases=["县区", measure_label]),
    )
    layer.add_to(m)
    lower = 0.0
    items = []
    for color, upper in zip(CHOROPLETH_COLORS, breaks):
        items.append((color, f"{lower:g} – {upper:g}{value_unit}"))
        lower = upper
    if not values["value"].notna().any():  # nothing measured: no scale of classes over nothing
        items = [(NO_DATA_COLOR, "暂无数据")]
    Legend(measure_label, items).add_to(m)
    return layer


def add_zone_points(m: folium.Map, values: pd.DataFrame, units: pd.DataFrame, measure_label: str,
                    *, value_unit: str = "") -> folium.FeatureGroup:
    """The zones (高新区, 恒口示范区) as circles at their seats, coloured on the polygons' scale."""
    breaks = class_breaks(values["value"])
    by_code = {row.unit_code: row.value for row in values.itertuples()}
    group = folium.FeatureGroup(name="功能区")
    for unit in units[units["kind"] == "功能区"].itertuples():
        value = by_code.get(unit.code)
        folium.CircleMarker(
            location=[unit.lat, unit.lon],
            radius=11,
            color="#333",
            weight=1.5,
            fill=True,
            fill_color=color_for(value, breaks),
            fill_opacity=0.9,
            tooltip=f"{unit.name}（功能区） {measure_label}：{_format_value(value, value_unit)}",
        ).add_to(group)
    group.add_to(m)
    return group


def county_map(values: pd.DataFrame, units: pd.DataFrame, measure_label: str, *, value_unit: str = "",
               height: int | str = "100%") -> folium.Map:
    """The county choropleth: polygons with their names plus the zones as points, the city fitted, offline."""
    m = base_map(height=height)
    geo = county_geojson()
    add_county_layer(m, values, measure_label, value_unit=value_unit, geojson=geo)
    add_zone_points(m, values, units, measure_label, value_unit=value_unit)
    add_labels(m, geo, units)
    m.add_child(FitBounds(geojson_bounds(geo)))
    return make_offline(m)


def asset_links(m: folium.Map) -> list[str]:
    """Every JS/CSS URL the map will load (what streamlit-folium collects), for checks and tests."""
    links = []
    for element in _walk(m):
        links += [url for _, url in getattr(element, "default_js", []) or []]
        links += [url for _, url in getattr(element, "default_css", []) or []]
    return links


# -- the situation map (一张图): measures, fire-hazard units, clustered hazards, layer control -------------
# measure key -> (label, unit, column of hazards.by_unit)
MEASURES: dict[str, tuple[str, str, str]] = {
    "open": ("未销号隐患", "条", "open"),
    "overdue": ("逾期未整改", "条", "overdue"),
    "major": ("未销号重大隐患", "条", "open_major"),
    "rate": ("隐患整改率", "%", "rate"),
}
FIRE_UNIT_LAYER = "重大火灾隐患单位"
HAZARD_LAYER = "隐患点位（聚合）"
ZONE_LAYER = "功能区"
FIRE_UNIT_PANE = "fireUnits"


def measure_values(by_unit: pd.DataFrame, measure: str) -> pd.DataFrame:
    """unit_code, unit, value of one measure from a per-unit frame (hazards.by_unit)."""
    column = MEASURES[measure][2]
    return pd.DataFrame({"unit_code": by_unit["unit_code"], "unit": by_unit["unit"], "value": by_unit[column]})


def _popup_html(rows: list[tuple[str, object]], title: str) -> str:
    """A small table for a popup; every value is escaped (names and phones are typed by users)."""
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:8px;white-space:nowrap'>{html.escape(label)}</th>"
        f"<td>{html.escape('' if value is None else str(value))}</td></tr>"
        for label, value in rows
    )
    return f"<div style='font-size:13px;min-width:220px'><b>{html.escape(title)}</b><table>{body}</table></div>"


class HtmlPopup(MacroElement):
    """A popup bound to its parent marker from a JSON string: folium.Popup builds its HTML with jQuery,
    which we do not ship (the script would stop at ``$ is not defined`` and leave the map blank)."""

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }}, "
        "{maxWidth: {{ this.max_width }}});{% endmacro %}"
    )

    def __init__(self, html_text: str, max_width: int = 320):
        super().__init__()
        self._name = "HtmlPopup"
        self.html = html_text
        self.max_width = int(max_width)


def add_fire_units(m: folium.Map, board: pd.DataFrame) -> folium.FeatureGroup:
    """The major fire-hazard units as circles in their urgency colour, with a popup of who and how late."""
    from dashboard import clock  # clock reads settings; imported here to keep the map module light

    group = folium.FeatureGroup(name=FIRE_UNIT_LAYER)
    # Above the clustered hazard icons (marker pane, z-index 600): the 14 must never hide under a cluster.
    folium.map.CustomPane(FIRE_UNIT_PANE, z_index=650, pointer_events=True).add_to(m)
    for row in board.itertuples():
        if pd.isna(row.lat) or pd.isna(row.lon):
            continue
        color = clock.URGENCY_COLORS.get(row.urgency, "#666")
        listing = "否" if not row.listed else f"{row.listing_level}（{'' if pd.isna(row.listing_doc) else row.listing_doc}）"
        popup = _popup_html([
            ("县区", row.unit), ("倒计时", row.countdown), ("整改期限", clock.format_date(pd.Timestamp(row.deadline))),
            ("挂牌督办", listing), ("整改进度", f"{int(row.progress)}%"), ("状态", row.status),
            ("责任单位", row.resp_unit), ("责任人", f"{row.resp_person} {'' if pd.isna(row.resp_phone) else row.resp_phone}"),
        ], row.name)
        marker = folium.CircleMarker(
            location=[row.lat, row.lon],
            radius=10 if row.listed else 8,
            color="#7f0000" if row.listed else "#222",
            weight=3 if row.listed else 1.5,
            fill=True,
            fill_color=color,
            fill_opacity=0.95,
            tooltip=html.escape(f"{row.name}：{row.countdown}"),
        )
        marker.options["pane"] = FIRE_UNIT_PANE  # folium's path options drop an unknown 'pane' keyword
        marker.add_child(HtmlPopup(popup)).add_to(group)
    group.add_to(m)
    return group


class _Text(Element):
    """Text that is already rendered: added to the figure as is. branca adds what an element's script macro
    produced as ``Element(text)``, which compiles that text as a Jinja2 template — half a second for a few
    megabytes of points, for nothing."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


def _script_json(value) -> str:
    """JSON to write inside a <script>: compact, Chinese as is (not \\u-escaped: half the bytes), and no
    character that could end the script or open markup (<, >, &) or end a line in old JavaScript."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


# A hazard's popup: its enterprise as the title over these rows (label, column of hazards.hazard_points).
HAZARD_POPUP_FIELDS: tuple[tuple[str, str], ...] = (
    ("编号", "id"), ("县区", "unit"), ("等级", "level"), ("状态", "status"), ("整改期限", "deadline"),
)


def _texts(column: pd.Series) -> list[str]:
    return column.astype("string").fillna("").tolist()


def _field(label: str, texts: list[str]) -> dict:
    """One popup row's values: as a list, or, when few values repeat over many points (county, level,
    status, deadline), as the distinct names and an index per point."""
    names = list(dict.fromkeys(texts))
    if len(names) * 2 >= len(texts):
        return {"label": label, "values": texts}
    index = {name: i for i, name in enumerate(names)}
    return {"label": label, "names": names, "codes": [index[t] for t in texts]}


def hazard_payload(points: pd.DataFrame) -> dict:
    """The hazards with coordinates as one column-wise object for static/map/hazards.js: lat, lon (to
    1e-6 degree, a tenth of a metre), title (the enterprise: tooltip and popup title) and the popup's
    fields (`HAZARD_POPUP_FIELDS`). Values are plain text; the browser sets them as text, never as HTML."""
    points = points[points["lat"].notna() & points["lon"].notna()]
    columns = {column: _texts(points[column]) for column in ("id", "unit", "level", "status")}
    columns["deadline"] = _texts(pd.to_datetime(points["deadline"]).dt.strftime("%Y-%m-%d"))
    return {
        "lat": points["lat"].astype(float).round(6).tolist(),
        "lon": points["lon"].astype(float).round(6).tolist(),
        "title": _texts(points["enterprise"]),
        "fields": [_field(label, columns[column]) for label, column in HAZARD_POPUP_FIELDS],
    }


class _ScriptAsIs(MacroElement):
    """An element whose script macro's output joins the figure as is (`_Text`), not compiled again."""

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_Text(script), name=self.get_name())


class HazardPoints(JSCSSMixin, _ScriptAsIs):
    """The hazards as data, not code: one compact array (`hazard_payload`) handed to static/map/hazards.js,
    which makes the markers in the browser, adds them to the parent MarkerCluster at once and builds a
    tooltip or popup only when it is shown (from the point's fields, as text). A few hundred kilobytes for
    3,000 points, where a marker, a tooltip and a popup of HTML per point took 3.8 MB."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "window.dashHazards.add({{ this._parent.get_name() }}, {{ this.payload_json }});"
        "{% endmacro %}"
    )
    default_js = [("dashboard_hazards_js", LOCAL_ASSETS["dashboard_hazards_js"])]

    def __init__(self, points: pd.DataFrame):
        super().__init__()
        self._name = "HazardPoints"
        self.payload = hazard_payload(points)
        self.payload_json = _script_json(self.payload)


def add_hazard_clusters(m: folium.Map, points: pd.DataFrame) -> MarkerCluster:
    """Hazards with coordinates (id, enterprise, unit, level, status, deadline, lat, lon), clustered in the
    browser (`HazardPoints`)."""
    cluster = MarkerCluster(name=HAZARD_LAYER, options={"showCoverageOnHover": False, "maxClusterRadius": 50})
    cluster.add_child(HazardPoints(points))
    cluster.add_to(m)
    return cluster


def situation_map(by_unit: pd.DataFrame, units: pd.DataFrame, measure: str, board: pd.DataFrame,
                  hazard_points: pd.DataFrame, *, height: int | str = "100%",
                  collapsed_layers: bool = False, selected: str | None = None,
                  zoom_on_click: bool = False, measured: bool = True) -> folium.Map:
    """一张图: counties coloured by ``measure`` with a legend and their names, zones as points, the fire-hazard
    units by urgency, hazards clustered, and a layer control; fitted to the city, or to the ``selected``
    county (outlined); offline. ``measured`` False (no hazard loaded yet): every county 无数据, not a 0."""
    label, unit, _ = MEASURES[measure]
    values = measure_values(by_unit, measure)
    if not measured:
        values = values.assign(value=None)
    m = base_map(height=height)
    geo = county_geojson()
    add_county_layer(m, values, label, value_unit=unit, geojson=geo, zoom_on_click=zoom_on_click)
    add_zone_points(m, values, units, label, value_unit=unit)
    focus = add_selection(m, geo, units, selected)
    add_labels(m, geo, units)
    m.add_child(FitBounds(focus or geojson_bounds(geo), padding=24 if focus else 4))
    add_hazard_clusters(m, hazard_points)
    add_fire_units(m, board)
    # bottom right: the legend holds the top right; a small map (the overview's) folds the list into an icon
    folium.LayerControl(position="bottomright", collapsed=collapsed_layers).add_to(m)
    return make_offline(m)


def clicked_county(value: dict | None) -> str | None:
    """The county name from st_folium's ``last_active_drawing`` (a polygon's GeoJSON feature), if any."""
    if not isinstance(value, dict):
        return None
    drawing = value.get("last_active_drawing")
    if not isinstance(drawing, dict):
        return None
    name = (drawing.get("properties") or {}).get("name")
    return name if isinstance(name, str) and name else None
