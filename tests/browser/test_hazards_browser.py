"""隐患台账 in a real browser: the meeting's three filters, the link that reopens the same view, the Excel
export, and a hazard opened from the table and closed through 提交整改完成 + 复核合格, every step in its history."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from browser_helpers import IDLE, assert_cjk_glyphs, click_first_row, download_workbook, screenshot, wait_idle
from conftest import guarded_context
from photos import phone_photo
from office_files import office_sheet, sheet_records
from deep_link import open_deep_link


def _pick(page, label: str, option: str, *, scope=None) -> None:
    """Choose ``option`` in the select / multiselect labelled ``label``."""
    where = scope or page
    box = where.locator('[data-testid="stMultiSelect"], [data-testid="stSelectbox"]').filter(has_text=label).first
    for _ in range(3):  # on a busy machine the list can open late and the click miss it: check, and try again
        box.locator("input").first.click()
        page.locator('[role="option"]').filter(has_text=option).first.click()
        page.keyboard.press("Escape")
        wait_idle(page)
        if box.get_attribute("data-testid") != "stMultiSelect" or option in box.inner_text():
            return  # a multiselect shows its choices as tags (a selectbox may be reset by the action it starts)
    raise AssertionError(f"could not choose {option} in {label}")


def _see(page, text: str) -> None:
    """Wait for ``text``; on a timeout keep a screenshot of what the page showed instead."""
    try:
        page.get_by_text(text).first.wait_for()
    except Exception:
        screenshot(page, "hazards_failed")
        raise


def _metric(page, label: str) -> str:
    tile = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _fill(page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")


def test_filter_link_export_open_and_close(page, app_url, browser, signed_in, tmp_path):
    page.set_default_timeout(60_000)  # the machine may be busy; every wait is for a state, never a time
    page.goto(app_url)
    wait_idle(page)
    page.get_by_role("link", name="隐患台账").click()
    page.get_by_text("复制链接").first.wait_for()
    wait_idle(page)
    assert_cjk_glyphs(page)

    # the meeting's three choices: county (sidebar scope), sector, the 逾期 flag; after each, wait for
    # what only the new view shows (the idle marker alone can be stale right after a click)
    _pick(page, "县区范围", "旬阳市", scope=page.locator('[data-testid="stSidebar"]'))
    _see(page, "当前筛选：县区：旬阳市")
    _pick(page, "行业领域", "消防")
    _see(page, "县区：旬阳市；行业领域：消防")
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text="逾期").first.click()
    wait_idle(page)
    _see(page, "县区：旬阳市；行业领域：消防；标记：逾期")
    count = _metric(page, "筛选结果")
    assert count == _metric(page, "逾期未整改") and int(count) > 0
    screenshot(page, "hazards_filtered")

    # the link carries every filter and reopens the same view in another browser context
    params = parse_qs(urlparse(page.url).query)
    assert params["county"] == ["旬阳市"] and params["hazards.sector"] == ["消防"] and params["hazards.flags"] == ["逾期"]
    other = guarded_context(browser, signed_in("office"))  # another signed-in browser
    try:
        again = other.new_page()
        link = urlparse(page.url)
        open_deep_link(again, app_url, f"{link.path}?{link.query}")
        again.get_by_text("县区：旬阳市；行业领域：消防；标记：逾期").first.wait_for()
        assert _metric(again, "筛选结果") == count
    finally:
        other.close()

    # export the filtered set as Excel and read it back
    name, book = download_workbook(page, "导出 Excel")
    assert name == "安康市隐患台账_县区：旬阳市；行业领域：消防；标记：逾期_20210503.xlsx"
    sheet = book.worksheets[0]
    office_sheet(sheet, title="安康市隐患台账（县区：旬阳市；行业领域：消防；标记：逾期）", made_at="2021年5月3日 17:00")
    assert "数据截至 2021-05-03 17:00" in sheet["A2"].value
    exported_ids = [row["隐患编号"] for row in sheet_records(sheet)]
    assert len(exported_ids) == int(count)

    # open the first hazard by selecting its row in the table
    click_first_row(page)
    hazard_id = exported_ids[0]
    page.get_by_text("历史记录", exact=True).wait_for()
    assert page.get_by_label("隐患编号", exact=True).input_value() == hazard_id
    assert parse_qs(urlparse(page.url).query)["hazards.id"] == [hazard_id]

    # 提交整改完成, then 复核合格 -> 已销号
    _pick(page, "操作", "提交整改完成")
    page.get_by_role("button", name="确认提交整改完成").click()
    wait_idle(page)
    _see(page, "当前状态“整改完成待复核”")
    _pick(page, "操作", "复核合格")
    page.get_by_label("复查验收人", exact=True).fill("复查员")
    photo = tmp_path / "复查现场.jpg"  # a 重大隐患 is closed only with its after photo (dashboard/evidence)
    photo.write_bytes(phone_photo())
    page.locator('[data-testid="stFileUploader"]').filter(has_text="复查照片或验收材料").locator(
        'input[type="file"]').set_input_files(str(photo))
    page.locator('[data-testid="stFileChipName"]', has_text="复查现场.jpg").first.wait_for()
    page.get_by_role("button", name="确认复核合格").click()
    wait_idle(page)
    _see(page, "当前状态“已销号”")
    page.get_by_text("复核合格", exact=True).first.wait_for()
    page.get_by_text("提交整改完成", exact=True).first.wait_for()
    page.locator(IDLE).wait_for()
    assert int(_metric(page, "筛选结果")) == int(count) - 1     # closed: no longer overdue
    page.get_by_text("陈建华（市安委办）　整改完成待复核 → 已销号").first.wait_for()  # the signed-in user
    page.get_by_role("button", name="查看原图").first.wait_for()  # the photo under its step
    screenshot(page, "hazards_closed")


def _open_import(page, app_url: str) -> None:
    """隐患台账 opened from the navigation, its 导入隐患清单 expander open."""
    page.set_default_timeout(60_000)
    page.goto(app_url)
    wait_idle(page)
    page.get_by_role("link", name="隐患台账").click()
    page.get_by_text("复制链接").first.wait_for()
    wait_idle(page)
    page.get_by_text("导入隐患清单（Excel / CSV）").click()


def test_clerk_imports_a_groups_excel(page, app_url, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import"))
    from make_corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus")
    _open_import(page, app_url)
    _, template = download_workbook(page, "下载导入模板")
    assert template.sheetnames[:2] == ["数据", "填写说明"]

    # a bad file: refused whole, with the table of problems
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(corpus["bad_dates.xlsx"]))
    page.locator('[data-testid="stFileUploader"]').get_by_text("bad_dates.xlsx").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="预览").click()
    wait_idle(page)
    page.get_by_text("整个文件未导入，数据库没有任何改动").first.wait_for()
    page.get_by_role("button", name="下载问题清单").wait_for()
    assert page.get_by_role("button", name="确认导入").is_disabled()
    screenshot(page, "hazards_import_refused")

    # the group's real list: title row, variant headers, dates as typed, unit aliases
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(corpus["good_variants.xlsx"]))
    page.locator('[data-testid="stFileUploader"]').get_by_text("good_variants.xlsx").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="预览").click()
    wait_idle(page)
    page.get_by_text("导入预览：good_variants.xlsx").wait_for()
    page.get_by_role("button", name="确认导入").click()
    wait_idle(page)
    _see(page, "导入完成：good_variants.xlsx 共 4 行，新增 4 条")
    # the imported numbered hazard opens with its 登记 step in the history
    page.get_by_label("隐患编号", exact=True).fill("YH2021-IMP001")
    page.get_by_label("隐患编号", exact=True).press("Enter")
    wait_idle(page)
    page.get_by_text("历史记录", exact=True).wait_for()
    page.get_by_text("陈建华（市安委办）　→ 待整改").first.wait_for()  # the signed-in importer
    screenshot(page, "hazards_imported")


def test_a_groups_own_list_is_previewed_mapped_and_imported(page, app_url, tmp_path):
    """A list in the group's own layout (tests/data/import/real): the preview says how every column is read
    and what the title gave; a header holding two fields is mapped with its dropdown; then 确认导入."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import" / "real"))
    from make_real import write_real

    real = write_real(tmp_path / "real")
    _open_import(page, app_url)
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.set_input_files(str(real["r01_第二组_汉阴县_两行表头.xlsx"]))
    page.locator('[data-testid="stFileUploader"]').get_by_text("r01_").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="预览").click()
    wait_idle(page)
    page.get_by_text("检查组：取自标题").first.wait_for()
    page.get_by_text("治理类型：文件未写，按规则推断为“即查即改”1 条").first.wait_for()
    screenshot(page, "hazards_import_preview", height=2600)
    page.get_by_role("button", name="确认导入").click()
    wait_idle(page)
    _see(page, "新增 6 条")

    uploader.set_input_files(str(real["r08_第七组_一列两项.xlsx"]))
    page.locator('[data-testid="stFileUploader"]').get_by_text("r08_").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="预览").click()
    wait_idle(page)
    page.get_by_text("整个文件未导入").first.wait_for()  # the problem table below says 缺少必填列：单位名称
    choose = page.get_by_role("combobox", name="“单位名称/隐患部位”对应")
    choose.scroll_into_view_if_needed()   # a click that has to scroll first only focuses the box
    page.wait_for_timeout(300)
    choose.click()
    page.keyboard.type("单位名称")         # the list filtered to the one field, taken with Enter
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    wait_idle(page)
    page.get_by_text("列的对应：按手工指定").first.wait_for()
    screenshot(page, "hazards_import_mapped", height=2600)
    page.get_by_role("button", name="确认导入").click()
    wait_idle(page)
    _see(page, "新增 3 条")
