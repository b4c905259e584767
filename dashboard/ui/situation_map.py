"""The situation map (一张图) as a reusable Streamlit component: used by the 一张图 page and the overview.

Drawn once per data: what the map component is sent (its script, header, stylesheets and scripts) is built the
first time a store generation, a day, a scope and the map's own arguments are seen, and kept (`_rendered`); a
rerun that changed nothing builds nothing and sends the same message again, which Streamlit then sends as a
reference to the copy the browser already holds. The hazards travel as data (`maps.HazardPoints`).

`st_folium` would render the map twice on every call and turn it into its script once more; `component_args`
does what it does, once, and `situation_map` hands the kept result to streamlit-folium's own component (its
frontend: the same iframe, the same returned values, the same key, so the map is not remounted when only
the store generation moved).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import folium
import streamlit as st
import streamlit_folium

from dashboard import contents, fire_units, hazards, maps, settings
from dashboard import units as unit_names
from dashboard.ui import cached, kit, store

__all__ = ["MapArgs", "component_args", "situation_map"]


@dataclass(frozen=True)
class MapArgs:
    """What streamlit-folium's component is sent for one map (st_folium's arguments, computed once)."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    defaults: dict
    hash_key: str


def component_args(m: folium.Map, key: str | None, return_on_hover: bool = False) -> MapArgs:
    """What ``st_folium(m, key=key)`` sends (streamlit-folium 0.27's preparation, tests/test_map_cache.py
    holds it equal), rendering the map once instead of twice. ``m`` is spent: its elements are renamed."""
    sf = streamlit_folium
    m.get_root().render()  # the figure's header and html (styles, the legend) as st_folium renders them
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    map_id = sf.get_full_id(m)
    try:
        southwest, northeast = m.get_bounds()
    except AttributeError:
        southwest, northeast = [None, None], [None, None]
    defaults = {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {"_southWest": {"lat": southwest[0], "lng": southwest[1]},
                   "_northEast": {"lat": northeast[0], "lng": northeast[1]}},
        "zoom": m.options.get("zoom"), "last_circle_radius": None, "last_circle_polygon": None,
        "selected_layers": None, "selected_tags": None, "last_geocoder_result": None,
    }
    css, js = [], []
    for element in maps._walk(m):
        css += [href for _, href in getattr(element, "default_css", []) or []]
        js += [src for _, src in getattr(element, "default_js", []) or []]
    return MapArgs(script=script, header=header, html=html, map_id=map_id, css_links=tuple(dict.fromkeys(css)),
                   js_links=tuple(dict.fromkeys(js)), defaults=defaults,
                   hash_key=sf.generate_js_hash(script, key, return_on_hover))


@st.cache_resource(show_spinner=False, max_entries=48)
def _render(path: str, generation: int, today: date, scope: tuple[str, ...], measure: str, collapsed_layers: bool,
            selected: str | None, zoom_on_click: bool, key: str, settings_values: dict, measured: bool) -> MapArgs:
    # path, generation and the settings only key the cache: the reads below are keyed on them too
    m = maps.situation_map(
        cached(hazards.by_unit)(today, scope),
        cached(unit_names.all_units)(),
        measure,
        cached(fire_units.board)(today, scope),
        cached(hazards.hazard_points)(today, scope),
        collapsed_layers=collapsed_layers,
        selected=selected,
        zoom_on_click=zoom_on_click,
        measured=measured,
    )
    return component_args(m, key)


def rendered(today: date, scope: tuple[str, ...], *, key: str, measure: str = "open", collapsed_layers: bool = False,
             selected: str | None = None, zoom_on_click: bool = False) -> MapArgs:
    """The map's component arguments for the store as it is now (built once per generation and arguments)."""
    current = store()
    return _render(str(current.path), current.generation, today, tuple(scope), measure, bool(collapsed_layers),
                   selected, bool(zoom_on_click), key, settings.snapshot().values,
                   kit.loaded().has(contents.HAZARDS))  # no hazard at all: the counties 无数据, not 0


def situation_map(today: date, scope: tuple[str, ...], *, key: str, measure: str = "open", height: int = 520,
                  on_county: Callable[[str], None] | None = None, collapsed_layers: bool = False,
                  selected: str | None = None) -> None:
    """Draw the map, fitted to the city. With ``on_county`` a click on a county polygon zooms to it and calls
    ``on_county`` with its name (in a callback, before the next run); only that click reruns the page, never
    a pan or a zoom. ``selected`` (the page's chosen county) is outlined and the map fitted to it, whatever
    the measure."""
    args = rendered(today, scope, key=key, measure=measure, collapsed_layers=collapsed_layers, selected=selected,
                    zoom_on_click=on_county is not None)
    returned = ["last_active_drawing"] if on_county else []

    def _changed() -> None:  # what st_folium's own callback does, then ours
        st.session_state[key] = st.session_state.get(args.hash_key, {})
        name = maps.clicked_county(st.session_state.get(key))
        if name and on_county is not None:
            on_county(name)

    streamlit_folium._component_func(
        script=args.script, header=args.header, html=args.html, id=args.map_id, key=args.hash_key, height=height,
        width=None, returned_objects=returned, default={k: v for k, v in args.defaults.items() if k in returned},
        zoom=None, center=None, feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(args.css_links), js_links=list(args.js_links), on_change=_changed, wrap_longitude=False,
    )
