"""The numbered documents of one record (dashboard/documents/), shown in the record's detail: each document (文号,
kind, version, title, last issue), every version downloadable exactly as issued, 印发 for the kinds the record calls
for, and 重新印发 (same 文号, a reason). Pages call `panel` with the record and the documents on offer (需催报 calls
`chase_notices`); everything shown about a document comes from the register, user text as text. The signed-in user
issues (the register's 印发人); a role that may not issue sees the documents and their downloads only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import clock, documents, ui
from dashboard.ui import kit, rights

__all__ = ["Offer", "panel", "chase_notices", "DOCX"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Offer:
    """A document the record calls for: its kind, the occasion (the evaluation window, the day), the button's words."""

    kind: str
    occasion: str = ""
    label: str = ""


def _pending(docs: pd.DataFrame, offers: Sequence[Offer]) -> list[Offer]:
    if docs.empty:
        return list(offers)
    return [o for o in offers if not ((docs["kind"] == o.kind) & (docs["occasion"] == o.occasion)).any()]


def _issue(ctx: kit.PageContext, offer: Offer, subject_type: str, subject_id: str, key: str, where=st) -> None:
    if where.button(offer.label or f"印发{offer.kind}", key=f"{key}issue.{offer.kind}.{offer.occasion}",
                    icon=":material/approval:"):
        kit.submit(key + "issue",
                   lambda: documents.issue(ctx.store, offer.kind, subject_type, subject_id, rights.user(),
                                           occasion=offer.occasion),
                   lambda done: f"已印发 {done.number}《{done.title}》。", refused="未印发")


def panel(ctx: kit.PageContext, subject_type: str, subject_id, offers: Sequence[Offer] = (), *, key: str,
          title: str = "公文") -> pd.DataFrame:
    """The record's documents and, for a role that may issue, the buttons to issue the ``offers`` not issued yet.
    Returns the record's documents."""
    subject_id = str(subject_id)
    docs = ui.cached(documents.for_record)(subject_type, subject_id)
    st.markdown(f"**{title}**")
    kit.outcome(key + "issue")
    pending = _pending(docs, offers)
    if docs.empty:
        st.caption("尚未印发文件。" if pending else "尚未印发文件（挂牌督办、建议约谈或缺报时可印发相应文件）。")
    if pending and rights.may_any(documents.ENTITY, documents.A_ISSUE):
        row = st.container(**ui.WRAP_ROW)
        for offer in pending:
            _issue(ctx, offer, subject_type, subject_id, key, row)
    elif pending:
        rights.note("印发文件")
    _listing(ctx, docs, key)
    return docs


def _listing(ctx: kit.PageContext, docs: pd.DataFrame, key: str) -> None:
    """One small card a document, then the download of any version and 重新印发."""
    if docs.empty:
        return
    for r in docs.itertuples():
        with st.container(border=True, gap="small"):
            st.markdown(f"**{ui.plain(r.number)}**　{r.kind} · 第{int(r.versions)}版")
            st.text(r.title)
            st.caption(ui.plain(f"{'最近' if r.versions > 1 else ''}印发：{clock.format_datetime(clock.as_datetime(r.last_issued_at))}"
                                f" {r.last_issued_by}"))
    choices = [(r.number, v) for r in docs.itertuples() for v in range(int(r.versions), 0, -1)]
    latest = {r.number: int(r.versions) for r in docs.itertuples()}
    row = st.container(**ui.WRAP_ROW)
    picked = row.selectbox("下载原件", choices, key=key + "pick", width=260,
                           format_func=lambda p: f"{p[0]} 第{p[1]}版" + ("（最新）" if p[1] == latest[p[0]] else ""),
                           help="每一版都是印发时的原文件")
    if picked:
        number, version = picked
        kept = ui.cached(documents.versions)(number)
        name = kept.loc[kept["version"] == version, "file_name"]
        row.download_button("下载 Word", data=lambda: documents.version_file(ctx.store, number, version)[1],
                            file_name=name.iloc[0] if len(name) else f"{number}.docx", mime=DOCX,
                            key=f"{key}download", icon=":material/description:", on_click="ignore")
    if not rights.may_any(documents.ENTITY, documents.A_REISSUE):
        return
    with st.expander("重新印发（文号不变）", icon=":material/restart_alt:"):
        st.caption("按当前数据重新生成，作为新的一版印发；此前各版保留，可随时下载原件。")
        number = st.selectbox("文件", list(docs["number"]), key=key + "again.number")
        reason = st.text_input("重新印发原因", key=key + "again.reason", placeholder="如：整改期限已延期，更正通知内容")
        if st.button("重新印发", key=key + "again.go", icon=":material/restart_alt:"):
            kit.submit(key + "issue", lambda: documents.reissue(ctx.store, number, rights.user(), reason),
                       lambda done: f"已重新印发 {done.number}（第{done.version}版）。", refused="未印发")


def chase_notices(ctx: kit.PageContext, day, missing: dict[str, str], *, key: str) -> None:
    """需催报: a written 催报通知 to one county missing its report (one a county a day), on one row like the call log,
    for a role that may issue (the caller says why to the others); below it the day's notices, listed while and
    after the counties report."""
    issued = ui.cached(documents.for_subjects)(documents.S_COUNTY, documents.K_CHASE, day.isoformat())
    done = dict(zip(issued["subject_id"], issued["number"]))
    if missing and rights.may_any(documents.ENTITY, documents.A_ISSUE):
        names = list(missing)
        c = st.columns([2, 2, 5], vertical_alignment="bottom")
        county = c[0].selectbox("书面催报的县区", names, key=key + "county",
                                format_func=lambda n: f"{n}（{done[missing[n]]}）" if missing[n] in done else n,
                                help="给缺报的县区印发书面催报通知（每县区每日一份，写明缺报日期、补报时限）")
        code = missing[county]
        if code in done:
            c[1].caption(f"已印发 {done[code]}")
        else:
            _issue(ctx, _chase_offer(day, county), documents.S_COUNTY, code, key, c[1])
        c[2].caption((f"已印发催报通知 {len(done)} 份" if done else "尚未印发书面催报通知")
                     + "；通知列明缺报日期和补报时限，印发后可下载 Word 原件。")
    kit.outcome(key + "issue")
    if len(issued):
        st.markdown(f"**{day.month}月{day.day}日的催报通知（{len(issued)} 份）**")
        _listing(ctx, issued, key + "day.")


def _chase_offer(day, county: str) -> Offer:
    return Offer(documents.K_CHASE, day.isoformat(), f"印发{county}催报通知")
