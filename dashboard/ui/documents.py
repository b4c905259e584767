"""The numbered documents of one record (dashboard/documents/), shown in the record's detail: the list (文号, title,
versions, last issue), every version downloadable exactly as issued, 印发 for the kinds the record calls for, and
重新印发 (same 文号, a reason). Pages call `panel` with the record and the documents on offer; everything a page
shows about a document comes from the register."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import clock, documents, ui
from dashboard.ui import kit

__all__ = ["Offer", "panel", "DOCX"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Offer:
    """A document the record calls for: its kind, the occasion (the evaluation window, the day), the button's words."""

    kind: str
    occasion: str = ""
    label: str = ""


def _issued_text(row) -> str:
    return f"{clock.format_datetime(clock.as_datetime(row.last_issued_at))} {row.last_issued_by}"


def panel(ctx: kit.PageContext, subject_type: str, subject_id, offers: Sequence[Offer] = (), *, key: str,
          actor: str | None = None, title: str = "公文") -> pd.DataFrame:
    """The record's documents and the buttons to issue the ``offers`` not issued yet. ``actor``: the page's own
    操作人 field (None: the panel asks for the 印发人 itself). Returns the record's documents."""
    subject_id = str(subject_id)
    docs = ui.cached(documents.for_record)(subject_type, subject_id)
    st.markdown(f"**{title}**")
    kit.outcome(key + "issue")
    if docs.empty:
        st.caption("尚未印发文件。")
    else:
        st.dataframe(pd.DataFrame({
            "文号": docs["number"], "文件": docs["kind"], "标题": docs["title"], "版本": docs["versions"],
            "最近印发": [_issued_text(r) for r in docs.itertuples()],
        }), hide_index=True, width="stretch", key=key + "list",
            column_config={"文号": st.column_config.TextColumn(width="medium"),
                           "版本": st.column_config.NumberColumn(width="small", help="重新印发一次增加一版，文号不变")})
        _downloads(ctx, docs, key)
    pending = [o for o in offers if not ((docs["kind"] == o.kind) & (docs["occasion"] == o.occasion)).any()] \
        if not docs.empty else list(offers)
    if not pending and docs.empty:
        return docs
    if actor is None and (pending or not docs.empty):
        actor = st.text_input("印发人", key=key + "actor", placeholder="填写您的姓名", help="写入文件的印发记录")
    if pending:
        row = st.container(**ui.WRAP_ROW)
        for offer in pending:
            if row.button(offer.label or f"印发{offer.kind}", key=f"{key}issue.{offer.kind}.{offer.occasion}",
                          icon=":material/approval:"):
                kit.submit(key + "issue",
                           lambda o=offer: documents.issue(ctx.store, o.kind, subject_type, subject_id, actor or "",
                                                           occasion=o.occasion),
                           lambda done: f"已印发 {done.number}《{done.title}》。", refused="未印发")
    if not docs.empty:
        _reissue(ctx, docs, key, actor)
    return docs


def _downloads(ctx: kit.PageContext, docs: pd.DataFrame, key: str) -> None:
    choices = [(r.number, v) for r in docs.itertuples() for v in range(int(r.versions), 0, -1)]
    c = st.columns([3, 2], vertical_alignment="bottom")
    picked = c[0].selectbox("下载", choices, key=key + "pick",
                            format_func=lambda p: f"{p[0]} 第{p[1]}版" + ("（最新）" if p[1] == max(
                                v for n, v in choices if n == p[0]) else ""),
                            help="每一版都是印发时的原文件")
    if picked:
        number, version = picked
        name = ui.cached(documents.versions)(number)
        shown = name[name["version"] == version]
        c[1].download_button("下载 Word", data=lambda: documents.version_file(ctx.store, number, version)[1],
                             file_name=shown["file_name"].iloc[0] if len(shown) else f"{number}.docx", mime=DOCX,
                             key=f"{key}download", icon=":material/description:", on_click="ignore")


def _reissue(ctx: kit.PageContext, docs: pd.DataFrame, key: str, actor: str | None) -> None:
    with st.expander("重新印发（文号不变）", icon=":material/restart_alt:"):
        st.caption("按当前数据重新生成，作为新的一版印发；此前各版保留，可随时下载原件。")
        number = st.selectbox("文件", list(docs["number"]), key=key + "again.number")
        reason = st.text_input("重新印发原因", key=key + "again.reason", placeholder="如：整改期限已延期，更正通知内容")
        if st.button("重新印发", key=key + "again.go", icon=":material/restart_alt:"):
            kit.submit(key + "issue", lambda: documents.reissue(ctx.store, number, actor or "", reason),
                       lambda done: f"已重新印发 {done.number}（第{done.version}版）。", refused="未印发")


def chase_notices(ctx: kit.PageContext, day, missing: dict[str, str], *, key: str) -> None:
    """需催报: a 催报通知 to one county missing its report (picked here), and that county's notices."""
    if not missing:
        return
    issued = ui.cached(documents.for_subjects)(documents.S_COUNTY, documents.K_CHASE, day.isoformat())
    done = dict(zip(issued["subject_id"], issued["number"]))
    names = list(missing)
    county = st.selectbox("催报通知：县区", names, key=key + "county",
                          format_func=lambda n: f"{n}（已印发 {done[missing[n]]}）" if missing[n] in done else n,
                          help="给缺报的县区印发书面催报通知（每县区每日一份）")
    panel(ctx, documents.S_COUNTY, missing[county],
          [Offer(documents.K_CHASE, day.isoformat(), f"印发对{county}的催报通知")], key=f"{key}{missing[county]}.",
          title=f"{county}的催报通知")
