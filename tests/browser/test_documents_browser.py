"""A numbered document in a real browser, offline: a 约谈通知书 issued from a flagged group's detail, listed on the
group with its 文号, and its Word file downloaded and opened back exactly as the register keeps it."""

import io
from urllib.parse import quote

from docx import Document

from browser_helpers import screenshot, wait_idle
from deep_link import open_deep_link

GROUP = "第四暗访督查组（驻宁陕县）"


def test_an_interview_notice_is_issued_listed_and_downloaded(page, app_url):
    open_deep_link(page, app_url, f"/groups?groups.group={quote(GROUP)}")
    page.get_by_role("button", name="印发约谈通知书").wait_for()
    page.get_by_role("button", name="印发约谈通知书").click()
    page.get_by_text(f"《关于约谈{GROUP}组长的通知》").first.wait_for()
    wait_idle(page)
    card = page.locator('[data-testid="stVerticalBlock"]').filter(has_text="约谈通知书 · 第1版").last
    number = card.inner_text().split()[0]
    assert number.startswith("安安委办函〔2021〕") and number.endswith("号")
    assert "印发：2021-05-03 17:00 陈建华（市安委办）" in card.inner_text()
    assert page.get_by_role("button", name="印发约谈通知书").count() == 0  # issued: now only 重新印发
    screenshot(page, "documents_group")

    with page.expect_download() as caught:
        page.get_by_role("button", name="下载 Word").first.click()
    download = caught.value
    assert download.suggested_filename.startswith(f"{number}_关于约谈{GROUP}组长的通知")
    document = Document(io.BytesIO(open(download.path(), "rb").read()))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[:4] == ["安康市安全生产委员会办公室文件", number, f"关于约谈{GROUP}组长的通知", "市消防救援支队："]
