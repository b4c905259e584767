"""A record typed in a form is listed on 数据管理 as a one-row entry (逐条登记（表单）, who, the row added), its
original downloads as the kind's template holding the typed row, and 撤销导入 takes it back (AppTest, through the
entry script)."""

from __future__ import annotations

import io

import apptest
import openpyxl
from apptest import capture_downloads, open_page, user_of

app_db = apptest.app_db
KEY = "groups.entry.interview."
G3 = "第三暗访督查组（驻石泉县）"


def _talks(db) -> int:
    return apptest.sql(db, "SELECT count(*) FROM group_interviews")[0][0]


def test_a_typed_record_is_listed_downloaded_and_undone(app_db, monkeypatch):
    at = open_page("app_pages/groups.py")
    at.selectbox(key=KEY + "group").set_value(G3)
    at.text_area(key=KEY + "reasons").set_value("书面移交比例低于90%")
    at = at.button(key=KEY + "submit").click().run()
    assert not at.exception and _talks(app_db) == 1

    built = capture_downloads(monkeypatch)
    at = open_page("app_pages/data.py")
    row = at.dataframe[0].value.iloc[0]
    assert list(row[["类型", "文件", "导入人", "行数", "新增", "状态", "列的对应与选择"]]) == [
        "督查组约谈记录", "逐条登记-督查组约谈记录.xlsx", user_of(at).label, 1, 1, "已导入", "逐条登记（表单）"]
    sheet = openpyxl.load_workbook(io.BytesIO(built[-1]())).worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["督查组", "约谈日期"]
    assert [c.value for c in sheet[2]][:1] + [sheet.cell(2, 5).value] == [G3, "书面移交比例低于90%"]

    at.text_input(key="data.imports.undo.reason").set_value("登记错了")
    at.checkbox(key="data.imports.undo.sure").set_value(True)
    at = next(b for b in at.button if b.label == "撤销导入").click().run()
    assert not at.exception, at.exception
    assert any("已撤销第" in s.value for s in at.success), [s.value for s in at.success]
    assert _talks(app_db) == 0
