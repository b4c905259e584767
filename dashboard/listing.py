"""挂牌督办's 文号: where it comes from (one rule for hazards and major fire-hazard units; pure).

- 市级挂牌督办 / 县级挂牌督办 are decided by the office, which lists the record by issuing its 挂牌督办通知书: the
  listing's 文号 (``listing_doc``) is that notice's number, allocated from the per-year sequence of its 代字 in the
  same transaction as the listing (``dashboard.documents.list_with_notice``). Nobody types it: the action's form has
  no field for it, and the lifecycle refuses such a listing without the notice's number (``ISSUED``).
- 省级挂牌督办 (``vocab.LISTED_ELSEWHERE``) is decided by the province, whose document the office did not issue: its
  文号 is typed as it reads on the province's document (``TYPED``); no notice is issued with it (the office may still
  issue its own from the record's 公文 panel, citing the province's).
- A listing made before the record reached the app (an import's 督办文号 column, a unit registered as already
  listed) keeps the 文号 its file or form gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard import vocab
from dashboard.lifecycle import Input, is_blank

__all__ = ["TYPED", "ISSUED", "MAX_LEN", "TYPED_INPUT", "HELP", "typed_here", "number_refusal", "number_of"]

TYPED = "outside_doc"   # the form's field: the higher government's 文号, for 省级 only
ISSUED = "listing_doc"  # set by documents.list_with_notice: the number of the notice issued with the listing
MAX_LEN = 100
TYPED_INPUT = Input(TYPED, "上级督办文号（仅省级挂牌督办填写）", placeholder="如 陕安委办督〔2021〕12号",
                    help="省级挂牌督办按省级督办文件填写其文号；市级、县级挂牌督办不填，文号由同时印发的挂牌督办通知书编号")
HELP = ("市级、县级挂牌督办：确认后同时印发挂牌督办通知书，文号按本办年度顺序自动编号，记为督办文号（已有通知书的，"
        "重新印发并保留原文号）。省级挂牌督办：填写省级督办文件的文号，不印发通知书。")


def typed_here(level: str | None) -> bool:
    """Whether a listing at ``level`` carries a typed 文号 (a higher government's) rather than one issued here."""
    return level in vocab.LISTED_ELSEWHERE


def number_refusal(level: str, fields: Mapping[str, Any]) -> str | None:
    """Why the listing's 文号 fields do not fit ``level`` (None when they do)."""
    typed = fields.get(TYPED)
    if typed_here(level):
        if is_blank(typed):
            return f"{level}请填写上级督办文号（按省级督办文件填写，如 陕安委办督〔2021〕12号）"
        if len(str(typed).strip()) > MAX_LEN:
            return f"上级督办文号过长（不超过 {MAX_LEN} 字）"
        return None
    if not is_blank(typed):
        return f"{level}的文号由本次印发的挂牌督办通知书按年度顺序编号，请清空“上级督办文号”（仅省级挂牌督办填写）"
    if is_blank(fields.get(ISSUED)):
        return f"{level}须同时印发挂牌督办通知书，文号由通知书编号（请在记录的“处理”中办理挂牌督办）"
    return None


def number_of(level: str, fields: Mapping[str, Any]) -> str:
    """The listing's 文号 from ``fields`` that passed ``number_refusal``."""
    return str(fields[TYPED if typed_here(level) else ISSUED]).strip()
