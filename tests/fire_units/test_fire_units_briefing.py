"""The progress briefing (.docx) opened back: its "全市尚有…" sentence is the city's, whatever the page's
scope and filters; a scoped or filtered briefing names them in its title and lists only their units
(issue 12 item 2: with 只看已逾期 on it said 3, scoped to 旬阳市 2; the city has 14)."""

from __future__ import annotations

import io
import re
from datetime import datetime

import apptest
import pytest
from apptest import capture_downloads, open_page
from docx import Document

from dashboard import fire_units as fu

AS_OF = datetime(2021, 5, 3, 17)
XUNYANG = "610981"
app_db = apptest.app_db


def _read(data: bytes) -> tuple[str, str, list[list[str]]]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    (table,) = document.tables
    return paragraphs[0], "\n".join(paragraphs[1:]), [[c.text for c in r.cells] for r in table.rows[1:]]


def _city_sentence(text: str) -> tuple[int, int, int]:
    found = re.search(r"全市尚有重大火灾隐患单位(\d+)家未销案，其中挂牌督办(\d+)家.*已超过整改期限(\d+)家", text)
    assert found, text
    return tuple(int(n) for n in found.groups())


@pytest.mark.parametrize("scope, label, filters, title_suffix, rows", [
    ((), "全市", {}, "", 14),
    ((), "全市", {"overdue_only": True}, "（已逾期）", 3),
    ((XUNYANG,), "旬阳市", {}, "（旬阳市）", 2),
    ((XUNYANG,), "旬阳市", {"listed": fu.LISTED_YES, "statuses": ("整改中",)}, "（旬阳市；挂牌督办；整改中）", None),
])
def test_the_city_sentence_is_the_citys_and_the_title_names_the_narrowing(demo_store, scope, label, filters,
                                                                           title_suffix, rows):
    title, text, table = _read(fu.briefing_docx(demo_store, as_of=AS_OF, scope=scope, scope_label=label, **filters))
    assert _city_sentence(text) == (14, 5, 3)
    assert title == "安康市重大火灾隐患整改进展情况" + title_suffix
    expected = fu.filter_board(fu.board(demo_store, AS_OF.date(), scope), **filters)
    assert [r[2] for r in table] == list(expected["name"])
    if rows is not None:
        assert len(table) == rows
    if title_suffix:
        assert f"下表按当前范围和筛选{title_suffix}列出{len(expected)}家" in text
    else:
        assert "下表按当前范围" not in text


def test_the_page_hands_its_scope_and_filters_to_the_briefing(app_db, monkeypatch):
    built = capture_downloads(monkeypatch)
    open_page("app_pages/fire_units.py", {"county": "旬阳市", "fire.overdue": "true"})
    docx = next(b() for b in built if b()[:2] == b"PK" and b"word/" in b())
    title, text, table = _read(docx)
    assert title == "安康市重大火灾隐患整改进展情况（旬阳市；已逾期）"
    assert _city_sentence(text) == (14, 5, 3)
    assert all(r[1] == "旬阳市" for r in table)
    opened = open_page("app_pages/fire_units.py", {"county": "旬阳市"})
    assert len(next(d.value for d in opened.dataframe if "单位名称" in d.value.columns)) == 2  # the page's list
