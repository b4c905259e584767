"""Another kind's import in a real browser: on 重大火灾隐患 → 导入, a county brigade's own list (title naming the
county, its own headers, no 判定方式 or 状态) is chosen, previewed — each column's reading, what was inferred,
the rows as they will be stored — and confirmed; its units are then on the page's list. Nothing leaves the
machine (the page fixture fails the test otherwise)."""

import sys
from pathlib import Path

from browser_helpers import assert_cjk_glyphs, screenshot, wait_idle

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import" / "real"))
from make_real_kinds import write_kinds  # noqa: E402

NAME = "f01_重大火灾隐患_旬阳县_标题县区.xlsx"


def test_a_county_fire_unit_list_previewed_then_imported(app_url, page, tmp_path):
    path = write_kinds(tmp_path)[NAME]
    page.set_default_timeout(60_000)
    page.goto(f"{app_url}/fire_units")
    wait_idle(page)
    page.get_by_text("导入重大火灾隐患单位清单（Excel / CSV）").click()
    panel = page.locator('[data-testid="stExpander"]').filter(has_text="导入重大火灾隐患单位清单")
    panel.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    panel.get_by_text(".xlsx").first.wait_for()  # the chosen file's chip (its name shortened in the middle)
    wait_idle(page)
    panel.get_by_role("button", name="预览").click()
    wait_idle(page)
    page.get_by_text("导入预览：" + path.name).wait_for()
    page.get_by_text("县区：取自标题").first.wait_for()
    page.get_by_text("判定方式：文件未写，按判定条款推断为“直接判定”：2 家").wait_for()
    page.locator('[data-testid="stDataFrame"] [role="gridcell"]:has-text("重大火灾隐患内容")').first.wait_for(
        state="attached")
    assert_cjk_glyphs(page)
    screenshot(page, "fire_units_import_preview", height=2600)
    page.get_by_role("button", name="确认导入").click()
    wait_idle(page)
    page.get_by_text(f"重大火灾隐患单位导入完成：{path.name} 共 3 行，新增 3 家").first.wait_for()
    page.locator('[data-testid="stDataFrame"] [role="gridcell"]:has-text("旬阳市棕溪镇农资仓库")').first.wait_for(
        state="attached")
    screenshot(page, "fire_units_imported", height=1400)
