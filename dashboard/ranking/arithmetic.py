"""The ranking's arithmetic, pure: a rule's deduction, the score floored at 0 (and what the floor adds back),
competition ranks (ties share a rank), the change against the previous rank, the score's colour band."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard import clock

__all__ = ["FULL_SCORE", "BAND_LEGEND", "deduction", "score", "floor_points", "competition_ranks", "rank_change",
           "band", "points_text"]

FULL_SCORE = 100.0
BAND_LEGEND = "绿≥90 黄≥80 橙≥60 红<60"


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
