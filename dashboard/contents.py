"""What the store holds, kind by kind: whether each kind of record has been loaded yet, and where it is loaded.

A new store (``python -m dashboard init``) holds the county-level units and nothing else. Every page asks
``loaded(store, today)`` once (cached per write generation) and, for each kind it shows that is still missing,
shows an empty state that says what is missing and where it is loaded (``ui.kit.empty_state``) instead of a blank
chart or a zero that looks measured: a figure computed from a kind with no records is ``None`` (shown "—") until
that kind is loaded (``Loaded.figure``). "Missing" means no record of the kind at all, city-wide; a scope or a
filter that matches nothing is the page's own message ("所选范围内没有…").

Each kind is asked of its owning domain through its public functions (no SQL here). ``KINDS`` is also where the
command line's next steps after ``init`` and 数据管理's overview come from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar

from dashboard import duty, fire_units, fires, hazards, tasks
from dashboard.db import Store

__all__ = ["Kind", "KINDS", "HAZARDS", "FIRE_UNITS", "FIRES", "TASKS", "GROUPS", "DUTY_PERIODS", "RANKING_INPUTS",
           "NO_RANKING", "NOTHING_LOADED", "Loaded", "loaded", "missing_text"]

T = TypeVar("T")


@dataclass(frozen=True)
class Kind:
    """One kind of record: what it is called, what it makes appear, and where it is loaded (a page by its
    url_path and title, the section of that page, and how)."""

    key: str
    noun: str  # 隐患记录: "还没有隐患记录"
    feeds: str  # what appears once it is loaded
    page: str  # url_path of the page where it is loaded
    page_title: str
    section: str  # the section of that page
    how: str  # what to do there
    present: Callable[[Store, date], bool]

    def where(self, here: str | None = None) -> str:
        """Where it is loaded: “隐患台账”页的“登记与导入”, or 本页“登记与导入” on that page itself (``here``: the
        url_path of the page asking)."""
        return f"本页“{self.section}”" if here == self.page else f"“{self.page_title}”页的“{self.section}”"

    def sentence(self, here: str | None = None) -> str:
        """The empty state as one line of text (the wall, a caption): 还没有隐患记录：在“隐患台账”页的“登记与导入”中…"""
        return f"还没有{self.noun}：在{self.where(here)}中{self.how}。"


def _hazards(store: Store, today: date) -> bool:
    return hazards.summary(store, today)["total"] > 0


def _fire_units(store: Store, today: date) -> bool:
    return len(fire_units.board(store, today, (), unresolved_only=False)) > 0


def _fires(store: Store, today: date) -> bool:
    return bool(fires.years(store, datetime.combine(today, time.max)))  # the day's fires count


def _tasks(store: Store, today: date) -> bool:
    return len(tasks.task_list(store, today)) > 0


def _groups(store: Store, today: date) -> bool:
    return len(hazards.groups(store)) > 0  # the groups table, in unit order


def _duty_periods(store: Store, today: date) -> bool:
    return len(duty.periods(store)) > 0


HAZARDS = Kind("hazards", "隐患记录", "未销号、逾期、重大隐患和整改率，各县区分布和每周趋势", "hazards", "隐患台账",
               "登记与导入", "导入各督查组的隐患清单（Excel / WPS / CSV，各组自己的格式均可），或逐条登记", _hazards)
FIRE_UNITS = Kind("fire_units", "重大火灾隐患单位", "未销案、挂牌督办、逾期单位和整改倒计时", "fire_units", "重大火灾隐患",
                  "导入", "载入重大火灾隐患单位（GB 35181 各项）及其整改节点（倒排工期）", _fire_units)
FIRES = Kind("fires", "火灾记录", "年度火灾起数、伤亡、损失及其场所、原因、区域构成", "fires", "火灾统计",
             "导入", "载入消防救援机构导出的火灾记录（每起一行）", _fires)
TASKS = Kind("tasks", "专项整治任务", "各类别、各牵头部门的进度和逾期子项", "tasks", "专项整治",
             "导入", "载入专项整治任务清单（类别、子项、牵头和配合部门、完成期限），或逐项登记", _tasks)
GROUPS = Kind("groups", "督查组", "各督查组的检查、书面移交和建议约谈", "groups", "督查组评价",
              "导入", "载入各督查组（组长、成员、进驻日期）及其暗访检查、变更备案和约谈记录，或逐条登记", _groups)
DUTY_PERIODS = Kind("duty_periods", "假期值班时段", "每日值班报送情况、需催报、事故信息和预警", "duty", "假期值班",
                    "添加值班时段", "添加假期值班时段（如“五一”“国庆”），再在“值班表”中导入各县区的值班安排", _duty_periods)
KINDS = (GROUPS, HAZARDS, FIRE_UNITS, DUTY_PERIODS, FIRES, TASKS)  # the order to load them: a hazard names its group

# What a county's score is computed from (dashboard/ranking/facts.py): with none of these loaded every county
# would score a full 100 — a figure nobody measured.
RANKING_INPUTS = (HAZARDS, FIRE_UNITS, DUTY_PERIODS)
NO_RANKING = "暂无排名：得分由隐患、重大火灾隐患单位和值班报送情况计算，这些数据都还没有载入。"
NOTHING_LOADED = "这是新建的空数据库，还没有载入任何业务数据"  # a store from ``init`` (Loaded.nothing)


@dataclass(frozen=True)
class Loaded:
    """The keys of the kinds that hold at least one record."""

    keys: frozenset[str]

    def has(self, *kinds: Kind) -> bool:
        """Every one of ``kinds`` is loaded."""
        return all(k.key in self.keys for k in kinds)

    def has_any(self, *kinds: Kind) -> bool:
        return any(k.key in self.keys for k in kinds)

    def missing(self, *kinds: Kind) -> list[Kind]:
        """Those of ``kinds`` (default: every kind) not loaded yet, in ``KINDS`` order."""
        return [k for k in (kinds or KINDS) if k.key not in self.keys]

    def none_of(self, *kinds: Kind) -> list[Kind]:
        """``kinds`` when none of them is loaded, else []: for what is computed from any one of them (a county's
        score from hazards, fire units or duty reports), which is real as soon as one is there."""
        return [] if self.has_any(*kinds) else list(kinds)

    @property
    def nothing(self) -> bool:
        """A new store: no kind loaded at all."""
        return not self.keys

    def figure(self, kind: Kind | Iterable[Kind], value: T) -> T | None:
        """``value`` when it is measured from loaded records (any of ``kind``), else None (shown "—"): a 0 or a
        0% computed from nothing is not a figure."""
        kinds = (kind,) if isinstance(kind, Kind) else tuple(kind)
        return value if self.has_any(*kinds) else None


def missing_text(kinds: Sequence[Kind]) -> str:
    """还没有隐患记录 / 还没有隐患记录、重大火灾隐患单位或假期值班时段 (none of them loaded)."""
    nouns = [k.noun for k in kinds]
    return "还没有" + ("、".join(nouns[:-1]) + "或" + nouns[-1] if len(nouns) > 1 else "".join(nouns))


def loaded(store: Store, today: date) -> Loaded:
    """Which kinds the store holds on ``today`` (the as-of date; each kind asked of its domain)."""
    return Loaded(frozenset(k.key for k in KINDS if k.present(store, today)))
