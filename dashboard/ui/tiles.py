"""KPI tiles: ``kpi`` draws every tile on every page, ``kpi_row`` holds them in a row that wraps.

A tile may carry a state in the one colour language (``clock.RED`` overdue or missing, ``clock.ORANGE`` due
soon or some but fewer than the red threshold, ``clock.YELLOW``, ``clock.GREEN`` none / fine; ``None`` is a
plain figure such as a total). The state functions below are the rules, each with its threshold from the
settings (``tile_red_overdue``, ``tile_red_missing``) or from the rule the figure belongs to (the urgency
bands, the 约谈 handover share). The colour itself is drawn by CSS (``dashboard/ui/style.py``) from the
tile's key ``kpi-<state>-<label>``, so the figure stays the plain value (AppTest reads it as shown).

A row wraps instead of squeezing: each tile is at least as wide as its value (a number is never cut to
"1.") and about 9.5rem, and a narrow window puts the rest on the next line.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from dashboard import clock, settings

__all__ = ["STATES", "kpi", "kpi_row", "count_state", "overdue_state", "missing_state", "reports_state",
           "deadline_state", "share_state", "flagged_state", "deaths_state", "KEY_PREFIX"]

STATES = (clock.RED, clock.ORANGE, clock.YELLOW, clock.GREEN)
KEY_PREFIX = "kpi-"


def count_state(count: int | None, red_from: int) -> str | None:
    """Things that are late or missing: none is green, ``red_from`` or more red, fewer (but some) orange."""
    if count is None:
        return None
    if count <= 0:
        return clock.GREEN
    return clock.RED if count >= max(int(red_from), 1) else clock.ORANGE


def overdue_state(count: int | None, red_from: int | None = None) -> str | None:
    """Overdue hazards, fire-hazard units, tasks; milestones behind; escalations due (``tile_red_overdue``)."""
    return count_state(count, settings.get("tile_red_overdue") if red_from is None else red_from)


def missing_state(count: int | None, red_from: int | None = None) -> str | None:
    """Daily duty reports missing past the cut-off (``tile_red_missing``)."""
    return count_state(count, settings.get("tile_red_missing") if red_from is None else red_from)


def reports_state(missing: int, pending: int, *, in_period: bool = True, red_from: int | None = None) -> str | None:
    """Today's duty reports received: red / orange by the missing ones, orange while some are still due today
    (before the cut-off: due today, the orange band), green when every unit has reported; outside a duty
    period nothing is expected (plain)."""
    if not in_period:
        return None
    if missing:
        return missing_state(missing, red_from)
    return clock.ORANGE if pending else clock.GREEN


def deadline_state(days_left: int | None) -> str | None:
    """The nearest deadline, in the urgency bands of every countdown."""
    return clock.urgency(days_left)


def share_state(percent: float | None, minimum_percent: float) -> str | None:
    """A share against its rule's minimum (e.g. the 约谈 handover share): below red, else green."""
    if percent is None or percent != percent:  # None / NaN: no share to judge
        return None
    return clock.RED if percent < minimum_percent else clock.GREEN


def flagged_state(count: int | None) -> str | None:
    """Items a rule flags (groups 建议约谈): any is red (the rule is the threshold), none green."""
    return count_state(count, 1)


def deaths_state(deaths: int | None) -> str | None:
    """Any death is news to the command room: red; otherwise plain (no death is not an achievement to colour)."""
    return clock.RED if deaths else None


def _slug(label: str) -> str:
    return re.sub(r"[^\w-]", "-", label)


def tile_key(label: str, state: str | None) -> str:
    """The tile's container key; style.py colours ``kpi-red-…`` / ``kpi-orange-…`` … and lays out ``kpi-…``."""
    if state is not None and state not in STATES:
        raise ValueError(f"unknown tile state {state!r}")
    return f"{KEY_PREFIX}{state or 'plain'}-{_slug(label)}"


def kpi_row(**container_args: Any):
    """A row of tiles that wraps on a narrow window: ``row = ui.kpi_row()`` then ``ui.kpi(row, ...)``."""
    return st.container(horizontal=True, wrap=True, gap="small", **container_args)


def kpi(where, label: str, value: Any, *, state: str | None = None, help: str | None = None,
        delta: str | None = None, delta_color: str = "normal") -> None:
    """One tile in ``where`` (a ``kpi_row``, a column, or ``st``): the label, the value as shown (None is a
    dash), its state colour (see the module doc), help, and an optional change against a baseline.
    Labels on a page are unique (the tile's key is made from its label)."""
    with where.container(key=tile_key(label, state)):
        st.metric(label, "—" if value is None else value, delta=delta, delta_color=delta_color, help=help,
                  border=True)
