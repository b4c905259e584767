"""The deduction rules as data. Each ``Rule`` is declared once in ``RULES``: its key, Chinese name, the setting
holding its weight (edited on the 设置 page, dashboard/stored_settings.py), its counting unit, how its count
per unit is read from the period's ``PeriodFacts``, the records behind a count (from the owners' record
functions), how the count is taken in words, the 隐患台账 filter showing the same hazards (now), and for the
three hazard rules ``per``: the hazards found by the period's end, per hundred of which the count is scored
(``arithmetic.per_hundred``: at least a hundred, so a county with up to 100 hazards is scored on its count).
The other rules count things that do not grow with a ledger's volume (14 fire-hazard units, duty days,
accidents) and are scored on their count.

The state at a past period's end is reconstructed from dates (see ``hazards.facts``): a hazard is open at the
end when found by then and not closed by then, with the deadline of its round in force then (a 回头看 reopening
starts a new round; a period that ended before it keeps the old one); a fire-hazard unit is unresolved
when filed by then and not closed (销案); duty reports are judged as the duty page judges them (first
version's submission time against the cut-off; today before the cut-off is 待报); accidents are chains whose
kind is an accident, each once with its latest figures, by the date they occurred.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboard import clock, duty, fire_units, hazards, stored_settings, vocab
from dashboard.db import Store
from dashboard.ranking.facts import PeriodFacts
from dashboard.ranking.periods import RankingPeriod, same_dates_last_year

__all__ = ["Rule", "RULES", "RULES_BY_KEY", "WEIGHT_SETTINGS", "PER_HUNDRED", "weights", "records"]

_Counts = Callable[[PeriodFacts], Mapping[str, int]]
_Records = Callable[[Store, RankingPeriod, datetime, str], pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    setting: str                                # the weight's setting (设置 page)
    unit: str                                   # 条 / 家 / 次 / 起 / 人
    count: _Counts                              # unit code -> count (absent: 0)
    records: _Records                           # the rows behind one unit's count
    explain: str                                # how the count is taken (shown on the page)
    ledger: Mapping[str, list] | None = None    # 隐患台账 URL filter showing the same records (current state)
    note: Callable[[PeriodFacts], Mapping[str, str]] | None = None   # unit code -> a line beside the count
    per: _Counts | None = None                  # unit code -> hazards found: the count is scored per hundred of
                                                # these (arithmetic.per_hundred); None: the count itself


# -- hazards open at the period's end (hazards.facts) -------------------------------------------------------
def _hazards(which: str) -> tuple[_Counts, _Records]:
    def count(facts: PeriodFacts) -> Mapping[str, int]:
        return facts.hazard_counts(which)

    def rows(store: Store, period: RankingPeriod, as_of: datetime, unit_code: str) -> pd.DataFrame:
        return hazards.facts.records_at(store, period.end, unit_code, which)

    return count, rows


# -- fire-hazard units unresolved at the end (fire_units) -----------------------------------------------
def _fire_unit_count(facts: PeriodFacts) -> Mapping[str, int]:
    return facts.fire_units


def _fire_unit_rows(store: Store, period: RankingPeriod, as_of: datetime, unit_code: str) -> pd.DataFrame:
    return fire_units.unresolved_records_at(store, period.end, unit_code)


# -- duty days missed or late (duty cells) ----------------------------------------------------------------
def _duty(state: str) -> tuple[_Counts, _Records]:
    def count(facts: PeriodFacts) -> Mapping[str, int]:
        return facts.duty_days(state)

    def rows(store: Store, period: RankingPeriod, as_of: datetime, unit_code: str) -> pd.DataFrame:
        cells = duty.cells_between(store, period.start, period.end, as_of, unit_code)
        cells = cells[cells["state"] == state]
        return pd.DataFrame({
            "报告日期": [clock.format_date(d) for d in cells["day"]],
            "情况": list(cells["state"]),
            "截止时间": [clock.format_datetime(duty.cutoff_at(d)) for d in cells["day"]],
            "首次报送时间": ["" if pd.isna(t) else clock.format_datetime(t) for t in cells["first_submitted_at"]],
            "超出时长": [duty.duration_text(m) for m in cells["minutes"]],
        })

    return count, rows


# -- accidents and deaths against the same dates a year earlier (duty accidents) -----------------------
def _increase(column: str, word: str) -> tuple[_Counts, Callable[[PeriodFacts], Mapping[str, str]]]:
    def count(facts: PeriodFacts) -> Mapping[str, int]:
        return {code: max(0, now - before) for code, (now, before) in facts.accident_figures(column).items()}

    def note(facts: PeriodFacts) -> Mapping[str, str]:
        return {code: f"本期{now}{word}，去年同期{before}{word}"
                for code, (now, before) in facts.accident_figures(column).items()}

    return count, note


def _accident_rows(store: Store, period: RankingPeriod, as_of: datetime, unit_code: str) -> pd.DataFrame:
    parts = []
    for label, (start, end) in (("本期", (period.start, period.end)), ("去年同期", same_dates_last_year(period))):
        frame = duty.accident_chains(store, start, end, as_of, unit_code)
        parts.append(pd.DataFrame({
            "期间": label, "事件编号": frame["chain_id"], "事发时间": [clock.format_datetime(t) for t in frame["occurred_at"]],
            "地点": frame["place"], "性质": frame["kind"], "行业领域": frame["sector"], "最新报告": frame["stage"],
            "死亡": frame["deaths"], "受伤": frame["injuries"], "事故等级": frame["level"],
        }))
    return pd.concat(parts, ignore_index=True)


def _found(facts: PeriodFacts) -> Mapping[str, int]:
    """Per unit, the hazards found by the period's end: what the hazard rules count per hundred of."""
    return facts.hazard_counts("found")


_OPEN = list(vocab.OPEN_STATUSES)
PER_HUNDRED = "按每百条已发现隐患折算（期末累计发现不足100条的按100条计）"
_ACCIDENTS, _ACCIDENT_NOTE = _increase("accidents", "起")
_DEATHS, _DEATH_NOTE = _increase("deaths", "人")

RULES: tuple[Rule, ...] = (
    Rule("overdue", "逾期未整改隐患", "score_overdue_hazard", "条", *_hazards("overdue"),
         f"期末未销号且整改期限早于期末日的隐患，{PER_HUNDRED}", {"hazards.flags": [vocab.FLAG_OVERDUE]}, per=_found),
    Rule("open_major", "未销号重大隐患", "score_open_major", "条", *_hazards("open_major"),
         f"期末未销号的重大隐患，{PER_HUNDRED}", {"hazards.level": [vocab.LEVEL_MAJOR], "hazards.status": _OPEN},
         per=_found),
    Rule("listed_open", "挂牌督办未销号隐患", "score_listed_open", "条", *_hazards("listed_open"),
         f"期末已挂牌督办（省、市、县级）且未销号的隐患，{PER_HUNDRED}",
         {"hazards.flags": [vocab.FLAG_LISTED], "hazards.status": _OPEN}, per=_found),
    Rule("fire_unit_open", "未销案重大火灾隐患单位", "score_fire_unit_open", "家", _fire_unit_count, _fire_unit_rows,
         "期末已立案、尚未销案摘牌的重大火灾隐患单位"),
    Rule("report_missing", "值班缺报", "score_report_missing", "次", *_duty(duty.S_MISSING),
         "本期值班日中过了截止时间仍未报送的天数（今日未到截止时间为待报，不计）"),
    Rule("report_late", "值班迟报", "score_report_late", "次", *_duty(duty.S_LATE), "本期值班日中截止时间后才首次报送的天数"),
    Rule("accident_increase", "事故起数同比增加", "score_accident_increase", "起", _ACCIDENTS, _accident_rows,
         "本期发生的事故起数减去去年同期（同样日期），少于去年同期不扣分", note=_ACCIDENT_NOTE),
    Rule("death_increase", "死亡人数同比增加", "score_death_increase", "人", _DEATHS, _accident_rows,
         "本期事故死亡人数减去去年同期，少于去年同期不扣分", note=_DEATH_NOTE),
)
RULES_BY_KEY = {rule.key: rule for rule in RULES}
WEIGHT_SETTINGS = [rule.setting for rule in RULES]


def weights(store: Store) -> dict[str, float]:
    """The weights in force (saved on the 设置 page, else configured): setting name -> points."""
    return {name: float(v) for name, v in stored_settings.values(store, WEIGHT_SETTINGS).items()}


def records(store: Store, rule_key: str, unit_code: str, period: RankingPeriod, as_of: datetime) -> pd.DataFrame:
    """The rows behind one rule's count for one unit and period (dates as 2021-05-03 text, blank when none)."""
    frame = RULES_BY_KEY[rule_key].records(store, period, as_of, unit_code)
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = [clock.format_date(v) if not pd.isna(v) else "" for v in frame[column]]
    return frame
