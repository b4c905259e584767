"""The wall's canvas rules as tables of cases: the scale to the screen, the sizes read across the room, lists that
page themselves within one dwell, the duty board's days to come, the colours' contrast, and each view's layout
inside the canvas (the map over 40% of the overview)."""

from __future__ import annotations

import math

import pytest

from dashboard import clock, kiosk
from dashboard.kiosk import Paging
from dashboard.ui import wall
from dashboard.ui.wall import canvas


@pytest.mark.parametrize("width, height, scale", [
    (1920, 1080, 1.0),
    (3840, 2160, 2.0),
    (2560, 1440, 4 / 3),
    (1366, 768, 768 / 1080),   # 1366×768 is not quite 16:9: the height decides
    (1280, 720, 2 / 3),
    (2560, 1080, 1.0),   # ultra-wide: the height decides, the canvas is letterboxed
    (1920, 1200, 1.0),   # 16:10: the width decides
    (1024, 768, 1024 / 1920),
])
def test_scale(width, height, scale):
    assert kiosk.scale(width, height) == pytest.approx(scale)


@pytest.mark.parametrize("name", list(kiosk.SIZES))
@pytest.mark.parametrize("width, height", [(1920, 1080), (3840, 2160)])
def test_every_size_reads_across_the_room_at_any_16_9_size(name, width, height):
    """At 1920×1080 each size is at least the issue's minimum; at 3840×2160 it is exactly twice as large."""
    drawn = kiosk.screen_px(kiosk.SIZES[name], width, height)
    assert drawn >= kiosk.MINIMUM_PX[name] * kiosk.scale(width, height)
    assert drawn == pytest.approx(kiosk.SIZES[name] * width / 1920)


@pytest.mark.parametrize("name, at_least", [("kpi", 72), ("text", 22), ("label", 22), ("chart", 18)])
def test_the_issue_minimums(name, at_least):
    assert kiosk.MINIMUM_PX[name] == at_least and kiosk.SIZES[name] >= at_least


@pytest.mark.parametrize("rows, capacity, dwell, expected", [
    (14, 11, 30, Paging(14, 2, 7, 15.0)),    # balanced: 7 + 7, not 11 + 3
    (14, 14, 30, Paging(14, 1, 14, 30.0)),   # fits: one page, the whole dwell
    (12, 20, 30, Paging(12, 1, 12, 30.0)),
    (14, 4, 60, Paging(14, 4, 4, 15.0)),     # 4 + 4 + 4 + 2
    (4, 2, 30, Paging(4, 2, 2, 15.0)),
    (5, 2, 30, Paging(5, 3, 2, 10.0)),
    (0, 5, 30, Paging(0, 1, 5, 30.0)),       # nothing to list: one (empty) page
    (3, 0, 30, Paging(3, 3, 1, 10.0)),       # no room at all still shows a row at a time
])
def test_paging(rows, capacity, dwell, expected):
    assert kiosk.paging(rows, capacity, dwell) == expected


PAGER = kiosk.paging(14, 11, 30)  # 2 pages of 7, 15 s each


@pytest.mark.parametrize("elapsed, page, rows, flip", [
    (0, 0, range(0, 7), 15),
    (14.9, 0, range(0, 7), 0.1),
    (15, 1, range(7, 14), 15),     # the boundary belongs to the next page
    (29.99, 1, range(7, 14), 0.01),
    (30, 0, range(0, 7), 15),      # a view left on air (the only one) starts its pages again
    (-2, 0, range(0, 7), 15),      # a clock a little behind: the first page
])
def test_which_rows_are_on_screen_when(elapsed, page, rows, flip):
    assert kiosk.page_at(PAGER, elapsed) == page
    assert kiosk.page_rows(PAGER, page) == rows
    assert kiosk.seconds_to_flip(PAGER, elapsed) == pytest.approx(flip)


@pytest.mark.parametrize("rows, capacity, dwell", [(14, 11, 30), (14, 4, 60), (5, 2, 7), (13, 3, 10), (1, 1, 5)])
def test_every_row_is_shown_within_one_dwell(rows, capacity, dwell):
    pager = kiosk.paging(rows, capacity, dwell)
    seen = set()
    t = 0.0
    while t < dwell:
        page = kiosk.page_at(pager, t)
        assert len(kiosk.page_rows(pager, page)) <= capacity
        seen |= set(kiosk.page_rows(pager, page))
        t += min(kiosk.seconds_to_flip(pager, t), dwell)
    assert seen == set(range(rows))


def test_a_single_page_never_flips():
    assert kiosk.seconds_to_flip(kiosk.paging(12, 12, 30), 7) == math.inf


@pytest.mark.parametrize("width, past, future, widths", [
    (1200, 3, 1, (170, (1200 - 170 - 92) / 3, 92)),   # May Day on day 3: the rest in one narrow column
    (1200, 5, 0, (170, (1200 - 170) / 5, 0)),         # the last day: no column for days to come
    (1200, 1, 1, (170, 1200 - 170 - 92, 92)),
    (300, 1, 1, (170, 300 - 170 - 60, 60)),           # a narrow board: at most 20% for the days to come
])
def test_board_widths(width, past, future, widths):
    got = kiosk.board_widths(width, past, future)
    assert got == pytest.approx(widths)
    assert got[2] * future <= kiosk.FUTURE_SHARE * width + 1e-9


@pytest.mark.parametrize("foreground, background, ratio", [
    ("#ffffff", "#000000", 21.0), ("#000000", "#000000", 1.0), ("#777777", "#ffffff", 4.48),
])
def test_contrast_ratio(foreground, background, ratio):
    assert kiosk.contrast_ratio(foreground, background) == pytest.approx(ratio, abs=0.01)


PAIRS = ([(canvas.STATE_TEXT[s], bg) for s in canvas.STATE_TEXT for bg in (canvas.PANEL, canvas.BG)]
         + [(canvas.TEXT, canvas.PANEL), (canvas.MUTED, canvas.PANEL), (canvas.MUTED, canvas.BG),
            ("#ffffff", canvas.NEW_BG), (canvas.NEW_BG, "#ffffff"), ("#ffffff", canvas.ON_AIR_BG)]
         + [(canvas.DARK_TEXT, color) for color in __import__("dashboard").duty.CELL_COLORS.values()])


@pytest.mark.parametrize("foreground, background", PAIRS)
def test_every_text_colour_of_the_wall_reads(foreground, background):
    assert kiosk.contrast_ratio(foreground, background) >= 4.5


def test_the_state_colours_are_the_colour_language():
    assert set(canvas.STATE_TEXT) == set(clock.URGENCY_COLORS)


def _boxes(module):
    return [value for name, value in vars(module).items() if isinstance(value, canvas.Box) and name.isupper()]


@pytest.mark.parametrize("view", list(wall.COMPOSITIONS))
def test_every_region_is_inside_the_body(view):
    for box in _boxes(wall.COMPOSITIONS[view]):
        assert box.x >= 0 and box.y >= 0, box
        assert box.x + box.w <= canvas.BODY_W + 0.5 and box.y + box.h <= canvas.BODY_H + 0.5, box


@pytest.mark.parametrize("view", ["overview", "map"])
def test_the_map_takes_at_least_40_percent_of_the_canvas(view):
    box = wall.COMPOSITIONS[view].MAP_BOX
    assert box.w * box.h / (kiosk.CANVAS_W * kiosk.CANVAS_H) >= 0.40


def test_every_view_has_a_composition():
    assert set(wall.COMPOSITIONS) == set(kiosk.VIEWS)


def test_a_chart_frame_keeps_store_text_inside_its_script():
    """A name from the store is data in the frame's JSON, never markup: it cannot close the script."""
    import plotly.graph_objects as go

    from dashboard.ui.wall import charts

    hostile = '</script><script>alert("x")</script><b>&amp;'
    html = charts.page(go.Figure(go.Bar(x=[1], y=[hostile]), layout=dict(width=300, height=200)))
    assert html.count("</script>") == 2  # the plotly.js tag and our own
    assert "<b>" not in html and "alert" in html and "\\u003cscript\\u003e" in html
