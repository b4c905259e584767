"""数据管理's 导入记录 through the entry script: an import made on 隐患台账 (and a roster on 假期值班) is listed
with its file, who (the signed-in user) and when; its original downloads as it was; 撤销导入 asks for a reason and
a confirmation, takes the import back (the ledger's count as before) and marks it 已撤销 by the signed-in user; a
refusal says which rows changed."""

from __future__ import annotations

import sys
from pathlib import Path

import apptest
import pytest
from apptest import capture_downloads, open_page, user_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "duty"))
from duty_cases import roster_xlsx  # noqa: E402
from make_corpus import write_corpus  # noqa: E402

app_db = apptest.app_db
PAGE = "app_pages/data.py"
K = "data.imports."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def _hazards(db) -> int:
    return apptest.sql(db, "SELECT count(*) FROM hazards")[0][0]


def _import_hazards(path: Path):
    key = "hazards.import."
    at = open_page("app_pages/hazards.py")
    at.file_uploader(key=key + "upload").set_value((path.name, path.read_bytes(), "application/octet-stream"))
    at = at.button(key=key + "start").click().run()
    at = next(b for b in at.button if b.key == key + "confirm").click().run()
    assert not at.exception, at.exception
    return at


def _undo(at, *, reason="导错了文件", sure=True):
    at.text_input(key=K + "undo.reason").set_value(reason)
    at.checkbox(key=K + "undo.sure").set_value(sure)
    at = next(b for b in at.button if b.label == "撤销导入").click().run()
    assert not at.exception, at.exception
    return at


def test_an_import_on_the_ledger_is_listed_downloaded_and_undone(app_db, corpus, monkeypatch):
    path = corpus["good_variants.xlsx"]
    before = _hazards(app_db)
    _import_hazards(path)
    assert _hazards(app_db) == before + 4

    built = capture_downloads(monkeypatch)
    at = open_page(PAGE)
    table = at.dataframe[0].value
    who = user_of(at).label
    assert list(table.iloc[0][["类型", "文件", "导入人", "行数", "新增", "状态"]]) == [
        "隐患", "good_variants.xlsx", who, 4, 4, "已导入"]
    download = next(b for b in at.get("download_button") if "下载原件" in b.proto.label)
    assert download.proto.label.replace("\\", "") == "下载原件：good_variants.xlsx"  # escaped: shown as typed
    assert built and built[-1]() == path.read_bytes()  # the original, byte for byte

    at = _undo(at, sure=False)  # no confirmation: nothing happens
    assert [w.value for w in at.warning][0] == "请先勾选确认，再撤销。" and _hazards(app_db) == before + 4
    at = _undo(at)
    assert any("已撤销第" in s.value and "删除或恢复 4 条记录" in s.value for s in at.success), [s.value for s in at.success]
    assert _hazards(app_db) == before  # the ledger's count back
    table = at.dataframe[0].value
    assert table["状态"].iloc[0] == "已撤销" and f"{who}：导错了文件" in table["撤销"].iloc[0]
    assert apptest.sql(app_db, "SELECT actor, actor_login, reason FROM audit_events WHERE action = '撤销导入'") == [
        (who, "office", "导错了文件")]


def test_a_refusal_names_the_changed_rows(app_db, corpus):
    _import_hazards(corpus["good_variants.xlsx"])
    hid = apptest.sql(app_db, "SELECT min(id) FROM hazards WHERE import_id = (SELECT max(id) FROM imports)")[0][0]
    apptest.sql(app_db, "UPDATE hazards SET remark = '改过' WHERE id = ?", [hid])
    count = _hazards(app_db)
    at = _undo(open_page(PAGE))
    said = [e.value.replace("\\", "") for e in at.error]
    assert any(s.startswith("未撤销：第") and f"{hid}（已被修改）" in s for s in said), said
    assert _hazards(app_db) == count


def test_a_roster_import_is_undone_from_the_page(app_db):
    def leader():
        return apptest.sql(app_db, "SELECT leader FROM duty_roster WHERE unit_code = '610981'"
                                   " AND duty_date = DATE '2021-05-04'")[0][0]

    old = leader()
    at = open_page("app_pages/duty.py", {"duty.tab": "值班表"}, user="duty")  # a 值班员 imports the roster
    key = "duty.s.import."
    at.file_uploader(key=key + "upload").set_value(("值班表.xlsx", roster_xlsx([
        ["2021/5/4", "旬阳县", "王五", "副市长", "13900000001", "赵六", "13900000002", "0915-7212345"]]),
        "application/octet-stream"))
    at.button(key=key + "start").click().run()
    assert leader() == "王五"
    at = open_page(PAGE)
    assert list(at.dataframe[0].value.iloc[0][["类型", "导入人", "替换", "状态"]]) == ["值班表", "张伟（值班员）", 1, "已导入"]
    at = _undo(at)
    assert leader() == old
