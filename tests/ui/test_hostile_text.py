"""User text and URL text show as text on every page (issue #13 item 8).

Every free-text column of the store gets a hostile suffix (markdown bold, a link, inline HTML), the URL gets
hostile values, and every page (and the duty page's tabs, a hazard's detail, the wall screen) is rendered
through the entry script. No element that Streamlit renders as markdown (messages, captions, labels, help,
tab and expander labels, metrics, badges) may carry the markup unescaped: escaped by ``ui.plain`` it reads
``\\*\\*粗体\\*\\*`` and ``\\[点我\\]\\(``, which Streamlit draws as the characters typed.
"""

from __future__ import annotations

import re

import pytest

import apptest
from apptest import open_page
from markup import HOSTILE, markdown_leaks

app_db = apptest.app_db

# free text people type (or import), by table; keys, codes and enumerations are left alone
TEXT_COLUMNS = {
    "hazards": ("township", "enterprise", "location", "description", "measures", "resp_unit", "resp_person",
                "interim_measures", "verifier", "listing_unit", "listing_doc", "remark"),
    "fire_units": ("name", "address", "description", "resp_unit", "resp_person", "supervising_dept",
                   "fire_brigade", "interim_measures", "listing_doc", "clauses"),
    "fire_unit_milestones": ("name",),
    "fire_incidents": ("name", "address"),
    "duty_periods": ("name", "short_name"),
    "duty_reports": ("leader", "leader_title", "officer", "details", "key_matters", "reporter"),
    "duty_roster": ("leader", "leader_title", "officer"),
    "incidents": ("source", "place", "trend", "measures", "description"),
    "warnings": ("kind", "issued_by", "content"),
    "dispatch_log": ("actor", "content", "response"),
    "groups": ("leader", "leader_org", "lead_unit"),
    "group_members": ("name", "org"),
    "group_changes": ("old_value", "new_value", "reason"),
    "tasks": ("coop_depts", "note"),
    "audit_events": ("actor", "reason"),
    "users": ("name",),  # the signed-in person's name, in the sidebar's 当前用户 and on the pages that name them
}


@pytest.fixture
def hostile_db(app_db):
    for table, columns in TEXT_COLUMNS.items():
        sets = ", ".join(f"{c} = {c} || ?" for c in columns)
        apptest.sql(app_db, f"UPDATE {table} SET {sets}", [HOSTILE] * len(columns))
    apptest.sql(app_db, "INSERT INTO imports (kind, file_name, actor, imported_at, rows_total, rows_added) VALUES "
                        "('hazards', ?, ?, TIMESTAMP '2021-05-03 09:00', 3, 3)",
                [f"清单{HOSTILE}.xlsx", f"联络员{HOSTILE}"])
    apptest.sql(app_db, "INSERT INTO evidence (entity, entity_id, action, stage, audit_id, file_name, mime, size, sha256,"
                        " data, uploaded_at, uploaded_by) SELECT 'hazard', entity_id, action, '整改后', max(id), ?,"
                        " 'application/pdf', 9, '-', '%PDF-1.4'::BLOB, TIMESTAMP '2021-05-03 09:00', ? FROM audit_events"
                        " WHERE entity = 'hazard' AND entity_id = 'YH2021-000001' GROUP BY entity_id, action LIMIT 1",
                [f"{HOSTILE}.pdf", f"李娜{HOSTILE}（县区填报员）"])  # a step's file, named by the phone that sent it
    return app_db


def _pages() -> list[str]:
    source = (apptest.ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    return re.findall(r'st\.Page\("(app_pages/[a-z_]+\.py)"', source)


VIEWS = [(page, {}) for page in _pages()] + [
    ("app_pages/hazards.py", {"hazards.id": "YH2021-000001"}),
    ("app_pages/hazards.py", {"hazards.q": "[点我](//elsewhere) **粗体**"}),
    ("app_pages/hazards.py", {"hazards.id": "[点我](//elsewhere) **粗体**"}),
    ("app_pages/fire_units.py", {"fire_units.id": "ZDHZ-01"}),
    ("app_pages/tasks.py", {"tasks.id": "1"}),
    *[("app_pages/duty.py", {"duty.tab": tab}) for tab in ("事故（事件）", "预警信息", "调度记录", "值班表")],
    ("app_pages/overview.py", {"kiosk": "1", "views": "[点我](//elsewhere.example)"}),
    ("app_pages/overview.py", {"kiosk": "1", "views": "overview:60", "refresh": "**粗体**"}),
]


def test_every_page_is_listed():
    assert len(_pages()) >= 12


@pytest.mark.parametrize("page, params", VIEWS, ids=[f"{p.split('/')[-1][:-3]}{sorted(q.items())}" for p, q in VIEWS])
def test_hostile_text_in_the_store_and_the_url_is_shown_as_text(hostile_db, page, params):
    at = open_page(page, params)
    assert not markdown_leaks(at)


def test_the_walls_url_warning_shows_the_link_as_text(app_db):
    """The wall's strip is HTML made by the wall (dashboard/ui/wall): the URL's text escaped, never a link."""
    at = open_page("app_pages/overview.py", {"kiosk": "1", "views": "<a href='//elsewhere.example'>点我</a>"})
    strip = next(h.proto.body for h in at.get("html") if "大屏链接参数有误" in h.proto.body)
    assert "&lt;a href=&#x27;//elsewhere.example&#x27;&gt;点我&lt;/a&gt;" in strip and "<a " not in strip


def test_the_leak_check_sees_unescaped_markup():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(f"import streamlit as st\nst.success('已添加{HOSTILE}')\nst.caption('x')").run()
    assert markdown_leaks(at) == [("success", f"已添加{HOSTILE}")]
