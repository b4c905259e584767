"""What the duty writes share: counts typed into a form, phone checks, the acting person, known units,
numbered ids, and unit lists kept as comma-separated codes (warnings, dispatch)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dashboard import ingest
from dashboard import scope as scopes
from dashboard.db import Store, Tx, ValidationError

PHONE_FIELDS = (("leader_phone", "带班领导电话"), ("officer_phone", "值班人员电话"), ("duty_phone", "值班电话"))


def count(fields: Mapping[str, Any], key: str, label: str) -> tuple[int, str | None]:
    """(the whole number typed for ``key``, or 0; the reason it is refused, or None). Blank counts as 0."""
    raw = fields.get(key)
    if ingest.is_blank(raw):
        return 0, None
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return 0, f"“{label}”应为数字"
    if number < 0:
        return 0, f"“{label}”不能为负数"
    if not number.is_integer():
        return 0, f"“{label}”应为整数"
    return int(number), None


def phone_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, reason) for every phone typed in a form other than the usual forms (blank is allowed)."""
    problems = []
    for key, label in PHONE_FIELDS:
        if not ingest.is_blank(values.get(key)):
            try:
                ingest.parse_phone(values[key])
            except ValueError as exc:
                problems.append((label, str(exc)))
    return problems


def text_or_none(value: Any) -> str | None:
    return None if ingest.is_blank(value) else str(value).strip()


def unit_codes(tx: Tx) -> list[str]:
    """Every unit code, in display order."""
    return [r[0] for r in tx.execute("SELECT code FROM units ORDER BY sort_order")]


def unknown_units(chosen: Sequence[str], known: Sequence[str]) -> str | None:
    """县区“…”不在县区名单中 for the chosen codes that are not units, or None."""
    unknown = [u for u in chosen if u not in known]
    return f"县区“{'、'.join(unknown)}”不在县区名单中" if unknown else None


def next_id(tx: Tx, table: str, prefix: str, taken: int) -> str:
    """``prefix`` + the first two-digit number after ``taken`` that no row of ``table`` has yet (inside the write
    that uses it: Store.write takes writes one at a time, so two writers never pick the same number)."""
    number = taken + 1
    while tx.one(f"SELECT count(*) FROM {table} WHERE id = ?", [f"{prefix}{number:02d}"])[0]:
        number += 1
    return f"{prefix}{number:02d}"


def unit_list_cond(scope: scopes.Scope, column: str) -> tuple[str, list]:
    """The scope as a condition on a comma-separated list of unit codes (any code in scope)."""
    if not scope:
        return "TRUE", []
    return f"list_has_any(string_split({column}, ','), ?::VARCHAR[])", [list(scope)]


def unit_names_of(store: Store, code_lists: Sequence[str]) -> list[str]:
    """Comma-separated unit codes as 岚皋县、镇坪县."""
    names = dict(store.rows("SELECT code, name FROM units"))
    return ["、".join(names.get(c, c) for c in str(codes).split(",") if c) for codes in code_lists]


def covered(units: Sequence[str], chosen: Sequence[str]) -> str:
    """The chosen codes as the stored comma-separated list, in display order."""
    return ",".join(u for u in units if u in set(chosen))
