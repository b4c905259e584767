"""Warnings (预警信息: 暴雨, 地质灾害, 森林火险 …): in force from their start up to and including their end,
the ones in force first, most severe first; issuing one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard import ingest, roles, vocab
from dashboard import scope as scopes
from dashboard.db import Store, Tx, ValidationError
from dashboard.duty._common import covered, next_id, unit_codes, unit_list_cond, unit_names_of, \
    unknown_units
from dashboard.duty._timeliness import local_time

WARNING_ENTITY = "warning"
A_WARN = "发布预警"  # the audit action (and its line in roles.RULES)
WARNING_FILL = dict(zip(vocab.WARNING_LEVELS, ("#cfe2ff", "#fff3b0", "#ffd8a8", "#f8b4b4")))  # 蓝 黄 橙 红


def in_force(valid_from: datetime, valid_to: datetime, at: datetime) -> bool:
    """A warning is in force from its start up to and including its end time."""
    return local_time(valid_from) <= local_time(at) <= local_time(valid_to)


def warning_severity(level: str) -> int:
    """0 (蓝) … 3 (红); unknown levels sort last."""
    return vocab.WARNING_LEVELS.index(level) if level in vocab.WARNING_LEVELS else -1


def warning_state(valid_from: datetime, valid_to: datetime, at: datetime) -> str:
    """生效中 / 未生效 / 已解除 at ``at``."""
    if in_force(valid_from, valid_to, at):
        return "生效中"
    return "未生效" if local_time(valid_from) > local_time(at) else "已解除"


def order_warnings(frame: pd.DataFrame, at: datetime) -> pd.DataFrame:
    """Warnings in force at ``at`` first (most severe first), then the others, newest first."""
    out = frame.copy()
    out["in_force"] = [in_force(f, t, at) for f, t in zip(out["valid_from"], out["valid_to"])] if len(out) else []
    out["severity"] = [warning_severity(lv) for lv in out["level"]] if len(out) else []
    rank = out["severity"].where(out["in_force"], -1) if len(out) else out["severity"]
    out = out.assign(_rank=rank).sort_values(["in_force", "_rank", "valid_from"], ascending=[False, False, False],
                                             kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True)


def warnings_during(frame: pd.DataFrame, start: datetime, end: datetime) -> pd.DataFrame:
    """The warnings of ``frame`` in force at some moment between start and end (inclusive)."""
    if frame.empty:
        return frame
    keep = [local_time(f) <= end and local_time(t) >= start for f, t in zip(frame["valid_from"], frame["valid_to"])]
    return frame[keep]


def check_warning(fields: Mapping[str, Any], *, known_units: Sequence[str]) -> str | None:
    if fields.get("level") not in vocab.WARNING_LEVELS:
        return "请选择预警级别"
    if ingest.is_blank(fields.get("kind")):
        return "请填写预警类别（如暴雨、地质灾害、森林火险）"
    units = list(fields.get("units") or [])
    if not units:
        return "请选择预警覆盖的县区"
    unknown = unknown_units(units, known_units)
    if unknown:
        return unknown
    start, end = fields.get("valid_from"), fields.get("valid_to")
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return "请填写生效时间和解除时间"
    if end <= start:
        return "解除时间必须晚于生效时间"
    if ingest.is_blank(fields.get("issued_by")):
        return "请填写发布单位"
    if ingest.is_blank(fields.get("content")):
        return "请填写预警内容"
    return None


def warnings(store: Store, as_of: datetime, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Every warning covering a unit in scope, in force at ``as_of`` first, with in_force and unit names."""
    cond, params = unit_list_cond(scope, "units")
    frame = store.query(f"SELECT * FROM warnings WHERE {cond}", params)
    frame["unit_names"] = unit_names_of(store, frame["units"]) if len(frame) else []
    return order_warnings(frame, as_of)


def issue_warning(store: Store, fields: Mapping[str, Any], actor: roles.User) -> str:
    """Record a warning (id YJyyyy-mmdd-NN by its start date)."""

    def run(tx: Tx) -> str:
        units = unit_codes(tx)
        problem = check_warning(fields, known_units=units)
        if problem:
            raise ValidationError(problem)
        prefix = f"YJ{fields['valid_from']:%Y-%m%d}-"
        new_id = next_id(tx, "warnings", prefix, tx.one("SELECT count(*) FROM warnings WHERE id LIKE ?", [prefix + "%"])[0])
        tx.execute("INSERT INTO warnings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [new_id, fields["level"], str(fields["kind"]).strip(), covered(units, fields["units"]),
                    fields["valid_from"], fields["valid_to"], str(fields["issued_by"]).strip(),
                    str(fields["content"]).strip()])
        tx.audit(WARNING_ENTITY, new_id, A_WARN, actor, detail={"level": fields["level"], "kind": fields["kind"]})
        return new_id

    return store.write(run)
