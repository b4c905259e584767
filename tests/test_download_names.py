"""Every download the pages offer has a Chinese file name that says what it holds (title, scope, filters)
and the date: no English in it (issue 12 item 7: 值班报送情况_2021-labour-day.xlsx mixed English)."""

from __future__ import annotations

import re
from pathlib import Path

import apptest
import pytest
from apptest import open_page

app_db = apptest.app_db
PAGES = sorted(p.name for p in (Path(__file__).resolve().parents[1] / "app_pages").glob("*.py"))
LATIN = re.compile(r"[A-Za-z]")


def _names(monkeypatch) -> list[str]:
    from streamlit.runtime.media_file_manager import MediaFileManager

    names = []
    deferred, direct = MediaFileManager.add_deferred, MediaFileManager.add

    def keep_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        names.append(file_name)
        return deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    def keep_direct(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if is_for_static_download:
            names.append(file_name)
        return direct(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_deferred)
    monkeypatch.setattr(MediaFileManager, "add", keep_direct)
    return names


@pytest.mark.parametrize("page", PAGES)
def test_download_file_names_are_chinese(app_db, monkeypatch, page):
    names = _names(monkeypatch)
    open_page(f"app_pages/{page}", {"county": ["旬阳市"]})
    for name in names:
        stem, _, ext = name.rpartition(".")
        assert ext in ("xlsx", "docx", "csv"), name
        assert not LATIN.search(stem), f"{page}: {name}"
        assert re.search(r"_20210503$", stem) or "模板" in stem, name  # dated, except the blank templates


def test_the_duty_page_names_its_files(app_db, monkeypatch):
    names = _names(monkeypatch)
    open_page("app_pages/duty.py", {"county": ["旬阳市"]})
    assert "安康市“五一”假期安全生产值班日报_20210503.docx" in names
    assert "安康市“五一”假期安全生产值班日报_20210503.xlsx" in names
    assert any(n.startswith("安康市") and "值班报送情况_旬阳市_20210503" in n for n in names), names
