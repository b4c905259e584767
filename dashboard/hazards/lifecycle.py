"""What a hazard can go through, as data: one ``Action`` per step (its starting statuses, its form, its refusal
rule, its effect) on the general runner of ``dashboard.lifecycle``.

Action names are the audit events' names (the demo history uses exactly these). 复核合格 and 复核不通过 are
two actions, not one 复核 with a result: they lead to different statuses, only 不通过 needs a reason, and the
history names the step that was taken. ``act``, ``allowed``, ``available_actions`` and ``check`` are the
entry points; they read ``LIFECYCLE``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dashboard import clock, lifecycle, listing, roles, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.lifecycle import (CHOICE, DATE, LONG_TEXT, NUMBER, RADIO, Action, Effect, Input, Lifecycle, Step,
                                 is_blank)

__all__ = ["A_REGISTER", "A_START", "A_SUBMIT", "A_REVIEW_FAIL", "A_REVIEW_PASS", "A_IMMEDIATE", "A_EXTEND",
           "A_LIST", "A_ENFORCE", "A_REOPEN", "A_HANDOVER", "TO_BOTH", "TO_COUNTY", "TO_CITY", "HANDOVER_TARGETS",
           "handed_over", "hand_over", "ACTIONS", "HAZARD_ENTITY", "LIFECYCLE", "Transition", "TRANSITIONS",
           "allowed", "available_actions", "check", "act", "review"]

A_REGISTER, A_START, A_SUBMIT, A_REVIEW_FAIL, A_REVIEW_PASS = "登记", "开始整改", "提交整改完成", "复核不通过", "复核合格"
A_IMMEDIATE, A_EXTEND, A_LIST, A_ENFORCE = "即查即改销号", "延期", "挂牌督办", "执法措施"
A_REOPEN = "复查发现反弹"  # 回头看: a 已销号 hazard back to 待整改
A_HANDOVER = "书面移交"  # a group hands its hazard list over in writing to the county government and to 市安委办
TO_BOTH, TO_COUNTY, TO_CITY = "县区政府和市安委办", "县区政府", "市安委办"
HANDOVER_TARGETS = {TO_BOTH: ("handed_county_on", "handed_city_on"), TO_COUNTY: ("handed_county_on",),
                    TO_CITY: ("handed_city_on",)}
_RECEIVER = {"handed_county_on": TO_COUNTY, "handed_city_on": TO_CITY}
HAZARD_ENTITY = "hazard"
_IMMEDIATE_ONLY = frozenset({A_IMMEDIATE})  # actions only a 即查即改 hazard may take
_EXTENDABLE = (vocab.ST_PENDING, vocab.ST_IN_PROGRESS, vocab.ST_REVIEW_FAILED)


def _first(*rules: Callable[[Step], str | None]) -> Callable[[Step], str | None]:
    """The first refusal of ``rules``, in order."""
    def refuse(step: Step) -> str | None:
        return next((reason for rule in rules if (reason := rule(step))), None)
    return refuse


def _completion(need_measures: bool) -> Callable[[Step], str | None]:
    """The completion date (not in the future, not before the found date), the measures, the funds."""
    def refuse(step: Step) -> str | None:
        fields, today = step.fields, step.today
        found = clock.as_date(step.record.get("found_date"))
        completed = clock.as_date(fields.get("completed_date") or fields.get("verified_date"))
        if completed is None:
            return "请填写整改完成日期"
        if completed > today:
            return f"整改完成日期 {completed} 不能晚于今天（{today}）"
        if found and completed < found:
            return f"整改完成日期 {completed} 不能早于发现日期 {found}"
        if need_measures and is_blank(fields.get("measures")):
            return "请填写采取的整改措施"
        funds = fields.get("funds")
        if funds is not None and funds < 0:
            return "整改资金不能为负数"
        return None
    return refuse


def _verification(completed_from_fields: bool) -> Callable[[Step], str | None]:
    """Who verified and when: not in the future, not before completion nor the found date."""
    def refuse(step: Step) -> str | None:
        fields, record, today = step.fields, step.record, step.today
        if is_blank(fields.get("verifier")):
            return "请填写复查验收人"
        verified = clock.as_date(fields.get("verified_date"))
        if verified is None:
            return "请填写复查日期"
        if verified > today:
            return f"复查日期 {verified} 不能晚于今天（{today}）"
        completed = clock.as_date((fields if completed_from_fields else record).get("completed_date"))
        if completed and verified < completed:
            return f"复查日期 {verified} 不能早于整改完成日期 {completed}"
        found = clock.as_date(record.get("found_date"))
        if found and verified < found:
            return f"复查日期 {verified} 不能早于发现日期 {found}"
        return None
    return refuse


def _failure_reason(step: Step) -> str | None:
    return "复核不合格须写明原因" if is_blank(step.fields.get("reason")) else None


def _extension(step: Step) -> str | None:
    fields, record, today = step.fields, step.record, step.today
    if is_blank(fields.get("reason")):
        return "延期须写明原因"
    new = clock.as_date(fields.get("new_deadline"))
    if new is None:
        return "请填写新的整改期限"
    current = clock.as_date(record.get("deadline"))
    if current and new <= current:
        return f"新的整改期限 {new} 必须晚于当前期限 {current}"
    found = clock.as_date(record.get("found_date"))
    if found and new < found:
        return f"整改期限 {new} 不能早于发现日期 {found}"
    if new < today:
        return f"新的整改期限 {new} 已经过去（今天 {today}）"
    if record.get("level") == vocab.LEVEL_MAJOR and is_blank(fields.get("approval")):
        return "重大隐患延期须填写审批情况（批准单位及文号）"
    return None


def _listing(step: Step) -> str | None:
    level = step.fields.get("listing_level")
    if level not in vocab.LISTING_LEVELS or level == vocab.NOT_LISTED:
        return "请选择督办级别"
    if step.record.get("listing_level") == level:
        return f"该隐患已是{level}"
    if is_blank(step.fields.get("listing_unit")):
        return "请填写督办单位"
    return listing.number_refusal(level, step.fields)


def _reopening(step: Step) -> str | None:
    fields, today = step.fields, step.today
    if is_blank(fields.get("reason")):
        return "复查发现反弹须写明反弹情况"
    closed = clock.as_date(step.record.get("closed_date"))
    if closed and today < closed:
        return f"今天（{today}）早于该隐患的销号日期 {closed}，不能复查发现反弹"
    new = clock.as_date(fields.get("new_deadline"))
    if new is None:
        return "请填写新的整改期限"
    if new < today:
        return f"新的整改期限 {new} 已经过去（今天 {today}）"
    return None


def _enforcement(step: Step) -> str | None:
    if step.fields.get("measure") not in vocab.ENFORCEMENT_MEASURES:
        return f"请选择执法措施（{'、'.join(vocab.ENFORCEMENT_MEASURES)}）"
    return None


# -- effects ------------------------------------------------------------------------------------------
def _submitted(step: Step) -> Effect:
    changes = {"completed_date": clock.as_date(step.fields["completed_date"]),
               "measures": step.fields["measures"].strip()}
    if step.fields.get("funds") is not None:
        changes["funds"] = float(step.fields["funds"])
    return Effect(changes, dict(changes))


def _reviewed(passed: bool) -> Callable[[Step], Effect]:
    def apply(step: Step) -> Effect:
        verified = clock.as_date(step.fields["verified_date"])
        changes = {"verifier": step.fields["verifier"].strip(), "verified_date": verified,
                   "verify_result": vocab.VERIFY_PASS if passed else vocab.VERIFY_FAIL}
        if passed:
            changes["closed_date"] = verified
        return Effect(changes, dict(changes))
    return apply


def _closed_at_once(step: Step) -> Effect:
    verified = clock.as_date(step.fields["verified_date"])
    completed = clock.as_date(step.fields.get("completed_date")) or verified
    changes = {"completed_date": completed, "verifier": step.fields["verifier"].strip(), "verified_date": verified,
               "verify_result": vocab.VERIFY_PASS, "closed_date": verified}
    if not is_blank(step.fields.get("measures")):
        changes["measures"] = step.fields["measures"].strip()
    return Effect(changes, dict(changes))


def _reopened(step: Step) -> Effect:
    """Open again from today in a new round: the round that ends kept as a row of ``hazard_reopenings`` (the
    销号 it undid, its deadline and first deadline: a period that ended in it is judged by them,
    ``rules.hazards_at``), the new deadline both the deadline and the round's first one (not 已延期), the
    review cleared, ``reopened_on`` (the latest reopening's day, which the period rules test first) set. The
    row copies its audit line's who and why, and points to it (and so to its evidence)."""
    record, new = step.record, clock.as_date(step.fields["new_deadline"])
    closed, deadline = clock.as_date(record.get("closed_date")), clock.as_date(record.get("deadline"))
    seq = int(step.extra.get("reopenings", 0)) + 1
    latest = clock.as_date(record.get("reopened_on"))
    changes = {"closed_date": None, "deadline": new, "original_deadline": new, "completed_date": None,
               "verifier": None, "verified_date": None, "verify_result": None,
               "reopened_on": max(step.today, latest) if latest else step.today}  # the rows' latest, cached
    row = ("INSERT INTO hazard_reopenings (hazard_id, seq, closed_date, deadline_before, original_deadline_before,"
           " reopened_on, deadline, reason, actor, audit_id)"
           " SELECT ?, ?, ?, ?, ?, ?, ?, a.reason, a.actor, a.id FROM audit_events a"
           " WHERE a.id = (SELECT max(id) FROM audit_events)",
           [record["id"], seq, closed, deadline, clock.as_date(record.get("original_deadline")), step.today, new])
    return Effect(changes, {"closed_date": closed, "old_deadline": deadline, "new_deadline": new, "reopen_count": seq},
                  statements=[row])


def _rounds(tx: Tx, hazard_id: str) -> dict:
    """What the rules need beside the hazard: how many times it has been reopened (回头看)."""
    return {"reopenings": tx.one("SELECT count(*) FROM hazard_reopenings WHERE hazard_id = ?", [hazard_id])[0]}


def _extended(step: Step) -> Effect:
    new, current = clock.as_date(step.fields["new_deadline"]), clock.as_date(step.record["deadline"])
    changes = {"deadline": new}
    if step.record.get("original_deadline") is None:
        changes["original_deadline"] = current
    detail = {"old_deadline": current, "new_deadline": new}
    if not is_blank(step.fields.get("approval")):
        detail["approval"] = step.fields["approval"].strip()
    return Effect(changes, detail)


def _listed(step: Step) -> Effect:
    level = step.fields["listing_level"]
    changes = {"listing_level": level, "listing_unit": step.fields["listing_unit"].strip(),
               "listing_doc": listing.number_of(level, step.fields), "listing_date": step.today}
    return Effect(changes, {"level": changes["listing_level"], "unit": changes["listing_unit"],
                            "doc": changes["listing_doc"], "date": step.today})


def _enforced(step: Step) -> Effect:
    previous = [m for m in (step.record.get("enforcement") or "").split("、") if m]
    measure = step.fields["measure"]
    return Effect({"enforcement": "、".join(previous + ([measure] if measure not in previous else []))},
                  {"measure": measure})


def handed_over(hazard: Mapping[str, Any], recipient: str = TO_BOTH) -> bool:
    """Whether the hazard has been handed over in writing to ``recipient`` (both, the county or the city)."""
    return all(hazard.get(column) is not None for column in HANDOVER_TARGETS[recipient])


def _handover(step: Step) -> str | None:
    on = clock.as_date(step.fields.get("handed_on"))
    targets = HANDOVER_TARGETS.get(step.fields.get("recipient"))
    if targets is None:
        return "请选择移交对象（县区政府、市安委办或两者）"
    if on is None:
        return "请填写书面移交日期"
    if on > step.today:
        return "书面移交日期不能晚于今天"
    found = clock.as_date(step.record.get("found_date"))
    if found is not None and on < found:
        return f"书面移交日期不能早于发现时间 {clock.format_date(found)}"
    if handed_over(step.record, step.fields["recipient"]):
        return "已" + "、".join(f"于 {clock.format_date(clock.as_date(step.record[c]))} 书面移交{_RECEIVER[c]}" for c in targets)
    return None


def _handed(step: Step) -> Effect:
    """The dates of the recipients not handed to yet (a date on file stays: a hazard is handed to each once)."""
    on = clock.as_date(step.fields["handed_on"])
    targets = [c for c in HANDOVER_TARGETS[step.fields["recipient"]] if step.record.get(c) is None]
    return Effect({c: on for c in targets}, {"recipient": "、".join(_RECEIVER[c] for c in targets), "handed_on": on})


def _recipients(hazard: Mapping[str, Any]) -> list[str]:
    """The recipients a hazard can still be handed to: all three choices, or the one not handed to yet."""
    county, city = (hazard.get(c) is None for c in HANDOVER_TARGETS[TO_BOTH])
    if county and city:
        return [TO_BOTH, TO_COUNTY, TO_CITY]
    return [TO_COUNTY] if county else [TO_CITY] if city else []


# -- the inputs -----------------------------------------------------------------------------------------

_NOTE = Input("reason", "说明（选填）")
_VERIFIER = Input("verifier", "复查验收人")
_VERIFIED = Input("verified_date", "复查日期", DATE, default=lifecycle.today)
_COMPLETED = Input("completed_date", "整改完成日期", DATE, default=lifecycle.today)
_LEVELS = tuple(level for level in vocab.LISTING_LEVELS if level != vocab.NOT_LISTED)

ACTION_SPECS: tuple[Action, ...] = (
    Action(A_START, (vocab.ST_PENDING, vocab.ST_REVIEW_FAILED), vocab.ST_IN_PROGRESS, (_NOTE,)),
    Action(A_SUBMIT, (vocab.ST_IN_PROGRESS,), vocab.ST_AWAITING_REVIEW, (
        _COMPLETED,
        Input("measures", "采取的整改措施", LONG_TEXT, default=lambda r, t: r.get("measures") or ""),
        Input("funds", "整改资金（万元）", NUMBER, default=lambda r, t: float(r.get("funds") or 0.0), minimum=0.0,
              step=0.1),
    ), refuse=_completion(need_measures=True), apply=_submitted),
    Action(A_REVIEW_PASS, (vocab.ST_AWAITING_REVIEW,), vocab.ST_CLOSED, (_VERIFIER, _VERIFIED),
           refuse=_verification(completed_from_fields=False), apply=_reviewed(True),
           help="复查合格即销号。"),
    Action(A_REVIEW_FAIL, (vocab.ST_AWAITING_REVIEW,), vocab.ST_REVIEW_FAILED,
           (_VERIFIER, _VERIFIED, Input("reason", "不合格原因（必填）", LONG_TEXT)),
           refuse=_first(_verification(completed_from_fields=False), _failure_reason), apply=_reviewed(False),
           help="复查不合格的隐患退回整改。"),
    Action(A_IMMEDIATE, vocab.OPEN_STATUSES, vocab.ST_CLOSED, (
        _VERIFIER, _COMPLETED, _VERIFIED,
        Input("measures", "整改措施", LONG_TEXT, default=lambda r, t: r.get("measures") or ""),
    ), refuse=_first(_completion(need_measures=False), _verification(completed_from_fields=True)),
        apply=_closed_at_once),
    Action(A_EXTEND, _EXTENDABLE, None, (
        Input("new_deadline", "新的整改期限", DATE),
        Input("reason", "延期原因（必填）", LONG_TEXT),
        Input("approval", "审批情况", label_for=lambda r: "审批情况（重大隐患必填：批准单位及文号）"
              if r.get("level") == vocab.LEVEL_MAJOR else "审批情况（选填）"),
    ), refuse=_extension, apply=_extended,
        help=lambda r, t: f"当前整改期限：{clock.format_date(clock.as_date(r.get('deadline')))}；原整改期限保留在历史记录中。"),
    Action(A_LIST, vocab.OPEN_STATUSES, None, (
        Input("listing_level", "督办级别", CHOICE, choices=_LEVELS, choice_index=1),
        Input("listing_unit", "督办单位"),
        listing.TYPED_INPUT,
    ), refuse=_listing, apply=_listed, help=listing.HELP),
    Action(A_REOPEN, (vocab.ST_CLOSED,), vocab.ST_PENDING, (
        Input("reason", "反弹情况（必填）", LONG_TEXT),
        Input("new_deadline", "新的整改期限", DATE),
    ), refuse=_reopening, apply=_reopened,
        help="回头看复查发现隐患反弹：重新列为待整改，以新的整改期限重新计算；原销号记录保留在历史中，"
             "自今日起重新计入未销号和县区排名，已结束各期的统计不变。"),
    Action(A_ENFORCE, vocab.OPEN_STATUSES, None,
           (Input("measure", "执法措施", CHOICE, choices=vocab.ENFORCEMENT_MEASURES), _NOTE),
           refuse=_enforcement, apply=_enforced),
    Action(A_HANDOVER, vocab.HAZARD_STATUSES, None, (
        Input("recipient", "移交对象", RADIO, choices=_recipients),
        Input("handed_on", "书面移交日期", DATE, default=lifecycle.today),
    ), refuse=_handover, apply=_handed,
        help="督查组将隐患清单书面移交县区政府和市安委办：各记一次移交日期，计入督查组评价的书面移交比例。"),
)


def _status_refusal(action: Action, hazard: Mapping[str, Any]) -> str | None:
    """Why the hazard may not take ``action`` now (the treatment, then the status), word for word as before."""
    status = hazard.get("status")
    if action.name == A_HANDOVER:  # any status: a list is handed over whatever became of its hazards since
        return f"该隐患已书面移交{TO_BOTH}" if handed_over(hazard) else None
    if action.name in _IMMEDIATE_ONLY and hazard.get("treatment") != vocab.TREAT_IMMEDIATE:
        return f"只有治理类型为“{vocab.TREAT_IMMEDIATE}”的隐患才能一步复核销号；限期整改须经提交整改完成和复核"
    if status in action.from_statuses:
        return None
    if status == vocab.ST_CLOSED:
        return f"隐患已销号，不能再{action.name}"
    if action.name in (A_REVIEW_PASS, A_REVIEW_FAIL):
        return f"隐患状态为“{status}”，尚未提交整改完成，不能复核"
    return f"隐患状态为“{status}”，不能{action.name}（允许的状态：{'、'.join(action.from_statuses)}）"


LIFECYCLE = Lifecycle(HAZARD_ENTITY, "hazards", "隐患", ACTION_SPECS, _status_refusal, load_extra=_rounds,
                      always_ask_status=True)
ACTIONS = LIFECYCLE.names


@dataclass(frozen=True)
class Transition:
    """A read-only view of an action's statuses (for checks on the history): from, to (None: unchanged),
    and whether only 即查即改 hazards take it."""

    from_statuses: tuple[str, ...]
    to_status: str | None
    immediate_only: bool = False


TRANSITIONS: dict[str, Transition] = {
    a.name: Transition(a.from_statuses, a.to_status, a.name in _IMMEDIATE_ONLY) for a in ACTION_SPECS}


def allowed(action: str, hazard: Mapping[str, Any]) -> str | None:
    """None when ``action`` may be taken on ``hazard`` (its status and treatment), else the Chinese reason."""
    return LIFECYCLE.allowed(action, hazard)


def available_actions(hazard: Mapping[str, Any]) -> list[str]:
    """The actions the lifecycle allows on this hazard now, in the order a page offers them."""
    return LIFECYCLE.available(hazard)


def check(action: str, hazard: Mapping[str, Any], fields: Mapping[str, Any], today) -> str | None:
    """None when ``action`` with ``fields`` is allowed on ``hazard`` as of ``today``, else the reason."""
    return LIFECYCLE.check(action, hazard, fields, today)


def act(store: Store, hazard_id: str, action: str, fields: Mapping[str, Any], actor: roles.User) -> str:
    """Take ``action`` on a hazard in one transaction with its audit event; returns the new status.
    Raises ValidationError with the Chinese reason (nothing written) when a rule refuses it."""
    return LIFECYCLE.run(store, hazard_id, action, fields, actor)


def review(store: Store, hazard_id: str, passed: bool, fields: Mapping[str, Any], actor: roles.User) -> str:
    """复核: 合格 closes the hazard (已销号), 不合格 sends it to 复核不通过 with the reason."""
    return act(store, hazard_id, A_REVIEW_PASS if passed else A_REVIEW_FAIL, fields, actor)


def hand_over(store: Store, hazard_ids: Sequence[str], recipient: str, handed_on: Any, actor: roles.User) -> list[str]:
    """书面移交 of many hazards at once (a group's list, as it is handed over): one transaction, one audit event
    each, those already handed to ``recipient`` left alone; refused whole, naming each, when any other rule
    refuses (a date before a hazard's find, another group's hazard for a 督查组). Returns the ids handed over."""
    if recipient not in HANDOVER_TARGETS:
        raise ValidationError("请选择移交对象（县区政府、市安委办或两者）")
    return LIFECYCLE.run_many(store, hazard_ids, A_HANDOVER, {"recipient": recipient, "handed_on": handed_on}, actor,
                              passed_over=lambda hazard: handed_over(hazard, recipient))
