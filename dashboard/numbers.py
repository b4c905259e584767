"""How a figure is rounded: one home for shares and rates.

The office's own tables round half up to one decimal (1/16 = 6.25% → 6.3%), so every rate and share on
every page and document goes through ``percent``. Python's ``round`` rounds half to even on the binary
value (``round(6.25, 1)`` is 6.2), which is why it is not used for shares.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["percent", "percent_text", "half_up"]


def half_up(value: float, decimals: int = 1) -> float:
    """``value`` rounded half up (away from zero on a tie) to ``decimals`` places, on its decimal text."""
    exact = Decimal(str(value))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def percent(part: float, whole: float, decimals: int = 1) -> float | None:
    """100 × part / whole, half up to ``decimals`` places (37.58 → 37.6, 1/16 → 6.3); None when whole is 0."""
    if not whole:
        return None
    exact = Decimal(str(part)) * 100 / Decimal(str(whole))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def percent_text(value: float | None, decimals: int = 1) -> str:
    """A percentage as the office writes it: "81.0%"; "—" when there is nothing to divide."""
    return "—" if value is None else f"{value:.{decimals}f}%"
