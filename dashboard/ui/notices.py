"""The messages of one kind and day on a page (dashboard/notify): all in one table (a city's day can bring thousands
of deadlines: one element, not one per message), the one picked for a phone call shown whole to read out.
发送短信, when a gateway is configured and the store's time is today (else a caption says why not), hands them to
the app's sending thread and returns at once (the app also sends them by itself when due); below, every message's
state — 待发送 / 发送中 / 失败，将重试 while the thread has it, then 已发送 / 发送失败 / 已电话通知 with the gateway's
answers as recorded — refreshing itself while any is in hand. Each phone call is recorded by the officer who made it
(``call_log``: the page records calls its own way, e.g. the duty page's 调度记录): a message not reached, including
one the thread has but is not sending now (waiting its turn, or failed at least once: ``notices.record_call``)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard import clock, notify, ui
from dashboard.ui import kit, reminders

__all__ = ["panel", "REFRESH_SECONDS"]

REFRESH_SECONDS = 2.0  # how often the states refresh while the thread still has some of the panel's messages
# the states of a message in hand that a phone call may still be recorded for: waiting its turn, failed at least once
_CALLABLE = {notify.notices.PENDING, notify.notices.RETRYING, notify.gateway.FAILED,
             notify.notices.UNRECORDED[notify.gateway.FAILED]}


def _county_names() -> dict[str, str]:
    """County code -> name: a chase's subject is its county's code, shown by name in the tables and the picker."""
    return {code: name for name, code in ui.unit_options().items()}


def _recorded(kind: str, day) -> pd.DataFrame:
    done = ui.cached(notify.notifications)(day)
    return done[done["kind"] == kind] if len(done) else done


def panel(title: str, ready: Sequence[notify.Notice], kind: str, day, *, key: str, outcome: str,
          call_log: bool = True) -> None:
    sender = reminders.sender()
    held = sender.in_hand(kind, day)  # read before the table: a message leaves the hand only once recorded
    done = _recorded(kind, day)
    sent = set(zip(done["subject"], done["phone"])) if len(done) else set()
    reached = {(s, p) for s, p, status in zip(done["subject"], done["phone"], done["status"])
               if status != notify.gateway.FAILED} if len(done) else set()
    held = {k: h for k, h in held.items() if k not in sent}  # one phoned while it waited its turn: the table says it
    not_to_send, not_to_call = sent | held.keys(), reached | held.keys()  # once, not per message (thousands a day)
    waiting = [n for n in ready if (n.subject, n.phone) not in not_to_send]  # a failed one is not sent again
    to_call = [n for n in ready if (n.subject, n.phone) not in not_to_call]  # …and a failed send, to phone
    # the officer may also phone one the thread has but is not sending now (record_call has the last word)
    may_phone = [n for n in ready if (n.subject, n.phone) not in reached
              and ((n.subject, n.phone) not in held or held[(n.subject, n.phone)].state in _CALLABLE)]
    sending = f"，发送中 {len(held)} 条" if held else ""
    county = _county_names()
    with st.expander(f"{title}（{len({n.subject for n in ready})} 项，待通知 {len(to_call)} 条{sending}）",
                     icon=":material/sms:", key=key + "panel", expanded=bool(held)):  # open while any is in hand
        st.dataframe(pd.DataFrame({  # one table, however many (a city's day can bring thousands of deadlines)
            "对象": [county.get(n.subject, n.subject) for n in ready], "接收人": [n.recipient for n in ready],
            "手机": [n.phone for n in ready], "短信内容": [n.message for n in ready]}),
            key=key + "ready", hide_index=True, width="stretch", height=min(36 + 35 * len(ready), 280),
            column_config={"短信内容": st.column_config.TextColumn(width="large")})
        refusal = notify.service.not_today(ui.store(), by_hand=True) if notify.configured() else None
        if notify.configured() and not refusal:
            if st.button(f"发送短信（{len(waiting)} 条）", key=key + "sms", icon=":material/send:", disabled=not waiting):
                kit.submit(outcome, lambda: sender.hand(waiting, ui.user()),
                           lambda taken: f"已交由系统发送 {taken} 条短信，发送情况见下表（自动刷新）；"
                                         "发送失败的会标记，请电话通知。", refused="未发送")
        else:
            st.caption((refusal or "未配置短信网关：请按上面的内容电话通知")
                       + ("，每打一个电话记一条。" if call_log else "。"))
        if call_log and may_phone:
            c = st.columns([4, 3, 2], vertical_alignment="bottom")
            labels = {f"{n.recipient} {n.phone}（{county.get(n.subject, n.subject)}）": n for n in may_phone}
            picked = c[0].selectbox("已电话通知", list(labels), key=key + "who")
            answer = c[1].text_input("对方答复（选填）", key=key + "answer")
            if c[2].button("记录", key=key + "call", icon=":material/call:"):
                kit.submit(outcome, lambda: notify.record_call(ui.store(), labels[picked], ui.user(), answer),
                           f"已记录对{picked}的电话通知。", refused="未记录")
            st.text(labels[picked].message)  # what to read out to the person picked, whole
        _states(kind, day, key, refresh=bool(held))


def _states(kind: str, day, key: str, *, refresh: bool) -> None:
    """Every message of the panel with its state: those the thread has first, then those recorded. While the thread
    has some it redraws itself every ``REFRESH_SECONDS``; once none is left, the whole page follows (its counts)."""

    @st.fragment(run_every=REFRESH_SECONDS if refresh else None)
    def states() -> None:
        held = reminders.sender().in_hand(kind, day)
        done = _recorded(kind, day)
        if len(done) and held:  # one phoned while it waited its turn: the table's row only
            recorded = set(zip(done["subject"], done["phone"]))
            held = {k: h for k, h in held.items() if k not in recorded}
        if refresh and not held:
            st.rerun()  # every message handed over is answered and recorded
        county = _county_names()
        rows = [(f"{h.since:%H:%M}", county.get(h.notice.subject, h.notice.subject), h.notice.recipient, h.notice.phone,
                 h.state, h.answer, h.actor) for h in sorted(held.values(), key=lambda h: (h.since, h.notice.subject))]
        rows += list(zip([f"{clock.as_datetime(t):%H:%M}" for t in done["sent_at"]],
                         [county.get(s, s) for s in done["subject"]], done["recipient"], done["phone"], done["status"],
                         done["response"].fillna(""), done["actor"]))
        if rows:
            st.dataframe(pd.DataFrame(rows, columns=["时间", "对象", "接收人", "手机", "状态", "网关应答", "通知人"]),
                         key=key + "done", hide_index=True, width="stretch")

    states()
