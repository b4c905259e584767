"""Which step takes evidence, of what stage, and when it is required — as data (``NEEDS``), one line per
(entity, action). A required one refuses the step, in Chinese, until it is there; ``earlier`` ones count what the
record already holds (a 重大隐患's after photo may come with 提交整改完成 and be checked at 复核合格)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dashboard import vocab

__all__ = ["Need", "NEEDS", "need", "refusal", "AFTER", "REVIEW", "MILESTONE", "RECORD", "REBOUND", "ROUND_ENDS"]

AFTER, REVIEW, MILESTONE, RECORD, REBOUND = "整改后", "复查", "节点", "复查记录", "反弹"


@dataclass(frozen=True)
class Need:
    entity: str
    action: str
    stage: str                     # what the files of this step are
    label: str                     # the uploader's label
    required: Callable[[Mapping[str, Any]], str | None] | None = None  # the refusal when missing (None: optional)
    images_only: bool = False      # the requirement counts photos only
    counts: tuple[str, ...] = ()   # stages already on the record that satisfy it (besides this step's files)


def _major_after_photo(record: Mapping[str, Any]) -> str | None:
    if record.get("level") == vocab.LEVEL_MAJOR:
        return "重大隐患复核合格须有整改后照片（在提交整改完成或本次复核时上传）"
    return None


NEEDS: tuple[Need, ...] = (
    Need("hazard", "提交整改完成", AFTER, "整改后照片或材料（可多张）"),
    Need("hazard", "即查即改销号", AFTER, "整改后照片或材料（可多张）"),
    Need("hazard", "复核合格", REVIEW, "复查照片或验收材料", required=_major_after_photo, images_only=True,
         counts=(AFTER,)),
    Need("hazard", "复核不通过", REVIEW, "复查照片或材料"),
    Need("hazard", "复查发现反弹", REBOUND, "反弹情况照片或材料（必传）",
         required=lambda record: "复查发现反弹须上传反弹情况的照片或材料"),
    Need("fire_unit", "节点完成", MILESTONE, "节点完成照片或材料"),
    Need("fire_unit", "申请复查", AFTER, "整改后照片或材料"),
    Need("fire_unit", "复查合格", RECORD, "复查记录（必传：复查意见书、验收记录等）",
         required=lambda record: "销案须上传复查记录（复查意见书、验收记录等）"),
    Need("fire_unit", "复查不合格", RECORD, "复查记录"),
)
_BY_STEP = {(n.entity, n.action): n for n in NEEDS}
# The steps that end a round of rectification: the files from before them prove nothing about the next round (a
# rejected rectification's after photo, or one a 反弹 undid, never counts for a later 复核合格).
ROUND_ENDS: dict[str, tuple[str, ...]] = {"hazard": ("复核不通过", "复查发现反弹"), "fire_unit": ("复查不合格",)}


def need(entity: str, action: str) -> Need | None:
    return _BY_STEP.get((entity, action))


def refusal(entity: str, action: str, record: Mapping[str, Any], uploads: Sequence[Any],
            held: Sequence[tuple[str, bool]] = ()) -> str | None:
    """Why the step may not run for want of evidence (None: it may). ``uploads``: this step's files (``.is_image``);
    ``held``: (stage, is_image) of the files the record already has."""
    spec = need(entity, action)
    if spec is None or spec.required is None:
        return None
    reason = spec.required(record)
    if reason is None:
        return None
    now = [u for u in uploads if u.is_image or not spec.images_only]
    before = [s for s, image in held if s in spec.counts and (image or not spec.images_only)]
    return None if now or before else reason
