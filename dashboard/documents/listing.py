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

The notice is composed just before the transaction from the record as the listing will leave it (the level, the
督办单位, the date: the action's own ``Effect``), because the transaction's uncommitted listing is invisible to the
store's readers; the transaction then checks the listing again against the record as it is, so a record changed
in between is refused, not listed on stale words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard import fire_units, hazards, lifecycle, listing, roles, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.documents import kinds, register

__all__ = ["Listed", "list_with_notice", "listing_done_text"]


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


def list_with_notice(store: Store, subject_type: str, record_id: str, fields: Mapping[str, Any],
                     actor: roles.User) -> Listed:
    """挂牌督办 of a hazard (``kinds.S_HAZARD``) or a fire unit (``kinds.S_FIRE_UNIT``) with the action's typed
    ``fields`` (督办级别, 督办单位, …; for 省级 the 上级督办文号). 市级 / 县级: the 挂牌督办通知书 issued (or reissued,
    same 文号) in the listing's own transaction, its 文号 the listing's. ValidationError (Chinese, nothing written)
    when the listing or the notice is refused."""
    subject = _SUBJECTS.get(subject_type)
    if subject is None:
        raise ValidationError(f"{kinds.K_LISTING}不适用于{kinds.SUBJECT_NAMES.get(subject_type, subject_type)}。")
    record_id = str(record_id)
    fields = {k: v for k, v in fields.items() if k != listing.ISSUED}  # the notice gives it, never the caller
    level = fields.get("listing_level")
    if listing.typed_here(level):
        status = subject.machine.run(store, record_id, subject.action, fields, actor)
        return Listed(status, level, listing.number_of(level, fields))
    as_of = store.as_of()
    record = subject.detail(store, record_id, as_of.date())
    if record is None:
        raise ValidationError(f"找不到{subject.noun} {record_id}")
    refused = roles.refusal(actor, subject.machine.entity, subject.action, county=record.get("unit_code"),
                            group=record.get("group_id"), county_label=record.get("unit"))
    if refused:  # the step the user took, named before anything is composed (the write asks again)
        raise ValidationError(refused)
    effect = subject.machine.preview(subject.action, record, {**fields, listing.ISSUED: _TO_COME}, as_of.date(),
                                     {"milestones": record.get("milestones", [])})
    content = kinds.compose(store, kinds.K_LISTING, subject_type, record_id, "", as_of,
                            changes={**effect.changes, listing.ISSUED: None})
    was = record.get("listing_level")
    reason = f"督办级别由{was}调整为{level}" if was and was != vocab.NOT_LISTED else f"列为{level}"

    def write(tx: Tx) -> Listed:
        held = register.held_in(tx, kinds.K_LISTING, subject_type, record_id)
        if held:
            notice = register.reissue_in(tx, held, content, actor, reason)
        else:
            notice = register.issue_in(tx, kinds.K_LISTING, subject_type, record_id, content, actor)
        status = subject.machine.run_in(tx, record_id, subject.action, {**fields, listing.ISSUED: notice.number}, actor)
        return Listed(status, level, notice.number, notice, bool(held))

    return store.write(write)


def listing_done_text(label: str, listed: Listed) -> str:
    """The line a page shows after ``list_with_notice``: the level, the 文号 and the notice."""
    if listed.notice is None:
        return f"{label}：已列为{listed.level}（上级督办文号 {listed.number}），当前状态“{listed.status}”。"
    how = (f"重新印发挂牌督办通知书 {listed.number}（第{listed.notice.version}版，文号不变）" if listed.reissued
           else f"印发挂牌督办通知书 {listed.number}")
    return f"{label}：已列为{listed.level}，{how}《{listed.notice.title}》，当前状态“{listed.status}”。"
