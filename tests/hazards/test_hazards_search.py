"""The ledger's keyword on its prepared column and the page's figures from one scan: the column as migration 0006
writes it equals ``search.SEARCH_TEXT`` on every demo row and is stored uncompressed; an older file gets it on
open; 登记, imports and the demo fill it; a table of keywords (case, ids, wildcards, quotes, two fields, the
separator) against plain SQL over the four fields; a row without the text is still found; ``ledger`` equal
to ``filtered_summary``, every ``breakdown`` and ``table`` and to plain SQL; the page scans once per rerun."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import apptest
import pytest
from apptest import metrics, open_page

from dashboard import hazards as hz
from dashboard import roles, vocab
from dashboard.db import MIGRATIONS_DIR, Store
from dashboard.hazards import search

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import"))
from make_corpus import write_corpus  # noqa: E402

TODAY = date(2021, 5, 3)
app_db = apptest.app_db
NEW = {"found_date": date(2021, 4, 1), "unit_code": "610902", "source": vocab.SOURCE_GROUPS, "enterprise": "星河KTV",
       "sector": "消防", "location": "二楼包厢", "description": "疏散通道堵塞", "level": vocab.LEVEL_GENERAL,
       "treatment": vocab.TREAT_DEADLINE, "deadline": date(2021, 4, 20)}


def _missing(store: Store) -> int:
    """Rows whose text is not the expression's."""
    return store.scalar(f"SELECT count(*) FROM hazards WHERE search_text IS DISTINCT FROM {search.SEARCH_TEXT}")


def test_the_demo_text_is_the_expression_and_uncompressed(demo_store):
    assert demo_store.scalar("SELECT count(*) FROM hazards") > 1000 and _missing(demo_store) == 0
    migration = (MIGRATIONS_DIR / "0006_hazard_search_text.sql").read_text(encoding="utf-8")
    assert f"SET search_text = {search.SEARCH_TEXT};" in migration     # the migration writes the same expression
    demo_store.checkpoint()
    kinds = {r[0] for r in demo_store.rows("SELECT DISTINCT compression FROM pragma_storage_info('hazards') "
                                           "WHERE column_name = 'search_text' AND segment_type = 'VARCHAR'")}
    assert kinds == {"Uncompressed"}


def test_an_older_file_gets_the_text_on_open(demo_db_path, tmp_path):
    path = tmp_path / "old.duckdb"
    shutil.copy(demo_db_path, path)
    store = Store.open(path)
    store.write(lambda tx: tx.execute("DELETE FROM schema_version WHERE version = 6"), require_audit=False)
    store.write(lambda tx: tx.execute("ALTER TABLE hazards DROP COLUMN search_text"), require_audit=False)
    store.close()
    store = Store.open(path)  # upgraded in place
    try:
        assert 6 in store.applied_versions() and _missing(store) == 0
    finally:
        store.close()


def test_every_hazard_write_fills_the_text(demo_store, tmp_path):
    hid = hz.create(demo_store, NEW, roles.system("登记员"))
    assert demo_store.scalar("SELECT search_text FROM hazards WHERE id = ?", [hid]) == \
        f"{hid.lower()}\x1f星河ktv\x1f二楼包厢\x1f疏散通道堵塞"
    good = write_corpus(tmp_path / "corpus")["good_variants.xlsx"]
    done = hz.import_file(demo_store, good.read_bytes(), good.name, roles.system("导入员"))
    assert done.ok and done.added == 4
    assert _missing(demo_store) == 0


# -- keywords against plain SQL over the four fields ------------------------------------------------------
def _plain(store: Store, word: str, where: str = "TRUE") -> list[str]:
    word = word.strip().lower()
    return [r[0] for r in store.rows(
        f"SELECT id FROM hazards WHERE {where} AND (contains(lower(id), ?) OR contains(lower(enterprise), ?) OR "
        "contains(lower(coalesce(location, '')), ?) OR contains(lower(description), ?)) ORDER BY id", [word] * 4)]


@pytest.mark.parametrize("keyword, found", [
    ("仓库", True), ("  仓库 ", True),          # stripped
    ("ktv", True), ("KTV", True),              # letter case ignored both ways
    ("yh2021-0001", True), ("YH2021-00010", True),   # the number, any case
    ("加油站", True), ("消防通道", True),
    ("%", None), ("_", False), ("仓_", False),  # wildcards are letters (a description may hold a real %)
    ("'; DROP TABLE hazards; --", False),
    ("公司\x1f仓库", False),                     # the separator inside a keyword: searched field by field
    ("\x1f公司\x1f", True),                      # (at its ends it is whitespace to str.strip)
    ("zzzz", False),
])
def test_keywords_equal_plain_sql(demo_store, keyword, found):
    hz.create(demo_store, NEW, roles.system("登记员"))   # a KTV in this store for sure
    expected = _plain(demo_store, keyword)
    assert found is None or bool(expected) == found
    got = hz.ledger(demo_store, hz.HazardFilter(keyword=keyword), TODAY, limit=100_000)
    assert sorted(got.rows["id"]) == expected and got.summary["total"] == len(expected)
    assert sorted(hz.table(demo_store, hz.HazardFilter(keyword=keyword), TODAY, limit=100_000)["id"]) == expected


def test_a_keyword_never_spans_two_fields(demo_store):
    hid = hz.create(demo_store, NEW, roles.system("登记员"))  # 星河KTV | 二楼包厢
    assert hz.filtered_summary(demo_store, hz.HazardFilter(keyword="星河ktv二楼"), TODAY)["total"] == 0
    assert hz.filtered_summary(demo_store, hz.HazardFilter(keyword=f"{hid}星河"), TODAY)["total"] == 0
    assert hz.filtered_summary(demo_store, hz.HazardFilter(keyword="ktv"), TODAY)["total"] >= 1


def test_a_row_without_its_text_is_still_found(demo_store):
    hid = hz.create(demo_store, NEW, roles.system("登记员"))
    demo_store.write(lambda tx: tx.execute("UPDATE hazards SET search_text = NULL WHERE id = ?", [hid]),
                     require_audit=False)  # as a write that does not call search.fill would leave it
    for word in (hid, "星河KTV", "二楼包厢"):
        assert hid in list(hz.ledger(demo_store, hz.HazardFilter(keyword=word), TODAY).rows["id"])


# -- ledger: the page's figures from one scan ---------------------------------------------------------------
LEDGER_CASES = [
    hz.HazardFilter(),
    hz.HazardFilter(keyword="仓库"),
    hz.HazardFilter(keyword="有限", levels=(vocab.LEVEL_MAJOR,)),
    hz.HazardFilter(scope=("610902",), sectors=("消防",), flags=(vocab.FLAG_OVERDUE,)),
    hz.HazardFilter(statuses=(vocab.ST_CLOSED,)),
    hz.HazardFilter(flags=(vocab.FLAG_LISTED,), keyword="公司"),
    hz.HazardFilter(found_from=date(2021, 4, 1), found_to=date(2021, 4, 30), keyword="yh2021"),
    hz.HazardFilter(keyword="没有这样的隐患"),
]


@pytest.mark.parametrize("selection", LEDGER_CASES)
@pytest.mark.parametrize("limit", [500, 7])
def test_ledger_equals_the_single_answers(demo_store, selection, limit):
    got = hz.ledger(demo_store, selection, TODAY, limit=limit)
    assert got.summary == hz.filtered_summary(demo_store, selection, TODAY)
    for by in hz.BREAKDOWNS:
        assert got.breakdowns[by].equals(hz.breakdown(demo_store, selection, TODAY, by)), by
    assert got.rows.equals(hz.table(demo_store, selection, TODAY, limit=limit))


@pytest.mark.parametrize("selection", LEDGER_CASES)
def test_ledger_equals_plain_sql(demo_store, selection):
    cond, params = hz.conditions(selection, TODAY, prefix="")
    got = hz.ledger(demo_store, selection, TODAY)
    overdue = "status <> '已销号' AND deadline < DATE '2021-05-03'"
    total, open_, late, major, listed, closed = demo_store.rows(
        f"SELECT count(*), count(*) FILTER (WHERE status <> '已销号'), count(*) FILTER (WHERE {overdue}),"
        " count(*) FILTER (WHERE level = '重大隐患'), count(*) FILTER (WHERE listing_level <> '未挂牌' AND status <> '已销号'),"
        f" count(*) FILTER (WHERE status = '已销号') FROM hazards WHERE {cond}", params)[0]
    assert {k: got.summary[k] for k in ("total", "open", "overdue", "major", "listed_open", "closed")} == {
        "total": total, "open": open_, "overdue": late, "major": major, "listed_open": listed, "closed": closed}
    for by, column in (("sector", "sector"), ("status", "status"),
                       ("unit", "(SELECT name FROM units WHERE code = unit_code)")):
        expected = {k: (n, o, d) for k, n, o, d in demo_store.rows(
            f"SELECT {column}, count(*), count(*) FILTER (WHERE status <> '已销号'), count(*) FILTER (WHERE {overdue})"
            f" FROM hazards WHERE {cond} GROUP BY 1", params)}
        frame = got.breakdowns[by]
        assert {k: (n, o, d) for k, n, o, d in frame.itertuples(index=False)} == expected, by
    units = [r[0] for r in demo_store.rows("SELECT name FROM units ORDER BY sort_order")]
    assert list(got.breakdowns["unit"]["key"]) == [u for u in units if u in set(got.breakdowns["unit"]["key"])]
    assert list(got.breakdowns["status"]["key"]) == [s for s in vocab.HAZARD_STATUSES
                                                      if s in set(got.breakdowns["status"]["key"])]
    sectors = got.breakdowns["sector"]
    assert list(zip(sectors["total"], sectors["key"])) == sorted(zip(sectors["total"], sectors["key"]),
                                                                 key=lambda t: (-t[0], t[1]))
    first = [r[0] for r in demo_store.rows(
        f"SELECT id FROM hazards WHERE {cond} ORDER BY (status = '已销号'), deadline, id LIMIT 500", params)]
    assert list(got.rows["id"]) == first


def test_the_page_scans_once_per_rerun(app_db, monkeypatch):
    """A new keyword: one query reads the hazards' text (the counts, the breakdowns and the table's ids), one
    more reads the table's rows by id."""
    at = open_page("app_pages/hazards.py")
    seen: list[str] = []
    for name in ("query", "rows", "scalar"):
        original = getattr(Store, name)
        monkeypatch.setattr(Store, name, lambda self, sql, params=None, _o=original: seen.append(sql) or _o(self, sql, params))
    at.text_input(key="hazards.q").input("仓库").run()
    assert not at.exception
    assert sum("search_text" in sql for sql in seen) == 1
    assert sum("FROM hazards" in sql for sql in seen) == 2
    expected = len(_plain_app(app_db, "仓库"))
    assert metrics(at)["筛选结果"] == f"{expected:,}" and expected > 0


def _plain_app(path, word: str) -> list:
    return apptest.sql(path, "SELECT id FROM hazards WHERE contains(lower(enterprise), ?) OR "
                             "contains(lower(coalesce(location, '')), ?) OR contains(lower(description), ?) OR "
                             "contains(lower(id), ?)", [word] * 4)
