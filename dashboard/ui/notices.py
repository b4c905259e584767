"""The messages of one kind and day on a page (dashboard/notify): each ready to read out, sent through the SMS gateway
with one click when one is configured (the app also sends them by itself when due), what was sent or phoned so
far with the gateway's answers; without a gateway, each phone call recorded by the officer who made it
(``call_log``: the page records calls its own way, e.g. the duty page's 调度记录)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard import clock, notify, ui
from dashboard.ui import kit

__all__ = ["panel"]


def panel(title: str, ready: Sequence[notify.Notice], kind: str, day, *, key: str, outcome: str,
          call_log: bool = True) -> None:
    done = ui.cached(notify.notifications)(day)
    done = done[done["kind"] == kind] if len(done) else done
    sent = set(zip(done["subject"], done["phone"])) if len(done) else set()
    reached = {(s, p) for s, p, status in zip(done["subject"], done["phone"], done["status"])
               if status != notify.gateway.FAILED} if len(done) else set()
    waiting = [n for n in ready if (n.subject, n.phone) not in sent]  # not yet sent (a failed one is not sent again)
    to_call = [n for n in ready if (n.subject, n.phone) not in reached]  # …and a failed send, to be phoned
    with st.expander(f"{title}（{len({n.subject for n in ready})} 项，待通知 {len(to_call)} 条）", icon=":material/sms:"):
        for text in dict.fromkeys(n.message for n in ready):
            st.text(text)
        if notify.configured():
            if st.button(f"发送短信（{len(waiting)} 条）", key=key + "sms", icon=":material/send:", disabled=not waiting):
                kit.submit(outcome, lambda: notify.send(ui.store(), waiting, ui.user()),
                           lambda outcomes: f"已发送 {sum(o.ok for _, o in outcomes)} 条，"
                                            f"失败 {sum(not o.ok for _, o in outcomes)} 条（失败的已标记，请电话通知）。",
                           refused="未发送")
        else:
            st.caption("未配置短信网关：请按上面的内容电话通知" + ("，每打一个电话记一条。" if call_log else "。"))
        if call_log and to_call:
            c = st.columns([4, 3, 2], vertical_alignment="bottom")
            labels = {f"{n.recipient} {n.phone}（{n.subject}）": n for n in to_call}
            picked = c[0].selectbox("已电话通知", list(labels), key=key + "who")
            answer = c[1].text_input("对方答复（选填）", key=key + "answer")
            if c[2].button("记录", key=key + "call", icon=":material/call:"):
                kit.submit(outcome, lambda: notify.record_call(ui.store(), labels[picked], ui.user(), answer),
                           f"已记录对{picked}的电话通知。", refused="未记录")
        if len(done):
            st.dataframe(pd.DataFrame({
                "时间": [f"{clock.as_datetime(t):%H:%M}" for t in done["sent_at"]], "对象": done["subject"],
                "接收人": done["recipient"], "手机": done["phone"], "结果": done["status"],
                "网关应答": done["response"].fillna(""), "通知人": done["actor"],
            }), key=key + "done", hide_index=True, width="stretch")
