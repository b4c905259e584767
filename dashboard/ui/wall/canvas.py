"""The wall's canvas: one 16:9 picture designed at 1920×1080 design px and zoomed to the screen, its colours,
its stylesheet, and the HTML pieces every view is made of (tiles, tables, lists, panel titles with "1/2").

- **Scale.** The canvas is a fixed 1920×1080 box (laid out in design px) scaled as a picture (CSS ``scale``, from
  its top left corner) by ``kiosk.scale(innerWidth, innerHeight)``: exact where the browser computes
  ``calc(100vw / 1920px)`` (Chromium ≥ 140), else from a ladder of media queries built from the same rule. Not
  ``zoom`` (under it Streamlit measured boxes zoomed: charts and maps twice as wide on a 4K screen). Charts are
  drawn in frames of their design size (charts.py) and frames take their container's width (a component would
  size its frame from its box measured on screen). Plotly heights, font sizes and the map's height are all design
  px, so 3840×2160 shows the same picture as 1920×1080 at twice the pixels.
- **Colours.** Dark canvas; the one colour language of ``clock.URGENCY_COLORS`` on the tiles' edges, with text
  variants that keep 4.5:1 on the panels (tests/kiosk/test_wall_rules.py checks every pair).
- **No controls.** Everything is HTML text made here (user text escaped with ``html.escape``) or a chart drawn
  as a static picture: no widget, link, help icon or checkbox.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
import streamlit as st

from dashboard import clock, contents, kiosk

W, H = kiosk.CANVAS_W, kiosk.CANVAS_H
S = kiosk.SIZES
MARGIN, GAP = 24, 16
HEADER_H, STRIP_H = 76, 56
BODY_Y = HEADER_H + STRIP_H + 2 * 8  # the header, the alert strip, their gaps
BODY_H = H - BODY_Y - MARGIN  # 900
BODY_W = W - 2 * MARGIN  # 1872
TITLE_H = 48  # a panel's title line
MAP_ZOOM = 1.85  # the map is drawn at 1/1.85 of its box and zoomed: its 12–13 px names come out ≥ 22 px

BG, PANEL, EDGE = "#0b1220", "#111b30", "#2a3a5e"
TEXT, MUTED = "#f4f6fb", "#b4bfd3"
ON_AIR_BG, NEW_BG = "#1d5f99", "#8f1d1d"  # the view on air; the 新 banner (white text: 5.9:1 and 8.9:1)
# The colour language on the dark panels: the canonical colours on edges and bars; as text, red lightened
# (#d62728 is 3.4:1 on the panel) and green lightened a little for a margin.
STATE_TEXT = {clock.RED: "#ff6b6b", clock.ORANGE: "#ff8c1a", clock.YELLOW: "#e6b800", clock.GREEN: "#46c35a"}
DARK_TEXT = "#1f2328"  # on the duty board's pastel cells


def esc(value) -> str:
    """User or data text as HTML text (never markup)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value))


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


# -- the frame every view draws into ---------------------------------------------------------------------
@dataclass
class Frame:
    """What a view needs: the time, the scope, which view is on air and for how long it has been, the dwell of
    every view (a list's pages share it) and the page flips to come (the timer reruns the app at the next)."""

    as_of: datetime
    scope: tuple[str, ...]
    scope_label: str
    on_air: str
    elapsed: float
    dwells: dict[str, float]
    flips: list[float] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.as_of.date()

    def page(self, view: str, rows: int, capacity: int) -> tuple[kiosk.Paging, int]:
        """The paging of a list of ``rows`` in a space for ``capacity`` on ``view``, and the page on screen now
        (a view off air shows its first page: the one it will come on with)."""
        pager = kiosk.paging(rows, capacity, self.dwells.get(view, 60))
        if view != self.on_air:
            return pager, 0
        self.flips.append(kiosk.seconds_to_flip(pager, self.elapsed))
        return pager, kiosk.page_at(pager, self.elapsed)

    def paged(self, view: str, rows: pd.DataFrame, capacity: int) -> tuple[pd.DataFrame, kiosk.Paging, int]:
        """The rows of ``rows`` on screen now, with the paging and the page."""
        pager, page = self.page(view, len(rows), capacity)
        return rows.iloc[list(kiosk.page_rows(pager, page))], pager, page


# -- the stylesheet ----------------------------------------------------------------------------------------
def _key(name: str) -> str:
    return re.sub(r"[^\w-]", "-", name)


def place(name: str, box: Box, *, framed: bool = True) -> str:
    """CSS putting the container ``st.container(key=name)`` at ``box`` (design px) in its view; ``framed``: drawn
    as a panel (background, edge, padding), its first element being a ``title``."""
    look = (f"background: {PANEL}; border: 1px solid {EDGE}; border-radius: 10px; padding: 0 18px 8px 18px;"
            if framed else "")
    return (f".st-key-{_key(name)} {{ position: absolute !important; left: {box.x}px; top: {box.y}px; "
            f"width: {box.w}px !important; height: {box.h}px; overflow: hidden; box-sizing: border-box; "
            f"display: block !important; {look} }}")


def zoomed(name: str, width: float) -> str:
    """CSS drawing the container ``st.container(key=name)`` (a map) at 1/``MAP_ZOOM`` of ``width`` design px and
    zoomed back: the map's own names, legend and markers come out ``MAP_ZOOM`` times larger."""
    return (f".st-key-{_key(name)} {{ zoom: {MAP_ZOOM}; width: {width / MAP_ZOOM:.2f}px !important; "
            f"display: block !important; }}")


def _scale_rules() -> str:
    exact = f"min(calc(100vw / {W}px), calc(100vh / {H}px))"
    ladder = []
    for width in range(640, 7681, 64):  # without typed calc(): the nearest step at or below the screen
        height = width * H // W
        ladder.append(f"@media (min-width: {width}px) and (min-height: {height}px) "
                      f"{{ .st-key-wall-canvas {{ scale: {kiosk.scale(width, height):.4f}; }} }}")
    return ("\n".join(ladder) + f"\n@supports (scale: {exact}) {{ .st-key-wall-canvas {{ scale: {exact} !important; }} }}")


def stylesheet() -> str:
    """The wall's whole stylesheet: Streamlit's chrome hidden, the canvas, the pieces."""
    state_rules = "\n".join(
        f".w-tile.w-{s} {{ border-left-color: {clock.URGENCY_COLORS[s]}; }} .w-tile.w-{s} .w-value, "
        f".w-text-{s} {{ color: {STATE_TEXT[s]}; }} .w-pill.w-{s} {{ border-color: {clock.URGENCY_COLORS[s]}; "
        f"color: {STATE_TEXT[s]}; }}" for s in STATE_TEXT)
    return f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer,
[data-testid="stSkipToContent"], .stSkipToContent, [data-testid="stElementToolbar"] {{ display: none !important; }}
html, body, [data-testid="stApp"], [data-testid="stMain"], [data-testid="stAppViewContainer"] {{
  background: {BG} !important; overflow: hidden !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 0 !important; max-width: 100% !important; }}
[data-stale="true"], .stale-element {{ opacity: 1 !important; transition: none !important; }}
.st-key-wall-canvas {{ position: fixed !important; left: 0; top: 0; width: {W}px !important; height: {H}px;
  overflow: hidden; background: {BG}; color: {TEXT}; scale: 1; transform-origin: 0 0; z-index: 10;
  font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; }}
.st-key-wall-canvas [data-testid="stVerticalBlock"], .st-key-wall-canvas [data-testid="stHorizontalBlock"] {{
  gap: 0 !important; }}
.st-key-wall-canvas [data-testid="stElementContainer"] {{ margin: 0 !important; }}
.st-key-wall-canvas iframe {{ pointer-events: none; width: 100% !important; }}  /* a component sizes its frame
  from its box measured on screen: twice the design on a 4K screen */
[class*="st-key-wall-view-"] {{ position: absolute !important; left: {MARGIN}px; top: {BODY_Y}px;
  width: {BODY_W}px !important; height: {BODY_H}px; visibility: hidden; }}
[class*="st-key-wall-zoom-"] iframe, [class*="st-key-wall-zoom-"] [data-testid="stElementContainer"] {{
  width: 100% !important; }}
.w-panel {{ background: {PANEL}; border: 1px solid {EDGE}; border-radius: 10px; box-sizing: border-box;
  height: 100%; padding: 0 18px 10px 18px; overflow: hidden; }}
.w-title {{ display: flex; align-items: center; justify-content: space-between; height: {TITLE_H}px;
  font-size: {S['title']}px; font-weight: 700; color: {TEXT}; white-space: nowrap; }}
.w-title .w-pager {{ font-size: {S['label']}px; font-weight: 600; color: {MUTED}; margin-left: 12px; }}
.w-note {{ font-size: {S['label']}px; color: {MUTED}; line-height: 1.3; }}
.w-tiles {{ display: grid; gap: 12px; height: 100%; }}
.w-tile {{ background: {PANEL}; border: 1px solid {EDGE}; border-left: 10px solid {EDGE}; border-radius: 10px;
  box-sizing: border-box; padding: 6px 18px; display: flex; flex-direction: column; justify-content: center;
  min-width: 0; overflow: hidden; }}
.w-tile .w-label {{ font-size: {S['text']}px; color: {MUTED}; line-height: 1.25; white-space: nowrap; }}
.w-tile .w-value {{ font-size: {S['kpi']}px; font-weight: 800; line-height: 1.1; color: {TEXT};
  white-space: nowrap; font-variant-numeric: tabular-nums; }}
.w-tile .w-sub {{ font-size: {S['label']}px; color: {MUTED}; white-space: nowrap; overflow: hidden;
  margin-top: -4px; }}
.w-tiles.w-rows .w-tile {{ flex-direction: row; align-items: center; justify-content: space-between; gap: 12px; }}
.w-table {{ width: 100%; border-collapse: collapse; table-layout: fixed; font-size: {S['text']}px; color: {TEXT}; }}
.w-table th {{ font-size: {S['label']}px; font-weight: 600; color: {MUTED}; text-align: left; padding: 4px 8px;
  border-bottom: 2px solid {EDGE}; line-height: 1.2; }}
.w-table td {{ padding: 2px 8px; border-bottom: 1px solid {EDGE}; line-height: 1.2; overflow: hidden; }}
.w-table td.w-num, .w-table th.w-num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.w-table td.w-cell {{ color: {DARK_TEXT}; border: 2px solid {PANEL}; font-size: {S['label']}px; }}
.w-table td.w-today {{ font-weight: 700; outline: 3px solid {TEXT}; outline-offset: -3px; }}
.w-table th.w-today {{ color: {TEXT}; }}
.w-table td.w-future {{ background: #1a2640; }}
.w-pill {{ display: inline-block; border: 3px solid {EDGE}; border-radius: 8px; padding: 0 8px;
  font-weight: 700; white-space: nowrap; }}
.w-bar {{ display: inline-block; height: 14px; border-radius: 7px; background: #5aa9e6; vertical-align: middle; }}
.w-list {{ list-style: none; margin: 0; padding: 0; }}
.w-list li {{ border-bottom: 1px solid {EDGE}; display: flex; flex-direction: column; justify-content: center;
  overflow: hidden; }}
.w-list .w-main {{ font-size: {S['text']}px; color: {TEXT}; white-space: nowrap; overflow: hidden; }}
.w-list .w-sub {{ font-size: {S['label']}px; color: {MUTED}; white-space: nowrap; overflow: hidden; }}
.w-empty {{ font-size: {S['text']}px; color: {STATE_TEXT[clock.GREEN]}; padding-top: 8px; }}
.w-empty.w-missing {{ color: {TEXT}; line-height: 1.35; }}
.w-header {{ position: absolute; left: {MARGIN}px; top: 0; width: {BODY_W}px; height: {HEADER_H}px; display: flex;
  align-items: center; gap: 16px; color: {TEXT}; white-space: nowrap; }}
.w-header .w-city {{ font-size: {S['label']}px; color: {MUTED}; }}
.w-header .w-view {{ font-size: {S['header']}px; font-weight: 800; }}
.w-header .w-chips {{ display: flex; gap: 6px; }}
.w-header .w-chip {{ font-size: {S['label']}px; color: {MUTED}; border: 1px solid {EDGE}; border-radius: 16px;
  padding: 2px 9px; }}
.w-header .w-chip.w-on {{ background: {ON_AIR_BG}; border-color: {ON_AIR_BG}; color: #ffffff; font-weight: 700; }}
.w-header .w-right {{ margin-left: auto; display: flex; gap: 12px; align-items: center; font-size: {S['label']}px;
  color: {MUTED}; }}
.w-badge {{ border-radius: 6px; padding: 2px 10px; font-weight: 700; }}
.w-badge.w-live {{ border: 2px solid {clock.URGENCY_COLORS[clock.GREEN]}; color: {STATE_TEXT[clock.GREEN]}; }}
.w-badge.w-stale {{ border: 2px solid {clock.URGENCY_COLORS[clock.ORANGE]}; color: {STATE_TEXT[clock.ORANGE]}; }}
.w-badge.w-demo {{ border: 2px solid {clock.URGENCY_COLORS[clock.YELLOW]}; color: {STATE_TEXT[clock.YELLOW]}; }}
.w-strip {{ position: absolute; left: {MARGIN}px; top: {HEADER_H + 8}px; width: {BODY_W}px; height: {STRIP_H}px;
  box-sizing: border-box; border-radius: 10px; display: flex; align-items: center; gap: 18px; padding: 0 18px;
  font-size: {S['text']}px; white-space: nowrap; overflow: hidden; background: {PANEL}; border: 1px solid {EDGE};
  color: {TEXT}; }}
.w-strip.w-new {{ background: {NEW_BG}; border-color: {NEW_BG}; color: #ffffff; }}
.w-strip .w-tag {{ background: #ffffff; color: {NEW_BG}; border-radius: 6px; padding: 0 10px; font-weight: 800; }}
.w-strip .w-quiet {{ color: {MUTED}; }}
.w-strip .w-pager {{ margin-left: auto; font-size: {S['label']}px; }}
.w-problem {{ color: {STATE_TEXT[clock.ORANGE]}; }}
{state_rules}
{_scale_rules()}
</style>"""


# The maps are Leaflet in a same-origin frame: on the wall their zoom buttons, layer switch and attribution are
# hidden and their markers are no buttons (no mouse, no keyboard: nothing to click or focus). Runs once per page
# load; re-applied as frames and markers come and go. (A static-map option of situation_map would make this moot.)
FRAME_SCRIPT = """<script>
(function () {
  if (window.__wallFrames) return;
  window.__wallFrames = setInterval(function () {
    document.querySelectorAll('.st-key-wall-canvas iframe').forEach(function (frame) {
      try {
        var doc = frame.contentDocument;
        if (!doc || !doc.head) return;
        frame.setAttribute('tabindex', '-1');
        doc.querySelectorAll('.leaflet-container [role], .leaflet-container [tabindex]').forEach(function (el) {
          el.removeAttribute('role'); el.setAttribute('tabindex', '-1');
        });
        if (doc.getElementById('wall-frame-style')) return;
        var style = doc.createElement('style');
        style.id = 'wall-frame-style';
        style.textContent = '.leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-attribution'
          + ' { display: none !important; } .leaflet-container { cursor: default !important; }';
        doc.head.appendChild(style);
      } catch (e) { /* another origin: nothing to do */ }
    });
  }, 500);
})();
</script>"""


# -- the pieces ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tile:
    label: str
    value: object  # as shown; None is a dash
    state: str | None = None  # clock.RED / ORANGE / YELLOW / GREEN, or plain
    sub: str | None = None  # one line under the value (names, a breakdown)


def tiles(items: Sequence[Tile], *, columns: int, height: float, rows_layout: bool = False) -> str:
    """A grid of tiles, ``columns`` wide; ``rows_layout`` puts the label left and the number right (a narrow
    column of tiles)."""
    cells = []
    for t in items:
        value = "—" if t.value is None else esc(t.value)
        sub = f'<div class="w-sub">{esc(t.sub)}</div>' if t.sub else ""
        cells.append(f'<div class="w-tile w-{t.state or "plain"}"><div class="w-label">{esc(t.label)}{sub}</div>'
                     f'<div class="w-value">{value}</div></div>' if rows_layout else
                     f'<div class="w-tile w-{t.state or "plain"}"><div class="w-label">{esc(t.label)}</div>'
                     f'<div class="w-value">{value}</div>{sub}</div>')
    layout = " w-rows" if rows_layout else ""
    return (f'<div class="w-tiles{layout}" style="grid-template-columns: repeat({columns}, minmax(0, 1fr)); '
            f'grid-auto-rows: 1fr; height: {height:.0f}px">' + "".join(cells) + "</div>")


def pager_text(pager: kiosk.Paging, page: int) -> str:
    return f"{page + 1}/{pager.pages}" if pager.pages > 1 else ""


def title(text: str, pager: kiosk.Paging | None = None, page: int = 0, note: str = "") -> str:
    right = pager_text(pager, page) if pager else ""
    extra = f'<span class="w-pager">{esc(note)}</span>' if note else ""
    pages = f'<span class="w-pager" data-pager="{esc(right)}">{esc(right)}</span>' if right else ""
    return f'<div class="w-title"><span>{esc(text)}{extra}</span>{pages}</div>'


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # px
    numeric: bool = False


def table(columns: Sequence[Column], rows: Iterable[Sequence[str]], *, row_h: float,
          cell_attrs: Iterable[Sequence[str]] | None = None) -> str:
    """An HTML table. ``rows`` are already-escaped cell HTML; ``cell_attrs`` optional attributes per cell
    (class / style), aligned with ``rows``."""
    head = "".join(f'<th class="{"w-num" if c.numeric else ""}" style="width:{c.width:.0f}px">{esc(c.label)}</th>'
                   for c in columns)
    body = []
    attrs_rows = list(cell_attrs) if cell_attrs is not None else None
    for i, row in enumerate(rows):
        cells = []
        for j, cell in enumerate(row):
            extra = attrs_rows[i][j] if attrs_rows else ""
            numeric = ' class="w-num"' if columns[j].numeric and "class=" not in extra else ""
            cells.append(f"<td{numeric} {extra}>{cell}</td>")
        body.append(f'<tr style="height:{row_h:.0f}px">' + "".join(cells) + "</tr>")
    return f'<table class="w-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def pill(text: str, state: str | None) -> str:
    return f'<span class="w-pill w-{state or "plain"}">{esc(text)}</span>'


def items_list(items: Sequence[tuple[str, str]], *, row_h: float) -> str:
    """A list of (main line HTML, sub line HTML) items, each ``row_h`` high."""
    lis = "".join(f'<li style="height:{row_h:.0f}px"><div class="w-main">{main}</div>'
                  + (f'<div class="w-sub">{sub}</div>' if sub else "") + "</li>" for main, sub in items)
    return f'<ul class="w-list">{lis}</ul>'


def missing(kinds: Sequence[contents.Kind]) -> str:
    """In place of a panel's figures, chart or list when the kinds it is drawn from are not loaded: each kind's
    empty state as text (还没有…：在“…”页的“…”中…; no link, the wall has no controls), plain, not green: nothing
    loaded is not good news."""
    return '<div class="w-empty w-missing">' + "<br>".join(esc(k.sentence()) for k in kinds) + "</div>"


def list_panel(frame: Frame, view: str, key: str, heading: str, rows: pd.DataFrame, box: Box, row_h: float,
               item: Callable[[tuple], tuple[str, str]], empty: str,
               not_loaded: Sequence[contents.Kind] = ()) -> None:
    """The panel ``st.container(key=key)``: ``heading`` over ``rows`` as a list of items (``item(row)``: its main
    and sub line as HTML, user text escaped), paged to fit ``box`` by the wall clock; ``empty`` when there are none,
    or what is ``not_loaded`` (``missing``) when the rows' kind has no record at all."""
    shown, pager, page = frame.paged(view, rows, capacity(box.h, row_h))
    items = [item(r) for r in shown.itertuples()]
    body = (missing(not_loaded) if not_loaded else items_list(items, row_h=row_h) if items
            else f'<div class="w-empty">{esc(empty)}</div>')
    with st.container(key=key):
        st.html(title(heading, pager, page) + body)


def capacity(height: float, row_h: float, header_h: float = 0) -> int:
    """How many rows of ``row_h`` fit in a panel ``height`` high under its title (and a table header)."""
    return max(1, int((height - TITLE_H - header_h - 10) // row_h))
