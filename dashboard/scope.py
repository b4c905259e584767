"""The county scope every query takes: a tuple of unit codes, empty meaning the whole city."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Scope", "where"]

Scope = tuple[str, ...]


def where(scope: Sequence[str], column: str = "unit_code") -> tuple[str, list[str]]:
    """An SQL condition restricting ``column`` to the scope, and its parameters.

    ``column`` is always a literal from our own code, never user text.
    """
    if not scope:
        return "TRUE", []
    return f"{column} IN ({', '.join('?' for _ in scope)})", list(scope)
