"""Helpers for the browser tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# "Streamlit finished this run" (see the project's technical notes).
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=60_000)


def screenshot(page, name: str, *, height: int = 2000) -> Path:
    """A screenshot of the whole page. Streamlit scrolls inside its own container, so a full-page
    screenshot only shows the viewport: make the viewport tall for the shot, then restore it."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(800)  # let charts and the map re-layout to the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


GLYPH_CHECK = """
() => {
  const font = getComputedStyle(document.querySelector('[data-testid="stApp"]')).fontFamily;
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 64; c.height = 64;
    const g = c.getContext('2d'); g.font = '48px ' + font; g.fillStyle = '#000';
    g.fillText(ch, 4, 52);
    return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
  };
  return {an: draw('安'), quan: draw('全'), missing: draw('\\u{10FFFD}')};
}
"""


def assert_cjk_glyphs(page) -> None:
    """安 and 全 must draw as two different real glyphs, unlike the box of a missing character."""
    drawn = page.evaluate(GLYPH_CHECK)
    assert drawn["an"] != drawn["quan"], "安 and 全 draw the same: CJK fonts are missing (boxes)"
    assert drawn["an"] != drawn["missing"] and drawn["quan"] != drawn["missing"]


def click_first_row(page, grid_index: int = 0) -> None:
    """Select the first data row of a table (st.dataframe draws on a canvas: click its row checkbox) and
    wait for the run it starts."""
    wait_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').nth(grid_index)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # below the 35 px header, in the checkbox column
    wait_idle(page)


def download_workbook(page, button: str):
    """Click the download button named ``button``; (the file name offered, the workbook opened back)."""
    import io

    import openpyxl

    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    data = Path(info.value.path()).read_bytes()  # the saved file has no extension: openpyxl wants bytes then
    return info.value.suggested_filename, openpyxl.load_workbook(io.BytesIO(data))
