"""Incidents (事故/事件信息): the level by 生产安全事故报告和调查处理条例 第三条, the first report's
deadline, chains of 初报 → 续报 → 终报, and recording an entry.

- The level is the highest of the three criteria, "以上" including the number. 较大涉险事故 is a separate
  classification and is not derived from the numbers.
- Only the 初报 of a chain is checked against the report deadline (occurrence → report).
- A chain's current state is its latest entry (by report time).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard import clock, ingest, roles, settings, vocab
from dashboard import scope as scopes
from dashboard.db import Store, Tx, ValidationError
from dashboard.duty._common import count, next_id, text_or_none
from dashboard.duty._timeliness import duration_text, local_time, minutes_between

INCIDENT_ENTITY = "incident"
INCIDENT_COUNT_FIELDS = {"deaths": "死亡人数", "serious_injuries": "重伤人数", "injuries": "受伤人数",
                         "missing": "失踪人数"}
STAGE_FIRST, STAGE_FOLLOW, STAGE_FINAL = vocab.INCIDENT_STAGES
LEVEL_GENERAL, LEVEL_LARGER, LEVEL_MAJOR, LEVEL_GRAVE = vocab.INCIDENT_LEVELS[:4]
LEVEL_ORDER = (LEVEL_GRAVE, LEVEL_MAJOR, LEVEL_LARGER, LEVEL_GENERAL)  # most severe first

# 生产安全事故报告和调查处理条例 第三条: (level, deaths at least, serious injuries at least, loss 万元 at least)
LEVEL_THRESHOLDS = (
    (LEVEL_GRAVE, 30, 100, 10000.0),
    (LEVEL_MAJOR, 10, 50, 5000.0),
    (LEVEL_LARGER, 3, 10, 1000.0),
)
_TEXT_FIELDS = ("source", "place", "kind", "sector", "trend", "measures", "description")


def incident_level(deaths: int, serious_injuries: int, direct_loss: float) -> str:
    """The accident level: the highest reached by deaths, serious injuries or direct loss (万元).

    "以上" includes the number, "以下" excludes it: 3 deaths is 较大, 1000万 is 较大, 999.99万 is 一般.
    """
    values = (deaths, serious_injuries, direct_loss)
    if any(v is None or pd.isna(v) or v < 0 for v in values):
        raise ValueError("伤亡人数和直接经济损失不能为负数或空")
    for level, min_deaths, min_serious, min_loss in LEVEL_THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_serious or direct_loss >= min_loss:
            return level
    return LEVEL_GENERAL


def levels_of(frame: pd.DataFrame) -> list[str]:
    """The level of every row of a frame with deaths, serious_injuries and direct_loss."""
    return [incident_level(int(d), int(s), float(loss))
            for d, s, loss in zip(frame["deaths"], frame["serious_injuries"], frame["direct_loss"])]


def report_delay(occurred_at: datetime, reported_at: datetime, allowed_minutes: int | None = None) -> tuple[int, bool]:
    """(minutes from occurrence to report, late?) against the deadline in settings (60 minutes by default).

    Reported exactly at the deadline is in time.
    """
    allowed = settings.get("incident_report_minutes") if allowed_minutes is None else allowed_minutes
    taken = minutes_between(local_time(occurred_at), local_time(reported_at))
    return taken, taken > allowed


def check_incident(fields: Mapping[str, Any], *, known_units: Sequence[str], now: datetime) -> str | None:
    """Why an incident entry must be refused (Chinese), or None. ``now`` is the as-of time."""
    if fields.get("stage") not in vocab.INCIDENT_STAGES:
        return "报告类型应为初报、续报或终报"
    if fields.get("unit_code") not in known_units:
        return f"县区“{fields.get('unit_code') or ''}”不在县区名单中"
    occurred, received, reported = fields.get("occurred_at"), fields.get("received_at"), fields.get("reported_at")
    if not all(isinstance(t, datetime) for t in (occurred, received, reported)):
        return "请填写事发时间、接报时间和上报时间"
    if max(occurred, received, reported) > now:
        return f"时间不能晚于现在（{clock.format_datetime(now)}）"
    if received < occurred:
        return "接报时间不能早于事发时间"
    if reported < received:
        return "上报时间不能早于接报时间"
    for key in ("place", "kind"):
        if ingest.is_blank(fields.get(key)):
            return "请填写事发地点和事件性质"
    for key, label in INCIDENT_COUNT_FIELDS.items():
        _, problem = count(fields, key, label)
        if problem:
            return problem
    loss = fields.get("direct_loss")
    if not ingest.is_blank(loss):
        try:
            if float(loss) < 0:
                return "“直接经济损失”不能为负数"
        except (TypeError, ValueError):
            return "“直接经济损失”应为数字（万元）"
    if count(fields, "serious_injuries", "")[0] > count(fields, "injuries", "")[0]:
        return "重伤人数不能多于受伤人数（受伤人数含重伤）"
    return None


def incidents(store: Store, start: date | None = None, end: date | None = None,
              scope: scopes.Scope = ()) -> pd.DataFrame:
    """Every incident entry (occurring between start and end, in scope) with the unit name, its computed
    level, the chain's current level (latest stage) and, for a 初报, minutes to report and the late flag."""
    cond, params = scopes.where(scope, "i.unit_code")
    date_cond, date_params = "TRUE", []
    if start is not None and end is not None:
        date_cond, date_params = "CAST(i.occurred_at AS DATE) BETWEEN ? AND ?", [start, end]
    frame = store.query(
        f"""
        SELECT i.*, u.name AS unit
        FROM incidents i JOIN units u ON u.code = i.unit_code
        WHERE {cond} AND {date_cond}
        ORDER BY i.occurred_at DESC, i.chain_id, i.reported_at
        """,
        [*params, *date_params],
    )
    return annotate_incidents(frame)


def annotate_incidents(frame: pd.DataFrame) -> pd.DataFrame:
    """Add level, chain level/stage (from the chain's latest entry), minutes to report and late (初报 only)."""
    frame = frame.copy()
    if frame.empty:
        for column in ("level", "chain_level", "chain_stage", "report_minutes", "late"):
            frame[column] = pd.Series(dtype=object)
        return frame
    frame["level"] = levels_of(frame)
    latest = frame.sort_values(["reported_at", "id"]).groupby("chain_id").tail(1).set_index("chain_id")
    frame["chain_level"] = frame["chain_id"].map(latest["level"])
    frame["chain_stage"] = frame["chain_id"].map(latest["stage"])
    delays = [report_delay(o, r) if st == STAGE_FIRST else (None, None)
              for o, r, st in zip(frame["occurred_at"], frame["reported_at"], frame["stage"])]
    frame["report_minutes"] = [m for m, _ in delays]
    frame["late"] = [late for _, late in delays]
    return frame


def incident_chains(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per chain: the latest entry's figures (the chain's current state) and the 初报's timeliness."""
    if frame.empty:
        return frame
    latest = frame.sort_values(["reported_at", "id"]).groupby("chain_id").tail(1)
    first = frame[frame["stage"] == STAGE_FIRST].set_index("chain_id")
    latest = latest.assign(
        first_reported_at=latest["chain_id"].map(first["reported_at"]),
        report_minutes=latest["chain_id"].map(first["report_minutes"]),
        late=latest["chain_id"].map(first["late"]),
        entries=latest["chain_id"].map(frame.groupby("chain_id").size()),
    )
    return latest.sort_values("occurred_at", ascending=False).reset_index(drop=True)


def open_chains(chains: pd.DataFrame) -> list[str]:
    """The chains a 续报 / 终报 may still follow (no 终报 yet)."""
    return [c for c, s in zip(chains["chain_id"], chains["stage"]) if s != STAGE_FINAL] if len(chains) else []


def _follow_up(tx: Tx, values: dict, actor: roles.User) -> None:
    """A 续报 / 终报: checked against its chain, blanks taken from the 初报 (occurrence time, unit, place …). Who
    may is asked of the chain's county (a clerk writing its own county on another's chain is refused)."""
    stage = values["stage"]
    if ingest.is_blank(values.get("chain_id")):
        raise ValidationError("请先选择要续报 / 终报的事件")
    chain = tx.query("SELECT * FROM incidents WHERE chain_id = ? ORDER BY reported_at", [values.get("chain_id")])
    if chain.empty:
        raise ValidationError(f"{stage}必须关联一条已有的初报（事件编号“{values.get('chain_id') or ''}”不存在）")
    tx.authorize(actor, INCIDENT_ENTITY, stage, county=chain.iloc[0]["unit_code"])
    if (chain["stage"] == STAGE_FINAL).any():
        raise ValidationError("该事件已有终报，不能再续报")
    first = chain.iloc[0]
    values["occurred_at"] = clock.as_datetime(first["occurred_at"])
    if not ingest.is_blank(values.get("unit_code")) and values["unit_code"] != first["unit_code"]:
        raise ValidationError(f"{stage}的县区须与初报一致：续报、终报报告的是同一事件")
    for key in ("unit_code", "place", "kind", "sector", "source"):  # a follow-up may leave these blank
        if ingest.is_blank(values.get(key)):
            values[key] = None if ingest.is_blank(first[key]) else first[key]
    last_reported = clock.as_datetime(chain["reported_at"].max())
    if isinstance(values.get("reported_at"), datetime) and values["reported_at"] < last_reported:
        raise ValidationError(f"{stage}的上报时间不能早于上一次报告（{clock.format_datetime(last_reported)}）")


def record_incident(store: Store, fields: Mapping[str, Any], actor: roles.User) -> str:
    """Record a 初报 (a new chain) or a 续报 / 终报 (linked to ``chain_id``; nothing after a 终报).
    Returns the new entry's id (初报: SJyyyymmdd-NN; later stages: <chain>-N)."""

    def run(tx: Tx) -> str:
        units = [r[0] for r in tx.execute("SELECT code FROM units")]
        values = dict(fields)
        stage = values.get("stage")
        if stage in (STAGE_FOLLOW, STAGE_FINAL):
            _follow_up(tx, values, actor)
        problem = check_incident(values, known_units=units, now=tx.at)
        if problem:
            raise ValidationError(problem)
        if stage == STAGE_FIRST:
            prefix = f"SJ{values['occurred_at']:%Y%m%d}-"
            taken = tx.one("SELECT count(*) FROM incidents WHERE id LIKE ? AND stage = ?", [prefix + "%", STAGE_FIRST])[0]
            new_id = chain_id = next_id(tx, "incidents", prefix, taken)
        else:
            chain_id = values["chain_id"]
            entries = tx.one("SELECT count(*) FROM incidents WHERE chain_id = ?", [chain_id])[0]
            new_id = f"{chain_id}-{entries + 1}"
        counts = {k: count(values, k, v)[0] for k, v in INCIDENT_COUNT_FIELDS.items()}
        loss = 0.0 if ingest.is_blank(values.get("direct_loss")) else float(values["direct_loss"])
        text = {k: text_or_none(values.get(k)) for k in _TEXT_FIELDS}
        tx.execute(
            """INSERT INTO incidents (id, chain_id, stage, occurred_at, received_at, reported_at, source, unit_code,
                   place, kind, sector, deaths, serious_injuries, injuries, missing, direct_loss, trend, measures,
                   description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [new_id, chain_id, stage, values["occurred_at"], values["received_at"], values["reported_at"],
             text["source"], values["unit_code"], text["place"], text["kind"], text["sector"], counts["deaths"],
             counts["serious_injuries"], counts["injuries"], counts["missing"], loss, text["trend"], text["measures"],
             text["description"]],
        )
        level = incident_level(counts["deaths"], counts["serious_injuries"], loss)
        tx.audit(INCIDENT_ENTITY, new_id, stage, actor, county=values["unit_code"], to_status=level,
                 detail={"chain_id": chain_id, **counts, "direct_loss": loss})
        return new_id

    return store.write(run)


def recorded_text(entry: Mapping[str, Any]) -> str:
    """What recording an entry says: its level, and for a 初报 the time to report and whether it was late."""
    text = f"已记录 {entry['id']}（{entry['stage']}）：按本次报告属{entry['level']}"
    if entry["stage"] == STAGE_FIRST:
        text += f"，事发至初报用时{duration_text(int(entry['report_minutes']))}"
        text += "，超过时限" if entry["late"] else "，未超时"
    return text + "。"


def incident_entry(store: Store, entry_id: str) -> dict | None:
    """One entry with its level (and, for a 初报, minutes to report and the late flag)."""
    frame = annotate_incidents(store.query(
        "SELECT i.*, u.name AS unit FROM incidents i JOIN units u ON u.code = i.unit_code "
        "WHERE i.chain_id = (SELECT chain_id FROM incidents WHERE id = ?)", [entry_id]))
    rows = frame[frame["id"] == entry_id]
    return None if rows.empty else rows.iloc[0].to_dict()
