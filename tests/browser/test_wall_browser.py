"""The wall screen as a command room sees it, at 1920×1080 and at 3840×2160, every view of the playlist in turn
(short dwells from the URL): the document fits the screen, every figure is inside its panel, all 12 units on the
duty board and in the ranking within one dwell, no control of any kind (in the page or in a map's frame), every
visible text at 4.5:1 against the background it sits on, text sizes that read across the room, and a map that is
already drawn when its view comes on. Screenshots: tests/browser/artifacts/wall/<width>_<view>.png."""

from __future__ import annotations

import time

import pytest
from browser_helpers import ARTIFACTS, assert_cjk_glyphs

from dashboard import kiosk, units

VIEWS = list(kiosk.VIEWS)
DWELL = 10  # seconds a view: every list pages within it
PLAYLIST = ",".join(f"{view}:{DWELL}" for view in VIEWS)
WALL = f"/app/static/wall.html?refresh=60&exceptions=0&views={PLAYLIST}"
ON_AIR = "() => (document.querySelector('[data-wall-view]') || {}).dataset?.wallView || null"
SHOTS = ARTIFACTS / "wall"

# Everything a browser can tell about a view, in one pass over the page and its same-origin frames:
# overflow, visible controls, visible texts with their effective size and WCAG contrast against the nearest
# opaque background (semi-transparent backgrounds composited on it), and texts cut by a box that clips them.
CHECK = r"""
(view) => {
  const parse = (c) => { const m = c && c.match(/[\d.]+/g); if (!m) return null;
    return {r: +m[0], g: +m[1], b: +m[2], a: m.length > 3 ? +m[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement || (e.ownerDocument.defaultView.frameElement || null)) {
      if (e.nodeType !== 1) continue;
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  // screen px per CSS px: in the page, the canvas's scale; in a frame, the frame's box on screen over its width
  const canvas = document.querySelector('.st-key-wall-canvas');
  const pageScale = canvas.getBoundingClientRect().width / canvas.offsetWidth;
  const frameZoom = (doc) => { const f = doc.defaultView.frameElement;
    return f ? f.getBoundingClientRect().width / doc.defaultView.innerWidth : 1; };
  const frameOffset = (doc) => { const f = doc.defaultView.frameElement; if (!f) return {x: 0, y: 0};
    const r = f.getBoundingClientRect(); return {x: r.x, y: r.y}; };
  const docs = [document];
  document.querySelectorAll('iframe').forEach((f) => { try { if (f.contentDocument) docs.push(f.contentDocument); } catch (e) {} });
  const shown = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && !el.closest('[class*="st-key-wall-view-"]:not(.st-key-wall-view-' + view + ')');
  const controls = [], texts = [], cut = [];
  for (const doc of docs) {
    if (doc !== document && doc.defaultView.frameElement && !shown(doc.defaultView.frameElement)) continue;
    const zoom = frameZoom(doc), off = frameOffset(doc);
    doc.querySelectorAll('input, button, select, textarea, a[href], details, summary, [role=checkbox], [role=button], [role=link], [role=switch], [contenteditable=true]')
      .forEach((el) => { if (shown(el) && el.getClientRects().length) controls.push(el.outerHTML.slice(0, 120)); });
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement, text = node.textContent.trim();
      if (!text || !el || ['STYLE', 'SCRIPT', 'NOSCRIPT', 'TITLE'].includes(el.tagName) || !shown(el)) continue;
      const range = doc.createRange(); range.selectNodeContents(node);
      const r = range.getBoundingClientRect(); if (!r.width || !r.height) continue;
      const cs = getComputedStyle(el), svg = el.namespaceURI === 'http://www.w3.org/2000/svg';
      const fg = parse(svg ? cs.fill : cs.color) || parse(cs.color);
      const bg = background(el);
      const ink = over({...fg, a: fg.a * parseFloat(cs.opacity || 1)}, bg);
      const l1 = lum(ink), l2 = lum(bg);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const inCanvas = doc === document && canvas.contains(el);
      const px = parseFloat(cs.fontSize) * (el.currentCSSZoom || 1) * (doc === document ? (inCanvas ? pageScale : 1) : zoom);
      const box = {x: off.x + r.x * zoom, y: off.y + r.y * zoom, right: off.x + r.right * zoom, bottom: off.y + r.bottom * zoom};
      const kind = svg ? 'chart' : (el.closest('.w-value') ? 'kpi' : (doc === document ? 'text' : 'map'));
      texts.push({text: text.slice(0, 40), px, ratio, kind, box, fg: JSON.stringify(ink), bg: JSON.stringify(bg)});
      // cut by a clipping box? Vertically the glyphs' em box (a CJK font's line box is ~1.45 em, mostly air)
      const mid = (r.top + r.bottom) / 2, half = px / zoom / 2;
      for (let a = el.parentElement; a && a !== doc.body; a = a.parentElement) {
        const ov = getComputedStyle(a).overflow;
        if (ov === 'visible') continue;
        const c = a.getBoundingClientRect();
        if (mid + half > c.bottom + 1 || r.right > c.right + 1 || mid - half < c.top - 1 || r.left < c.left - 1) {
          cut.push(text.slice(0, 40)); }
        break;
      }
    }
  }
  const root = document.documentElement;
  return {scrollHeight: root.scrollHeight, scrollWidth: root.scrollWidth, innerHeight, innerWidth,
          bodyScrollHeight: document.body.scrollHeight, controls, texts, cut};
}
"""

MAP_DRAWN = """(view) => { const f = document.querySelector('.st-key-wall-view-' + view + ' [class*="st-key-wall-zoom-"] iframe');
  return !!(f && f.contentDocument && f.contentDocument.querySelector('path.leaflet-interactive')); }"""
VISIBLE_TEXT = "(view) => document.querySelector('.st-key-wall-view-' + view).innerText"


def _unit_names(demo_db_path) -> list[str]:
    from dashboard.db import Store

    store = Store.open(demo_db_path)
    try:
        return list(units.all_units(store)["name"])
    finally:
        store.close()


def _assert_view(view: str, seen: dict, scale: float) -> None:
    assert seen["scrollHeight"] <= seen["innerHeight"] and seen["bodyScrollHeight"] <= seen["innerHeight"], (view, seen)
    assert seen["scrollWidth"] <= seen["innerWidth"], (view, seen["scrollWidth"])
    assert seen["controls"] == [], (view, seen["controls"])
    low = [(t["text"], round(t["ratio"], 2)) for t in seen["texts"] if t["ratio"] < 4.5]
    assert low == [], f"{view}: text below 4.5:1 {low}"
    outside = [t["text"] for t in seen["texts"] if t["box"]["bottom"] > seen["innerHeight"] + 1
               or t["box"]["right"] > seen["innerWidth"] + 1 or t["box"]["x"] < -1 or t["box"]["y"] < -1]
    assert outside == [], f"{view}: text off the screen {outside}"
    assert seen["cut"] == [], f"{view}: text cut by its box {seen['cut']}"
    floor = {"kpi": 72, "text": 22, "map": 18, "chart": 18}
    small = [(t["kind"], t["text"], round(t["px"] / scale, 1)) for t in seen["texts"]
             if t["px"] < floor[t["kind"]] * scale - 0.5]
    assert small == [], f"{view}: text too small at 1920×1080 equivalent {small}"
    kpis = [t for t in seen["texts"] if t["kind"] == "kpi"]
    assert kpis or view == "ranking", view


@pytest.mark.parametrize("width, height", [(1920, 1080), (3840, 2160)])
def test_every_wall_view_fits_reads_and_has_no_control(page, app_url, demo_db_path, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    names = _unit_names(demo_db_path)
    assert len(names) == 12
    page.set_viewport_size({"width": width, "height": height})
    page.goto(app_url + WALL)
    page.wait_for_function(ON_AIR, timeout=60_000)
    assert_cjk_glyphs(page)
    for view in ("overview", "map"):  # both maps drawn, shown or not
        page.wait_for_function(MAP_DRAWN, arg=view, timeout=60_000)
    scale = kiosk.scale(width, height)
    pending, previous = set(VIEWS), page.evaluate(ON_AIR)
    deadline = time.monotonic() + 2 * DWELL * len(VIEWS) + 20
    while pending and time.monotonic() < deadline:
        view = page.evaluate(ON_AIR)
        if view == previous or view not in pending:
            previous = view
            page.wait_for_timeout(150)
            continue
        came_on = time.monotonic()  # a view has just come on: watch it for its whole dwell
        if view in ("overview", "map"):
            assert page.evaluate(MAP_DRAWN, view), f"{view}: the map is blank as the view comes on"
        text = page.evaluate(VISIBLE_TEXT, view)
        page.wait_for_timeout(1200)  # the first page drawn
        text += page.evaluate(VISIBLE_TEXT, view)
        page.screenshot(path=str(SHOTS / f"{width}_{view}.png"))  # kept, passing or not: look at them
        _assert_view(view, page.evaluate(CHECK, view), scale)
        while time.monotonic() - came_on < DWELL - 0.6 and page.evaluate(ON_AIR) == view:
            text += page.evaluate(VISIBLE_TEXT, view)
            page.wait_for_timeout(400)
        if view in ("duty", "ranking"):
            missing = [n for n in names if n not in text]
            assert missing == [], f"{view}: units never shown within one dwell: {missing}"
        if view in ("fire_units",):
            assert "1/2" in text and "2/2" in text, "the 14 units page themselves"
        pending.discard(view)
        previous = view
    assert not pending, f"views never seen: {pending}"
