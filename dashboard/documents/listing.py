"""挂牌督办 with its 挂牌督办通知书: the listing of a hazard or a major fire-hazard unit and the notice that lists it,
written in ONE transaction — the notice's 文号 from the per-year sequence, the register row and the .docx, the
record's listing with that 文号 as its ``listing_doc``, and both audit events. A refusal anywhere (the listing's rules,
the role, a conflict) rolls all of it back: no number used, no document, no listing.

Which 文号 a listing carries (``dashboard/listing.py``):

- **市级 / 县级挂牌督办**: the office's decision, made by issuing the notice; its 文号 is allocated here and stored
  as the listing's 督办文号. A record that already has its notice (listed before at another level, or a notice
  issued for an imported listing) has it **reissued**: the same 文号, the next version, the change as its reason.
- **省级挂牌督办**: the province's decision; its 文号 is typed as the province's document reads (the form's
  上级督办文号) and no notice is issued with it.
- Imports and a unit registered as already listed keep the 文号 of their file or form (listed outside the app).

The notice is composed just before the transaction (``prepare``) from the record as the listing will leave it (the
level, the 督办单位, the date: the action's own ``Effect``), because the transaction's uncommitted listing is invisible
to the store's readers. Inside the transaction (``Prepared.write``), before it writes anything, the notice is composed
again from the record as it is now (writes run one at a time, so nothing commits in between) and compared with the
one composed before: a record changed in between in anything the notice says (a 延期's new deadline, another 整改责任人,
the progress of a fire unit …) is refused — "该记录刚被修改，请重新办理挂牌督办", nothing written, no number used —
rather than listed on stale words. A change the notice does not mention (a status 待整改 → 整改中) lets it through; the
listing's own rule is then checked again by ``run_in`` against the record as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dashboard import fire_units, hazards, lifecycle, listing, roles, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.documents import kinds, register

__all__ = ["CHANGED", "Listed", "Prepared", "list_with_notice", "listing_done_text", "prepare"]


@dataclass(frozen=True)
class _Subject:
    machine: lifecycle.Lifecycle
    action: str
    detail: Callable[..., dict | None]
    noun: str


_SUBJECTS = {
    kinds.S_HAZARD: _Subject(hazards.LIFECYCLE, hazards.A_LIST, hazards.detail, "隐患"),
    kinds.S_FIRE_UNIT: _Subject(fire_units.LIFECYCLE, fire_units.A_LIST, fire_units.detail, "重大火灾隐患单位"),
}
_TO_COME = "（待编号）"  # stands for the notice's number while the listing is only checked, before its transaction


@dataclass(frozen=True)
class Listed:
    """A listing done: the record's status, its level, its 督办文号, and the notice issued (or reissued) with it
    (None for a 省级 listing, whose 文号 is the province's)."""

    status: str
    level: str
    number: str
    notice: register.Issued | None = None
    reissued: bool = False


CHANGED = "该记录刚被修改，请重新办理挂牌督办"  # the record changed between the notice's composing and its transaction


@dataclass(frozen=True)
class Prepared:
    """A 市级 / 县级 listing with its notice composed, before its transaction: ``store.write(prepared.write)``."""

    store: Store
    subject: _Subject
    subject_type: str
    record_id: str
    fields: Mapping[str, Any]
    actor: roles.User
    as_of: datetime
    content: kinds.Content
    reason: str

    def write(self, tx: Tx) -> Listed:
        """The listing and its notice in ``tx``; refused (``CHANGED``, nothing written) when the notice composed
        now from the record differs from the one composed before."""
        record = _record(self.store, self.subject, self.record_id, self.as_of)  # committed; writes run one at a time
        now = _notice(self.store, self.subject, self.subject_type, self.record_id, record, self.fields, self.as_of)
        if now != self.content:
            raise ValidationError(CHANGED)
        held = register.held_in(tx, kinds.K_LISTING, self.subject_type, self.record_id)
        if held:
            notice = register.reissue_in(tx, held, self.content, self.actor, self.reason)
        else:
            notice = register.issue_in(tx, kinds.K_LISTING, self.subject_type, self.record_id, self.content, self.actor)
        status = self.subject.machine.run_in(tx, self.record_id, self.subject.action,
                                             {**self.fields, listing.ISSUED: notice.number}, self.actor)
        return Listed(status, self.fields.get("listing_level"), notice.number, notice, bool(held))


def _subject(subject_type: str) -> _Subject:
    subject = _SUBJECTS.get(subject_type)
    if subject is None:
        raise ValidationError(f"{kinds.K_LISTING}不适用于{kinds.SUBJECT_NAMES.get(subject_type, subject_type)}。")
    return subject


def _typed(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k != listing.ISSUED}  # the notice gives it, never the caller


def _record(store: Store, subject: _Subject, record_id: str, as_of: datetime) -> dict:
    record = subject.detail(store, record_id, as_of.date())
    if record is None:
        raise ValidationError(f"找不到{subject.noun} {record_id}")
    return record


def _notice(store: Store, subject: _Subject, subject_type: str, record_id: str, record: dict,
            fields: Mapping[str, Any], as_of: datetime) -> kinds.Content:
    """The notice composed from ``record`` as the listing with ``fields`` will leave it."""
    effect = subject.machine.preview(subject.action, record, {**fields, listing.ISSUED: _TO_COME}, as_of.date(),
                                     {"milestones": record.get("milestones", [])})
    return kinds.compose(store, kinds.K_LISTING, subject_type, record_id, "", as_of,
                         changes={**effect.changes, listing.ISSUED: None})


def prepare(store: Store, subject_type: str, record_id: str, fields: Mapping[str, Any],
            actor: roles.User) -> Prepared:
    """A 市级 / 县级 listing checked (the role, the record) and its notice composed, for ``store.write(p.write)``;
    ValidationError (Chinese) when refused. ``list_with_notice`` is the two in order."""
    subject = _subject(subject_type)
    record_id, fields = str(record_id), _typed(fields)
    as_of = store.as_of()
    record = _record(store, subject, record_id, as_of)
    refused = roles.refusal(actor, subject.machine.entity, subject.action, county=record.get("unit_code"),
                            group=record.get("group_id"), county_label=record.get("unit"))
    if refused:  # the step the user took, named before anything is composed (the write asks again)
        raise ValidationError(refused)
    content = _notice(store, subject, subject_type, record_id, record, fields, as_of)
    level, was = fields.get("listing_level"), record.get("listing_level")
    reason = f"督办级别由{was}调整为{level}" if was and was != vocab.NOT_LISTED else f"列为{level}"
    return Prepared(store, subject, subject_type, record_id, fields, actor, as_of, content, reason)


def list_with_notice(store: Store, subject_type: str, record_id: str, fields: Mapping[str, Any],
                     actor: roles.User) -> Listed:
    """挂牌督办 of a hazard (``kinds.S_HAZARD``) or a fire unit (``kinds.S_FIRE_UNIT``) with the action's typed
    ``fields`` (督办级别, 督办单位, …; for 省级 the 上级督办文号). 市级 / 县级: the 挂牌督办通知书 issued (or reissued,
    same 文号) in the listing's own transaction, its 文号 the listing's. ValidationError (Chinese, nothing written)
    when the listing or the notice is refused, or the record changed since the notice was composed (``CHANGED``)."""
    subject, fields = _subject(subject_type), _typed(fields)
    level = fields.get("listing_level")
    if listing.typed_here(level):
        status = subject.machine.run(store, str(record_id), subject.action, fields, actor)
        return Listed(status, level, listing.number_of(level, fields))
    return store.write(prepare(store, subject_type, record_id, fields, actor).write)


def listing_done_text(label: str, listed: Listed) -> str:
    """The line a page shows after ``list_with_notice``: the level, the 文号 and the notice."""
    if listed.notice is None:
        return f"{label}：已列为{listed.level}（上级督办文号 {listed.number}），当前状态“{listed.status}”。"
    how = (f"重新印发挂牌督办通知书 {listed.number}（第{listed.notice.version}版，文号不变）" if listed.reissued
           else f"印发挂牌督办通知书 {listed.number}")
    return f"{label}：已列为{listed.level}，{how}《{listed.notice.title}》，当前状态“{listed.status}”。"
