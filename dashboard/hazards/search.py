"""The ledger's keyword search on a column prepared at write time.

A keyword (隐患台账's 关键词) matches a hazard whose 隐患编号, 单位名称, 隐患部位 or 隐患描述 contains it, letter case
ignored. Asked of four columns, each lower-cased on the fly, that is four string scans per query; at a city's
volume (1.27M hazards) it was the ledger's slowest case (3.8 s for a new keyword). So every hazard carries
``search_text``: the four fields lower-cased and joined by a unit separator (U+001F, which nobody types, so a
keyword never matches across two fields). A keyword is then one ``contains`` on one column.

- ``SEARCH_TEXT``: the column's SQL expression. Migration 0006 adds the column and fills it with the same
  expression (a test checks that the two agree).
- ``fill(tx)``: set the column on every row that has none. Every hazard write that inserts rows calls it in
  its transaction (登记 ``writes.create``, ``imports``, the demo); the lifecycle's actions never change the
  four fields. One statement; on a store where every row has its text it reads nothing (DuckDB's column
  statistics know there are no NULLs).
- ``keyword_condition``: the SQL condition of a keyword. A row whose text is missing (a row written by a path
  that does not call ``fill``) is still found: the condition falls back to the expression for that row.
"""

from __future__ import annotations

from typing import Any

from dashboard.db import Tx

__all__ = ["SEPARATOR", "SEARCH_TEXT", "search_text_sql", "fill", "keyword_condition"]

SEPARATOR = "\x1f"
_FIELDS = ("{h}id", "{h}enterprise", "coalesce({h}location, '')", "{h}description")


def search_text_sql(alias: str = "h.") -> str:
    """The prepared text of a row as SQL on ``alias`` ("h." or "")."""
    return f"lower(concat_ws(chr(31), {', '.join(f.format(h=alias) for f in _FIELDS)}))"


SEARCH_TEXT = search_text_sql("")


def fill(tx: Tx) -> None:
    """Write ``search_text`` on every hazard that has none (call after inserting hazards, in the same write)."""
    tx.execute(f"UPDATE hazards SET search_text = {SEARCH_TEXT} WHERE search_text IS NULL")


def keyword_condition(keyword: str, alias: str = "h.") -> tuple[str, list[Any]] | None:
    """The SQL condition for a keyword (stripped, case ignored), or None for a blank one."""
    word = (keyword or "").strip().lower()
    if not word:
        return None
    if SEPARATOR in word:  # cannot be typed; searched field by field so it never spans two fields
        fields = [f"contains(lower({f.format(h=alias)}), ?)" for f in _FIELDS]
        return f"({' OR '.join(fields)})", [word] * len(fields)
    return f"contains(coalesce({alias}search_text, {search_text_sql(alias)}), ?)", [word]
