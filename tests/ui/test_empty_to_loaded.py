"""From an empty store (``python -m dashboard init``) to a city: one import of each kind, through the import
machinery every page and the CLI use (each kind's own template, filled in as an office would), and a holiday
period added as the duty page adds it — then every page shows what was loaded: no empty state left, its tiles
measured, its charts drawn. Through the entry script, signed in as the office."""

from __future__ import annotations

import io
from datetime import date, timedelta

import apptest
import openpyxl

from dashboard import contents, duty, roles
from dashboard.__main__ import import_kinds
from dashboard.db import Store
from dashboard.ingest import kinds

empty_db = apptest.empty_db
ORDER = ("groups", "group_visits", "group_changes", "group_interviews", "hazards", "fire_units", "fire_unit_plans",
         "fires", "tasks")  # the README's loading order: a hazard list names its group, a plan its unit


def _plans_for(unit_name: str, data: bytes) -> bytes:
    """The plans template with its example row naming the unit this store has."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("单位名称") + 1, value=unit_name)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_empty_store_becomes_a_city_one_import_of_each_kind(empty_db):
    store = Store.open(empty_db)
    office = roles.User("office", "陈建华", roles.OFFICE)
    try:
        found = import_kinds()
        for word in ORDER:
            kind = found[word]
            data = kinds.template(kind, store)
            if word == "fire_unit_plans":
                data = _plans_for(store.scalar("SELECT name FROM fire_units LIMIT 1"), data)
            done = kinds.run(kind, store, data, kind.template_name, office)
            assert done.ok and done.added >= 1, (word, done.result.errors.to_dict("records") if not done.ok else done)
        today = store.as_of().date()
        duty.add_period(store, {"name": "元旦", "short_name": "元旦", "start_date": today - timedelta(days=1),
                                "end_date": today + timedelta(days=1)}, office)
    finally:
        store.close()

    for page in ("app_pages/overview.py", "app_pages/map.py", "app_pages/hazards.py", "app_pages/fire_units.py",
                 "app_pages/duty.py", "app_pages/ranking.py", "app_pages/groups.py", "app_pages/fires.py",
                 "app_pages/tasks.py", "app_pages/data.py"):
        at = apptest.open_page(page)
        text = "\n".join(e.value for kind in ("markdown", "caption", "text", "info") for e in at.get(kind))
        missing = [kind.key for kind in contents.KINDS if f"还没有{kind.noun}" in text]  # each kind's empty state
        assert missing == [], (page, missing)
        figures = apptest.metrics(at)
        assert not figures or any(v != "—" for v in figures.values()), (page, figures)
    overview = apptest.metrics(apptest.open_page(None))
    assert overview["未销号隐患"] == "1" and overview["未销案重大火灾隐患单位"] == "1", overview
