"""The house CSS, in one place: drawn once per run by the entry script (``inject``).

- Widths people have (a 1366×768 laptop, an 800 px window): the wide layout's side padding shrinks below
  1500 px, and ``st.columns`` stack below 1000 px (Streamlit itself stacks them only below 640 px, so at
  800 px six columns were squeezed until numbers read "1."). Rows that should wrap rather than stack use
  ``st.container(horizontal=True, wrap=True)`` (``ui.WRAP_ROW``, ``tiles.kpi_row``); a pair too wide for a laptop
  side by side (a chart and a wide table) uses ``ui.wide_columns``: side by side from 1700 px, stacked below.
- KPI tiles (``dashboard/ui/tiles.py``): equal heights in a row, labels that wrap, values never cut, and the
  state colour of the one colour language on the value and the tile's left edge.

The gap above every title is Streamlit's ``theme.paddingTop`` in .streamlit/config.toml (not CSS).
Colours come from ``clock.URGENCY_COLORS`` (yellow darkened to read as text), so they never drift apart
from the countdowns and charts. The wall screen adds its own larger sizes (``dashboard/ui/kiosk.py``).
"""

from __future__ import annotations

import streamlit as st

from dashboard import clock

__all__ = ["URGENCY_TEXT", "NARROW_PX", "LAPTOP_PX", "WIDE_PX", "css", "inject"]

# The urgency colours as text and edges: yellow darkened (the band colour itself is too light on white).
URGENCY_TEXT = {clock.RED: clock.URGENCY_COLORS[clock.RED], clock.ORANGE: clock.URGENCY_COLORS[clock.ORANGE],
                clock.YELLOW: "#b38f00", clock.GREEN: clock.URGENCY_COLORS[clock.GREEN]}
NARROW_PX = 1000  # below this window width st.columns stack
LAPTOP_PX = 1500  # below this the main block's side padding shrinks
WIDE_PX = 1700    # ui.wide_columns sit side by side only at this width or more (the 1920 px wall, a big monitor)

_LAYOUT = f"""
@media (max-width: {LAPTOP_PX}px) {{
  [data-testid="stMainBlockContainer"] {{ padding-left: 2rem; padding-right: 2rem; }}
}}
@media (max-width: {WIDE_PX - 1}px) {{
  [class*="st-key-wide-columns-"] [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; }}
  [class*="st-key-wide-columns-"] [data-testid="stColumn"] {{ min-width: calc(100% - 1.5rem) !important; flex: 1 1 100% !important; }}
}}
@media (max-width: {NARROW_PX}px) {{
  [data-testid="stMainBlockContainer"] {{ padding-left: 1.25rem; padding-right: 1.25rem; }}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"]) {{ flex-wrap: wrap; }}
  [data-testid="stColumn"] {{ min-width: calc(100% - 1.5rem) !important; flex: 1 1 100% !important; }}
}}
"""

_TILES = """
[class*="st-key-kpi-"] { min-width: 9.5rem; flex: 1 1 auto; }
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-kpi-"]) { align-self: stretch; display: flex; flex-direction: column; }
[class*="st-key-kpi-"] > [data-testid="stElementContainer"] { flex: 1 1 auto; }
[class*="st-key-kpi-"] [data-testid="stMetric"] { height: 100%; min-width: min-content; }
[class*="st-key-kpi-"] [data-testid="stMetricLabel"], [class*="st-key-kpi-"] [data-testid="stMetricLabel"] * {
  white-space: normal; overflow: visible; text-overflow: clip; }
[class*="st-key-kpi-"] [data-testid="stMetricValue"], [class*="st-key-kpi-"] [data-testid="stMetricValue"] * {
  white-space: nowrap; overflow: visible; text-overflow: clip; }
[class*="st-key-kpi-"] [data-testid="stMetricValue"] { line-height: 1.25; height: 1.5em; display: flex;
  align-items: center; }  /* a fixed height: "3天" / "2起" (a CJK glyph, other metrics) no taller than "14" */
"""


def _state_rules() -> str:
    rules = []
    for state, color in URGENCY_TEXT.items():
        tile = f'[class*="st-key-kpi-{state}-"]'
        rules.append(f"{tile} [data-testid=\"stMetricValue\"] {{ color: {color}; }}")
        rules.append(f"{tile} [data-testid=\"stMetric\"] {{ border-left: 0.4rem solid {clock.URGENCY_COLORS[state]}; }}")
    return "\n".join(rules)


def css() -> str:
    """The whole stylesheet (a ``<style>`` element)."""
    return f"<style>{_LAYOUT}{_TILES}{_state_rules()}\n</style>"


def inject() -> None:
    """Draw the stylesheet (a style-only ``st.html`` takes no room on the page)."""
    st.html(css())
