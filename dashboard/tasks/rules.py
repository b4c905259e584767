"""The 专项整治 task list's rules, as pure functions: an item's id, its status from its progress, overdue and
its countdown, the lead departments it names, a typed progress, and why a progress update is refused.

- The status follows the progress: 0 → 未启动, 1–99 → 推进中, 100 → 已完成. A write stores both together,
  so they never disagree.
- Overdue (逾期) is derived: the as-of date is after the deadline and the item is not 已完成. The deadline
  day itself is not overdue. The countdown (剩N天 / 今日到期 / 逾期N天 and its colour band) is
  ``clock.countdown``; a finished item reads 已完成, has no colour and is never overdue.
- A department field may name several departments (牵头部门 "市应急管理局、市公安局").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from dashboard import clock, ingest, vocab

NOTE_MAX = 500
_DEPT_SEPARATORS = re.compile(r"[、，,；;/／\s]+")


def task_id(category_no: int, item_no: int) -> str:
    """The item's id in the history and in links: '3-2' is category 3, sub-item 2."""
    return f"{int(category_no)}-{int(item_no)}"


def parse_task_id(text: str | None) -> tuple[int, int] | None:
    """'3-2' (or '3-2 子项名称', as the URL carries it) → (3, 2); None when it is no id."""
    match = re.match(r"\s*(\d+)-(\d+)(?!\d)", str(text or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


def status_for(progress: int) -> str:
    """The status a progress means: 0 未启动, 1–99 推进中, 100 已完成."""
    if progress <= 0:
        return vocab.TASK_NOT_STARTED
    if progress >= 100:
        return vocab.TASK_DONE
    return vocab.TASK_IN_PROGRESS


def countdown(deadline: date | None, today: date, status: str, bands: clock.Bands | None = None) -> clock.Countdown:
    """Days left, 剩N天 / 今日到期 / 逾期N天 and the urgency band; 已完成 (no days, no colour) once done."""
    return clock.countdown(deadline, today, done=status if status == vocab.TASK_DONE else None, bands=bands)


def is_overdue(deadline: date | None, today: date, status: str) -> bool:
    """Past its deadline (the deadline day itself is not) and not 已完成."""
    return countdown(deadline, today, status).overdue_days > 0


def split_departments(text: str | None) -> tuple[str, ...]:
    """'市应急管理局、市公安局' → ('市应急管理局', '市公安局'); separators 、，,；;/ and spaces; blanks dropped."""
    if ingest.is_blank(text):
        return ()
    seen: list[str] = []
    for part in _DEPT_SEPARATORS.split(unicodedata.normalize("NFKC", str(text))):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return tuple(seen)


def as_progress(value: Any) -> int | None:
    """A progress as an integer 0–100, or None when it is not one (text digits, full-width too, are accepted)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().removesuffix("%").strip()
        if not re.fullmatch(r"\d{1,3}", text):
            return None
        value = int(text)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or not number.is_integer() or not 0 <= number <= 100:
        return None
    return int(number)


def note_text(value: Any) -> str:
    """A typed progress note, trimmed; blanks as ''."""
    return "" if ingest.is_blank(value) else str(value).strip()


def update_refusal(current_progress: int, current_note: str | None, progress: Any, note: str | None) -> str | None:
    """Why a progress update is refused (None when it is allowed).

    The progress must be an integer 0–100; lowering it needs a reason (the note); an update that changes
    neither the progress nor the note is refused. Keeping the progress and writing a new note is allowed:
    that is how an office records "本周继续推进".
    """
    new = as_progress(progress)
    if new is None:
        return "完成进度应为 0–100 的整数"
    text = note_text(note)
    if len(text) > NOTE_MAX:
        return f"进展情况不能超过{NOTE_MAX}字"
    if new < current_progress and not text:
        return f"进度从 {current_progress}% 下调到 {new}%，必须写明原因"
    if new == current_progress and (not text or text == note_text(current_note)):
        return f"进度仍为 {current_progress}%，进展情况也没有变化，未作修改"
    return None
