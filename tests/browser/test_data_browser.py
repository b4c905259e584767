"""数据管理 in a real browser: 立即备份 makes a verified backup and the table shows it; nothing leaves the machine."""

from browser_helpers import assert_cjk_glyphs, screenshot, wait_idle


def test_backup_now_from_the_browser(app_url, page):
    page.goto(f"{app_url}/data")
    wait_idle(page)
    page.get_by_role("heading", name="备份").wait_for()
    page.get_by_role("button", name="立即备份").click()
    done = page.get_by_text("已备份并校验：backup-")
    done.wait_for(timeout=60_000)
    name = done.inner_text().split("：", 1)[1].split("（", 1)[0]
    wait_idle(page)
    page.get_by_text(f"最新备份：{name}，刚刚，已校验。").wait_for()
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.wait_for()
    # the grid draws on a canvas; its accessible table carries the cells
    page.locator(f'[data-testid="stDataFrame"] [role="gridcell"]:has-text("{name}")').first.wait_for(state="attached")
    page.locator('[data-testid="stDataFrame"] [role="gridcell"]:has-text("已校验")').first.wait_for(state="attached")
    assert_cjk_glyphs(page)
    screenshot(page, "data_backup", height=1100)
