"""督查组评价: the 12 embedded covert inspection groups for a period (bound to the URL): tiles, the groups
flagged 建议约谈 with their reasons first, the table of every group, the comparison charts against the 约谈
thresholds (edited on 设置), the export, and one group's members, changes on file and months."""

import pandas as pd
import streamlit as st

from dashboard import clock, contents, documents, export, groups, settings, ui
from dashboard.ui import documents as paper
from dashboard.ui import entry, kit

ctx = kit.page("督查组评价", "groups.")  # widget keys groups.*; bound keys are also the URL parameters
key = ctx.key
if kit.empty_state(kit.loaded().missing(contents.GROUPS), key="groups", here="groups"):
    entry.groups(ctx)  # the way in: the groups' roster, then their records
    st.stop()  # no group yet: no period, tile or chart to show (a groups import on this page goes before this)

with st.container(horizontal=True, vertical_alignment="bottom"):
    st.segmented_control("统计期间", groups.PERIODS, default=groups.DEFAULT_PERIOD, key=key("period"),
                         bind="query-params",
                         help="各期间均截至数据截至日；进驻以来自督查组进驻之日起。县区整改率和逾期数为数据截至日的情况。")
picked = st.session_state.get(key("period"))
window = groups.window(picked if picked in groups.PERIODS else groups.DEFAULT_PERIOD, ctx.today,
                       ui.cached(groups.first_stationed)())
rule = ui.cached(groups.thresholds)()
frame = ui.cached(groups.evaluation)(window, ctx.scope, rule)
st.caption(f"统计期间：{window.label}。约谈规则（在“设置”页修改）：{rule.describe()}。")

if frame.empty:
    st.info(f"{ui.plain(ctx.scope_label)}没有进驻的督查组。可以在侧栏选择其他县区。", icon=":material/filter_alt_off:")
    entry.groups(ctx)
    st.stop()

# -- tiles ----------------------------------------------------------------------------------------------
stats = groups.summary(frame)
row = ui.kpi_row()
ui.kpi(row, "建议约谈", f"{stats['flagged']} / {stats['groups']} 组", state=ui.tiles.flagged_state(stats["flagged"]),
       help="未达到约谈规则任一项的督查组")
ui.kpi(row, "暗访检查", f"{stats['visits']:,} 次", help=f"{window.label}各组暗访检查次数合计")
ui.kpi(row, "检查企业", f"{stats['enterprises']:,} 家", help="各组检查的不同企业数合计")
ui.kpi(row, "发现隐患", f"{stats['hazards']:,} 条", help=f"其中重大隐患 {stats['major']} 条")
for column, label in (("county_handover_rate", "书面移交县区政府"), ("city_handover_rate", "书面移交市安委办")):
    ui.kpi(row, label, ui.percent(stats[column]), state=ui.tiles.share_state(stats[column], rule.handover_percent),
           help=f"发现满{rule.handover_days}天的隐患（{stats['due']:,} 条）中已{label}的比例；低于{rule.handover_percent:g}%为红色")

# -- the groups flagged 建议约谈 ---------------------------------------------------------------------------
ordered = groups.flagged_first(frame).reset_index(drop=True)
flagged = ordered[ordered["interview"]]
if len(flagged):
    with st.container(border=True, key=key("flagged")):
        st.markdown(f"**建议约谈的督查组（{len(flagged)} 个）**")
        for row in flagged.itertuples():
            with st.container(horizontal=True, vertical_alignment="center"):
                st.badge(groups.FLAGGED, color="red", icon=":material/priority_high:")
                st.markdown(f"**{ui.plain(row.group)}**　组长 {ui.plain(row.leader)}：{ui.plain(row.reason_text)}")
else:
    st.success(f"{window.label}各督查组均达到约谈规则的要求。", icon=":material/check_circle:")

# -- the table of every group -----------------------------------------------------------------------------
st.subheader(f"各督查组评价（{window.name}，建议约谈的排在前面）", divider="gray")
shown = groups.evaluation_table(ordered)
st.caption("点选一行查看该组详情。"
           f"移交比例只计发现满{rule.handover_days}天的隐患；县区整改率、逾期数为数据截至日所驻县区全部隐患的情况。")
st.dataframe(
    shown.style.map(groups.verdict_css, subset=["评价"]),
    **kit.row_picker(key("table"), list(ordered["group"]), key("group")), hide_index=True, width="stretch",
    height=38 + 35 * len(shown),
    column_config={
        "评价": st.column_config.TextColumn(width=70),
        "督查组": st.column_config.TextColumn(width=ui.fit_width(shown["督查组"]), pinned=True),  # whole, kept in view
        "组长": st.column_config.TextColumn(width=60),
        "每周检查": st.column_config.NumberColumn(format="%.1f", width=65, help="暗访检查次数 ÷ 本期进驻周数"),
        "暗访检查": st.column_config.NumberColumn(width=65, help="本期暗访检查次数"),
        "检查企业": st.column_config.NumberColumn(width=65, help="本期检查的不同企业数"),
        "隐患/重大": st.column_config.TextColumn(width=70, help="本期发现隐患条数 / 其中重大隐患"),
        "县区逾期": st.column_config.NumberColumn(width=60, help="所驻县区逾期未整改隐患（数据截至日）"),
        "移交县区": ui.progress_column(format="%.1f%%", width=100, help="已书面移交县区政府的比例"),
        "移交市安委办": ui.progress_column(format="%.1f%%", width=100, help="已书面移交市安委办的比例"),
        "县区整改率": st.column_config.NumberColumn(format="%.1f%%", width=75),
        "人员变更": st.column_config.TextColumn(width=115, help="进驻以来组长、成员变更次数及向市安委办备案情况；详情见下方督查组详情"),
        "建议约谈原因": st.column_config.TextColumn(width=170, help="全文见上方“建议约谈的督查组”"),
    },
)

city, scope_label, as_of = settings.get("city_name"), ctx.scope_label, ctx.as_of  # read now: built after the run
row = st.container(**ui.WRAP_ROW)  # the button keeps its whole label; the note beside it wraps
row.download_button(
    "导出评价表（Excel）", key=key("export"),
    data=lambda: groups.evaluation_xlsx(frame, window, rule, scope_label=scope_label, as_of=as_of, city=city),
    file_name=export.file_name(f"{city}督查组评价", window.name, scope_label, day=ctx.today, ext="xlsx"),
    icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
)
row.caption("一张表：各组检查、隐患、书面移交、所驻县区整改情况、人员变更及备案、评价和约谈原因；建议约谈的组排在前面并标红。")

# -- comparison charts ------------------------------------------------------------------------------------
left, right = st.columns(2)
left.plotly_chart(groups.charts.visits_per_week(frame, rule.min_visits_per_week), key=key("visits_chart"))
right.plotly_chart(groups.charts.handover_shares(frame, rule.handover_percent), key=key("handover_chart"))

# -- one group --------------------------------------------------------------------------------------------
occasion = documents.group_occasion(window)  # the documents speak of this period
with st.expander(f"全市督查通报（{window.name}）", icon=":material/description:"):
    paper.panel(ctx, documents.S_GROUPS, "all", [paper.Offer(documents.K_BULLETIN, occasion, "印发本期督查通报")],
                key=key("docs.all."), title="各督查组督查通报")
entry.groups(ctx)  # before the detail, which ends the page when no group is chosen

st.subheader("督查组详情", divider="gray")
st.selectbox("督查组", list(frame["group"]), index=None, key=key("group"), bind="query-params",
             placeholder="在上表点选一行，或在此选择")
chosen = frame[frame["group"] == st.session_state.get(key("group"))]  # only the groups in the sidebar's scope
if chosen.empty:
    st.stop()
row = chosen.iloc[0].to_dict()
group_id = int(row["group_id"])
info = ui.cached(groups.group_info)(group_id)

with st.container(horizontal=True, vertical_alignment="center"):
    if row["interview"]:
        st.badge(groups.FLAGGED, color="red", icon=":material/priority_high:")
    else:
        st.badge(groups.NORMAL, color="green", icon=":material/check:")
    st.markdown(f"**{ui.plain(row['group'])}**")
if row["interview"]:
    st.error("**建议约谈：** " + ui.plain(row["reason_text"]), icon=":material/record_voice_over:")
paper.panel(ctx, documents.S_GROUP, group_id, [paper.Offer(documents.K_BULLETIN, occasion, "印发督查通报")]
            + ([paper.Offer(documents.K_INTERVIEW, occasion, "印发约谈通知书")] if row["interview"] else []),
            key=key("docs."))

left, right = st.columns([3, 2])
with left:
    st.markdown("**基本情况**")
    st.text(f"组长：{info['leader']}（{info['leader_rank']}，{info.get('leader_org') or ''}）"
            f"　电话：{info.get('leader_phone') or ''}")
    st.text(f"组长单位：{info['lead_unit']}　所驻县区：{info['unit']}"
            f"　进驻日期：{clock.format_date(clock.as_date(info.get('stationed_on')))}")
    weekly = "" if pd.isna(row["visits_per_week"]) else f"，每周 {row['visits_per_week']:.1f} 次"
    st.text(f"{window.label}：暗访检查 {row['visits']} 次{weekly}，检查企业 {row['enterprises']} 家，"
            f"发现隐患 {row['hazards']} 条（重大 {row['major']} 条）")
    st.markdown("**成员**")
    roster = ui.cached(groups.members)(group_id)
    st.dataframe(pd.DataFrame({"姓名": roster["name"], "职务": roster["role"], "单位": roster["org"],
                               "电话": roster["phone"]}),
                 hide_index=True, width="stretch", key=key("members"))
    monthly = ui.cached(groups.hazards_by_month)(group_id, ctx.today)
    if len(monthly):
        st.plotly_chart(groups.charts.months(monthly), key=key("months_chart"))
    missing = ui.cached(groups.not_handed_over)(group_id, window, rule.handover_days)
    st.markdown(f"**未书面移交的隐患（{len(missing)} 条，{window.name}发现满{rule.handover_days}天）**")
    if len(missing):
        ledger = ui.page_url("hazards", {"hazards.id": ""})  # a cold link in a new tab: it carries the scope
        st.dataframe(groups.not_handed_over_table(missing, ledger), hide_index=True, width="stretch", key=key("missing"),
                     column_config={"发现时间": st.column_config.DateColumn(format="YYYY-MM-DD"),
                                    "隐患编号": st.column_config.LinkColumn(display_text=r"hazards\.id=(.*)$",
                                                                        help="点击在隐患台账中打开该隐患")})
    else:
        st.caption("应移交的隐患均已书面移交县区政府和市安委办。")
    entry.handover_form(ctx, list(missing["id"]), key=key("handover."))
with right:
    st.markdown("**人员变更备案记录**")
    history = ui.cached(groups.changes)(group_id, ctx.today)
    if history.empty:
        st.caption("进驻以来组长和成员没有变更。")
    for change in history.itertuples():
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.badge(ui.plain(change.kind), color="blue")
                st.caption(clock.format_date(clock.as_date(change.change_date)))
                if pd.isna(change.filing_days):
                    st.badge("未备案", color="red", icon=":material/warning:")
                else:
                    st.badge(f"已备案 {clock.format_date(clock.as_date(change.filed_on))}（{int(change.filing_days)}天）",
                             color="green")
            old = "" if pd.isna(change.old_value) else change.old_value
            new = "" if pd.isna(change.new_value) else change.new_value
            st.text(f"{old} → {new}" if old else f"增补：{new}")
            if isinstance(change.reason, str) and change.reason:
                st.text(f"原因：{change.reason}")
    st.markdown("**约谈记录**")
    talks = ui.cached(groups.interviews)(group_id)
    if talks.empty:
        st.caption("没有约谈记录。")
    for talk in talks.itertuples():
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.badge("约谈", color="orange", icon=":material/record_voice_over:")
                st.caption(clock.format_date(clock.as_date(talk.interview_date)))
                if isinstance(talk.doc_no, str) and talk.doc_no:
                    st.caption(ui.plain(talk.doc_no))
            st.text(f"事由：{talk.reasons}")
            for label, value in (("约谈人", talk.interviewer), ("被约谈人", talk.interviewees), ("整改要求", talk.requirements)):
                if isinstance(value, str) and value:
                    st.text(f"{label}：{value}")
            if not pd.isna(talk.feedback_on):
                st.text(f"整改反馈：{clock.format_date(clock.as_date(talk.feedback_on))}")
