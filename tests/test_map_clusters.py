"""Hazard clusters on the maps in a neutral colour, their counts never hidden by a fire-unit circle
(issue 12 item 5): the cluster stylesheet is our own, served from static/, instead of the plugin's green /
yellow / orange default that reads as the urgency colours. (What a browser sees: tests/browser.)"""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pandas as pd

from dashboard import clock, maps
from dashboard.units import read_units_csv

ROOT = Path(__file__).resolve().parents[1]
CSS = ROOT / "static" / "map" / "clusters.css"


def _situation_map():
    units = read_units_csv()
    by_unit = pd.DataFrame({"unit_code": units["code"], "unit": units["name"], "open": 1, "overdue": 0,
                            "open_major": 0, "rate": 50.0})
    board = pd.DataFrame(columns=["name", "lat", "lon", "urgency", "listed", "listing_level", "listing_doc", "unit",
                                  "countdown", "deadline", "progress", "status", "resp_unit", "resp_person", "resp_phone"])
    points = pd.DataFrame({"id": ["YH1"], "enterprise": ["某公司"], "unit": ["汉滨区"], "level": ["一般隐患"],
                           "status": ["整改中"], "deadline": [pd.Timestamp("2021-05-10")], "lat": [32.7], "lon": [109.0]})
    return maps.situation_map(by_unit, units, "open", board, points)


def test_the_map_loads_our_cluster_style_not_the_plugins_default():
    links = maps.asset_links(_situation_map())
    assert maps.LOCAL_ASSETS["markerclusterdefaultcss"] == "/app/static/map/clusters.css" in links
    assert not any("MarkerCluster.Default" in url for url in links)
    assert CSS.is_file()  # served by Streamlit's static serving at /app/static/map/clusters.css


def _colours(text: str) -> list[tuple[float, float, float]]:
    found = [tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)) for h in re.findall(r"#([0-9a-fA-F]{6})\b", text)]
    found += [tuple(int(v) / 255 for v in m) for m in re.findall(r"rgba?\((\d+),\s*(\d+),\s*(\d+)", text)]
    return found


def test_cluster_colours_are_a_neutral_blue_grey_scale():
    colours = _colours(CSS.read_text(encoding="utf-8"))
    assert len(colours) >= 6
    urgency = {tuple(int(c.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)) for c in clock.URGENCY_COLORS.values()}
    for rgb in colours:
        assert rgb not in urgency
        hue, light, sat = colorsys.rgb_to_hls(*rgb)
        assert rgb == (1.0, 1.0, 1.0) or (190 <= hue * 360 <= 230 and sat < 0.5), f"{rgb} is not a blue-grey"


def test_the_count_sits_outside_the_ring_centre_where_a_fire_unit_circle_lies():
    css = CSS.read_text(encoding="utf-8")
    badge = re.search(r"\.marker-cluster div \{(.*?)\}", css, re.S).group(1)
    left, top = (int(re.search(rf"{side}:\s*(-?\d+)px", badge).group(1)) for side in ("left", "top"))
    height = int(re.search(r"height:\s*(\d+)px", badge).group(1))
    # the 40 px cluster icon's centre is (20, 20); the largest fire-unit circle (radius 10, border 3) reaches 13 px
    nearest = (max(left - 20, 0) ** 2 + max(20 - (top + height), 0) ** 2) ** 0.5
    assert nearest > 13
