"""One 约谈 typed on 督查组评价 in a real browser, offline: the form under 导入 (its group picked from the store's
groups, the day today, （必填） marked), 登记, the success line naming the record, and the 约谈 in the group's
detail. It writes only a 约谈 of 第七组, which no other browser test reads (the 约谈 rule counts no 约谈 records)."""

from urllib.parse import quote

from browser_helpers import assert_cjk_glyphs, screenshot, wait_idle
from deep_link import open_deep_link

G7 = "第七暗访督查组（驻平利县）"


def test_a_talk_typed_in_its_form_shows_in_the_groups_detail(page, app_url):
    open_deep_link(page, app_url, "/groups?groups.group=" + quote(G7))
    page.get_by_text("没有约谈记录。").first.wait_for()  # the group's detail, no 约谈 yet
    panel = page.locator('[data-testid="stExpander"]').filter(has_text="逐次登记约谈").first
    panel.locator("summary").first.click()
    picker = panel.get_by_role("combobox", name="督查组（必填）")
    picker.scroll_into_view_if_needed()  # a click that has to scroll first only focuses the box
    page.wait_for_timeout(300)
    picker.click()
    page.get_by_role("option", name=G7, exact=True).click()
    day = [panel.get_by_role("spinbutton", name=f"{part}, 约谈日期（必填）").get_attribute("aria-valuenow")
           for part in ("year", "month", "day")]
    assert day == ["2021", "5", "3"]  # the as-of day
    panel.get_by_label("约谈人", exact=True).fill("市安委办副主任")
    panel.get_by_label("被约谈人", exact=True).fill("组长、联络员")
    panel.get_by_label("约谈事由（必填）").fill("本月暗访检查次数偏少")
    panel.get_by_label("文号", exact=True).fill("安安办约〔2021〕7号")
    assert_cjk_glyphs(page)
    screenshot(page, "record_form_interview")
    panel.get_by_role("button", name="登记").click()
    done = page.get_by_text(f"已登记督查组约谈记录：{G7}，2021-05-03，本月暗访检查次数偏少", exact=False)
    done.wait_for()
    wait_idle(page)
    page.get_by_text("事由：本月暗访检查次数偏少", exact=True).wait_for()  # the group's detail shows it
    page.get_by_text("约谈人：市安委办副主任", exact=True).wait_for()
    assert panel.get_by_label("约谈事由（必填）").input_value() == ""  # the form starts empty again
    done.scroll_into_view_if_needed()  # the success line over the emptied form, the 约谈 in the detail below
    screenshot(page, "record_form_interview_shown", height=2400)
