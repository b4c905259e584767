"""Reading a file's header the way people write one: which row it is, on one line or two, and what each column
means.

A column is matched to a field, in this order (the first that answers wins; ``how`` says which):
1. ``手工指定`` — the caller's ``mapping`` (file header -> field header, or None to ignore it), chosen on the
   page or given to the CLI with ``--mapping``, or remembered for this sender;
2. ``列名一致`` / ``同义列名`` — the field's header or one of its aliases, compared after NFKC (full-width to
   half-width), with every space and line break removed and a required mark (``*``, ``（必填）``) dropped;
3. the same after a bracketed hint or trailing colon is dropped (“发现时间（年月日）”, “整改期限：”);
4. ``包含`` — the header contains a field's name of three characters or more (被检查单位名称 contains 单位名称,
   隐患问题描述 contains 问题描述); when it contains names of two fields equally long it is ``有歧义`` and the
   page asks (整改责任人及电话); the longest name wins otherwise.
A header nothing answers is ``未识别`` (kept out of the import, shown, mappable by hand); ``序号`` and the like are
``忽略`` (a row counter is not the hazard number).

The header row is the one among the first ``HEADER_SCAN_ROWS`` that names the most fields. A header on two lines
(a merged “整改情况” over “整改措施 | 整改期限”) is read as one when the second line names more fields and sits
under a cell left blank by a merge; the top cell's text is carried over the merged columns, and a joined text
that answers to nothing is read by its second line alone (“挂牌督办情况” over “文号”).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard.ingest.files import Formula
from dashboard.ingest.values import Field, is_blank, normalize_choice, normalize_header

__all__ = ["HOW_EXACT", "HOW_ALIAS", "HOW_CONTAINS", "HOW_MANUAL", "HOW_IGNORED", "HOW_UNKNOWN", "HOW_AMBIGUOUS",
           "SERIAL_HEADERS", "MAX_HEADER_COLUMNS", "Column", "Layout", "match_header", "read_layout", "header_text", "signature"]

HOW_EXACT, HOW_ALIAS, HOW_CONTAINS, HOW_MANUAL = "列名一致", "同义列名", "包含", "手工指定"
HOW_IGNORED, HOW_UNKNOWN, HOW_AMBIGUOUS = "忽略", "未识别", "有歧义"
SERIAL_HEADERS = ("序号", "序", "no", "no.", "编码序号")
CONTAINS_MIN = 3
MAX_HEADER_COLUMNS = 1000  # a header is read in the first 1,000 columns (Excel 2003 had 256); junk is wider
_HINT = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]$|[:：]$")


@dataclass
class Column:
    """How one column of the file was read: its header as written, the field it fills (None: not imported)."""

    index: int
    header: str
    key: str | None
    how: str
    candidates: tuple[str, ...] = ()  # field keys, for 有歧义


@dataclass
class Layout:
    """Where the header is (``header_index``: 0-based row of its last line; ``lines``: 1 or 2), each column,
    and the text of the rows above it (title, 填报单位 / 填报日期)."""

    header_index: int
    lines: int
    columns: list[Column]
    above: list[str] = field(default_factory=list)

    def mapped(self) -> dict[str, int]:
        """field key -> column index, for the columns that fill a field."""
        return {c.key: c.index for c in self.columns if c.key is not None}

    @property
    def signature(self) -> str:
        return signature(c.header for c in self.columns)


def header_text(cell: Any) -> str:
    """A header cell as text: NFKC, spaces and line breaks removed (how headers are compared and remembered)."""
    if is_blank(cell) or isinstance(cell, Formula):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return normalize_choice(cell)


def signature(headers) -> str:
    """A file layout's fingerprint: its non-blank headers, normalized, in order (what a remembered mapping is for)."""
    names = [normalize_header(h) for h in headers if h]
    return hashlib.sha1("|".join(names).encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=32)
def _vocabulary(fields: tuple[Field, ...]) -> tuple[dict[str, tuple[str, str]], tuple[tuple[str, str], ...],
                                                    dict[str, str]]:
    """Every name the fields answer to, normalized once: exact name -> (key, how); (name, key) for containment
    (names of CONTAINS_MIN characters or more); field header -> key (for hand-made mappings)."""
    exact: dict[str, tuple[str, str]] = {}
    for spec in fields:
        exact.setdefault(normalize_header(spec.header), (spec.key, HOW_EXACT))
    for spec in fields:
        for alias in spec.aliases:
            exact.setdefault(normalize_header(alias), (spec.key, HOW_ALIAS))
    contained = tuple((name, key) for name, (key, _) in exact.items() if len(name) >= CONTAINS_MIN)
    return exact, contained, {normalize_header(f.header): f.key for f in fields}


def _manual(mapping: Mapping[str, str | None] | None) -> dict[str, str | None]:
    return {normalize_header(name): target for name, target in (mapping or {}).items()}


def match_header(text: str, fields: Sequence[Field], mapping: Mapping[str, str | None] | None = None, *,
                 _manual_map: dict[str, str | None] | None = None) -> tuple[str | None, str, tuple[str, ...]]:
    """(field key or None, how, candidates) for one header's text (``header_text``)."""
    if not text:
        return None, HOW_UNKNOWN, ()
    exact, contained, by_header = _vocabulary(tuple(fields))
    plain = normalize_header(text)
    manual = _manual_map if _manual_map is not None else _manual(mapping)
    if plain in manual:
        target = manual[plain]
        if target is None or normalize_header(target) in ("", "忽略", "不导入"):
            return None, HOW_MANUAL, ()
        key = by_header.get(normalize_header(target)) or next((f.key for f in fields if f.key == target), None)
        if key is not None:
            return key, HOW_MANUAL, ()
    if plain.lower() in SERIAL_HEADERS:
        return None, HOW_IGNORED, ()
    for candidate in (plain, _HINT.sub("", plain)):
        found = exact.get(candidate)
        if found is not None:
            return found[0], found[1], ()
    best: dict[str, int] = {}
    for name, key in contained:
        if name in plain and len(name) > best.get(key, 0):
            best[key] = len(name)
    if not best:
        return None, HOW_UNKNOWN, ()
    top = max(best.values())
    winners = tuple(k for k, n in best.items() if n == top)
    if len(winners) == 1:
        return winners[0], HOW_CONTAINS, ()
    return None, HOW_AMBIGUOUS, winners


def _columns(texts: Sequence[str], fields: Sequence[Field], mapping,
             lower: Sequence[str] | None = None) -> list[Column]:
    """Each header text read; ``lower``: a two-line header's second line, read alone when the joined text
    answers to nothing (“文号” under a merged “挂牌督办情况”)."""
    columns = []
    manual = _manual(mapping)
    for index, text in enumerate(texts[:MAX_HEADER_COLUMNS]):
        if not text:
            continue
        key, how, candidates = match_header(text, fields, _manual_map=manual)
        below = lower[index] if lower is not None and index < len(lower) else ""
        if how == HOW_UNKNOWN and below and below != text:
            key, how, candidates = match_header(below, fields, _manual_map=manual)
        columns.append(Column(index, text, key, how, candidates))
    return _one_per_field(columns)


_RANK = {HOW_MANUAL: 0, HOW_EXACT: 1, HOW_ALIAS: 2, HOW_CONTAINS: 3}


def _one_per_field(columns: list[Column]) -> list[Column]:
    """A field filled by two columns: an exact or hand-made match beats a containing one (that one is then
    ignored, shown as such); two equally good ones stay, for the caller to refuse naming both."""
    by_key: dict[str, list[Column]] = {}
    for column in columns:
        if column.key is not None:
            by_key.setdefault(column.key, []).append(column)
    for key, found in by_key.items():
        if len(found) < 2:
            continue
        best = min(_RANK[c.how] for c in found)
        for column in found:
            if _RANK[column.how] > best and (column.how == HOW_CONTAINS or best == _RANK[HOW_MANUAL]):
                column.candidates, column.key, column.how = (key,), None, HOW_AMBIGUOUS
    return columns


def _score(columns: list[Column]) -> int:
    return len({c.key for c in columns if c.key is not None})


def _two_lines(top: Sequence[Any], bottom: Sequence[Any]) -> list[str] | None:
    """The header texts of a two-line header (top cells carried over their merged span), or None when the
    lower row does not look like a header's second line (no cell under a blank, merged-away top cell)."""
    width = max(len(top), len(bottom))
    tops = [header_text(top[i]) if i < len(top) else "" for i in range(width)]
    bottoms = [header_text(bottom[i]) if i < len(bottom) else "" for i in range(width)]
    if not any(b and not t for t, b in zip(tops, bottoms)):
        return None
    if any(b and not isinstance(bottom[i], str) for i, b in enumerate(bottoms) if i < len(bottom)):
        return None  # numbers or dates below: a data row
    texts, carried = [], ""
    for t, b in zip(tops, bottoms):
        carried = t or (carried if b else "")
        texts.append((b if not carried or b.startswith(carried) else carried + b) if b else t)
    return texts


def read_layout(rows: Sequence[Sequence[Any]], fields: Sequence[Field], mapping=None) -> Layout | None:
    """The header among ``rows`` (the first rows of the sheet), or None when no row names two fields."""
    rows = [row[:MAX_HEADER_COLUMNS] for row in rows]
    row_texts = [[header_text(c) for c in row] for row in rows]
    singles = [_columns(texts, fields, mapping) for texts in row_texts]
    scores = [_score(columns) for columns in singles]
    best: Layout | None = None
    best_score = 0
    for index, columns in enumerate(singles):
        if scores[index] > best_score:
            best, best_score = Layout(index, 1, columns), scores[index]
        below = index + 1
        # a two-line header: its upper line has several cells (a title is one), and together they name more
        # fields than either line alone
        if below < len(rows) and sum(1 for t in row_texts[index] if t) >= 2:
            texts = _two_lines(rows[index], rows[below])
            if texts is not None:
                joined = _columns(texts, fields, mapping, row_texts[below])
                if _score(joined) > max(scores[index], scores[below], best_score):
                    best, best_score = Layout(below, 2, joined), _score(joined)
    if best is None or best_score < min(2, len(fields)):
        return None
    first = best.header_index - best.lines + 1
    best.above = [" ".join(str(c).strip() for c in row if not is_blank(c)) for row in rows[:first]]
    best.above = [line for line in best.above if line]
    return best
