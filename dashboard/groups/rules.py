"""The 建议约谈 rule, a pure function of a group's figures and explicit ``Thresholds``.

A group is flagged when any test fails: visits per week below the minimum (judged only over a whole week
stationed), the share of its due hazards handed over in writing to the county government or to the city
office below the minimum (not judged when none is due), its county's rectification rate below the minimum
(not judged when the county has no hazards), or a leader / member change not filed with 市安委办.

Figures are compared as shown (one decimal; rates through ``numbers.percent``): a figure equal to its
threshold passes, so 90.0% is never called "below 90%". The thresholds are shares (0..1) as the settings
keep them; ``Thresholds.handover_percent`` / ``rectification_percent`` are the same as percentages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import numbers

__all__ = ["RULE_SETTINGS", "MIN_DAYS_FOR_WEEKLY", "Thresholds", "share_percent", "per_week", "falls_short",
           "interview_rule", "judge"]

RULE_SETTINGS = ("interview_min_visits_per_week", "interview_min_handover_rate", "interview_min_rectification_rate",
                 "interview_handover_days")
MIN_DAYS_FOR_WEEKLY = 7  # visits per week are judged over at least a whole week


def share_percent(share: float) -> float:
    """A threshold share as a percentage, exactly as typed (0.57 → 57.0, not 56.99999999999999)."""
    return numbers.percent(share, 1, decimals=6)


@dataclass(frozen=True)
class Thresholds:
    min_visits_per_week: float
    min_handover_rate: float          # a share 0..1
    min_rectification_rate: float     # a share 0..1
    handover_days: int

    @property
    def handover_percent(self) -> float:
        return share_percent(self.min_handover_rate)

    @property
    def rectification_percent(self) -> float:
        return share_percent(self.min_rectification_rate)

    def describe(self) -> str:
        return (f"每周暗访检查少于{self.min_visits_per_week:g}次；书面移交县区政府或市安委办比例低于"
                f"{self.handover_percent:g}%（发现满{self.handover_days}天的隐患）；所驻县区隐患整改率低于"
                f"{self.rectification_percent:g}%；人员变更未备案——任一项即建议约谈")


def per_week(visits: int, days: int) -> float | None:
    """Visits per week over ``days`` days, half up to one decimal (as the office rounds); None for no days."""
    return None if days <= 0 else numbers.half_up(visits * 7 / days)


def _known(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def falls_short(value: Any, threshold: float) -> bool:
    """A figure (as shown) below its threshold; equal passes; an unknown figure (None, NaN) is not judged."""
    known = _known(value)
    return known is not None and known < threshold


def interview_rule(metrics: Mapping[str, Any], t: Thresholds) -> tuple[bool, list[str]]:
    """(建议约谈?, every failed test as a Chinese reason with the figure and the threshold).

    ``metrics``: visits_per_week (None: not stationed in the period; not judged when ``days``, the days
    stationed in the period, are fewer than a week), county_handover_rate and city_handover_rate (percent,
    one decimal; None: no hazard due for handover), rectification_rate (percent; None: the county has no
    hazards), unfiled_changes (count). A figure equal to its threshold passes.
    """
    reasons = []
    days = _known(metrics.get("days"))
    judged = days is None or days >= MIN_DAYS_FOR_WEEKLY  # three holiday days say little about a week
    visits = metrics.get("visits_per_week")
    if judged and falls_short(visits, t.min_visits_per_week):
        reasons.append(f"每周暗访检查 {float(visits):.1f} 次，少于 {t.min_visits_per_week:g} 次")
    for key, label in (("county_handover_rate", "书面移交县区政府比例"), ("city_handover_rate", "书面移交市安委办比例")):
        if falls_short(metrics.get(key), t.handover_percent):
            reasons.append(f"{label} {float(metrics[key]):.1f}%，低于 {t.handover_percent:g}%")
    rect = metrics.get("rectification_rate")
    if falls_short(rect, t.rectification_percent):
        reasons.append(f"所驻县区隐患整改率 {float(rect):.1f}%，低于 {t.rectification_percent:g}%")
    unfiled = int(_known(metrics.get("unfiled_changes")) or 0)
    if unfiled > 0:
        reasons.append(f"{unfiled} 次人员变更未向市安委办备案")
    return bool(reasons), reasons


def judge(frame: pd.DataFrame, t: Thresholds) -> pd.DataFrame:
    """``frame`` (one row of figures per group) with the verdict: interview, reasons (list), reason_text."""
    verdicts = [interview_rule(row, t) for row in frame.to_dict("records")]
    return frame.assign(interview=[flag for flag, _ in verdicts], reasons=[reasons for _, reasons in verdicts],
                        reason_text=["；".join(reasons) for _, reasons in verdicts])
