"""KPI tiles (dashboard/ui/tiles.py): the state rules as tables of cases, the thresholds from the settings,
and the stylesheet that colours a tile by its state (issue 12 item 5)."""

from __future__ import annotations

import pytest

from dashboard import clock
from dashboard.ui import style, tiles

R, O, Y, G = clock.RED, clock.ORANGE, clock.YELLOW, clock.GREEN


@pytest.mark.parametrize(("count", "red_from", "state"), [
    (None, 1, None), (0, 1, G), (1, 1, R), (39, 1, R),
    (0, 5, G), (1, 5, O), (4, 5, O), (5, 5, R), (6, 5, R),
    (-1, 1, G),  # nothing late
    (3, 0, R),   # a threshold below 1 counts as 1: one overdue item is never green
])
def test_count_state(count, red_from, state):
    assert tiles.count_state(count, red_from) == state


def test_overdue_and_missing_follow_their_settings(monkeypatch):
    assert (tiles.overdue_state(1), tiles.missing_state(1)) == (R, R)  # defaults: 1
    monkeypatch.setenv("DASHBOARD_TILE_RED_OVERDUE", "5")
    monkeypatch.setenv("DASHBOARD_TILE_RED_MISSING", "3")
    assert [tiles.overdue_state(n) for n in (0, 4, 5)] == [G, O, R]
    assert [tiles.missing_state(n) for n in (0, 2, 3)] == [G, O, R]
    assert tiles.overdue_state(4, red_from=2) == R  # an explicit threshold wins


@pytest.mark.parametrize(("missing", "pending", "in_period", "state"), [
    (0, 0, True, G),     # every unit reported
    (0, 4, True, O),     # before the cut-off: due today
    (4, 0, True, R),     # past the cut-off
    (1, 3, True, R),     # missing wins over pending
    (0, 12, False, None),  # outside a duty period (or a day to come) nothing is expected
])
def test_reports_state(missing, pending, in_period, state):
    assert tiles.reports_state(missing, pending, in_period=in_period) == state


@pytest.mark.parametrize(("days", "state"), [(None, None), (-1, R), (0, O), (7, O), (8, Y), (30, Y), (31, G)])
def test_deadline_state_is_the_countdown_band(days, state):
    assert tiles.deadline_state(days) == state == clock.urgency(days)


@pytest.mark.parametrize(("share", "minimum", "state"), [
    (None, 90, None), (float("nan"), 90, None), (89.9, 90, R), (90.0, 90, G), (96.2, 90, G), (0.0, 0, G),
])
def test_share_state_below_the_rule_is_red(share, minimum, state):
    assert tiles.share_state(share, minimum) == state


@pytest.mark.parametrize(("count", "state"), [(None, None), (0, G), (1, R), (4, R)])
def test_flagged_state(count, state):
    assert tiles.flagged_state(count) == state


@pytest.mark.parametrize(("deaths", "state"), [(None, None), (0, None), (1, R), (2, R)])
def test_any_death_is_red(deaths, state):
    assert tiles.deaths_state(deaths) == state


def test_tile_key_names_the_state_and_refuses_an_unknown_one():
    assert tiles.tile_key("逾期未整改", R) == "kpi-red-逾期未整改"
    assert tiles.tile_key("死亡 / 受伤", None) == "kpi-plain-死亡---受伤"
    with pytest.raises(ValueError):
        tiles.tile_key("x", "crimson")


def test_the_stylesheet_colours_each_state_in_the_urgency_colours():
    css = style.css()
    for state in tiles.STATES:
        assert f'[class*="st-key-kpi-{state}-"] [data-testid="stMetricValue"] {{ color: {style.URGENCY_TEXT[state]}; }}' in css
        assert f"border-left: 0.4rem solid {clock.URGENCY_COLORS[state]}" in css
    assert "kpi-plain" not in css  # a plain figure keeps the theme's colours
    assert style.URGENCY_TEXT[Y] != clock.URGENCY_COLORS[Y]  # yellow darkened to read as text


def test_tile_values_are_never_cut_and_columns_stack_on_a_narrow_window():
    css = style.css()
    assert "text-overflow: clip" in css and "min-width: min-content" in css
    assert f"@media (max-width: {style.NARROW_PX}px)" in css
