"""The 专项整治 task list in, with its progress (``TASKS``, a kind of ``ingest.kinds``): the office's list as it
keeps it in Excel — the whole list to start with, and later the same list (or any part of it) with this
month's 完成进度 and 进展情况.

How a list is read:
- a category written once over its items (a merged cell), or as a heading line across the table
  (“一、危险化学品安全专项整治”), or on every row; its number from the text (“一、”, “（二）”, “第三类”) or a
  类别序号 column; an item's number from its text (“1.”, “（2）”) or a 子项序号 column;
- 牵头部门 / 配合部门 in the office's words (牵头单位, 配合单位, 责任单位…), several named with 、，/;
- 完成时限 as “2021年6月底前”, “2021年底”, “6月30日前” (the year the title names), or “长期坚持” (no deadline);
- 完成进度 as 60, “60%” or Excel's 0.6, or only a 状态 (未启动 → 0, 已完成 → 100); both given must agree.
An item is known by its category and its text (the numbers may differ from one list to the next): an item not
on file is added (its 牵头部门 is then required), an item on file is updated with what the list says and the
store does not (a new progress or note: 更新进度, as the page's form does, lowering it only with a note; a new
deadline or department: 修改任务), an item the list says nothing new about is left alone — so importing the same
list again changes nothing. An update keeps the item as it was for the undo (``import_register.keep_before``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from dashboard import import_register, ingest, vocab
from dashboard.db import Store, Tx
from dashboard.ingest.kinds import Batch, Form, ImportKind, Offer, Reading, Written
from dashboard.tasks import rules
from dashboard.tasks.queries import ENTITY
from dashboard.tasks.updates import A_PROGRESS

__all__ = ["A_ADD", "A_EDIT", "TASKS", "task_fields", "resolve"]

A_ADD, A_EDIT = "登记", "修改任务"
_NO_DEADLINE = ("长期坚持", "长期", "持续推进", "持续", "常态化", "每年", "定期")
_STATUS_ALIASES = {"完成": vocab.TASK_DONE, "已完成": vocab.TASK_DONE, "进行中": vocab.TASK_IN_PROGRESS,
                   "正在推进": vocab.TASK_IN_PROGRESS, "正在进行": vocab.TASK_IN_PROGRESS, "推进": vocab.TASK_IN_PROGRESS,
                   "未开始": vocab.TASK_NOT_STARTED, "尚未启动": vocab.TASK_NOT_STARTED, "未完成": vocab.TASK_IN_PROGRESS}
_EDITABLE = ("lead_dept", "coop_depts", "deadline")


def task_fields() -> list[ingest.Field]:
    F = ingest.Field
    return [
        F("category_no", "类别序号", aliases=("类别编号", "大类序号"), carry=True, max_len=10,
          note="可不填：取自类别名称前的“一、”“（二）”等，或按清单中已有的类别对应"),
        F("category", "整治类别", heading=True, max_len=100, example="危险化学品安全专项整治",
          aliases=("类别", "专项整治类别", "整治领域", "专项", "任务类别", "专项整治名称", "专项整治", "专项名称", "类别名称", "整治专项"),
          note="同一类别的各子项可只写在第一行（合并单元格亦可），或写在其上方的分组标题行（如“一、危险化学品安全专项整治”）"),
        F("item_no", "子项序号", aliases=("子项编号", "任务序号", "子项号"), max_len=10),
        F("item", "整治子项", required=True, max_len=300, example="重大危险源企业专项检查督导",
          aliases=("子项", "任务", "工作任务", "具体任务", "整治内容", "工作内容", "主要任务", "任务内容", "重点任务", "子项名称",
                   "整治任务", "子项任务", "整治事项", "具体工作")),
        F("lead_dept", "牵头部门", max_len=200, example="市应急管理局",
          aliases=("牵头单位", "牵头", "主责部门", "牵头责任单位", "责任单位（牵头）", "牵头责任部门"),
          note="新的任务必填；多个部门用“、”分隔"),
        F("coop_depts", "配合部门", max_len=300, example="市公安局、市交通运输局",
          aliases=("配合单位", "协同部门", "责任单位（配合）", "参与部门", "配合责任单位", "协办单位", "责任单位")),
        F("deadline", "完成时限", ingest.DATE, year_from="", markers=_NO_DEADLINE, example=date(2021, 6, 30),
          aliases=("完成期限", "时限", "完成时间", "截止时间", "时间要求", "完成时限要求", "时限要求", "完成日期"),
          note="可写“2021年6月底前”“2021年底”；不写年份时取标题中的年份；“长期坚持”为无期限"),
        F("progress", "完成进度", ingest.PERCENT, aliases=("进度", "完成进度（%）", "完成进度(%)", "完成比例", "完成率", "推进进度"),
          markers=(*vocab.TASK_STATUSES, *_STATUS_ALIASES),
          note="不填时按状态（未启动为0，已完成为100）；写“已完成”“未启动”的同状态；已有任务不填则不改"),
        F("status", "状态", ingest.ENUM, choices=vocab.TASK_STATUSES, choice_aliases=_STATUS_ALIASES,
          aliases=("完成状态", "推进状态", "当前状态"), note="可不填：按完成进度（0 未启动，1–99 推进中，100 已完成）"),
        F("note", "进展情况", max_len=rules.NOTE_MAX, aliases=("工作进展", "推进情况", "进展", "完成情况", "目前进展",
                                                            "进展情况说明", "最新进展", "工作推进情况")),
    ]


def _known(frame: pd.DataFrame) -> tuple[dict[str, int], dict[tuple[int, str], int]]:
    """category name -> its number; (category number, item text) -> the item's number (names normalized)."""
    categories = {ingest.normalize_choice(c): int(n) for n, c in zip(frame["category_no"], frame["category"])}
    items = {(int(c), ingest.normalize_choice(i)): int(n)
             for c, n, i in zip(frame["category_no"], frame["item_no"], frame["item"])}
    return categories, items


def resolve(rows: list[dict[str, Any]], frame: pd.DataFrame) -> list[tuple[int, int, bool]]:
    """Each row's (category number, item number, whether the item is on file in ``frame``, the tasks as stored):
    a category known by its name, else a new one numbered as the list numbers it when that number is free, else
    after the last; an item likewise within its category."""
    categories, items = _known(frame)
    used_categories = set(categories.values())
    used_items: dict[int, set[int]] = {}
    for (c, _), n in items.items():
        used_items.setdefault(c, set()).add(n)
    out = []
    for row in rows:
        name = ingest.normalize_choice(row["category"])
        if name not in categories:
            wanted = row.get("category_no")
            categories[name] = wanted if wanted and wanted not in used_categories else max(used_categories, default=0) + 1
            used_categories.add(categories[name])
        category_no = categories[name]
        key = (category_no, ingest.normalize_choice(row["item"]))
        on_file = key in items
        if not on_file:
            taken = used_items.setdefault(category_no, set())
            wanted = row.get("item_no")
            items[key] = wanted if wanted and wanted not in taken else max(taken, default=0) + 1
            taken.add(items[key])
        out.append((category_no, items[key], on_file))
    return out


def _reading(store: Store, options: Mapping[str, Any]) -> Reading:
    frame = store.query("SELECT category_no, category, item_no, item, progress, note FROM tasks")
    categories, items = _known(frame)
    stored = {(int(r.category_no), ingest.normalize_choice(r.item)): (int(r.progress), r.note)
              for r in frame.itertuples()}
    reading = Reading(task_fields())
    reading.offers["category"] = Offer(tuple(dict.fromkeys(frame.sort_values(["category_no", "item_no"])["category"])),
                                       new=True)
    reading.key = lambda v: (ingest.normalize_choice(v["category"]), ingest.normalize_choice(v["item"]))

    def infer(values: dict[str, Any], raw: dict[str, Any]) -> list[tuple[str, str]]:
        if values.get("category") is None:
            return [("category", "请填写整治类别（同一类别可只写在第一行，或写在其上方的分组标题行）")]
        number, values["category"] = ingest.numbered(values["category"])
        values["category_no"] = _number(values.get("category_no")) or number
        number, values["item"] = ingest.numbered(values["item"])
        values["item_no"] = _number(values.get("item_no")) or number
        for key in ("lead_dept", "coop_depts"):  # one way of writing a list of departments: 、
            if not ingest.is_blank(values.get(key)):
                values[key] = "、".join(rules.split_departments(values[key]))
        if isinstance(values.get("deadline"), ingest.Marker):
            values["deadline"] = None
            reading.inferred["完成时限：写明长期坚持或持续推进，记为无期限"] += 1
        progress, status = values.get("progress"), values.pop("status", None)
        if isinstance(progress, ingest.Marker):  # a status written in the progress column
            try:
                said = ingest.parse_choice(progress.text, vocab.TASK_STATUSES, _STATUS_ALIASES)
            except ValueError:
                return [("progress", f"“{progress.text}”不是完成进度：应为 0–100 的整数，或写“已完成”“未启动”")]
            if status is not None and status != said:
                return [("status", f"完成进度写的是“{said}”，与状态“{status}”不一致")]
            progress, status = None, said
            values["progress"] = None
        if progress is None and status in (vocab.TASK_NOT_STARTED, vocab.TASK_DONE):
            values["progress"] = 0 if status == vocab.TASK_NOT_STARTED else 100
            reading.inferred[f"完成进度：文件未写，按状态“{status}”记为 {values['progress']}%"] += 1
        elif progress is None and status is not None:
            return [("progress", f"状态为“{status}”，请填写完成进度（0–100）")]
        elif status is not None and rules.status_for(progress) != status:
            return [("status", f"完成进度 {progress}% 对应“{rules.status_for(progress)}”，与状态“{status}”不一致")]
        category_no = categories.get(ingest.normalize_choice(values["category"]))
        before = stored.get((category_no, ingest.normalize_choice(values["item"]))) if category_no else None
        if before is None:
            if ingest.is_blank(values.get("lead_dept")):
                return [("lead_dept", "新的任务须填写牵头部门")]
            reading.inferred["任务：清单中没有，新增"] += 1
            return []
        reading.inferred["任务：清单中已有（按类别和子项名称对应），只更新文件写明且不同的内容"] += 1
        old_progress, old_note = before
        new_progress = values.get("progress")
        if new_progress is not None and new_progress < old_progress and ingest.is_blank(values.get("note")):
            return [("progress", f"进度从 {old_progress}% 下调到 {new_progress}%，须在进展情况中写明原因")]
        return []

    reading.infer = infer
    reading.hints = {"item": "文件中没有“整治子项”列：请对照模板，每行填写一个整治子项。"}
    reading.shown = lambda row: {**row, "status": rules.status_for(row["progress"]) if row.get("progress") is not None
                                 else None}
    return reading


def _number(text: Any) -> int | None:
    """A 序号 cell (“3”, “三”, “（三）”, “3.”) as a number above 0, or None."""
    if ingest.is_blank(text):
        return None
    found = ingest.chinese_number(str(text).strip("()（）、.．"))
    return found if found else None


def _changes(row: dict[str, Any], current: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """What the list says differently from the item on file: field -> (old, new); blanks say nothing."""
    changes = {}
    for key in (*_EDITABLE, "progress", "note"):
        new = row.get(key)
        if new is None or (isinstance(new, str) and ingest.is_blank(new)):
            continue
        old = current.get(key)
        if key == "deadline":
            old = None if old is None or pd.isna(old) else pd.Timestamp(old).date()
        if key in ("note", "lead_dept", "coop_depts"):
            same = ingest.normalize_choice(old or "") == ingest.normalize_choice(new)
        else:
            same = old == new
        if not same:
            changes[key] = (old, new)
    return changes


_KEY_SQL = "CAST(category_no AS VARCHAR) || '-' || CAST(item_no AS VARCHAR)"


def _write(tx: Tx, batch: Batch) -> Written:
    frame = tx.query("SELECT * FROM tasks")
    current = {(int(r["category_no"]), int(r["item_no"])): r for r in frame.to_dict("records")}
    audit_before = tx.one("SELECT coalesce(max(id), 0) FROM audit_events")[0]
    added, replaced = [], []
    for index, (row, (category_no, item_no, on_file)) in enumerate(zip(batch.rows, resolve(batch.rows, frame))):
        ident = rules.task_id(category_no, item_no)
        if not on_file:
            progress = row.get("progress") or 0
            status = rules.status_for(progress)
            tx.execute("INSERT INTO tasks (category_no, category, item_no, item, lead_dept, progress, status, deadline,"
                       " coop_depts, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [category_no, row["category"], item_no, row["item"], row["lead_dept"], progress, status,
                        row.get("deadline"), row.get("coop_depts"), row.get("note"), tx.at])
            tx.audit(ENTITY, ident, A_ADD, batch.actor, to_status=status, reason=batch.reason(index),
                     detail={"progress": progress, "lead_dept": row["lead_dept"], "deadline": row.get("deadline")})
            added.append(ident)
            continue
        item = current[(category_no, item_no)]
        changes = _changes(row, item)
        if not changes:
            continue
        where = "category_no = ? AND item_no = ?", [category_no, item_no]
        import_register.keep_before(tx, batch.import_id, "tasks", ("category_no", "item_no"), *where)
        progress = changes.get("progress", (None, int(item["progress"])))[1]
        status = rules.status_for(progress)
        sets = {k: new for k, (_, new) in changes.items()}
        sets.update(status=status, updated_at=tx.at)
        tx.execute(f"UPDATE tasks SET {', '.join(f'{k} = ?' for k in sets)} WHERE {where[0]}", [*sets.values(), *where[1]])
        moved = "progress" in changes or "note" in changes
        detail = {"old_progress": int(item["progress"]), "progress": progress} if moved else {}
        detail.update({k: new for k, (_, new) in changes.items() if k in _EDITABLE})
        tx.audit(ENTITY, ident, A_PROGRESS if moved else A_EDIT, batch.actor, from_status=item["status"], to_status=status,
                 reason=rules.note_text(row.get("note")) or batch.reason(index), detail=detail)
        replaced.append(ident)
    if added or replaced:
        import_register.track(tx, batch.import_id, "tasks", ("category_no", "item_no"),
                              f"{_KEY_SQL} IN (SELECT unnest(?::VARCHAR[]))", [added + replaced], entity=ENTITY,
                              entity_id=f"CAST(t.category_no AS VARCHAR) || '-' || CAST(t.item_no AS VARCHAR)")
        import_register.track(tx, batch.import_id, "audit_events", ("id",), "id > ?", [audit_before])
    return Written(added=len(added), replaced=len(replaced), ids=added + replaced)


TASKS = ImportKind(
    kind="tasks", label="专项整治", reading=_reading, write=_write, unit="项",
    form=Form(fields=("category", "item", "lead_dept", "coop_depts", "deadline", "progress", "note"),
              required=("category",),
              hints={"item": "与清单中已有子项同名的，更新该子项", "lead_dept": "新的任务必填；多个部门用“、”分隔",
                     "coop_depts": "多个部门用“、”分隔", "deadline": "不填为长期坚持（无期限）",
                     "progress": "0–100；已有任务不填则不改", "note": "下调进度须写明原因"}),
    template_title="专项整治任务清单导入模板 填写说明",
    instructions=(
        "1. 每行一个整治子项；类别可只写在该类第一行（合并单元格亦可），或写在其上方的分组标题行（如“一、危险化学品安全专项整治”）。",
        "2. 新的任务须填写牵头部门；多个部门用“、”分隔。完成时限可写“2021年6月底前”“2021年底”“长期坚持”。",
        "3. 以后每次只需导入同一清单（或其中几项）的完成进度和进展情况：按类别和子项名称对应已有任务，只更新文件写明且不同的内容，"
        "下调进度须写明原因；完全相同的清单再次导入不会改动任何任务。",
        "4. 有一行不合格时整个文件都不会导入，系统会列出每个问题所在的行号、列和原因；每次导入都可在“数据管理”中撤销。",
    ),
)
