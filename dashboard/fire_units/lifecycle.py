"""What a major fire-hazard unit can go through, as data: one ``Action`` per step (the statuses it starts from,
its form, its refusal rule, its effect) on the general runner of ``dashboard.lifecycle``.

The action names are the audit events' names (the history timeline shows them). ``act``, ``allowed``,
``available_actions`` and ``check`` are the entry points; they read ``LIFECYCLE``. Refusals are the office's
own sentences, word for word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dashboard import clock, lifecycle, listing, roles, vocab
from dashboard.db import Store, Tx, ValidationError
from dashboard.fire_units import rules
from dashboard.fire_units.queries import ENTITY
from dashboard.lifecycle import (CHOICE, DATE, INTEGER, LONG_TEXT, TEXT, Action, Effect, Input, Lifecycle, Step,
                                 clean_record, is_blank)

__all__ = ["A_PROGRESS", "A_MILESTONE", "A_REQUEST_REVIEW", "A_REVIEW_PASS", "A_REVIEW_FAIL", "A_LIST", "A_EXTEND",
           "ACTIONS", "LIFECYCLE", "allowed", "available_actions", "check", "act", "done_text"]

A_PROGRESS, A_MILESTONE, A_REQUEST_REVIEW = "更新进度", "节点完成", "申请复查"
A_REVIEW_PASS, A_REVIEW_FAIL, A_LIST, A_EXTEND = "复查合格", "复查不合格", "挂牌督办", "延期"

_UPDATABLE = (vocab.FU_FILED, vocab.FU_IN_PROGRESS)


# -- refusals -------------------------------------------------------------------------------------
def _status_refusal(action: Action, unit: Mapping[str, Any]) -> str | None:
    """Why the unit's status does not allow ``action`` (asked only outside the action's starting statuses)."""
    status = unit.get("status")
    if status == vocab.FU_CLOSED:
        return "该单位已销案摘牌，不能再操作"
    if action.name in (A_PROGRESS, A_MILESTONE) and status == vocab.FU_REVIEW_REQUESTED:
        return "已申请复查，等待复查结论；复查不合格退回整改中后才能更新进度"
    if action.name == A_REQUEST_REVIEW and status != vocab.FU_IN_PROGRESS:
        return f"只有“{vocab.FU_IN_PROGRESS}”的单位才能申请复查（当前：{status}）"
    if action.name in (A_REVIEW_PASS, A_REVIEW_FAIL) and status != vocab.FU_REVIEW_REQUESTED:
        return "该单位尚未申请复查，不能组织复查"
    return None


def _progress_refusal(step: Step) -> str | None:
    value = step.fields.get("progress")
    if value is None or isinstance(value, bool) or not float(value).is_integer() or not 0 <= int(value) <= 100:
        return "整改进度应为 0–100 的整数"
    current = int(step.record.get("progress") or 0)
    if int(value) < current and is_blank(step.fields.get("reason")):
        return f"进度低于当前的 {current}%，请说明原因"
    return None


def _marks(step: Step) -> list[dict]:
    return list(step.extra.get("milestones", ()))


def _milestone_refusal(step: Step) -> str | None:
    seq = step.fields.get("seq")
    match = [m for m in _marks(step) if int(m["seq"]) == seq] if seq is not None else []
    if not match:
        return "请选择整改节点"
    done = clock.as_date(match[0].get("actual_date"))
    if done is not None:
        return f"节点“{match[0]['name']}”已于 {clock.format_date(done)} 完成"
    actual = clock.as_date(step.fields.get("actual_date"))
    if actual is None:
        return "请填写节点实际完成日期"
    if actual > step.today:
        return "实际完成日期不能晚于今天"
    filed = clock.as_date(step.record.get("filed_date"))
    if filed is not None and actual < filed:
        return f"实际完成日期不能早于立案日期 {clock.format_date(filed)}"
    return None


def _review_refusal(need_reason: bool):
    def refuse(step: Step) -> str | None:
        on = clock.as_date(step.fields.get("review_date"))
        if on is None:
            return "请填写复查日期"
        if on > step.today:
            return "复查日期不能晚于今天"
        refusal = rules.review_window_refusal(clock.as_date(step.record.get("review_requested_date")), on)
        if refusal:
            return refusal
        if is_blank(step.fields.get("reviewer")):
            return "请填写复查人（消防救援机构）"
        if need_reason and is_blank(step.fields.get("reason")):
            return "复查不合格时必须写明原因"
        return None
    return refuse


def _listing_refusal(step: Step) -> str | None:
    fields = step.fields
    level = fields.get("listing_level")
    if level not in vocab.LISTING_LEVELS or level == vocab.NOT_LISTED:
        return "请选择督办级别"
    if level == step.record.get("listing_level"):
        return f"该单位已是{level}"
    refusal = listing.number_refusal(level, fields)
    if refusal:
        return refusal
    listed_on = clock.as_date(fields.get("listing_date"))
    if listed_on is None:
        return "请填写挂牌日期"
    if listed_on > step.today:
        return "挂牌日期不能晚于今天"
    announced = clock.as_date(fields.get("announced_date"))
    if announced is not None and (announced < listed_on or announced > step.today):
        return "媒体公告日期应在挂牌日期与今天之间"
    return None


def _extension_refusal(step: Step) -> str | None:
    new = clock.as_date(step.fields.get("new_deadline"))
    if new is None:
        return "请填写新的整改期限"
    current = clock.as_date(step.record.get("deadline"))
    if current is not None and new <= current:
        return f"新的整改期限应晚于当前期限 {clock.format_date(current)}"
    if is_blank(step.fields.get("reason")):
        return "延期必须写明原因"
    return None


# -- effects --------------------------------------------------------------------------------------
def _started(step: Step) -> str | None:
    """The first progress or milestone moves a unit from 立案 to 整改中."""
    return vocab.FU_IN_PROGRESS if step.record.get("status") == vocab.FU_FILED else None


def _progress_effect(step: Step) -> Effect:
    progress = int(step.fields["progress"])
    return Effect(changes={"progress": progress}, detail={"progress": progress}, status=_started(step))


def _milestone_effect(step: Step) -> Effect:
    seq, actual = step.fields["seq"], clock.as_date(step.fields["actual_date"])
    mark = next(m for m in _marks(step) if int(m["seq"]) == seq)
    effect = Effect(detail={"milestone": mark["name"], "actual_date": actual}, status=_started(step),
                    statements=[("UPDATE fire_unit_milestones SET actual_date = ? WHERE fire_unit_id = ? AND seq = ?",
                                 [actual, step.record["id"], seq])])
    if step.fields.get("progress") is not None:
        effect.changes["progress"] = effect.detail["progress"] = max(0, min(100, int(step.fields["progress"])))
    return effect


def _request_review_effect(step: Step) -> Effect:
    return Effect(changes={"review_requested_date": step.today},
                  detail={"requested_date": step.today, "review_due": rules.review_due(step.today),
                          "progress": step.record.get("progress")})


def _review_detail(step: Step) -> dict:
    return {"review_date": clock.as_date(step.fields["review_date"]), "reviewer": str(step.fields["reviewer"]).strip(),
            "requested_date": clock.as_date(step.record.get("review_requested_date"))}


def _review_pass_effect(step: Step) -> Effect:
    on = clock.as_date(step.fields["review_date"])
    return Effect(changes={"closed_date": on, "progress": 100}, detail={**_review_detail(step), "closed_date": on})


def _review_fail_effect(step: Step) -> Effect:
    return Effect(changes={"review_requested_date": None}, detail=_review_detail(step))


def _listing_effect(step: Step) -> Effect:
    fields = step.fields
    changes = {"listing_level": fields["listing_level"], "listing_doc": listing.number_of(fields["listing_level"], fields),
               "listing_date": clock.as_date(fields["listing_date"]),
               "announced_date": clock.as_date(fields.get("announced_date"))}
    detail = {"level": changes["listing_level"], "doc": changes["listing_doc"], "date": changes["listing_date"],
              "announced_date": changes["announced_date"]}
    if not is_blank(fields.get("listing_unit")):
        detail["unit"] = str(fields["listing_unit"]).strip()
    return Effect(changes=changes, detail=detail)


def _extension_effect(step: Step) -> Effect:
    new = clock.as_date(step.fields["new_deadline"])
    return Effect(changes={"deadline": new},
                  detail={"old_deadline": clock.as_date(step.record["deadline"]), "new_deadline": new})


# -- the forms' notes and choices -------------------------------------------------------------------
def _progress_now(unit: Mapping[str, Any], today: date) -> int:
    return int(unit.get("progress") or 0)


def _open_seqs(unit: Mapping[str, Any]) -> list[int]:
    return [int(m["seq"]) for m in unit.get("milestones", ()) if clock.as_date(m.get("actual_date")) is None]


def _milestone_text(unit: Mapping[str, Any], seq: int) -> str:
    mark = next((m for m in unit.get("milestones", ()) if int(m["seq"]) == seq), None)
    if mark is None:
        return str(seq)
    return f"{seq}. {mark['name']}（计划{clock.format_date(clock.as_date(mark['planned_date']))}）"


def _request_note(unit: Mapping[str, Any], today: date) -> str:
    return (f"申请后状态为“{vocab.FU_REVIEW_REQUESTED}”，应在 {clock.format_date(rules.review_due(today))} 前"
            f"（{rules.review_working_days()}个工作日内，按法定节假日计算）组织现场复查。")


def _review_note(outcome: str):
    def note(unit: Mapping[str, Any], today: date) -> str:
        requested = clock.format_date(clock.as_date(unit.get("review_requested_date")))
        due = clock.format_date(clock.as_date(unit.get("review_due")))
        return f"申请复查日期 {requested}，复查时限 {due}。{outcome}"
    return note


def _extension_note(unit: Mapping[str, Any], today: date) -> str:
    return f"当前整改期限：{clock.format_date(clock.as_date(unit.get('deadline')))}；原期限保留在历史记录中。"



_REVIEW_INPUTS = (
    Input("review_date", "复查日期", DATE, default=lifecycle.today),
    Input("reviewer", "复查人（消防救援机构）", TEXT, default=lambda unit, today: unit.get("fire_brigade") or ""),
)
_LEVELS = tuple(level for level in vocab.LISTING_LEVELS if level != vocab.NOT_LISTED)

_ACTIONS = (
    Action(A_PROGRESS, _UPDATABLE, None, inputs=(
        Input("progress", "整改进度（%）", INTEGER, default=_progress_now, minimum=0, maximum=100, step=5),
        Input("reason", "说明（进度下调时必填）", TEXT),
    ), refuse=_progress_refusal, apply=_progress_effect),
    Action(A_MILESTONE, _UPDATABLE, None, inputs=(
        Input("seq", "整改节点", CHOICE, choices=_open_seqs, format_choice=_milestone_text),
        Input("actual_date", "实际完成日期", DATE, default=lifecycle.today),
        Input("progress", "同时更新整改进度（%）", INTEGER, default=_progress_now, minimum=0, maximum=100, step=5),
    ), refuse=_milestone_refusal, apply=_milestone_effect),
    Action(A_REQUEST_REVIEW, (vocab.FU_IN_PROGRESS,), vocab.FU_REVIEW_REQUESTED, apply=_request_review_effect,
           help=_request_note),
    Action(A_REVIEW_PASS, (vocab.FU_REVIEW_REQUESTED,), vocab.FU_CLOSED, inputs=_REVIEW_INPUTS,
           refuse=_review_refusal(need_reason=False), apply=_review_pass_effect, help=_review_note("合格即销案摘牌。")),
    Action(A_REVIEW_FAIL, (vocab.FU_REVIEW_REQUESTED,), vocab.FU_IN_PROGRESS,
           inputs=(*_REVIEW_INPUTS, Input("reason", "不合格原因（必填）", LONG_TEXT)),
           refuse=_review_refusal(need_reason=True), apply=_review_fail_effect, help=_review_note("不合格退回整改中。")),
    Action(A_LIST, rules.OPEN_STATUSES, None, inputs=(
        Input("listing_level", "督办级别", CHOICE, choices=_LEVELS, choice_index=1),
        Input("listing_unit", "督办单位"),
        listing.TYPED_INPUT,
        Input("listing_date", "挂牌日期", DATE, default=lifecycle.today),
        Input("announced_date", "媒体公告日期", DATE),
    ), refuse=_listing_refusal, apply=_listing_effect, help=listing.HELP),
    Action(A_EXTEND, rules.OPEN_STATUSES, None, inputs=(
        Input("new_deadline", "新的整改期限", DATE),
        Input("reason", "延期原因（必填）", LONG_TEXT),
    ), refuse=_extension_refusal, apply=_extension_effect, help=_extension_note),
)


def _load_milestones(tx: Tx, unit_id: str) -> dict:
    frame = tx.query("SELECT seq, name, planned_date, actual_date FROM fire_unit_milestones WHERE fire_unit_id = ?",
                     [unit_id])
    return {"milestones": [clean_record(r) for r in frame.to_dict("records")]}


def _prepare(fields: dict) -> dict:
    if fields.get("seq") is not None:
        fields["seq"] = int(fields["seq"])
    return fields


LIFECYCLE = Lifecycle(entity=ENTITY, table="fire_units", noun="重大火灾隐患单位", actions=_ACTIONS,
                      status_refusal=_status_refusal, load_extra=_load_milestones, prepare=_prepare)
ACTIONS = LIFECYCLE.names


# -- entry points (the names callers and tests use) ---------------------------------------------------
def _unknown(action: str) -> str | None:
    return None if action in ACTIONS else f"未知操作：{action}"


def allowed(action: str, unit: Mapping[str, Any]) -> str | None:
    """Why ``action`` cannot be taken on a unit in its current status (None when it can)."""
    return _unknown(action) or LIFECYCLE.allowed(action, unit)


def available_actions(unit: Mapping[str, Any]) -> list[str]:
    """The actions the unit's status allows now, in the order the page offers them."""
    return LIFECYCLE.available(unit)


def check(action: str, unit: Mapping[str, Any], fields: Mapping[str, Any], today: date,
          milestones: Sequence[Mapping[str, Any]] = ()) -> str | None:
    """Why ``action`` with ``fields`` is refused on ``unit`` as of ``today`` (None when allowed)."""
    return _unknown(action) or LIFECYCLE.check(action, unit, fields, today, {"milestones": list(milestones)})


def act(store: Store, unit_id: str, action: str, fields: Mapping[str, Any], actor: roles.User) -> str:
    """Take ``action`` on a unit in one transaction with its audit event; returns the new status.

    Raises ValidationError with the Chinese reason (nothing written) when a rule refuses it.
    """
    unknown = _unknown(action)
    if unknown:
        raise ValidationError(unknown)
    return LIFECYCLE.run(store, unit_id, action, fields, actor)


def done_text(unit: Mapping[str, Any], action: str, fields: Mapping[str, Any], status: str) -> str:
    """The line a page shows after ``act`` succeeded: what was done to which unit, in words ("…：节点“清理消防车道”
    已完成（2021-05-02），当前状态“整改中”。"; never the action's name doubled as "节点完成完成")."""
    if action == A_MILESTONE:
        mark = next((m for m in unit.get("milestones", ()) if int(m["seq"]) == int(fields["seq"])), None)
        name = mark["name"] if mark is not None else f"第{fields['seq']}个节点"
        when = clock.format_date(clock.as_date(fields.get("actual_date")))
        done = f"节点“{name}”已完成（{when}）"
    else:
        done = f"已办理“{action}”"
    return f"{unit['name']}：{done}，当前状态“{status}”。"
