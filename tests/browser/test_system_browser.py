"""系统状态 in a real browser: the health report of the store the app holds, no server path on the page;
nothing leaves the machine."""

from browser_helpers import assert_cjk_glyphs, screenshot, wait_idle


def test_the_system_page_reports_health_without_server_paths(app_url, page):
    page.goto(f"{app_url}/system")
    wait_idle(page)
    page.get_by_text("系统状态正常。").wait_for()
    page.locator('[data-testid="stDataFrame"] [role="gridcell"]:has-text("全部读取无误")').first.wait_for(state="attached")
    page.locator('[data-testid="stDataFrame"] [role="gridcell"]:has-text("磁盘空间")').first.wait_for(state="attached")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "/tmp" not in text and ".duckdb" not in text
    assert_cjk_glyphs(page)
    screenshot(page, "system_status", height=700)
