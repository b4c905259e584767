"""Settings edited on the 设置 page and kept in the store (table ``setting_values``).

A setting declared with a Chinese label in ``settings.SETTINGS`` is editable. Its value is, in order:
the value saved in the store, then ``DASHBOARD_<NAME>`` / ``dashboard.toml`` / the default
(``settings.get``). A save is one transaction with its audit event (entity ``setting``: who, when,
old → new, why), so rankings and rules that read ``value(store, name)`` follow at once and every
change can be traced. ``reset`` removes the saved value, going back to the configured one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard import ingest, roles, settings
from dashboard.db import Store, Tx, ValidationError, describe_audit_detail

__all__ = ["ENTITY", "A_SAVE", "A_RESET", "DETAIL_LABELS", "editable", "saved", "value", "values", "check", "save",
           "reset", "history", "value_text", "edited"]

ENTITY = "setting"
A_SAVE, A_RESET = "修改设置", "恢复默认"  # the audit actions (and their lines in roles.RULES)


def editable(group: str | None = None) -> list[settings.Setting]:
    """The editable settings (in declaration order), optionally one group's."""
    return [s for s in settings.SETTINGS if s.editable and (group is None or s.group == group)]


_SAVED_SQL = "SELECT name, value FROM setting_values"
DETAIL_LABELS = {"old": "原值", "new": "新值"}


def saved(store: Store) -> dict[str, Any]:
    """name -> the value saved in the store (typed); only settings that were edited."""
    return _typed(store.rows(_SAVED_SQL))


def _typed(rows: list[tuple]) -> dict[str, Any]:
    found = {}
    for name, raw in rows:
        try:
            found[name] = settings.convert(settings.by_name(name), raw)
        except (KeyError, ValueError):
            continue  # a setting this version no longer declares, or an unreadable value: ignored
    return found


def value(store: Store, name: str) -> Any:
    """The effective value of one setting: the store's, else the configured one."""
    return values(store, [name])[name]


def values(store: Store, names: list[str] | None = None) -> dict[str, Any]:
    """The effective values of ``names`` (default: every editable setting)."""
    return _effective(saved(store), names)


def _effective(stored: dict[str, Any], names: list[str] | None) -> dict[str, Any]:
    names = names if names is not None else [s.name for s in editable()]
    return {name: stored[name] if name in stored else settings.get(name) for name in names}


def value_text(value: Any) -> str:
    """A setting's value as the 设置 page shows it and as it is typed back: 2.0 → "2", 0.9 → "0.9"."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def edited(typed: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of the 设置 form whose text differs from the value in force (the others were left as shown)."""
    return {name: raw for name, raw in typed.items() if str(raw).strip() != value_text(current[name])}


def check(setting: settings.Setting, raw: Any) -> tuple[Any, str | None]:
    """(typed value, None) or (None, the Chinese reason it is refused)."""
    if not setting.editable:
        return None, f"“{setting.name}” 不能在设置页修改"
    if ingest.is_blank(raw):
        return None, f"“{setting.label}” 不能为空"
    try:
        typed = settings.convert(setting, raw)
    except ValueError:
        return None, f"“{setting.label}” 必须是数字，收到“{raw}”"
    if isinstance(typed, float) and not math.isfinite(typed):
        return None, f"“{setting.label}” 必须是有限的数字"
    if setting.minimum is not None and typed < setting.minimum:
        return None, f"“{setting.label}” 不能小于 {setting.minimum:g}"
    if setting.maximum is not None and typed > setting.maximum:
        return None, f"“{setting.label}” 不能大于 {setting.maximum:g}"
    return typed, None


def save(store: Store, changes: Mapping[str, Any], actor: roles.User, reason: str = "") -> list[str]:
    """Save edited values in one transaction; returns the names that changed.

    Refuses the whole change (ValidationError, nothing written) when the actor may not, any value
    is invalid, or nothing differs from the current values.
    """
    typed: dict[str, Any] = {}
    for name, raw in changes.items():
        try:
            setting = settings.by_name(name)
        except KeyError:
            raise ValidationError(f"没有名为“{name}”的设置") from None
        typed[name], problem = check(setting, raw)
        if problem:
            raise ValidationError(problem)

    def run(tx: Tx) -> list[str]:
        tx.authorize(actor, ENTITY, A_SAVE)
        current = _effective(_typed(tx.execute(_SAVED_SQL)), list(typed))
        changed = [name for name, new in typed.items() if new != current[name]]
        if not changed:
            raise ValidationError("数值与当前设置相同，没有需要保存的修改")
        for name in changed:
            tx.execute(
                "INSERT OR REPLACE INTO setting_values VALUES (?, ?, ?, ?)", [name, str(typed[name]), tx.at, actor.label]
            )
            tx.audit(ENTITY, name, A_SAVE, actor, reason=reason.strip() or None,
                     detail={"old": current[name], "new": typed[name]})
        return changed

    return store.write(run)


def reset(store: Store, name: str, actor: roles.User, reason: str = "") -> None:
    """Remove a saved value: the setting goes back to dashboard.toml / DASHBOARD_* / the default."""
    setting = settings.by_name(name)

    def run(tx: Tx) -> None:
        tx.authorize(actor, ENTITY, A_RESET)
        if tx.one("SELECT 1 FROM setting_values WHERE name = ?", [name]) is None:
            raise ValidationError(f"“{setting.label}” 没有在设置页修改过，已是配置值")
        old = _effective(_typed(tx.execute(_SAVED_SQL)), [name])[name]
        tx.execute("DELETE FROM setting_values WHERE name = ?", [name])
        tx.audit(ENTITY, name, A_RESET, actor, reason=reason.strip() or None,
                 detail={"old": old, "new": settings.get(name)})

    store.write(run)


def history(store: Store) -> pd.DataFrame:
    """Every settings change, newest first: happened_at, actor, action, name, label, change, reason."""
    frame = store.query(
        "SELECT happened_at, actor, action, entity_id AS name, reason, detail FROM audit_events"
        " WHERE entity = ? ORDER BY happened_at DESC, id DESC",
        [ENTITY],
    )
    labels = {s.name: s.label or s.name for s in settings.SETTINGS}
    frame["label"] = frame["name"].map(lambda n: labels.get(n, n))
    frame["change"] = frame["detail"].map(lambda d: describe_audit_detail(d, DETAIL_LABELS))
    return frame.drop(columns="detail")
