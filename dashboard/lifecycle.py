"""Lifecycle actions as data: one ``Action`` per step a record can take, one runner for all of them.

A domain with a status (hazards, major fire-hazard units) declares a ``Lifecycle``: its table, its audit
entity, and its actions in the order a page offers them. Each ``Action`` says

- which statuses it starts from and the status it leads to (``from_statuses``, ``to_status``);
- what it asks for (``inputs``: the page builds the action's form from them, see ``dashboard.ui.kit``);
- when it is refused (``refuse``: a pure function of the record, the typed fields and the date, giving the
  Chinese reason or None);
- what it changes (``apply``: the columns to update, the audit detail, and optionally a different status or
  extra statements on other tables).

``run`` is the one write path: actor → load → allowed? → refused? → apply → UPDATE + audit event, in one
``Store.write`` transaction. Adding an action is one entry in the domain's list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from dashboard import evidence, roles
from dashboard.db import Store, Tx, ValidationError

__all__ = ["Input", "Effect", "Step", "Action", "Lifecycle", "is_blank", "clean_record", "EVIDENCE", "today"]

# Input kinds the page kit knows how to draw.
DATE, TEXT, LONG_TEXT, NUMBER, INTEGER, CHOICE, RADIO = "date", "text", "long_text", "number", "integer", "choice", "radio"
EVIDENCE = "evidence"  # the fields' key of a step's uploaded files: [(name, bytes), …]


def is_blank(value: Any) -> bool:
    """None, NaN or text with nothing but spaces (full-width ones included)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip().strip("\u3000")
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def clean_record(record: Mapping[str, Any]) -> dict:
    """A row as a dict with None for NULL / NaN / NaT (pandas gives those for missing values)."""
    out = {}
    for key, value in record.items():
        try:
            missing = value is None or bool(pd.isna(value))
        except (TypeError, ValueError):
            missing = False
        out[key] = None if missing else value
    return out


def today(record: Mapping[str, Any], today: date) -> date:
    """A date input's default: the as-of date (``Input(..., DATE, default=lifecycle.today)``)."""
    return today


@dataclass(frozen=True)
class Input:
    """One field of an action's form.

    ``default``: a callable ``(record, today) -> value`` for the prefilled value (None: empty).
    ``label_for``: a callable ``(record) -> label`` when the label depends on the record (e.g. "必填" for a
    重大隐患). ``choices``: for CHOICE / RADIO; a callable ``(record) -> choices`` when they depend on it.
    ``format_choice``: a callable ``(record, choice) -> text`` when a choice is shown other than as itself
    (e.g. a milestone's number shown with its name and planned date).
    """

    key: str
    label: str
    kind: str = TEXT
    choices: tuple | Callable[[Mapping[str, Any]], Sequence] = ()
    default: Callable[[Mapping[str, Any], date], Any] | None = None
    label_for: Callable[[Mapping[str, Any]], str] | None = None
    placeholder: str | None = None
    help: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choice_index: int = 0
    format_choice: Callable[[Mapping[str, Any], Any], str] | None = None

    def label_of(self, record: Mapping[str, Any]) -> str:
        return self.label_for(record) if self.label_for else self.label

    def choices_of(self, record: Mapping[str, Any]) -> list:
        return list(self.choices(record) if callable(self.choices) else self.choices)

    def default_of(self, record: Mapping[str, Any], today: date) -> Any:
        return self.default(record, today) if self.default else None

    def choice_text(self, record: Mapping[str, Any], choice: Any) -> str:
        return self.format_choice(record, choice) if self.format_choice else str(choice)


@dataclass
class Effect:
    """What an action changes: columns of the record's row, the audit detail, a status other than the
    action's ``to_status`` (for actions whose result depends on the record), and statements on other
    tables run in the same transaction (``(sql, params)``, SQL text ours, values parameters), after the step's
    audit line (the newest: ``(SELECT max(id) FROM audit_events)``, as the step's evidence points to it)."""

    changes: dict[str, Any] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    statements: list[tuple[str, list]] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """What a rule sees: the record (a dict, NULLs as None), the typed fields, the as-of date and whatever
    else the lifecycle loaded beside the record (``extra``, e.g. a fire unit's milestones)."""

    record: Mapping[str, Any]
    fields: Mapping[str, Any]
    today: date
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """One lifecycle action. ``refuse(step)`` gives the reason it may not run with these fields (None: it
    may); ``apply(step)`` gives its ``Effect``. ``to_status`` None leaves the status as it is (unless the
    effect names one). ``help``: the form's note, or a callable ``(record, today) -> note`` when it names
    the record's own dates (e.g. the last day of a review window)."""

    name: str
    from_statuses: tuple[str, ...]
    to_status: str | None
    inputs: tuple[Input, ...] = ()
    refuse: Callable[[Step], str | None] = lambda step: None
    apply: Callable[[Step], Effect] = lambda step: Effect()
    help: str | Callable[[Mapping[str, Any], date], str] | None = None

    def help_of(self, record: Mapping[str, Any], today: date) -> str | None:
        return self.help(record, today) if callable(self.help) else self.help


@dataclass(frozen=True)
class Lifecycle:
    """An entity's actions and how its records are stored.

    ``status_refusal(action, record)`` words why the record's status does not allow the action (the
    domain's own sentences, kept word for word); it is asked only when the status is not in
    ``from_statuses``, or first for every action when ``always_ask_status`` (rules that look at more than
    the status, such as 即查即改 only for 即查即改 hazards).
    ``load_extra(tx, record_id)`` loads what the rules need beside the record.
    ``prepare(fields)`` normalises typed fields before the rules see them.
    """

    entity: str
    table: str
    noun: str
    actions: tuple[Action, ...]
    status_refusal: Callable[[Action, Mapping[str, Any]], str | None]
    load_extra: Callable[[Tx, str], dict] | None = None
    prepare: Callable[[dict], dict] | None = None
    always_ask_status: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.actions)

    def action(self, name: str) -> Action | None:
        return next((a for a in self.actions if a.name == name), None)

    def allowed(self, name: str, record: Mapping[str, Any]) -> str | None:
        """None when the record's status lets ``name`` run, else the Chinese reason."""
        action = self.action(name)
        if action is None:
            return f"未知的操作“{name}”"
        if self.always_ask_status or record.get("status") not in action.from_statuses:
            refusal = self.status_refusal(action, record)
            if refusal:
                return refusal
        return None

    def available(self, record: Mapping[str, Any]) -> list[str]:
        """The actions the record's status allows now, in the order a page offers them."""
        return [a.name for a in self.actions if self.allowed(a.name, record) is None]

    def check(self, name: str, record: Mapping[str, Any], fields: Mapping[str, Any], today: date,
              extra: Mapping[str, Any] | None = None) -> str | None:
        """None when ``name`` with ``fields`` may run on ``record`` as of ``today``, else the reason."""
        refusal = self.allowed(name, record)
        if refusal:
            return refusal
        fields = self.prepare(dict(fields)) if self.prepare else fields
        return self.action(name).refuse(Step(record, fields, today, extra or {}))

    def preview(self, name: str, record: Mapping[str, Any], fields: Mapping[str, Any], today: date,
                extra: Mapping[str, Any] | None = None) -> Effect:
        """What ``name`` with ``fields`` would change on ``record`` (nothing written), e.g. to compose a document
        about the record as the step will leave it; ValidationError with the reason ``check`` gives. The role is
        not asked here: the step's own write asks it."""
        refusal = self.check(name, record, fields, today, extra)
        if refusal:
            raise ValidationError(refusal)
        typed = self.prepare(dict(fields)) if self.prepare else dict(fields)
        return self.action(name).apply(Step(record, typed, today, extra or {}))

    def run_in(self, tx: Tx, record_id: str, name: str, fields: Mapping[str, Any], actor: roles.User) -> str:
        """``run``'s step inside a transaction the caller holds, written together with what the caller writes
        (挂牌督办 with the notice it issues, dashboard/documents/listing.py): a refusal here, or anything the caller
        refuses after it, rolls the whole transaction back. No evidence files (a step that takes them runs alone)."""
        typed = self.prepare(dict(fields)) if self.prepare else dict(fields)
        if typed.pop(EVIDENCE, None):
            raise ValueError("run_in takes no evidence files: use run")
        return self._step(tx, record_id, name, typed, [], actor)

    def load(self, tx: Tx, record_id: str) -> dict:
        frame = tx.query(f"SELECT * FROM {self.table} WHERE id = ?", [record_id])  # table name is ours
        if frame.empty:
            raise ValidationError(f"找不到{self.noun} {record_id}")
        return clean_record(frame.iloc[0].to_dict())

    def run(self, store: Store, record_id: str, name: str, fields: Mapping[str, Any], actor: roles.User) -> str:
        """Take action ``name`` on a record in one transaction with its audit event; returns the new status.

        Raises ValidationError with the Chinese reason (nothing written) when a rule refuses it, or when
        ``actor``'s role may not take it on this record's county / group (checked by its audit line).
        ``fields[EVIDENCE]``: the step's uploaded files as (name, bytes); made fit to keep first (a file of the
        wrong kind refuses the step), required ones checked (dashboard/evidence/rules.py), kept in the same
        transaction.
        """
        typed = self.prepare(dict(fields)) if self.prepare else dict(fields)
        files = typed.pop(EVIDENCE, None) or ()
        if files and not roles.may_any(actor, self.entity, name):  # no decoding of a file for one who may not
            raise ValidationError(roles.refusal(actor, self.entity, name) or "无权执行该操作")
        uploads = [evidence.prepare(name_, data) for name_, data in files]
        return store.write(lambda tx: self._step(tx, record_id, name, typed, uploads, actor))

    def run_many(self, store: Store, record_ids: Sequence[str], name: str, fields: Mapping[str, Any],
                 actor: roles.User, *, passed_over: Callable[[Mapping[str, Any]], bool] | None = None) -> list[str]:
        """Take action ``name`` with the same ``fields`` on many records in ONE transaction, each with its own
        audit event, as ``run`` takes it on one; returns the ids it was taken on. A record ``passed_over(record)``
        says needs nothing (e.g. already handed over) is left alone. Any other refusal refuses them all (nothing
        written), naming each refused record and why (the first ten)."""
        typed = self.prepare(dict(fields)) if self.prepare else dict(fields)

        def write(tx: Tx) -> list[str]:
            done, refused = [], []
            for record_id in dict.fromkeys(record_ids):
                if passed_over is not None and passed_over(self.load(tx, record_id)):
                    continue
                try:
                    self._step(tx, record_id, name, typed, [], actor)
                except ValidationError as exc:  # raised before this record is written, or rolled back below
                    refused.append(f"{record_id}：{exc}")
                    continue
                done.append(record_id)
            if refused:
                more = f" 等 {len(refused)} 条" if len(refused) > 10 else ""
                raise ValidationError(f"{len(refused)} 条{self.noun}不能{name}，全部未执行：" + "；".join(refused[:10]) + more)
            if not done:
                raise ValidationError(f"所选{self.noun}都不需要{name}，未作改动")
            return done

        return store.write(write)

    def _step(self, tx: Tx, record_id: str, name: str, typed: Mapping[str, Any], uploads: list,
              actor: roles.User) -> str:
        """One record's step inside ``tx``: load, check (role, status, rule, evidence), apply, audit."""
        record = self.load(tx, record_id)
        extra = self.load_extra(tx, record_id) if self.load_extra else {}
        step = Step(record, typed, tx.at.date(), extra)
        refusal = (roles.refusal(actor, self.entity, name, county=record.get("unit_code"),
                                 group=record.get("group_id"), county_label=record.get("unit_name"))
                   or self.allowed(name, record) or self.action(name).refuse(step)
                   or evidence.refusal(self.entity, name, record, uploads, evidence.held(tx, self.entity, record_id)))
        if refusal:
            raise ValidationError(refusal)
        action = self.action(name)
        effect = action.apply(step)
        status = record["status"]
        new_status = effect.status or action.to_status or status
        changes = {**effect.changes, "status": new_status, "updated_at": tx.at}
        assignments = ", ".join(f"{column} = ?" for column in changes)  # column names are ours, not user text
        tx.execute(f"UPDATE {self.table} SET {assignments} WHERE id = ?", [*changes.values(), record_id])
        reason = None if is_blank(typed.get("reason")) else str(typed["reason"]).strip()
        tx.audit(self.entity, record_id, name, actor, county=record.get("unit_code"), group=record.get("group_id"),
                 from_status=status, to_status=new_status,
                 reason=reason, detail=effect.detail or None)
        for sql, params in effect.statements:  # after the audit line, which they may point to
            tx.execute(sql, params)
        evidence.attach(tx, self.entity, record_id, name, uploads, actor)
        return new_status

