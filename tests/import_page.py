"""Driving a page's import panel (``ui.kit.import_panel``) in AppTest: choose a file and preview it, then confirm;
and the real-shaped files of the other kinds as a fixture (``real``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


def upload(at, key: str, path: Path, **options):
    """Choose ``path`` in the panel under ``key`` (and its upload choices ``options``: widget name -> value), press
    预览, run."""
    for name, value in options.items():
        at.selectbox(key=key + "opt." + name).set_value(value)
    at.file_uploader(key=key + "upload").set_value((path.name, path.read_bytes(), "application/octet-stream"))
    at = at.button(key=key + "start").click().run()
    assert not at.exception, at.exception
    return at


def confirm(at, key: str):
    """Press 确认导入 (it must be enabled: the preview found no problem), run."""
    button = next(b for b in at.button if b.key == key + "confirm")
    assert not button.disabled
    at = button.click().run()
    assert not at.exception, at.exception
    return at


def frame_with(at, *columns: str):
    """The first dataframe on the page that has all of ``columns``."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The real-shaped files of every kind besides hazards (tests/data/import/real/make_real_kinds.py), written
    afresh into a folder of the module's (import this fixture by name)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "data" / "import" / "real"))
    from make_real_kinds import write_kinds

    folder = tmp_path_factory.mktemp("real_kinds")
    write_kinds(folder)
    return folder
