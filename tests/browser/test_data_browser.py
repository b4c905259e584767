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
    page.locator('[data-testid="stDataFrame"]').last.wait_for()  # the backups' table (导入记录's may be above it)
    # the grid draws on a canvas; its accessible table carries the cells
    page.locator(f'[data-testid="stDataFrame"] [role="gridcell"]:has-text("{name}")').first.wait_for(state="attached")
    page.locator('[data-testid="stDataFrame"] [role="gridcell"]:has-text("已校验")').first.wait_for(state="attached")
    assert_cjk_glyphs(page)
    screenshot(page, "data_backup", height=1100)


def test_an_import_is_listed_downloaded_and_undone(app_url, page, tmp_path):
    """A hazard list imported on 隐患台账 shows on 数据管理 with its file; the original downloads as it was;
    撤销导入 (reason, confirmation) takes it back and the row says 已撤销."""
    from pathlib import Path

    data = ("发现时间,检查组,来源,县区,单位名称,行业领域,隐患描述,隐患等级,治理类型,整改期限\r\n"
            "2021-04-20,第一组,进驻式暗访督查,汉滨区,撤销测试商贸有限公司,消防,疏散通道堆放杂物,一般,限期整改,2021-05-30\r\n"
            "2021-04-21,第一组,进驻式暗访督查,汉滨区,撤销测试物流有限公司,消防,灭火器过期,一般,限期整改,2021-05-31\r\n")
    path = tmp_path / "撤销测试清单.csv"
    path.write_bytes(data.encode("utf-8-sig"))
    page.set_default_timeout(60_000)
    page.goto(f"{app_url}/hazards")
    wait_idle(page)
    page.get_by_text("导入隐患清单（Excel / CSV）").click()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').get_by_text(path.name).wait_for()
    wait_idle(page)
    page.get_by_role("button", name="预览").click()
    wait_idle(page)
    page.get_by_role("button", name="确认导入").click()
    wait_idle(page)
    page.get_by_text(f"导入完成：{path.name} 共 2 行，新增 2 条").first.wait_for()

    page.goto(f"{app_url}/data")
    wait_idle(page)
    page.get_by_role("heading", name="导入记录").wait_for()
    page.locator('[data-testid="stDataFrame"] [role="gridcell"]:has-text("撤销测试清单.csv")').first.wait_for(
        state="attached")
    with page.expect_download() as info:
        page.get_by_role("button", name=f"下载原件：{path.name}").click()
    assert Path(info.value.path()).read_bytes() == path.read_bytes()
    assert info.value.suggested_filename == path.name
    assert_cjk_glyphs(page)
    screenshot(page, "data_imports", height=1400)

    page.get_by_label("撤销原因", exact=True).fill("导错了文件")
    page.get_by_text("我已确认要撤销这次导入的全部记录").click()
    page.get_by_role("button", name="撤销导入").click()
    wait_idle(page)
    page.get_by_text("删除或恢复 2 条记录").first.wait_for()
    page.locator('[data-testid="stDataFrame"] [role="gridcell"]:has-text("已撤销")').first.wait_for(state="attached")
    screenshot(page, "data_imports_undone", height=1400)
