"""The rules of a major fire-hazard unit (GB 35181-2017), as pure functions of dates and thresholds.

- ``countdown``: days left to the deadline, its text and urgency band (``clock.countdown``; a closed unit
  shows 已销案, has no days left and is never overdue).
- ``review_due`` / ``review_window_refusal``: the on-site review falls within ``review_working_days``
  official working days after the request (May Day and its make-up working days counted right).
- ``escalation_due`` / ``needs_escalation``: 应提级督办 once ``escalation_months`` have passed since listing
  (``clock.add_months``: 08-31 + 6 months is 02-28).
- ``milestone_behind``: a planned date passed without an actual date.
- ``status_from`` / ``new_unit_problems`` / ``milestone_problems``: what a unit entered by hand or imported
  must say (the same rules for the form and the import), and the status a list that gives none means.

Thresholds are arguments; None takes the setting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from dashboard import clock, settings, vocab

__all__ = ["CLOSED_TEXT", "OPEN_STATUSES", "countdown", "review_due", "review_window_refusal", "escalation_due",
           "needs_escalation", "milestone_behind", "review_working_days", "escalation_months", "judgement_from",
           "status_from", "new_unit_problems", "milestone_problems"]

CLOSED_TEXT = "已销案"  # the countdown of a closed unit
OPEN_STATUSES = (vocab.FU_FILED, vocab.FU_IN_PROGRESS, vocab.FU_REVIEW_REQUESTED)


def review_working_days(days: int | None = None) -> int:
    """``days``, or the ``review_working_days`` setting."""
    return int(settings.get("review_working_days") if days is None else days)


def escalation_months(months: int | None = None) -> int:
    """``months``, or the ``escalation_months`` setting."""
    return int(settings.get("escalation_months") if months is None else months)


def countdown(deadline: date | None, today: date, status: str | None = None,
              bands: clock.Bands | None = None) -> clock.Countdown:
    """The unit's countdown: days left (negative when overdue), 剩N天 / 今日到期 / 逾期N天 and the urgency band;
    a closed unit reads 已销案 with no days left and is never overdue."""
    return clock.countdown(deadline, today, done=CLOSED_TEXT if status == vocab.FU_CLOSED else None, bands=bands)


def review_due(requested: date | None, working_days: int | None = None) -> date | None:
    """The last day of the on-site review: ``working_days`` official working days after the request."""
    if requested is None:
        return None
    return clock.add_working_days(requested, review_working_days(working_days))


def review_window_refusal(requested: date | None, on: date, working_days: int | None = None) -> str | None:
    """Why a review on ``on`` is not allowed (None when it is): it needs a request and must be in the window."""
    if requested is None:
        return "该单位尚未申请复查，不能组织复查"
    if on < requested:
        return f"复查日期不能早于申请复查日期 {clock.format_date(requested)}"
    due = review_due(requested, working_days)
    if on > due:
        return (f"已超过复查时限：应在申请后{review_working_days(working_days)}"
                f"个工作日内（{clock.format_date(due)} 前）复查，请重新申请复查")
    return None


def escalation_due(listing_date: date | None, months: int | None = None) -> date | None:
    """The day a listed unit still open must be escalated: ``months`` calendar months after listing."""
    if listing_date is None:
        return None
    return clock.add_months(listing_date, escalation_months(months))


def needs_escalation(listing_level: str | None, listing_date: date | None, status: str, today: date,
                     months: int | None = None) -> bool:
    """应提级督办: listed, still not closed, and ``months`` have passed since listing."""
    if not listing_level or listing_level == vocab.NOT_LISTED or listing_date is None or status == vocab.FU_CLOSED:
        return False
    return today >= escalation_due(listing_date, months)


def milestone_behind(planned: date | None, actual: date | None, today: date) -> bool:
    """A milestone is behind when its planned date has passed and it has no actual date."""
    return planned is not None and actual is None and planned < today


# -- a unit entered or imported --------------------------------------------------------------------
_CLAUSE = re.compile(r"(?<![\d.])([67])\.\d+")


def judgement_from(clauses: str | None) -> str | None:
    """判定方式 as the clauses say it (GB 35181-2017): items of chapter 6 (6.1–6.10) are judged directly, those of
    chapter 7 in combination; None when the clauses name neither, or both."""
    chapters = {m.group(1) for m in _CLAUSE.finditer(unicodedata.normalize("NFKC", clauses or ""))}
    if chapters == {"6"}:
        return vocab.JUDGEMENT_DIRECT
    if chapters == {"7"}:
        return vocab.JUDGEMENT_COMBINED
    return None


def status_from(progress: int | None, review_requested: date | None, closed: date | None) -> str:
    """The status of a unit a list gives none for: a 销案日期 → 已销案摘牌, a 申请复查日期 → 申请复查, any progress →
    整改中, else 立案."""
    if closed is not None:
        return vocab.FU_CLOSED
    if review_requested is not None:
        return vocab.FU_REVIEW_REQUESTED
    if progress:
        return vocab.FU_IN_PROGRESS
    return vocab.FU_FILED


def new_unit_problems(unit: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    """(field key, reason) for each rule a new unit breaks: its dates in order and not after ``today``, the
    listing complete (级别, 文号, 挂牌日期), the progress 0–100, the status and its dates agreeing. The form
    and the import ask the same."""
    problems: list[tuple[str, str]] = []
    filed, deadline = unit.get("filed_date"), unit.get("deadline")
    original = unit.get("original_deadline")
    if filed is not None and filed > today:
        problems.append(("filed_date", "立案日期不能晚于今天"))
    if filed is not None and deadline is not None and deadline < filed:
        problems.append(("deadline", f"整改期限不能早于立案日期 {clock.format_date(filed)}"))
    if original is not None and deadline is not None and original > deadline:
        problems.append(("original_deadline", "原整改期限不能晚于现在的整改期限（延期只会推后期限）"))
    level = unit.get("listing_level") or vocab.NOT_LISTED
    if level != vocab.NOT_LISTED:
        if not unit.get("listing_doc"):
            problems.append(("listing_doc", f"{level}须填写督办文号"))
        listed_on = unit.get("listing_date")
        if listed_on is None:
            problems.append(("listing_date", f"{level}须填写挂牌日期"))
        elif listed_on > today:
            problems.append(("listing_date", "挂牌日期不能晚于今天"))
        elif filed is not None and listed_on < filed:
            problems.append(("listing_date", f"挂牌日期不能早于立案日期 {clock.format_date(filed)}"))
        announced = unit.get("announced_date")
        if announced is not None and listed_on is not None and not listed_on <= announced <= today:
            problems.append(("announced_date", "媒体公告日期应在挂牌日期与今天之间"))
    elif unit.get("listing_doc") or unit.get("listing_date"):
        problems.append(("listing_level", "填写了督办文号或挂牌日期，请填写督办级别（省级/市级/县级挂牌督办）"))
    progress = unit.get("progress")
    if progress is not None and (isinstance(progress, bool) or not float(progress).is_integer()
                                 or not 0 <= progress <= 100):
        problems.append(("progress", "整改进度应为 0–100 的整数"))
    funds = unit.get("funds")
    if funds is not None and funds < 0:
        problems.append(("funds", "整改资金不能为负数"))
    status = unit.get("status")
    requested, closed = unit.get("review_requested_date"), unit.get("closed_date")
    for key, day, label in (("review_requested_date", requested, "申请复查日期"), ("closed_date", closed, "销案日期")):
        if day is not None and day > today:
            problems.append((key, f"{label}不能晚于今天"))
        elif day is not None and filed is not None and day < filed:
            problems.append((key, f"{label}不能早于立案日期 {clock.format_date(filed)}"))
    if status == vocab.FU_CLOSED:
        if closed is None:
            problems.append(("closed_date", "已销案摘牌的单位须填写销案日期"))
        if progress is not None and progress != 100:
            problems.append(("progress", "已销案摘牌的单位整改进度应为100%"))
    elif closed is not None:
        problems.append(("status", f"填写了销案日期，状态应为“{vocab.FU_CLOSED}”"))
    if status == vocab.FU_REVIEW_REQUESTED and requested is None:
        problems.append(("review_requested_date", "申请复查的单位须填写申请复查日期"))
    if status == vocab.FU_FILED and progress:
        problems.append(("status", f"整改进度为 {int(progress)}%，状态不应是“{vocab.FU_FILED}”（应为{vocab.FU_IN_PROGRESS}）"))
    lat, lon = unit.get("lat"), unit.get("lon")
    if (lat is None) != (lon is None):
        problems.append(("lat" if lat is None else "lon", "经度和纬度应同时填写"))
    elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        problems.append(("lat", "经纬度超出范围（纬度 −90–90，经度 −180–180）"))
    return problems


def milestone_problems(planned: date | None, actual: date | None, filed: date | None, deadline: date | None,
                       today: date) -> list[tuple[str, str]]:
    """(field key, reason) for a milestone (倒排工期 node) of a unit filed on ``filed`` with ``deadline``: planned
    between the two, done not after ``today`` nor before the filing."""
    problems = []
    if planned is not None and filed is not None and planned < filed:
        problems.append(("planned_date", f"计划完成日期不能早于该单位的立案日期 {clock.format_date(filed)}"))
    if planned is not None and deadline is not None and planned > deadline:
        problems.append(("planned_date", f"计划完成日期晚于该单位的整改期限 {clock.format_date(deadline)}（倒排工期应在期限内完成）"))
    if actual is not None and actual > today:
        problems.append(("actual_date", "实际完成日期不能晚于今天"))
    elif actual is not None and filed is not None and actual < filed:
        problems.append(("actual_date", f"实际完成日期不能早于立案日期 {clock.format_date(filed)}"))
    return problems
