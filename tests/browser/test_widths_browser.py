"""Every page at the widths people have (issue 12 item 6): a 1366×768 laptop and an 800 px window.

What a browser sees, page by page: the title near the top (no ~100 px of blank above it), no KPI value or
label cut ("1." for 1,812: scrollWidth > clientWidth), no button label cut ("导…"), no horizontal overflow of
the main block, every table inside the page and, when it is wider than its box, scrollable to its last
column; at 1366 px the tables the issue names fit whole (the ranking's deduction columns, 一张图's
countdown, the ledger's countdown). At 800 px the sidebar keeps well under a third of the width.

Screenshots of every page at both sizes (the first screen and the whole page) are kept in
tests/browser/artifacts/widths/ (git-ignored) to be looked at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from browser_helpers import ARTIFACTS, MAP_FRAME, screenshot, wait_idle
from conftest import guarded_context
from entry_pages import declared_pages

SIZES = {"1366x768": (1366, 768), "800x900": (800, 900)}
PAGES = declared_pages()  # url_path -> title, as the entry script declares them (new pages are checked too)
TITLE_MAX_TOP = 64  # px from the top of the window to the title (it was 96 + the title's own margin)
# At 1366 px these tables fit whole: (url_path, a column header the table has)
FIT_AT_LAPTOP = {("ranking", "逾期隐患"), ("map", "倒计时"), ("hazards", "剩余天数")}

MEASURE = """
() => {
  const cut = e => e.scrollWidth > e.clientWidth + 1;
  const anyCut = e => [e, ...e.querySelectorAll('*')].some(cut);
  const main = document.querySelector('[data-testid="stMain"]');
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  const right = block.getBoundingClientRect().right;
  const title = document.querySelector('h1');
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(g => {
    const s = g.querySelector('.dvn-scroller');
    const headers = [...g.querySelectorAll('[role="columnheader"]')].map(h => h.textContent.trim());
    const box = g.getBoundingClientRect();
    let reachable = true;
    if (s && s.scrollWidth > s.clientWidth + 1) {
      s.scrollLeft = s.scrollWidth;
      reachable = s.scrollLeft >= s.scrollWidth - s.clientWidth - 1 && getComputedStyle(s).overflowX !== 'hidden';
      s.scrollLeft = 0;
    }
    return {headers, inside: box.width === 0 || box.right <= right + 1, wide: s ? s.scrollWidth > s.clientWidth + 1 : false,
            reachable, sizes: s ? [s.scrollWidth, s.clientWidth] : null};
  });
  return {
    mainOverflow: main.scrollWidth > main.clientWidth + 1 || block.scrollWidth > block.clientWidth + 1,
    titleTop: title ? Math.round(title.getBoundingClientRect().top) : null,
    sidebar: sidebar ? Math.round(sidebar.getBoundingClientRect().width) : 0,
    metricsCut: [...document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricLabel"]')]
                  .filter(anyCut).map(e => e.innerText),
    buttonsCut: [...document.querySelectorAll('[data-testid="stMain"] button')].filter(b => b.offsetParent)
                  .filter(b => [...b.querySelectorAll('p, span')].some(cut)).map(b => b.innerText),
    metrics: document.querySelectorAll('[data-testid="stMetricValue"]').length,
    grids,
  };
}
"""


FITS = """
header => [...document.querySelectorAll('[data-testid="stDataFrame"]')].some(g => {
  const s = g.querySelector('.dvn-scroller');
  const headers = [...g.querySelectorAll('[role="columnheader"]')].map(h => h.textContent.trim());
  return s && headers.includes(header) && s.scrollWidth <= s.clientWidth + 1;
})
"""


def _open(page, app_url: str, path: str, title: str) -> None:
    page.goto(f"{app_url}/{path}")
    wait_idle(page)
    page.locator("h1", has_text=title).first.wait_for()
    if path in ("", "map"):
        page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for()
    page.wait_for_timeout(1200)  # charts and grids take their final width
    wait_idle(page)


WHO = {"users": "admin"}  # the pages a 市安委办 account is not offered, opened by the role that has them


@pytest.fixture
def person(request, browser, signed_in):
    """A page signed in as the account that has ``path`` (parametrised), non-local requests aborted."""
    context = guarded_context(browser, signed_in(WHO.get(request.getfixturevalue("path"), "office")))
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert context.external == [], f"the page tried to reach outside the machine: {context.external}"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_page_at_the_widths_people_have(person, app_url, path, size):
    page = person
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    _open(page, app_url, path, PAGES[path])
    name = f"widths/{path or 'overview'}-{size}"
    (ARTIFACTS / "widths").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-first-screen.png"))
    seen = page.evaluate(MEASURE)
    screenshot(page, name, height=2600)

    assert seen["titleTop"] is not None and 0 <= seen["titleTop"] <= TITLE_MAX_TOP, seen["titleTop"]
    assert not seen["mainOverflow"], "the main block overflows horizontally"
    assert seen["metricsCut"] == [], f"tiles cut: {seen['metricsCut']}"
    assert seen["buttonsCut"] == [], f"button labels cut: {seen['buttonsCut']}"
    for grid in seen["grids"]:
        assert grid["inside"], f"a table runs out of the page: {grid}"
        assert grid["reachable"], f"a wide table cannot be scrolled to its last column: {grid}"
    if width == 800:
        assert seen["sidebar"] <= 260, f"the sidebar takes {seen['sidebar']} px of 800"
    if width == 1366:
        for fits_path, header in FIT_AT_LAPTOP:
            if fits_path == path:  # the grid lays its columns out a moment after it is drawn: give it a few seconds
                try:
                    page.wait_for_function(FITS, arg=header, timeout=10_000)
                except PlaywrightTimeout:
                    pytest.fail(f"{header}'s table is cut at 1366 px: {page.evaluate(MEASURE)['grids']}")


def test_the_measure_sees_a_cut_tile(page, app_url):
    """The check above can fail: squeeze a tile and it reports the value as cut."""
    page.set_viewport_size({"width": 1366, "height": 768})
    _open(page, app_url, "hazards", PAGES["hazards"])
    assert page.evaluate(MEASURE)["metricsCut"] == []
    page.evaluate("""() => { const v = document.createElement('div');  // a value squeezed as it was at 800 px
                             v.setAttribute('data-testid', 'stMetricValue'); v.textContent = '1,812';
                             v.style.cssText = 'width: 12px; overflow: hidden; white-space: nowrap';
                             document.querySelector('[data-testid="stMainBlockContainer"]').appendChild(v); }""")
    assert page.evaluate(MEASURE)["metricsCut"] == ["1,812"]
