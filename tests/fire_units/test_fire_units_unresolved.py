"""What the county ranking asks the fire units: the units unresolved at a day's end (filed on or before it and
not closed by it), for all counties at once and one county's records, checked against plain SQL on the demo."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import fire_units as fu
from dashboard import roles
from dashboard.lifecycle import EVIDENCE

ENDS = [date(2020, 11, 9), date(2020, 11, 30), date(2020, 12, 31), date(2021, 3, 16), date(2021, 4, 30),
        date(2021, 5, 3), date(2021, 12, 31)]
COLUMNS = ["编号", "单位名称", "立案日期", "整改期限", "督办级别", "当前状态", "整改进度", "责任人"]


def _plain(store, end):
    """Per county, one plain query each."""
    counts = {}
    for (code,) in store.rows("SELECT code FROM units"):
        n = store.scalar("SELECT count(*) FROM fire_units WHERE unit_code = ? AND filed_date <= ? "
                         "AND (closed_date IS NULL OR closed_date > ?)", [code, end, end])
        if n:
            counts[code] = n
    return counts


@pytest.mark.parametrize("end", ENDS)
def test_unresolved_at_equals_plain_sql(demo_store, end):
    assert fu.unresolved_at(demo_store, end) == _plain(demo_store, end)


def test_the_demo_at_its_as_of_date(demo_store):
    counts = fu.unresolved_at(demo_store, date(2021, 5, 3))
    assert sum(counts.values()) == 14 and counts["610902"] == 4  # 汉滨区 has four
    assert fu.unresolved_at(demo_store, date(2020, 11, 9)) == {}  # before the first was filed


def test_a_unit_closed_on_the_end_day_is_resolved_by_it(demo_store):
    fu.act(demo_store, "ZDHZ-06", fu.A_REVIEW_PASS, {"review_date": date(2021, 5, 3), "reviewer": "汉阴县消防救援大队",
                                                     EVIDENCE: [("复查意见书.pdf", b"%PDF-1.4\n%%EOF\n")]},
           roles.system("王敏"))
    code = demo_store.scalar("SELECT unit_code FROM fire_units WHERE id = 'ZDHZ-06'")
    before, on = fu.unresolved_at(demo_store, date(2021, 5, 2)), fu.unresolved_at(demo_store, date(2021, 5, 3))
    assert before.get(code, 0) == on.get(code, 0) + 1
    assert before == _plain(demo_store, date(2021, 5, 2)) and on == _plain(demo_store, date(2021, 5, 3))
    assert "ZDHZ-06" not in set(fu.unresolved_records_at(demo_store, date(2021, 5, 3), code)["编号"])
    assert "ZDHZ-06" in set(fu.unresolved_records_at(demo_store, date(2021, 5, 2), code)["编号"])


@pytest.mark.parametrize("end", ENDS)
def test_unresolved_records_at_equal_plain_sql(demo_store, end):
    for (code,) in demo_store.rows("SELECT code FROM units"):
        records = fu.unresolved_records_at(demo_store, end, code)
        assert list(records.columns) == COLUMNS
        expected = demo_store.rows("""
            SELECT id, name, filed_date, deadline, listing_level, status, progress, resp_person FROM fire_units
            WHERE unit_code = ? AND filed_date <= ? AND (closed_date IS NULL OR closed_date > ?)
            ORDER BY deadline, id""", [code, end, end])
        assert list(records["编号"]) == [r[0] for r in expected]
        assert len(records) == fu.unresolved_at(demo_store, end).get(code, 0)
        assert [tuple(r) for r in records[["单位名称", "督办级别", "当前状态", "责任人"]].itertuples(index=False)] == [
            (r[1], r[4], r[5], r[7]) for r in expected]
