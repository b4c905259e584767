"""The ranking's arithmetic, pure: a rule's deduction, the score floored at 0 (and what the floor adds back),
competition ranks (ties share a rank), the change against the previous rank, the score's colour band, and a
count taken per hundred hazards (``per_hundred``).

Why per hundred: a weight per hazard floors every county at 0 once a city's ledger holds its real volume (at
the demo's scale 700, 1.27M hazards, every county scored 0). So the hazard rules count per hundred hazards the
county has found by the period's end, and never over fewer than a hundred: up to 100 hazards found, a county's
scored figure is its count itself; beyond, its share. A county that finds more is not punished for it, the
same shares score the same at any volume, and the weights keep their size (2 points per overdue hazard in
every hundred)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard import clock, numbers

__all__ = ["FULL_SCORE", "BAND_LEGEND", "PER", "per_hundred", "deduction", "score", "floor_points", "competition_ranks",
           "rank_change", "band", "points_text"]

FULL_SCORE = 100.0
PER = 100  # the hazard rules count per this many hazards found (and never over fewer)
BAND_LEGEND = "绿≥90 黄≥80 橙≥60 红<60"


def per_hundred(count: float, found: float) -> float:
    """``count`` per hundred of ``found``, ``found`` taken as at least 100 (so up to 100 it is ``count``
    itself), half up to one decimal (``numbers.percent``): 10 of 338 → 3.0, 7 of 60 → 7.0, 0 of 0 → 0.0."""
    return numbers.percent(max(0.0, float(count)), max(float(found), PER))


def deduction(count: float, weight: float) -> float:
    """count × weight (a negative count deducts nothing)."""
    return round(max(0.0, float(count)) * float(weight), 4)


def score(deductions: Iterable[float]) -> float:
    """100 minus the deductions, never below 0."""
    return round(max(0.0, FULL_SCORE - sum(deductions)), 4)


def floor_points(deductions: Iterable[float]) -> float:
    """What the floor adds back: the deductions beyond 100 (0 when they stay within it)."""
    return round(max(0.0, sum(deductions) - FULL_SCORE), 4)


def competition_ranks(scores: Mapping[str, float]) -> dict[str, int]:
    """Rank by score, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first_place: dict[float, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(round(value, 6), place)
    return {unit: first_place[round(value, 6)] for unit, value in scores.items()}


def rank_change(rank: int | None, previous_rank: int | float | None) -> tuple[int | None, str]:
    """(places gained, text): ▲2 (up two), ▼1 (down one), 持平, or 新 when there was no previous rank."""
    if rank is None:
        return None, ""
    if previous_rank is None or pd.isna(previous_rank):
        return None, "新"
    gained = int(previous_rank) - int(rank)
    return gained, ("持平" if gained == 0 else f"▲{gained}" if gained > 0 else f"▼{-gained}")


def band(value: float) -> str:
    """The score's colour band: ≥90 green, ≥80 yellow, ≥60 orange, below red."""
    return clock.GREEN if value >= 90 else clock.YELLOW if value >= 80 else clock.ORANGE if value >= 60 else clock.RED


def points_text(value: float) -> str:
    return f"{value:g}"
