"""The one write of the task list: a sub-item's progress (and its status, which follows) with a progress
note, in one transaction with its audit event (who, when, old → new, why)."""

from __future__ import annotations

from typing import Any

from dashboard import roles
from dashboard.db import Store, Tx, ValidationError
from dashboard.tasks import rules
from dashboard.tasks.queries import ENTITY

A_PROGRESS = "更新进度"


def update_progress(store: Store, category_no: int, item_no: int, progress: Any, note: str | None,
                    actor: roles.User) -> dict:
    """Set a sub-item's progress and status with a note; returns the new progress and status.

    Raises ValidationError with the Chinese reason, writing nothing, when the actor may not, the item is
    unknown or ``rules.update_refusal`` refuses. A blank note keeps the item's last note.
    """
    ident = rules.task_id(category_no, item_no)

    def run(tx: Tx) -> dict:
        row = tx.one("SELECT progress, status, note FROM tasks WHERE category_no = ? AND item_no = ?",
                     [int(category_no), int(item_no)])
        if row is None:
            raise ValidationError(f"找不到专项整治任务 {ident}")
        old_progress, old_status, old_note = int(row[0]), row[1], row[2]
        refusal = rules.update_refusal(old_progress, old_note, progress, note)
        if refusal:
            raise ValidationError(refusal)
        new_progress = rules.as_progress(progress)
        new_status = rules.status_for(new_progress)
        text = rules.note_text(note) or None
        tx.execute("UPDATE tasks SET progress = ?, status = ?, note = coalesce(?, note), updated_at = ?"
                   " WHERE category_no = ? AND item_no = ?",
                   [new_progress, new_status, text, tx.at, int(category_no), int(item_no)])
        tx.audit(ENTITY, ident, A_PROGRESS, actor, from_status=old_status, to_status=new_status,
                 reason=text, detail={"old_progress": old_progress, "progress": new_progress})
        return {"progress": new_progress, "status": new_status}

    return store.write(run)
