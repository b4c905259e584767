"""The 专项整治 task list as read from the store, and the roll-ups over it.

``task_list`` reads every sub-item once and derives its id, countdown, overdue flag and lead departments;
the page's filters and every roll-up (city-wide, by category, by lead department) are pure functions over
that frame, so every figure uses the same overdue rule. Means are rounded half up to one decimal
(``numbers.half_up``, the office's rule).

The by-department roll-up counts an item once for each of its lead departments (so the departments' items
can add up to more than the city's); cooperating departments (配合部门) are shown on the item, not counted.
The tasks are city-level: they have no county, so the sidebar's county scope does not apply to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from dashboard import clock, numbers, vocab
from dashboard.db import Store, describe_audit_detail
from dashboard.tasks import rules

ENTITY = "task"
DETAIL_LABELS = {"old_progress": "原进度%", "progress": "进度%", "note": "进展情况"}
_CATEGORY_COLUMNS = ["category_no", "category", "lead_dept", "items", "mean_progress", "done", "overdue"]
_DEPARTMENT_COLUMNS = ["department", "items", "mean_progress", "done", "overdue"]


def task_list(store: Store, today: date, bands: clock.Bands | None = None) -> pd.DataFrame:
    """Every sub-item with its id, overdue flag, days left, countdown text and urgency band, in list order."""
    frame = store.query(
        "SELECT category_no, category, item_no, item, lead_dept, coop_depts, progress, status, deadline, note,"
        " updated_at FROM tasks ORDER BY category_no, item_no"
    )
    bands = bands or clock.Bands.configured()
    countdowns = [rules.countdown(d, today, s, bands) for d, s in zip(frame["deadline"], frame["status"])]
    frame["id"] = [rules.task_id(c, i) for c, i in zip(frame["category_no"], frame["item_no"])]
    frame["overdue"] = [c.overdue_days > 0 for c in countdowns]
    frame["days_left"] = pd.array([c.days for c in countdowns], dtype="Int64")
    frame["countdown"] = [c.text for c in countdowns]
    frame["urgency"] = [c.urgency for c in countdowns]
    frame["lead_depts"] = [rules.split_departments(t) for t in frame["lead_dept"]]
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


def filter_text(*, categories: Sequence[str] = (), departments: Sequence[str] = (), statuses: Sequence[str] = (),
                overdue_only: bool = False) -> str:
    """The filters in words, for the export's subtitle: "类别：…；牵头部门：…；状态：…；仅逾期"."""
    return "；".join(part for part in (
        "类别：" + "、".join(categories) if categories else "",
        "牵头部门：" + "、".join(departments) if departments else "",
        "状态：" + "、".join(statuses) if statuses else "",
        "仅逾期" if overdue_only else "",
    ) if part)


def _mean(values: pd.Series) -> float | None:
    return None if values.empty else numbers.half_up(float(values.mean()))


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
    out = grouped.agg(items=("item_no", "size"), mean_progress=("progress", _mean),
                      done=("status", lambda s: int((s == vocab.TASK_DONE).sum())),
                      overdue=("overdue", "sum")).reset_index()
    out["overdue"] = out["overdue"].astype(int)
    return out


def by_category(frame: pd.DataFrame) -> pd.DataFrame:
    """Per category: items, mean progress, done, overdue; the laggards first (lowest mean progress)."""
    if frame.empty:
        return pd.DataFrame(columns=_CATEGORY_COLUMNS)
    out = _roll_up(frame, ["category_no", "category"])
    leads = frame.groupby("category_no")["lead_depts"].agg(
        lambda lists: "、".join(dict.fromkeys(d for depts in lists for d in depts)))
    out.insert(2, "lead_dept", out["category_no"].map(leads))
    return out.sort_values(["mean_progress", "category_no"]).reset_index(drop=True)


def by_department(frame: pd.DataFrame) -> pd.DataFrame:
    """Per lead department (an item with two lead departments counts for each): items, mean progress,
    done, overdue; the laggards first."""
    if frame.empty:
        return pd.DataFrame(columns=_DEPARTMENT_COLUMNS)
    exploded = frame.assign(department=frame["lead_depts"]).explode("department")
    exploded = exploded[exploded["department"].notna()]
    out = _roll_up(exploded, ["department"])
    return out.sort_values(["mean_progress", "department"]).reset_index(drop=True)


def departments(frame: pd.DataFrame) -> list[str]:
    """Every lead department named in the list, in list order."""
    return list(dict.fromkeys(d for depts in frame["lead_depts"] for d in depts))


def categories(frame: pd.DataFrame) -> list[str]:
    """Every category in list order."""
    return list(dict.fromkeys(frame["category"]))


def detail(frame: pd.DataFrame, category_no: int, item_no: int) -> dict | None:
    """One item of a list frame as a dict (blanks as None), or None."""
    row = frame[(frame["category_no"] == category_no) & (frame["item_no"] == item_no)]
    if row.empty:
        return None
    record = row.iloc[0].to_dict()
    return {k: (None if not isinstance(v, (tuple, list)) and pd.isna(v) else v) for k, v in record.items()}


def find(frame: pd.DataFrame, text: str | None) -> dict | None:
    """The item a link or a picker names ('6-1' or '6-1 餐饮场所燃气安全检查'), or None."""
    picked = rules.parse_task_id(text)
    return detail(frame, *picked) if picked else None


def history(store: Store, category_no: int, item_no: int) -> pd.DataFrame:
    """The item's audit events, oldest first."""
    return store.audit_history(ENTITY, rules.task_id(category_no, item_no))


def describe_detail(detail_json: str | None) -> str:
    """An update's audit detail in words: "原进度%：0；进度%：35"."""
    return describe_audit_detail(detail_json, DETAIL_LABELS)
