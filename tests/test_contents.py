"""dashboard.contents: which kinds of record a store holds (each asked of its domain) and the empty state's words."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import contents, duty, hazards, new_store, roles
from dashboard.contents import DUTY_PERIODS, FIRE_UNITS, FIRES, GROUPS, HAZARDS, KINDS, TASKS, Loaded
from dashboard.db import Store

TODAY = date(2026, 12, 2)


def _loaded(*kinds) -> Loaded:
    return Loaded(frozenset(k.key for k in kinds))


@pytest.mark.parametrize(("present", "asked", "has", "has_any", "missing", "none_of"), [
    ((), (HAZARDS,), False, False, [HAZARDS], [HAZARDS]),
    ((HAZARDS,), (HAZARDS,), True, True, [], []),
    ((HAZARDS,), (HAZARDS, FIRE_UNITS), False, True, [FIRE_UNITS], []),
    ((DUTY_PERIODS,), contents.RANKING_INPUTS, False, True, [HAZARDS, FIRE_UNITS], []),
    ((FIRES, TASKS), contents.RANKING_INPUTS, False, False, list(contents.RANKING_INPUTS), list(contents.RANKING_INPUTS)),
])
def test_loaded_answers(present, asked, has, has_any, missing, none_of):
    have = _loaded(*present)
    assert have.has(*asked) is has
    assert have.has_any(*asked) is has_any
    assert have.missing(*asked) == missing
    assert have.none_of(*asked) == none_of


@pytest.mark.parametrize(("present", "kind", "value", "shown"), [
    ((), HAZARDS, "0", None),  # a 0 counted from nothing is not a figure
    ((), HAZARDS, 0, None),
    ((HAZARDS,), HAZARDS, "0", "0"),  # loaded: a real 0
    ((HAZARDS,), FIRE_UNITS, 3, None),
    ((FIRE_UNITS,), (HAZARDS, FIRE_UNITS), 7, 7),  # any of them loaded
    ((), (HAZARDS, FIRE_UNITS), 7, None),
])
def test_a_figure_is_shown_only_when_its_kind_is_loaded(present, kind, value, shown):
    assert _loaded(*present).figure(kind, value) == shown


def test_missing_defaults_to_every_kind_in_loading_order():
    assert _loaded().missing() == list(KINDS)
    assert KINDS[0] is GROUPS and KINDS.index(GROUPS) < KINDS.index(HAZARDS)  # a hazard list names its group
    assert _loaded().nothing and not _loaded(TASKS).nothing
    assert _loaded(*KINDS).missing() == []


@pytest.mark.parametrize(("kinds", "text"), [
    ((HAZARDS,), "还没有隐患记录"),
    ((HAZARDS, FIRE_UNITS), "还没有隐患记录或重大火灾隐患单位"),
    (contents.RANKING_INPUTS, "还没有隐患记录、重大火灾隐患单位或假期值班时段"),
])
def test_missing_text(kinds, text):
    assert contents.missing_text(kinds) == text


@pytest.mark.parametrize(("kind", "here", "where"), [
    (HAZARDS, None, "“隐患台账”页的“登记与导入”"),
    (HAZARDS, "hazards", "本页“登记与导入”"),
    (HAZARDS, "fire_units", "“隐患台账”页的“登记与导入”"),
    (FIRE_UNITS, "fire_units", "本页“导入”"),
    (DUTY_PERIODS, None, "“假期值班”页的“添加值班时段”"),
])
def test_where_a_kind_is_loaded(kind, here, where):
    assert kind.where(here) == where
    assert kind.sentence(here) == f"还没有{kind.noun}：在{where}中{kind.how}。"


def test_every_kind_names_a_page_of_the_app_and_its_own_words():
    from pathlib import Path

    pages = Path(__file__).resolve().parents[1] / "app_pages"
    for kind in KINDS:
        assert (pages / f"{kind.page}.py").is_file(), kind  # kit.empty_state links to app_pages/<url_path>.py
    assert len({k.key for k in KINDS}) == len({k.noun for k in KINDS}) == len(KINDS)


def test_a_new_store_holds_nothing_and_the_demo_everything(tmp_path, demo_store):
    path = tmp_path / "new.duckdb"
    new_store.create(path)
    store = Store.open(path)
    try:
        assert contents.loaded(store, TODAY).nothing
    finally:
        store.close()
    assert contents.loaded(demo_store, date(2021, 5, 3)).missing() == []


def test_each_kind_is_loaded_once_its_first_record_is_written(tmp_path):
    """Written through the domains' own write paths, as the pages write them."""
    path = tmp_path / "new.duckdb"
    new_store.create(path)
    store = Store.open(path)
    actor = roles.system("测试")
    try:
        duty.add_period(store, {"name": "2026年“元旦”假期", "short_name": "元旦", "start_date": date(2026, 12, 30),
                                "end_date": date(2027, 1, 1)}, actor)
        assert contents.loaded(store, TODAY).keys == {DUTY_PERIODS.key}
        hazards.create(store, {"found_date": TODAY, "unit_code": "610902", "source": "部门执法检查", "sector": "消防",
                               "enterprise": "某商场", "location": "疏散通道", "description": "疏散通道堆放杂物",
                               "level": "一般隐患", "treatment": "限期整改", "deadline": date(2026, 12, 20)}, actor)
        assert contents.loaded(store, TODAY).keys == {DUTY_PERIODS.key, HAZARDS.key}
    finally:
        store.close()
