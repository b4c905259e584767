"""The one colour language (issue 12 item 5): red means overdue or missing, so the theme's primary colour
(buttons such as 一键零报告 and 报送, selected segments, progress bars) is a neutral blue, and a progress bar
is never red, not at 95–100% nor at 已完成."""

from __future__ import annotations

import colorsys
import json
import tomllib
from pathlib import Path

import pytest

import apptest
from apptest import open_page
from dashboard import clock, plotting, ui

app_db = apptest.app_db
CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def _hue(hex_color: str) -> float:
    r, g, b = (int(hex_color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def test_the_primary_colour_is_a_neutral_blue_in_every_theme():
    theme = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["theme"]
    primaries = [theme["primaryColor"], theme["light"]["primaryColor"], theme["dark"]["primaryColor"]]
    assert theme["primaryColor"] == theme["light"]["primaryColor"] == plotting.BLUE
    for color in primaries:
        assert color.lower() not in {c.lower() for c in clock.URGENCY_COLORS.values()}
        assert 190 <= _hue(color) <= 230, f"{color} is not a blue"


def test_the_title_sits_near_the_top():
    assert tomllib.loads(CONFIG.read_text(encoding="utf-8"))["theme"]["paddingTop"] == "1rem"


def _progress_columns(at) -> list[tuple[str, dict]]:
    found = []
    for frame in at.dataframe:
        for name, config in json.loads(frame.proto.columns or "{}").items():
            if (config.get("type_config") or {}).get("type") == "progress":
                found.append((name, config["type_config"]))
    return found


@pytest.mark.parametrize(("page", "columns"), [
    ("app_pages/fire_units.py", {"整改进度"}),
    ("app_pages/tasks.py", {"完成进度"}),
    ("app_pages/groups.py", {"移交县区", "移交市安委办"}),
])
def test_progress_bars_are_neutral_at_every_value(app_db, page, columns):
    at = open_page(page)
    found = _progress_columns(at)
    assert {name for name, _ in found} == columns
    assert all(config["color"] == ui.PROGRESS_COLOR == plotting.BLUE for _, config in found)
    assert ui.PROGRESS_COLOR not in clock.URGENCY_COLORS.values()
