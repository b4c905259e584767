"""The situation map (一张图) as a reusable Streamlit component: used by the 一张图 page and the overview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from dashboard import fire_units, hazards, maps
from dashboard import units as unit_names
from dashboard.ui import cached


def situation_map(today: date, scope: tuple[str, ...], *, key: str, measure: str = "open", height: int = 520,
                  on_county: Callable[[str], None] | None = None, collapsed_layers: bool = False,
                  selected: str | None = None) -> None:
    """Draw the map, fitted to the city. With ``on_county`` a click on a county polygon zooms to it and calls
    ``on_county`` with its name (in a callback, before the next run); only that click reruns the page, never
    a pan or a zoom. ``selected`` (the page's chosen county) is outlined and the map fitted to it, whatever
    the measure."""
    m = maps.situation_map(
        cached(hazards.by_unit)(today, scope),
        cached(unit_names.all_units)(),
        measure,
        cached(fire_units.board)(today, scope),
        cached(hazards.hazard_points)(today, scope),
        collapsed_layers=collapsed_layers,
        selected=selected,
        zoom_on_click=on_county is not None,
    )

    def _clicked() -> None:
        name = maps.clicked_county(st.session_state.get(key))
        if name and on_county is not None:
            on_county(name)

    st_folium(
        m, key=key, height=height, use_container_width=True,
        returned_objects=["last_active_drawing"] if on_county else [],
        on_change=_clicked if on_county else None,
    )
