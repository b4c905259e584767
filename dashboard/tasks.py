"""The 专项整治 task list: 25 categories, 61 sub-items, each with a lead department, a deadline and progress.

Rules are pure functions (status from progress, overdue, countdown, department lists, why an update is
refused); the roll-ups (city-wide, by category, by lead department) are pure functions over the list, so
every figure uses the same overdue rule; `update_progress` is the one write, with its audit event.

Decisions:
- The status follows the progress: 0 → 未启动, 1–99 → 推进中, 100 → 已完成. A write stores both together,
  so they never disagree.
- Overdue (逾期) is derived: the as-of date is after the deadline and the item is not 已完成. The deadline
  day itself is not overdue.
- A department field may name several departments (牵头部门 "市应急管理局、市公安局"). The by-department
  roll-up counts an item once for each of its lead departments (so the departments' items can add up to
  more than the city's); cooperating departments (配合部门) are shown on the item, not counted.
- The tasks are city-level: they have no county, so the sidebar's county scope does not apply to them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard import clock, export, ingest, settings, vocab
from dashboard.db import Store, Tx, ValidationError, describe_audit_detail

ENTITY = "task"
A_PROGRESS = "更新进度"
NOTE_MAX = 500
DEPT_SEPARATORS = re.compile(r"[、，,；;/／\s]+")


# -- pure rules -----------------------------------------------------------------------------------
def task_id(category_no: int, item_no: int) -> str:
    """The item's id in the history and in links: '3-2' is category 3, sub-item 2."""
    return f"{int(category_no)}-{int(item_no)}"


def parse_task_id(text: str | None) -> tuple[int, int] | None:
    match = re.match(r"\s*(\d+)-(\d+)(?!\d)", str(text or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


def status_for(progress: int) -> str:
    """The status a progress means: 0 未启动, 1–99 推进中, 100 已完成."""
    if progress <= 0:
        return vocab.TASK_NOT_STARTED
    if progress >= 100:
        return vocab.TASK_DONE
    return vocab.TASK_IN_PROGRESS


def is_overdue(deadline: date | None, today: date, status: str) -> bool:
    """Past its deadline (the deadline day itself is not) and not 已完成."""
    return deadline is not None and status != vocab.TASK_DONE and today > deadline


def days_left(deadline: date | None, today: date, status: str) -> int | None:
    """Whole days to the deadline (negative when overdue); None for a finished item or no deadline."""
    if status == vocab.TASK_DONE:
        return None
    return clock.days_left(deadline, today)


def countdown_text(days: int | None, status: str) -> str:
    if status == vocab.TASK_DONE:
        return "已完成"
    if days is None:
        return ""
    if days < 0:
        return f"逾期{-days}天"
    return "今日到期" if days == 0 else f"剩{days}天"


def urgency(days: int | None, status: str) -> str | None:
    """The colour band of an open item's countdown (clock.urgency); None once 已完成."""
    return None if status == vocab.TASK_DONE else clock.urgency(days)


def split_departments(text: str | None) -> tuple[str, ...]:
    """'市应急管理局、市公安局' → ('市应急管理局', '市公安局'); separators 、，,；;/ and spaces; blanks dropped."""
    if ingest.is_blank(text):
        return ()
    seen: list[str] = []
    for part in DEPT_SEPARATORS.split(unicodedata.normalize("NFKC", str(text))):
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


def _text(value: Any) -> str:
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
    text = _text(note)
    if len(text) > NOTE_MAX:
        return f"进展情况不能超过{NOTE_MAX}字"
    if new < current_progress and not text:
        return f"进度从 {current_progress}% 下调到 {new}%，必须写明原因"
    if new == current_progress and (not text or text == _text(current_note)):
        return f"进度仍为 {current_progress}%，进展情况也没有变化，未作修改"
    return None


# -- queries --------------------------------------------------------------------------------------
def task_list(store: Store, today: date) -> pd.DataFrame:
    """Every sub-item with its derived id, overdue flag, days left, countdown and urgency band, in list order."""
    frame = store.query(
        "SELECT category_no, category, item_no, item, lead_dept, coop_depts, progress, status, deadline, note,"
        " updated_at FROM tasks ORDER BY category_no, item_no"
    )
    deadlines = [clock.as_date(d) for d in frame["deadline"]]
    frame["id"] = [task_id(c, i) for c, i in zip(frame["category_no"], frame["item_no"])]
    frame["overdue"] = [is_overdue(d, today, s) for d, s in zip(deadlines, frame["status"])]
    left = [days_left(d, today, s) for d, s in zip(deadlines, frame["status"])]
    frame["days_left"] = pd.array(left, dtype="Int64")
    frame["countdown"] = [countdown_text(d, s) for d, s in zip(left, frame["status"])]
    frame["urgency"] = [urgency(d, s) for d, s in zip(left, frame["status"])]
    frame["lead_depts"] = [split_departments(t) for t in frame["lead_dept"]]
    return frame


def filter_tasks(frame: pd.DataFrame, *, categories: Sequence[str] = (), departments: Sequence[str] = (),
                 statuses: Sequence[str] = (), overdue_only: bool = False) -> pd.DataFrame:
    """The page's filters: any of the categories, any of the lead departments, any of the statuses, overdue."""
    keep = pd.Series(True, index=frame.index)
    if categories:
        keep &= frame["category"].isin(list(categories))
    if departments:
        wanted = set(departments)
        keep &= pd.Series([bool(wanted.intersection(d)) for d in frame["lead_depts"]], index=frame.index)
    if statuses:
        keep &= frame["status"].isin(list(statuses))
    if overdue_only:
        keep &= frame["overdue"]
    return frame[keep].reset_index(drop=True)


def _mean(values: pd.Series) -> float | None:
    return None if values.empty else round(float(values.mean()), 1)


def summary(frame: pd.DataFrame) -> dict:
    """City-wide: items, 已完成, 推进中, 未启动, overdue, mean progress (%, one decimal)."""
    status = frame["status"]
    return {
        "items": len(frame),
        "done": int((status == vocab.TASK_DONE).sum()),
        "in_progress": int((status == vocab.TASK_IN_PROGRESS).sum()),
        "not_started": int((status == vocab.TASK_NOT_STARTED).sum()),
        "overdue": int(frame["overdue"].sum()),
        "mean_progress": _mean(frame["progress"]),
    }


def _roll_up(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, sort=False)
    out = grouped.agg(items=("item_no", "size"), mean_progress=("progress", "mean"),
                      done=("status", lambda s: int((s == vocab.TASK_DONE).sum())),
                      overdue=("overdue", "sum")).reset_index()
    out["mean_progress"] = out["mean_progress"].round(1)
    out["overdue"] = out["overdue"].astype(int)
    return out


def by_category(frame: pd.DataFrame) -> pd.DataFrame:
    """Per category: items, mean progress, done, overdue; the laggards first (lowest mean progress)."""
    if frame.empty:
        return pd.DataFrame(columns=["category_no", "category", "lead_dept", "items", "mean_progress", "done",
                                     "overdue"])
    out = _roll_up(frame, ["category_no", "category"])
    leads = frame.groupby("category_no")["lead_depts"].agg(
        lambda lists: "、".join(dict.fromkeys(d for depts in lists for d in depts)))
    out.insert(2, "lead_dept", out["category_no"].map(leads))
    return out.sort_values(["mean_progress", "category_no"]).reset_index(drop=True)


def by_department(frame: pd.DataFrame) -> pd.DataFrame:
    """Per lead department (an item with two lead departments counts for each): items, mean progress,
    done, overdue; the laggards first."""
    if frame.empty:
        return pd.DataFrame(columns=["department", "items", "mean_progress", "done", "overdue"])
    exploded = frame.assign(department=frame["lead_depts"]).explode("department")
    exploded = exploded[exploded["department"].notna()]
    out = _roll_up(exploded, ["department"])
    return out.sort_values(["mean_progress", "department"]).reset_index(drop=True)


def departments(frame: pd.DataFrame) -> list[str]:
    """Every lead department named in the list, in list order."""
    return list(dict.fromkeys(d for depts in frame["lead_depts"] for d in depts))


def detail(frame: pd.DataFrame, category_no: int, item_no: int) -> dict | None:
    """One item of a list frame as a dict (blanks as None), or None."""
    row = frame[(frame["category_no"] == category_no) & (frame["item_no"] == item_no)]
    if row.empty:
        return None
    record = row.iloc[0].to_dict()
    return {k: (None if not isinstance(v, (tuple, list)) and pd.isna(v) else v) for k, v in record.items()}


def history(store: Store, category_no: int, item_no: int) -> pd.DataFrame:
    """The item's audit events, oldest first."""
    return store.audit_history(ENTITY, task_id(category_no, item_no))


DETAIL_LABELS = {"old_progress": "原进度%", "progress": "进度%", "note": "进展情况"}


def describe_detail(detail_json: str | None) -> str:
    return describe_audit_detail(detail_json, DETAIL_LABELS)


# -- the write ------------------------------------------------------------------------------------
def update_progress(store: Store, category_no: int, item_no: int, progress: Any, note: str | None,
                    actor: str) -> dict:
    """Set a sub-item's progress (and its status, which follows) with a progress note, in one transaction with
    its audit event (who, when, old → new, why). Returns the new progress and status.

    Raises ValidationError with the Chinese reason, writing nothing, when the actor is blank, the item is
    unknown or `update_refusal` refuses.
    """
    if ingest.is_blank(actor):
        raise ValidationError("请填写操作人")
    ident = task_id(category_no, item_no)

    def run(tx: Tx) -> dict:
        row = tx.one("SELECT progress, status, note FROM tasks WHERE category_no = ? AND item_no = ?",
                     [int(category_no), int(item_no)])
        if row is None:
            raise ValidationError(f"找不到专项整治任务 {ident}")
        old_progress, old_status, old_note = int(row[0]), row[1], row[2]
        refusal = update_refusal(old_progress, old_note, progress, note)
        if refusal:
            raise ValidationError(refusal)
        new_progress = as_progress(progress)
        new_status = status_for(new_progress)
        text = _text(note) or None
        tx.execute("UPDATE tasks SET progress = ?, status = ?, note = coalesce(?, note), updated_at = ?"
                   " WHERE category_no = ? AND item_no = ?",
                   [new_progress, new_status, text, tx.at, int(category_no), int(item_no)])
        tx.audit(ENTITY, ident, A_PROGRESS, str(actor).strip(), from_status=old_status, to_status=new_status,
                 reason=text, detail={"old_progress": old_progress, "progress": new_progress})
        return {"progress": new_progress, "status": new_status}

    return store.write(run)


# -- export ---------------------------------------------------------------------------------------
EXPORT_COLUMNS = (
    export.Column("id", "编号", 7),
    export.Column("category", "整治类别", 24),
    export.Column("item", "子项任务", 30),
    export.Column("lead_dept", "牵头部门", 16),
    export.Column("coop_depts", "配合部门", 22),
    export.Column("progress", "完成进度(%)", 10),
    export.Column("status", "状态", 8),
    export.Column("deadline", "完成期限", 12),
    export.Column("countdown", "倒计时", 10),
    export.Column("note", "最新进展", 40),
    export.Column("updated_at", "最近更新", 17),
)


def list_xlsx(frame: pd.DataFrame, *, as_of: datetime, filters: str = "") -> bytes:
    """The (filtered) list as .xlsx, overdue rows highlighted."""
    out = frame.copy()
    out["deadline"] = [clock.as_date(d) for d in out["deadline"]]
    out["updated_at"] = [clock.as_datetime(v) for v in out["updated_at"]]
    overdue = int(out["overdue"].sum())
    subtitle = "　".join(part for part in (
        filters, f"共 {len(out)} 项，逾期 {overdue} 项（标红）", f"数据截至 {clock.format_datetime(as_of)}") if part)
    return export.xlsx_table(out, EXPORT_COLUMNS, title=f"{settings.get('city_name')}安全生产专项整治任务清单",
                             subtitle=subtitle, sheet_name="专项整治任务", highlight=list(out["overdue"]))
