"""The hazard ledger (隐患台账): queries, the lifecycle rules, actions, import and export.

- Derived, never stored: 逾期 (open and the deadline before the as-of date), 已延期 (deadline differs from
  the original deadline), days left; they are computed in SQL.
- The lifecycle is the table ``TRANSITIONS`` (data) read by the pure functions ``allowed`` and ``check``;
  ``act`` runs one action as one Store.write transaction with its audit event (entity ``hazard``).
- Import: the hazard columns (``import_fields``) on top of the general machinery in dashboard.ingest; a
  file is written whole or not at all, with an ``imports`` record and a 登记 event per new hazard.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard import clock, ingest
from dashboard import scope as scopes
from dashboard import vocab
from dashboard.db import Store, Tx, ValidationError, describe_audit_detail
from dashboard.export import Column, csv_bytes, xlsx_table

# Open = not yet 销号; overdue = open and the deadline before the as-of date. Parameters: closed status,
# then (for OVERDUE) the as-of date.
OPEN = "status <> ?"
OVERDUE = "(status <> ? AND deadline < ?)"


def summary(store: Store, today: date, scope: scopes.Scope = ()) -> dict:
    """Ledger totals for the scope: total, open, overdue, open major, closed and the rectification rate."""
    cond, params = scopes.where(scope)
    closed = vocab.ST_CLOSED
    row = store.rows(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE {OPEN}),
               count(*) FILTER (WHERE {OVERDUE}),
               count(*) FILTER (WHERE {OPEN} AND level = ?),
               count(*) FILTER (WHERE status = ?)
        FROM hazards WHERE {cond}
        """,
        [closed, closed, today, closed, vocab.LEVEL_MAJOR, closed, *params],
    )[0]
    total, open_, overdue, open_major, closed_count = row
    return {
        "total": total,
        "open": open_,
        "overdue": overdue,
        "open_major": open_major,
        "closed": closed_count,
        "rectification_rate": rate(closed_count, total),
    }


def rate(part: int, whole: int) -> float | None:
    """A share in percent with one decimal, or None when there is nothing to divide."""
    return None if not whole else round(100.0 * part / whole, 1)


def by_unit(store: Store, today: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Per unit in display order: unit_code, unit, total, open, overdue, open_major, closed, rate."""
    cond, params = scopes.where(scope, "u.code")
    closed = vocab.ST_CLOSED
    frame = store.query(
        f"""
        SELECT u.code AS unit_code, u.name AS unit,
               count(h.id) AS total,
               count(h.id) FILTER (WHERE h.{OPEN}) AS open,
               count(h.id) FILTER (WHERE h.status <> ? AND h.deadline < ?) AS overdue,
               count(h.id) FILTER (WHERE h.{OPEN} AND h.level = ?) AS open_major,
               count(h.id) FILTER (WHERE h.status = ?) AS closed
        FROM units u LEFT JOIN hazards h ON h.unit_code = u.code
        WHERE {cond}
        GROUP BY u.code, u.name, u.sort_order
        ORDER BY u.sort_order
        """,
        [closed, closed, today, closed, vocab.LEVEL_MAJOR, closed, *params],
    )
    frame["rate"] = [rate(c, t) for c, t in zip(frame["closed"], frame["total"])]
    return frame


def weekly_trend(store: Store, today: date, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Hazards found and closed per ISO week (week starting Monday) up to the as-of date."""
    cond, params = scopes.where(scope)
    return store.query(
        f"""
        WITH found AS (
            SELECT date_trunc('week', found_date)::DATE AS week, count(*) AS n
            FROM hazards WHERE {cond} AND found_date <= ? GROUP BY 1),
        closed AS (
            SELECT date_trunc('week', closed_date)::DATE AS week, count(*) AS n
            FROM hazards WHERE {cond} AND closed_date IS NOT NULL AND closed_date <= ? GROUP BY 1)
        SELECT coalesce(f.week, c.week) AS week, coalesce(f.n, 0) AS found, coalesce(c.n, 0) AS closed
        FROM found f FULL JOIN closed c ON f.week = c.week
        ORDER BY week
        """,
        [*params, today, *params, today],
    )


# =================================================================================================
# The lifecycle: transitions as data, rules as pure functions
# =================================================================================================
# Action names are the audit events' names (the demo history uses exactly these).
A_REGISTER, A_START, A_SUBMIT, A_REVIEW_FAIL, A_REVIEW_PASS = "登记", "开始整改", "提交整改完成", "复核不通过", "复核合格"
A_IMMEDIATE, A_EXTEND, A_LIST, A_ENFORCE = "即查即改销号", "延期", "挂牌督办", "执法措施"
ACTIONS = (A_START, A_SUBMIT, A_REVIEW_PASS, A_REVIEW_FAIL, A_IMMEDIATE, A_EXTEND, A_LIST, A_ENFORCE)


@dataclass(frozen=True)
class Transition:
    """Which statuses an action starts from, the status it leads to (None: unchanged), and whether it is
    only for 即查即改 hazards."""

    from_statuses: tuple[str, ...]
    to_status: str | None
    immediate_only: bool = False


TRANSITIONS: dict[str, Transition] = {
    A_START: Transition((vocab.ST_PENDING, vocab.ST_REVIEW_FAILED), vocab.ST_IN_PROGRESS),
    A_SUBMIT: Transition((vocab.ST_IN_PROGRESS,), vocab.ST_AWAITING_REVIEW),
    A_REVIEW_PASS: Transition((vocab.ST_AWAITING_REVIEW,), vocab.ST_CLOSED),
    A_REVIEW_FAIL: Transition((vocab.ST_AWAITING_REVIEW,), vocab.ST_REVIEW_FAILED),
    A_IMMEDIATE: Transition(vocab.OPEN_STATUSES, vocab.ST_CLOSED, immediate_only=True),
    A_EXTEND: Transition((vocab.ST_PENDING, vocab.ST_IN_PROGRESS, vocab.ST_REVIEW_FAILED), None),
    A_LIST: Transition(vocab.OPEN_STATUSES, None),
    A_ENFORCE: Transition(vocab.OPEN_STATUSES, None),
}


def allowed(action: str, hazard: Mapping[str, Any]) -> str | None:
    """None when ``action`` may be taken on ``hazard`` (its status and treatment), else the Chinese reason."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        return f"未知的操作“{action}”"
    status = hazard.get("status")
    if rule.immediate_only and hazard.get("treatment") != vocab.TREAT_IMMEDIATE:
        return f"只有治理类型为“{vocab.TREAT_IMMEDIATE}”的隐患才能一步复核销号；限期整改须经提交整改完成和复核"
    if status not in rule.from_statuses:
        if status == vocab.ST_CLOSED:
            return f"隐患已销号，不能再{action}"
        if action in (A_REVIEW_PASS, A_REVIEW_FAIL):
            return f"隐患状态为“{status}”，尚未提交整改完成，不能复核"
        return f"隐患状态为“{status}”，不能{action}（允许的状态：{'、'.join(rule.from_statuses)}）"
    return None


def available_actions(hazard: Mapping[str, Any]) -> list[str]:
    """The actions the lifecycle allows on this hazard now, in the order a page offers them."""
    return [a for a in ACTIONS if allowed(a, hazard) is None]


def check(action: str, hazard: Mapping[str, Any], fields: Mapping[str, Any], today: date) -> str | None:
    """None when ``action`` with ``fields`` is allowed on ``hazard`` as of ``today``, else the reason.

    Fields per action: 提交整改完成 completed_date, measures, funds; 复核合格 / 复核不通过 verifier,
    verified_date (+ reason for 不通过); 即查即改销号 verifier, verified_date, completed_date (default the
    verified date), measures; 延期 new_deadline, reason, approval (重大隐患); 挂牌督办 listing_level,
    listing_unit, listing_doc; 执法措施 measure.
    """
    refusal = allowed(action, hazard)
    if refusal:
        return refusal
    found = clock.as_date(hazard.get("found_date"))
    if action in (A_SUBMIT, A_IMMEDIATE):
        completed = clock.as_date(fields.get("completed_date") or fields.get("verified_date"))
        if completed is None:
            return "请填写整改完成日期"
        if completed > today:
            return f"整改完成日期 {completed} 不能晚于今天（{today}）"
        if found and completed < found:
            return f"整改完成日期 {completed} 不能早于发现日期 {found}"
        if action == A_SUBMIT and ingest.is_blank(fields.get("measures")):
            return "请填写采取的整改措施"
        funds = fields.get("funds")
        if funds is not None and funds < 0:
            return "整改资金不能为负数"
    if action in (A_REVIEW_PASS, A_REVIEW_FAIL, A_IMMEDIATE):
        if ingest.is_blank(fields.get("verifier")):
            return "请填写复查验收人"
        verified = clock.as_date(fields.get("verified_date"))
        if verified is None:
            return "请填写复查日期"
        if verified > today:
            return f"复查日期 {verified} 不能晚于今天（{today}）"
        completed = clock.as_date(fields.get("completed_date") if action == A_IMMEDIATE else hazard.get("completed_date"))
        if completed and verified < completed:
            return f"复查日期 {verified} 不能早于整改完成日期 {completed}"
        if found and verified < found:
            return f"复查日期 {verified} 不能早于发现日期 {found}"
        if action == A_REVIEW_FAIL and ingest.is_blank(fields.get("reason")):
            return "复核不合格须写明原因"
    if action == A_EXTEND:
        if ingest.is_blank(fields.get("reason")):
            return "延期须写明原因"
        new = clock.as_date(fields.get("new_deadline"))
        if new is None:
            return "请填写新的整改期限"
        current = clock.as_date(hazard.get("deadline"))
        if current and new <= current:
            return f"新的整改期限 {new} 必须晚于当前期限 {current}"
        if found and new < found:
            return f"整改期限 {new} 不能早于发现日期 {found}"
        if new < today:
            return f"新的整改期限 {new} 已经过去（今天 {today}）"
        if hazard.get("level") == vocab.LEVEL_MAJOR and ingest.is_blank(fields.get("approval")):
            return "重大隐患延期须填写审批情况（批准单位及文号）"
    if action == A_LIST:
        level = fields.get("listing_level")
        if level not in vocab.LISTING_LEVELS or level == vocab.NOT_LISTED:
            return "请选择督办级别"
        if hazard.get("listing_level") == level:
            return f"该隐患已是{level}"
        if ingest.is_blank(fields.get("listing_unit")):
            return "请填写督办单位"
        if ingest.is_blank(fields.get("listing_doc")):
            return "请填写督办文号"
    if action == A_ENFORCE and fields.get("measure") not in vocab.ENFORCEMENT_MEASURES:
        return f"请选择执法措施（{'、'.join(vocab.ENFORCEMENT_MEASURES)}）"
    return None


NEW_LABELS = {
    "found_date": "发现时间", "unit_code": "县区", "source": "来源", "enterprise": "单位名称", "sector": "行业领域",
    "description": "隐患描述", "level": "隐患等级", "treatment": "治理类型", "deadline": "整改期限", "funds": "整改资金(万元)",
}


def new_hazard_problems(fields: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    """(field key, Chinese reason) for every rule a new hazard breaks; empty when it may be registered."""
    problems = [(key, f"请填写{label}") for key, label in NEW_LABELS.items()
                if key not in ("deadline", "funds") and ingest.is_blank(fields.get(key))]
    if problems:
        return problems
    for key, choices in (("source", vocab.SOURCES), ("sector", vocab.SECTORS), ("level", vocab.HAZARD_LEVELS),
                         ("treatment", vocab.TREATMENTS)):
        if fields[key] not in choices:
            problems.append((key, f"{NEW_LABELS[key]}“{fields[key]}”不是可选值"))
    found = clock.as_date(fields["found_date"])
    if found > today:
        problems.append(("found_date", f"发现时间 {found} 不能晚于今天（{today}）"))
    deadline = clock.as_date(fields.get("deadline"))
    if deadline is None and fields["treatment"] == vocab.TREAT_DEADLINE:
        problems.append(("deadline", "限期整改的隐患须填写整改期限"))
    if deadline is not None and deadline < found:
        problems.append(("deadline", f"整改期限 {deadline} 不能早于发现时间 {found}"))
    if fields.get("level") == vocab.LEVEL_MAJOR and fields["treatment"] == vocab.TREAT_IMMEDIATE:
        problems.append(("treatment", "重大隐患不能按即查即改处理，请选择限期整改"))
    funds = fields.get("funds")
    if funds is not None and funds < 0:
        problems.append(("funds", "整改资金不能为负数"))
    for key, label in (("handed_county_on", "移交县区日期"), ("handed_city_on", "移交市安委办日期")):
        handed = clock.as_date(fields.get(key))
        if handed is not None and handed < found:
            problems.append((key, f"{label} {handed} 不能早于发现时间 {found}"))
        elif handed is not None and handed > today:
            problems.append((key, f"{label} {handed} 不能晚于今天（{today}）"))
    return problems


def check_new(fields: Mapping[str, Any], today: date) -> str | None:
    """None when a new hazard's fields are complete and consistent, else the first Chinese reason."""
    problems = new_hazard_problems(fields, today)
    return problems[0][1] if problems else None


# =================================================================================================
# Writes: every action is one transaction with its audit event
# =================================================================================================
HAZARD_ENTITY = "hazard"


def _load(tx: Tx, hazard_id: str) -> dict:
    frame = tx.query("SELECT * FROM hazards WHERE id = ?", [hazard_id])
    if frame.empty:
        raise ValidationError(f"找不到隐患 {hazard_id}")
    return {k: (None if _isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def act(store: Store, hazard_id: str, action: str, fields: Mapping[str, Any], actor: str) -> str:
    """Take ``action`` on a hazard in one transaction with its audit event; returns the new status.

    Raises ValidationError with the Chinese reason (nothing written) when the rules refuse it.
    """
    if ingest.is_blank(actor):
        raise ValidationError("请填写操作人")
    fields = dict(fields)

    def run(tx: Tx) -> str:
        hazard = _load(tx, hazard_id)
        today = tx.at.date()
        refusal = check(action, hazard, fields, today)
        if refusal:
            raise ValidationError(refusal)
        status = hazard["status"]
        rule = TRANSITIONS[action]
        new_status = rule.to_status or status
        changes: dict[str, Any] = {}
        reason = fields.get("reason") or None
        detail: dict[str, Any] = {}
        if action == A_SUBMIT:
            changes = {"completed_date": clock.as_date(fields["completed_date"]), "measures": fields["measures"].strip()}
            if fields.get("funds") is not None:
                changes["funds"] = float(fields["funds"])
            detail = dict(changes)
        elif action in (A_REVIEW_PASS, A_REVIEW_FAIL):
            verified = clock.as_date(fields["verified_date"])
            changes = {"verifier": fields["verifier"].strip(), "verified_date": verified,
                       "verify_result": vocab.VERIFY_PASS if action == A_REVIEW_PASS else vocab.VERIFY_FAIL}
            if action == A_REVIEW_PASS:
                changes["closed_date"] = verified
            detail = dict(changes)
        elif action == A_IMMEDIATE:
            verified = clock.as_date(fields["verified_date"])
            completed = clock.as_date(fields.get("completed_date")) or verified
            changes = {"completed_date": completed, "verifier": fields["verifier"].strip(), "verified_date": verified,
                       "verify_result": vocab.VERIFY_PASS, "closed_date": verified}
            if not ingest.is_blank(fields.get("measures")):
                changes["measures"] = fields["measures"].strip()
            detail = dict(changes)
        elif action == A_EXTEND:
            new = clock.as_date(fields["new_deadline"])
            changes = {"deadline": new}
            if hazard["original_deadline"] is None:
                changes["original_deadline"] = clock.as_date(hazard["deadline"])
            detail = {"old_deadline": clock.as_date(hazard["deadline"]), "new_deadline": new}
            if not ingest.is_blank(fields.get("approval")):
                detail["approval"] = fields["approval"].strip()
        elif action == A_LIST:
            changes = {"listing_level": fields["listing_level"], "listing_unit": fields["listing_unit"].strip(),
                       "listing_doc": fields["listing_doc"].strip(), "listing_date": today}
            detail = {"level": changes["listing_level"], "unit": changes["listing_unit"], "doc": changes["listing_doc"],
                      "date": today}
        elif action == A_ENFORCE:
            previous = [m for m in (hazard["enforcement"] or "").split("、") if m]
            measures = previous + ([fields["measure"]] if fields["measure"] not in previous else [])
            changes = {"enforcement": "、".join(measures)}
            detail = {"measure": fields["measure"]}
        changes["status"] = new_status
        changes["updated_at"] = tx.at
        assignments = ", ".join(f"{column} = ?" for column in changes)  # column names are ours, not user text
        tx.execute(f"UPDATE hazards SET {assignments} WHERE id = ?", [*changes.values(), hazard_id])
        tx.audit(HAZARD_ENTITY, hazard_id, action, actor.strip(), from_status=status, to_status=new_status,
                 reason=reason, detail=detail or None)
        return new_status

    return store.write(run)


def review(store: Store, hazard_id: str, passed: bool, fields: Mapping[str, Any], actor: str) -> str:
    """复核: 合格 closes the hazard (已销号), 不合格 sends it to 复核不通过 with the reason."""
    return act(store, hazard_id, A_REVIEW_PASS if passed else A_REVIEW_FAIL, fields, actor)


NEW_HAZARD_COLUMNS = (
    "found_date", "group_id", "source", "unit_code", "township", "enterprise", "credit_code", "sector", "location",
    "description", "level", "treatment", "measures", "resp_unit", "resp_person", "resp_phone", "deadline", "funds",
    "interim_measures", "remark",
)


def next_ids(tx: Tx, year: int, count: int) -> list[str]:
    """``count`` new 隐患编号 YH<year>-NNNNNN (the year of registration) following the highest one of that year."""
    prefix = f"YH{year}-"
    top = tx.one(
        "SELECT max(TRY_CAST(substr(id, ?) AS BIGINT)) FROM hazards WHERE starts_with(id, ?)",
        [len(prefix) + 1, prefix],
    )[0] or 0
    return [f"{prefix}{top + i:06d}" for i in range(1, count + 1)]


def create(store: Store, fields: Mapping[str, Any], actor: str) -> str:
    """登记 a new hazard (status 待整改) in one transaction with its audit event; returns its 隐患编号."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写操作人")
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    values = {k: (None if v == "" else v) for k, v in values.items()}

    def run(tx: Tx) -> str:
        refusal = check_new(values, tx.at.date())
        if refusal:
            raise ValidationError(refusal)
        if not tx.one("SELECT 1 FROM units WHERE code = ?", [values["unit_code"]]):
            raise ValidationError(f"未知的县区代码 {values['unit_code']}")
        found = clock.as_date(values["found_date"])
        row = {k: values.get(k) for k in NEW_HAZARD_COLUMNS}
        row["found_date"] = found
        row["deadline"] = clock.as_date(values.get("deadline")) or found
        if row["group_id"] is None and row["source"] == vocab.SOURCE_GROUPS:
            group = tx.one("SELECT id FROM groups WHERE unit_code = ?", [row["unit_code"]])
            row["group_id"] = group[0] if group else None
        hazard_id = values.get("id") or next_ids(tx, tx.at.year, 1)[0]
        if tx.one("SELECT 1 FROM hazards WHERE id = ?", [hazard_id]):
            raise ValidationError(f"隐患编号 {hazard_id} 已存在")
        row.update(id=hazard_id, original_deadline=row["deadline"], status=vocab.ST_PENDING,
                   listing_level=vocab.NOT_LISTED, created_at=tx.at, updated_at=tx.at)
        cols = list(row)
        tx.execute(f"INSERT INTO hazards ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                   [row[c] for c in cols])
        tx.audit(HAZARD_ENTITY, hazard_id, A_REGISTER, actor.strip(), to_status=vocab.ST_PENDING,
                 detail={"source": row["source"], "level": row["level"], "deadline": row["deadline"]})
        return hazard_id

    return store.write(run)


# =================================================================================================
# Finding: filters in SQL, a capped table, counts and breakdowns
# =================================================================================================
@dataclass(frozen=True)
class HazardFilter:
    """Every filter of the ledger page; empty means "no restriction". Hashable (cache key)."""

    scope: tuple[str, ...] = ()          # unit codes
    groups: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    treatments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()          # 逾期 / 已延期 / 挂牌督办, all must hold
    found_from: date | None = None
    found_to: date | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    keyword: str = ""


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


def conditions(f: HazardFilter, today: date, prefix: str = "h.") -> tuple[str, list[Any]]:
    """The SQL condition for a filter (column names are literals; every value is a parameter)."""
    parts: list[str] = []
    params: list[Any] = []
    for column, values in (("unit_code", f.scope), ("group_id", f.groups), ("source", f.sources),
                           ("sector", f.sectors), ("level", f.levels), ("treatment", f.treatments),
                           ("status", f.statuses)):
        if values:
            sql, p = _in(prefix + column, values)
            parts.append(sql)
            params += p
    if vocab.FLAG_OVERDUE in f.flags:
        parts.append(f"({prefix}status <> ? AND {prefix}deadline < ?)")
        params += [vocab.ST_CLOSED, today]
    if vocab.FLAG_EXTENDED in f.flags:
        parts.append(f"{prefix}deadline <> {prefix}original_deadline")
    if vocab.FLAG_LISTED in f.flags:
        parts.append(f"{prefix}listing_level <> ?")
        params.append(vocab.NOT_LISTED)
    for column, op, value in (("found_date", ">=", f.found_from), ("found_date", "<=", f.found_to),
                              ("deadline", ">=", f.deadline_from), ("deadline", "<=", f.deadline_to)):
        if value is not None:
            parts.append(f"{prefix}{column} {op} ?")
            params.append(value)
    keyword = (f.keyword or "").strip().lower()
    if keyword:
        parts.append(
            f"(contains(lower({prefix}enterprise), ?) OR contains(lower(coalesce({prefix}location, '')), ?)"
            f" OR contains(lower({prefix}description), ?) OR contains(lower({prefix}id), ?))"
        )
        params += [keyword] * 4
    return (" AND ".join(parts) or "TRUE"), params


_DERIVED = """
    (h.status <> ? AND h.deadline < ?) AS overdue,
    coalesce(h.deadline <> h.original_deadline, FALSE) AS extended,
    (h.listing_level <> ?) AS listed,
    CASE WHEN h.status <> ? THEN date_diff('day', ?::DATE, h.deadline) END AS days_left
"""


def _derived_params(today: date) -> list[Any]:
    return [vocab.ST_CLOSED, today, vocab.NOT_LISTED, vocab.ST_CLOSED, today]


TABLE_LIMIT = 500


def table(store: Store, f: HazardFilter, today: date, limit: int = TABLE_LIMIT) -> pd.DataFrame:
    """The first ``limit`` filtered hazards for the page table: open ones first, the most urgent on top."""
    cond, params = conditions(f, today)
    return store.query(
        f"""
        SELECT h.id, u.name AS unit, h.enterprise, h.sector, h.level, h.treatment, h.status, h.found_date,
               h.deadline, h.listing_level, {_DERIVED}
        FROM hazards h JOIN units u ON u.code = h.unit_code
        WHERE {cond}
        ORDER BY (h.status = ?), h.deadline, h.id
        LIMIT ?
        """,
        [*_derived_params(today), *params, vocab.ST_CLOSED, int(limit)],
    )


def filtered_summary(store: Store, f: HazardFilter, today: date) -> dict:
    """Counts for the filtered set: total, open, overdue, major, closed, rectification rate."""
    cond, params = conditions(f, today)
    closed = vocab.ST_CLOSED
    total, open_, overdue, major, closed_count, listed = store.rows(
        f"""
        SELECT count(*), count(*) FILTER (WHERE h.status <> ?),
               count(*) FILTER (WHERE h.status <> ? AND h.deadline < ?),
               count(*) FILTER (WHERE h.level = ?), count(*) FILTER (WHERE h.status = ?),
               count(*) FILTER (WHERE h.listing_level <> ? AND h.status <> ?)
        FROM hazards h WHERE {cond}
        """,
        [closed, closed, today, vocab.LEVEL_MAJOR, closed, vocab.NOT_LISTED, closed, *params],
    )[0]
    return {"total": total, "open": open_, "overdue": overdue, "major": major, "closed": closed_count,
            "listed_open": listed, "rectification_rate": rate(closed_count, total)}


BREAKDOWNS = {"sector": "h.sector", "status": "h.status", "unit": "u.name"}


def breakdown(store: Store, f: HazardFilter, today: date, by: str) -> pd.DataFrame:
    """Filtered counts per sector / status / unit: columns key, total, open, overdue."""
    column = BREAKDOWNS[by]
    order = {"sector": "total DESC, key", "status": "min(s.ord)", "unit": "min(u.sort_order)"}[by]
    cond, params = conditions(f, today)
    statuses = ", ".join(f"({i}, ?)" for i in range(len(vocab.HAZARD_STATUSES)))
    return store.query(
        f"""
        WITH s(ord, name) AS (VALUES {statuses})
        SELECT {column} AS key, count(*) AS total, count(*) FILTER (WHERE h.status <> ?) AS open,
               count(*) FILTER (WHERE h.status <> ? AND h.deadline < ?) AS overdue
        FROM hazards h JOIN units u ON u.code = h.unit_code LEFT JOIN s ON s.name = h.status
        WHERE {cond}
        GROUP BY 1 ORDER BY {order}
        """,
        [*vocab.HAZARD_STATUSES, vocab.ST_CLOSED, vocab.ST_CLOSED, today, *params],
    )


def detail(store: Store, hazard_id: str, today: date) -> dict | None:
    """Every field of one hazard plus unit and group names and the derived flags, or None."""
    frame = store.query(
        f"""
        SELECT h.*, u.name AS unit, g.name AS group_name, {_DERIVED}
        FROM hazards h JOIN units u ON u.code = h.unit_code LEFT JOIN groups g ON g.id = h.group_id
        WHERE h.id = ?
        """,
        [*_derived_params(today), hazard_id],
    )
    if frame.empty:
        return None
    return {k: (None if _isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def history(store: Store, hazard_id: str) -> pd.DataFrame:
    """The hazard's audit events, oldest first: happened_at, actor, action, from/to status, reason, detail."""
    return store.audit_history(HAZARD_ENTITY, hazard_id)


DETAIL_LABELS = {
    "completed_date": "整改完成日期", "measures": "整改措施", "funds": "整改资金(万元)", "verifier": "复查验收人",
    "verified_date": "复查日期", "verify_result": "复查结论", "closed_date": "销号日期", "old_deadline": "原期限",
    "new_deadline": "新期限", "approval": "审批", "level": "级别", "unit": "督办单位", "doc": "文号", "date": "日期",
    "measure": "执法措施", "source": "来源", "deadline": "整改期限",
}


def describe_detail(detail: str | None) -> str:
    """An audit event's JSON detail as one Chinese line for the timeline."""
    return describe_audit_detail(detail, DETAIL_LABELS)


def groups(store: Store) -> pd.DataFrame:
    """id, name, unit_code of the inspection groups in unit order."""
    return store.query(
        "SELECT g.id, g.name, g.unit_code FROM groups g JOIN units u ON u.code = g.unit_code ORDER BY u.sort_order"
    )


# =================================================================================================
# Export: the ledger columns and the filtered set as .xlsx / .csv
# =================================================================================================
LEDGER_COLUMNS = (
    Column("id", "隐患编号", 16), Column("found_date", "发现时间", 12), Column("group_name", "检查组", 24),
    Column("source", "来源"), Column("unit", "县区"), Column("township", "乡镇"), Column("enterprise", "单位名称", 28),
    Column("credit_code", "统一社会信用代码", 22), Column("sector", "行业领域"), Column("location", "隐患部位"),
    Column("description", "隐患描述", 40), Column("level", "隐患等级"), Column("treatment", "治理类型"),
    Column("measures", "整改措施", 30), Column("resp_unit", "整改责任单位", 24), Column("resp_person", "整改责任人"),
    Column("resp_phone", "责任人电话", 15), Column("original_deadline", "原整改期限", 12),
    Column("deadline", "整改期限", 12), Column("days_left", "剩余天数"), Column("funds", "整改资金(万元)"),
    Column("interim_measures", "临时管控措施", 24), Column("status", "状态"), Column("overdue_text", "是否逾期"),
    Column("extended_text", "是否延期"), Column("completed_date", "整改完成日期", 12), Column("verifier", "复查验收人"),
    Column("verified_date", "复查日期", 12), Column("verify_result", "复查结论"), Column("closed_date", "销号日期", 12),
    Column("listing_level", "督办级别"), Column("listing_unit", "督办单位"), Column("listing_doc", "督办文号"),
    Column("enforcement", "执法措施"), Column("handed_county_on", "移交县区日期", 12),
    Column("handed_city_on", "移交市安委办日期", 12), Column("remark", "备注"),
)
EXPORT_LIMIT = 200_000


def export_rows(store: Store, f: HazardFilter, today: date, limit: int = EXPORT_LIMIT) -> pd.DataFrame:
    """The whole filtered set (up to ``limit``) with every ledger column, in the table's order."""
    cond, params = conditions(f, today)
    frame = store.query(
        f"""
        SELECT h.*, u.name AS unit, g.name AS group_name, {_DERIVED}
        FROM hazards h JOIN units u ON u.code = h.unit_code LEFT JOIN groups g ON g.id = h.group_id
        WHERE {cond}
        ORDER BY (h.status = ?), h.deadline, h.id
        LIMIT ?
        """,
        [*_derived_params(today), *params, vocab.ST_CLOSED, int(limit)],
    )
    frame["overdue_text"] = frame["overdue"].map(lambda v: "逾期" if v else "")
    frame["extended_text"] = frame["extended"].map(lambda v: "已延期" if v else "")
    return frame


def describe_filter(f: HazardFilter, unit_names: Mapping[str, str] | None = None,
                    group_names: Mapping[int, str] | None = None) -> str:
    """The filter in one Chinese line, e.g. "县区：汉滨区；行业领域：消防；标记：逾期" (全部 when empty)."""
    unit_names = unit_names or {}
    group_names = group_names or {}
    parts = []
    for label, values in (("县区", [unit_names.get(c, c) for c in f.scope]),
                          ("检查组", [group_names.get(g, str(g)) for g in f.groups]),
                          ("来源", f.sources), ("行业领域", f.sectors), ("隐患等级", f.levels), ("治理类型", f.treatments),
                          ("状态", f.statuses), ("标记", f.flags)):
        if values:
            parts.append(f"{label}：{'、'.join(values)}")
    for label, start, end in (("发现时间", f.found_from, f.found_to), ("整改期限", f.deadline_from, f.deadline_to)):
        if start or end:
            parts.append(f"{label}：{start or '…'} 至 {end or '…'}")
    if f.keyword.strip():
        parts.append(f"关键词：{f.keyword.strip()}")
    return "；".join(parts) or "全部隐患"


def export_xlsx(frame: pd.DataFrame, *, title: str, filter_text: str, as_of: datetime) -> bytes:
    subtitle = f"筛选条件：{filter_text}　共 {len(frame):,} 条　数据截至 {clock.format_datetime(as_of)}"
    return xlsx_table(frame, LEDGER_COLUMNS, title=title, subtitle=subtitle, sheet_name="隐患台账",
                      highlight=list(frame["overdue"].fillna(False).astype(bool)) if len(frame) else [])


def export_csv(frame: pd.DataFrame) -> bytes:
    return csv_bytes(frame, LEDGER_COLUMNS)


# =================================================================================================
# Import: the hazard columns on the general machinery of dashboard.ingest
# =================================================================================================
LEVEL_ALIASES = {"一般": vocab.LEVEL_GENERAL, "一般事故隐患": vocab.LEVEL_GENERAL, "重大": vocab.LEVEL_MAJOR,
                 "重大事故隐患": vocab.LEVEL_MAJOR}
TREATMENT_ALIASES = {"立即整改": vocab.TREAT_IMMEDIATE, "当场整改": vocab.TREAT_IMMEDIATE, "现场整改": vocab.TREAT_IMMEDIATE,
                     "立查立改": vocab.TREAT_IMMEDIATE, "限期": vocab.TREAT_DEADLINE, "限期治理": vocab.TREAT_DEADLINE}
SOURCE_ALIASES = {"暗访督查": vocab.SOURCE_GROUPS, "督查组": vocab.SOURCE_GROUPS, "执法检查": "部门执法检查",
                  "企业自查": "企业自查自报", "举报": "群众举报"}
SECTOR_ALIASES = {"危化品": "危险化学品", "危化": "危险化学品", "建筑": "建筑施工", "燃气": "城镇燃气", "交通": "道路交通",
                  "道路运输": "道路交通", "非煤": "非煤矿山", "九小": "九小场所", "工商贸": "工贸"}


def import_fields(units: pd.DataFrame, aliases: Mapping[str, str], group_frame: pd.DataFrame) -> list[ingest.Field]:
    """The ledger's importable columns. ``units`` (code, name), ``aliases`` (alias -> code) and the groups
    give the unit and group choices with the spellings people use."""
    F = ingest.Field
    code_to_name = dict(zip(units["code"], units["name"]))
    unit_aliases = {alias: code_to_name[code] for alias, code in aliases.items() if code in code_to_name}
    group_names = tuple(group_frame["name"])
    group_aliases = {}
    for name, code in zip(group_frame["name"], group_frame["unit_code"]):
        group_aliases[name.split("（")[0]] = name
        if code in code_to_name:
            group_aliases[f"驻{code_to_name[code]}督查组"] = name
    return [
        F("id", "隐患编号", aliases=("编号", "序号编号"), max_len=40, note="可不填：不填时由系统编号，按“发现时间+县区+单位名称+隐患部位+隐患描述”识别重复"),
        F("found_date", "发现时间", ingest.DATE, required=True, aliases=("发现日期", "检查时间", "检查日期"), example=date(2021, 4, 14)),
        F("group", "检查组", ingest.ENUM, aliases=("督查组", "暗访组", "检查组名称"), choices=group_names,
          choice_aliases=group_aliases, note="来源为进驻式暗访督查且未填时，按县区对应的督查组"),
        F("source", "来源", ingest.ENUM, required=True, aliases=("隐患来源",), choices=vocab.SOURCES,
          choice_aliases=SOURCE_ALIASES, example=vocab.SOURCE_GROUPS),
        F("unit", "县区", ingest.ENUM, required=True, aliases=("县（区）", "县(市、区)", "县市区", "所属县区", "区县"),
          choices=tuple(units["name"]), choice_aliases=unit_aliases, example=units["name"].iloc[0]),
        F("township", "乡镇", aliases=("乡镇（街道）", "乡镇街道", "镇办"), max_len=50, example="老城街道"),
        F("enterprise", "单位名称", required=True, aliases=("企业名称", "被检查单位", "生产经营单位", "单位"), max_len=200,
          example="安康市示例商贸有限公司"),
        F("credit_code", "统一社会信用代码", ingest.CODE, aliases=("信用代码", "社会信用代码")),
        F("sector", "行业领域", ingest.ENUM, required=True, aliases=("行业", "所属行业", "行业类别"), choices=vocab.SECTORS,
          choice_aliases=SECTOR_ALIASES, example="消防"),
        F("location", "隐患部位", aliases=("部位", "隐患地点", "隐患位置"), max_len=200, example="一层仓库"),
        F("description", "隐患描述", required=True, aliases=("隐患内容", "问题描述", "存在问题", "隐患情况"), max_len=1000,
          example="疏散通道堆放杂物，安全出口被锁闭"),
        F("level", "隐患等级", ingest.ENUM, required=True, aliases=("等级", "隐患级别"), choices=vocab.HAZARD_LEVELS,
          choice_aliases=LEVEL_ALIASES, example=vocab.LEVEL_GENERAL),
        F("treatment", "治理类型", ingest.ENUM, required=True, aliases=("整改类型", "整改方式", "治理方式"),
          choices=vocab.TREATMENTS, choice_aliases=TREATMENT_ALIASES, example=vocab.TREAT_DEADLINE),
        F("measures", "整改措施", aliases=("整改要求",), max_len=1000, example="清理杂物，打开安全出口"),
        F("resp_unit", "整改责任单位", aliases=("责任单位",), max_len=200, example="安康市示例商贸有限公司"),
        F("resp_person", "整改责任人", aliases=("责任人",), max_len=50, example="张三"),
        F("resp_phone", "责任人电话", ingest.PHONE, aliases=("联系电话", "电话", "整改责任人电话", "联系方式"),
          example="13800000000"),
        F("deadline", "整改期限", ingest.DATE, aliases=("整改时限", "完成时限", "整改期限日期"), example=date(2021, 4, 30),
          note="限期整改必填；即查即改不填时为发现时间"),
        F("funds", "整改资金(万元)", ingest.NUMBER, aliases=("整改资金", "资金(万元)", "整改资金（万元）", "资金"), example=0.5),
        F("interim_measures", "临时管控措施", aliases=("临时措施", "防范措施"), max_len=500),
        F("handed_county_on", "移交县区日期", ingest.DATE, aliases=("移交县区政府日期", "书面移交县区日期"),
          note="督查组书面移交县区政府的日期；未移交不填"),
        F("handed_city_on", "移交市安委办日期", ingest.DATE, aliases=("书面移交市安委办日期", "报送市安委办日期"),
          note="督查组书面移交市安委办的日期；未移交不填"),
        F("remark", "备注", max_len=500),
    ]


def store_import_fields(store: Store) -> list[ingest.Field]:
    from dashboard import units as unit_names

    return import_fields(unit_names.all_units(store), unit_names.alias_map(store), groups(store))


def natural_key(values: Mapping[str, Any]) -> str:
    """How a hazard without a number is recognised on re-import: found date, unit, enterprise, location,
    description (normalized)."""
    parts = [str(clock.as_date(values.get("found_date"))), values.get("unit") or values.get("unit_code") or ""]
    parts += [ingest.normalize_choice(values.get(k) or "") for k in ("enterprise", "location", "description")]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()


def _row_key(values: Mapping[str, Any]) -> str:
    return f"id:{values['id']}" if values.get("id") else f"nk:{natural_key(values)}"


@dataclass
class ImportOutcome:
    """What an import did: the parse result (errors: nothing written), rows added, rows already present."""

    result: ingest.ParseResult
    added: int = 0
    skipped: int = 0
    import_id: int | None = None
    ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def errors(self) -> pd.DataFrame:
        return self.result.errors


IMPORT_KIND = "hazards"


def parse_import(store: Store, data: bytes, file_name: str,
                 progress: Callable[[float, str], None] | None = None) -> ingest.ParseResult:
    """Read and validate a hazard list; every row is checked, nothing is written."""
    fields = store_import_fields(store)
    today = store.as_of().date()
    headers = {f.key: f.header for f in fields}
    headers["unit_code"] = headers["unit"]

    def row_check(values: dict) -> list[tuple[str, str]]:
        candidate = {**values, "unit_code": values.get("unit")}
        return [(headers.get(key, key), reason) for key, reason in new_hazard_problems(candidate, today)]

    return ingest.parse_file(data, file_name, fields, row_check=row_check, key=_row_key, progress=progress)


def import_file(store: Store, data: bytes, file_name: str, actor: str,
                progress: Callable[[float, str], None] | None = None) -> ImportOutcome:
    """Validate a whole file, then write every new hazard in ONE transaction with an ``imports`` record,
    an import audit event and a 登记 event per hazard. Rows already in the ledger (same 隐患编号, or the
    same natural key when the file has no number) are skipped. Any bad row: nothing is written."""
    if ingest.is_blank(actor):
        raise ValidationError("请填写导入人")
    parse_progress = (lambda f, text: progress(0.9 * f, text)) if progress else None
    result = parse_import(store, data, file_name, parse_progress)
    outcome = ImportOutcome(result)
    if not result.ok:
        return outcome
    if progress:
        progress(0.92, f"正在写入 {len(result.rows)} 行……")
    unit_codes = {name: code for code, name in store.rows("SELECT code, name FROM units")}
    group_ids = dict(store.rows("SELECT name, id FROM groups"))
    unit_groups = dict(store.rows("SELECT unit_code, id FROM groups"))
    frame = pd.DataFrame(result.rows, dtype=object)  # object: blanks stay None, never NaN
    frame["unit_code"] = frame["unit"].map(unit_codes)
    frame["group_id"] = frame["group"].map(group_ids)
    default_group = frame["unit_code"].map(unit_groups)
    use_default = frame["group_id"].isna() & (frame["source"] == vocab.SOURCE_GROUPS)
    frame.loc[use_default, "group_id"] = default_group[use_default]
    frame["group_id"] = pd.array(frame["group_id"], dtype="Int64")
    frame["deadline"] = [d if d is not None else f for d, f in zip(frame["deadline"], frame["found_date"])]
    frame["nk"] = [natural_key({**row, "unit": row["unit_code"]}) for row in frame.to_dict("records")]
    frame["row_no"] = result.row_numbers

    def run(tx: Tx) -> ImportOutcome:
        existing_ids = {r[0] for r in tx.execute(
            "SELECT id FROM hazards WHERE id IN (SELECT unnest(?::VARCHAR[]))", [[i for i in frame["id"] if i]])}
        keys = tx.query(
            "SELECT found_date, unit_code, enterprise, location, description FROM hazards"
            " WHERE unit_code IN (SELECT unnest(?::VARCHAR[])) AND found_date BETWEEN ? AND ?",
            [sorted(set(frame["unit_code"])), min(frame["found_date"]), max(frame["found_date"])],
        )
        existing_keys = {natural_key({"found_date": r.found_date, "unit": r.unit_code, "enterprise": r.enterprise,
                                      "location": None if _isna(r.location) else r.location,
                                      "description": r.description})
                         for r in keys.itertuples()}
        present = [bool((i and i in existing_ids) or (not i and k in existing_keys))
                   for i, k in zip(frame["id"], frame["nk"])]
        new = frame[[not p for p in present]].copy()
        if new.empty:
            new_ids: list[str] = []
        else:
            missing = new["id"].isna() | (new["id"] == "")
            generated = next_ids(tx, tx.at.year, int(missing.sum()))
            new.loc[missing, "id"] = generated
            new_ids = list(new["id"])
        import_id = tx.one(
            "INSERT INTO imports (kind, file_name, actor, imported_at, rows_total, rows_added)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [IMPORT_KIND, file_name, actor.strip(), tx.at, len(frame), len(new)],
        )[0]
        if not new.empty:
            rows = pd.DataFrame({
                "id": new["id"], "found_date": new["found_date"], "group_id": new["group_id"], "source": new["source"],
                "unit_code": new["unit_code"], "township": new["township"], "enterprise": new["enterprise"],
                "credit_code": new["credit_code"], "sector": new["sector"], "location": new["location"],
                "description": new["description"], "level": new["level"], "treatment": new["treatment"],
                "measures": new["measures"], "resp_unit": new["resp_unit"], "resp_person": new["resp_person"],
                "resp_phone": new["resp_phone"], "original_deadline": new["deadline"], "deadline": new["deadline"],
                "funds": pd.array(new["funds"], dtype="Float64"), "interim_measures": new["interim_measures"],
                "handed_county_on": new["handed_county_on"], "handed_city_on": new["handed_city_on"],
                "status": vocab.ST_PENDING, "listing_level": vocab.NOT_LISTED, "remark": new["remark"],
                "import_id": import_id, "created_at": tx.at, "updated_at": tx.at,
            })
            for column in ("found_date", "original_deadline", "deadline", "handed_county_on", "handed_city_on"):
                rows[column] = pd.to_datetime(rows[column])
            tx.insert_df("hazards", rows)
            events = pd.DataFrame({
                "happened_at": tx.at, "actor": actor.strip(), "entity": HAZARD_ENTITY, "entity_id": new["id"],
                "action": A_REGISTER, "to_status": vocab.ST_PENDING,
                "reason": [f"导入：{file_name}（第{n}行）" for n in new["row_no"]],
            })
            tx.insert_df("audit_events", events)
        tx.audit("import", str(import_id), "导入隐患", actor.strip(),
                 detail={"file": file_name, "rows": len(frame), "added": len(new), "skipped": len(frame) - len(new)})
        return ImportOutcome(result, added=len(new), skipped=len(frame) - len(new), import_id=import_id, ids=new_ids)

    done = store.write(run)
    if progress:
        progress(1.0, f"导入完成：新增 {done.added} 条")
    return done


def template(store: Store) -> bytes:
    """The import template (.xlsx): headers, one example row, dropdowns, an instruction sheet."""
    fields = store_import_fields(store)
    return ingest.template_xlsx(
        fields,
        title="隐患清单导入模板 填写说明",
        instructions=(
            "1. 在“数据”工作表中每行填写一条隐患，第2行是示例，导入前请删除或改写。",
            "2. 表头为红色的列必须填写；带下拉箭头的列请从下拉列表中选择。",
            "3. 日期可写 2021-04-14、2021/4/14 或 2021年4月14日。",
            "4. 有一行不合格时整个文件都不会导入，系统会列出每个问题所在的行号、列和原因，可下载后对照修改。",
            "5. 同一文件重复导入不会重复登记：有隐患编号的按编号识别，没有编号的按发现时间、县区、单位名称、隐患部位和隐患描述识别。",
            "6. 请填写数值，不要使用公式。",
        ),
    )
