"""The ways in of the pages whose records are not hazards: each page's 导入 section, built on one panel and one
form, both from the kind's ``ingest.ImportKind``.

- ``kind_panel(ctx, kind, key=, note=)``: an ``ingest.ImportKind``'s import on ``kit.import_panel`` — template,
  preview (each column's reading, a dropdown for the headers that need a hand, the first rows as stored, what
  was inferred), 确认导入, the refusal table; written as the signed-in user, listed in 数据管理 and undoable.
- ``record_form(ctx, kind, key=)``: ONE record of a kind with a ``kinds.Form``, typed: a form drawn from the
  kind's fields (``kinds.form_fields``: text, a date — today where the day of the event is asked —, a number, a
  choice from the field's list or from the store's own values: the groups, the task list's categories), the
  required ones marked （必填）. 登记 sends the values through ``kinds.enter``: the same cell and row rules,
  inference and key as the same row in a file, so a refusal is the import's own Chinese words naming the field
  (shown here, every typed value kept), a record already there adds nothing, and the write is the kind's own
  ``write`` as the signed-in user, registered in 数据管理 as a one-row entry (逐条登记) that can be undone like an
  import. After a success the message names the record and the form starts empty again.
- ``fire_units(ctx)``: 重大火灾隐患's section: the list of units, the milestone plans, a unit by hand (a form of
  its own: its GB 35181 judgement, listing and phone rules, ``fire_units.register``).
- ``fires(ctx)``: 火灾统计's section: the fire brigade's export, a fire by hand (a form of its own: a date and a
  time, 中心城区 by address, ``fires.record``).
- ``tasks(ctx)``: 专项整治's section: the task list and, later, its progress; one item (or one item's progress)
  by hand (``record_form``).
- ``groups(ctx)``: 督查组评价's section: the groups' roster, their visits, changes on file (备案) and 约谈 records,
  each by file and one at a time (``record_form``).
- ``handover_form(ctx, ids, key=)``: 书面移交 of many hazards at once (a group's hazards not yet handed over).

A page calls its section where its records are listed, and before its empty state stops the page on a store
that has none yet (the section is then the only thing the page offers).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import streamlit as st

from dashboard import fire_units as fu
from dashboard import fires as fire_records
from dashboard import groups as group_records
from dashboard import tasks as task_list
from dashboard import ingest, vocab
from dashboard.ingest import kinds
from dashboard.ui import kit, rights

__all__ = ["kind_panel", "record_form", "fire_units", "fires", "tasks", "groups", "handover_form", "SECTION"]

SECTION = "导入"  # the section's title: where dashboard.contents says each kind is loaded


def kind_panel(ctx: kit.PageContext, kind: kinds.ImportKind, *, key: str, note: str,
               options: Callable[[str], dict] | None = None) -> None:
    """``kind``'s import panel (see the module's docstring); ``options(key)`` draws the choices made once for the
    whole file (e.g. 县区) inside the upload form and returns them."""
    store = ctx.store

    def preview(data: bytes, name: str, *, options: dict, mapping, progress) -> kinds.ImportPreview:
        return kinds.preview(kind, store, data, name, options=options, mapping=mapping, progress=progress)

    def run(data: bytes, name: str, actor, progress, *, options: dict | None = None, mapping=None) -> kit.ImportResult:
        done = kinds.run(kind, store, data, name, actor, progress, options=options, mapping=mapping)
        return kit.ImportResult(done.ok, len(done.result.rows), done.added, done.skipped, done.errors,
                                replaced=done.replaced)

    def said(name: str, result: kit.ImportResult) -> str:
        replaced = f"，更新 {result.replaced} {kind.unit}" if result.replaced else ""
        return (f"{kind.label}导入完成：{name} 共 {result.rows} 行，新增 {result.added} {kind.unit}{replaced}，"
                f"已存在未重复导入 {result.skipped} {kind.unit}（可在“数据管理”中查看或撤销）。")

    kit.import_panel(key, run=run, template=lambda: kinds.template(kind, store), template_name=kind.template_name,
                     note=note, action=kind.action, preview=preview, options=options, done=said, kept=kind.label)


LONG_TEXT = 500  # a field this long or longer is typed in a text area


def record_form(ctx: kit.PageContext, kind: kinds.ImportKind, *, key: str, note: str | None = None) -> None:
    """ONE record of ``kind`` typed (see the module's docstring); a role that may not enter it sees one caption."""
    if not rights.may_any("import", kind.entry_action):
        rights.note("登记" + kind.label)
        return
    if note:
        st.caption(note)
    kit.outcome(key + "done")
    inputs = kinds.form_fields(kind, ctx.store)
    empty = next((i for i in inputs if i.required and i.offer is not None and not i.offer.new and not i.offer.values),
                 None)
    if empty is not None:  # nothing to pick from yet (no group on file): say where it comes from
        st.caption(f":material/inbox: 还没有可选的{empty.field.header}，请先导入或登记。")
        return
    cleared = st.session_state.pop(key + "cleared", False)  # after a success: every input as it starts
    for i in inputs:  # set before the widgets are made, so the browser shows it too (a today-date starts at today)
        if cleared or (i.today and key + i.key not in st.session_state):
            st.session_state[key + i.key] = ctx.today if i.today else None
    short = [i for i in inputs if not _long(i)]
    with st.form(key + "form", border=False):
        columns = st.columns(2)
        values = {i.key: _input(i, key, columns[n % 2]) for n, i in enumerate(short)}
        values.update({i.key: _input(i, key, st) for i in inputs if _long(i)})
        submitted = st.form_submit_button("登记", type="primary", key=key + "submit")
    if submitted:

        def said(done: kinds.Entered) -> str:
            st.session_state[key + "cleared"] = True  # the form starts empty again (a refusal kept every value)
            verb = "已登记" if done.added else "已更新"
            return f"{verb}{kind.label}：{done.named}（第 {done.import_id} 号登记，可在“数据管理”中查看或撤销）。"

        kit.submit(key + "done", lambda: kinds.enter(kind, ctx.store, values, rights.user()), said, refused="未登记")


def _long(i: kinds.FormField) -> bool:
    return i.field.kind == ingest.TEXT and i.field.max_len >= LONG_TEXT and i.offer is None


def _input(i: kinds.FormField, key: str, where: Any) -> Any:
    """The widget of one ``kinds.FormField`` in ``where`` (a column, or ``st``); its value as typed."""
    spec, name, hint = i.field, key + i.key, i.hint
    if i.offer is not None:
        return where.selectbox(i.label, i.offer.values, index=None, key=name, accept_new_options=i.offer.new,
                               placeholder=hint or ("请选择，或输入新的" if i.offer.new else "请选择"))
    if spec.kind == ingest.ENUM:
        return where.selectbox(i.label, spec.choices, index=None, key=name, placeholder=hint or "请选择")
    if spec.kind == ingest.DATE:
        return where.date_input(i.label, value=None, key=name, format="YYYY-MM-DD", min_value=date(2000, 1, 1),
                                help=hint)  # a today-date's today is in its state (record_form)
    if spec.kind == ingest.PERCENT:
        return where.number_input(i.label, min_value=0, max_value=100, value=None, step=5, key=name, placeholder=hint)
    if spec.kind == ingest.NUMBER:
        whole = not isinstance(spec.example, float)  # a count (发现隐患数); an amount's example is a float
        return where.number_input(i.label, min_value=0 if whole else 0.0, value=None, step=1 if whole else 0.1,
                                  key=name, placeholder=hint)
    if spec.kind == ingest.DATETIME:
        return where.text_input(i.label, key=name, placeholder=hint or "如 2021-04-14 09:30")
    if _long(i):
        return where.text_area(i.label, key=name, max_chars=spec.max_len, placeholder=hint)
    return where.text_input(i.label, key=name, max_chars=spec.max_len, placeholder=hint)


_ALL_FILE = "按文件（标题或县区列）"


def _county_option(prefix: str) -> dict:
    from dashboard import ui

    chosen = st.selectbox("县区", [_ALL_FILE, *ui.unit_options()], key=prefix + "county",
                          help="文件中没有县区列、标题也没写明县区时，整个文件按这里选择的县区登记")
    return {"county": None if chosen == _ALL_FILE else chosen}


def _section(what: str, *writes: tuple[str, str]) -> bool:
    """The section's title; when the role may take none of ``writes`` ((entity, action)), one caption saying why
    instead of a caption in every form (returns False: draw nothing more)."""
    st.subheader(SECTION, divider="gray")
    if rights.may_any_of(*writes):
        return True
    rights.note(what)
    return False


# -- 重大火灾隐患 ----------------------------------------------------------------------------------------
def fire_units(ctx: kit.PageContext) -> None:
    """重大火灾隐患's 导入 section: the units' list, their milestone plans (倒排工期), one unit by hand."""
    P = ctx.prefix
    if not _section("导入或登记重大火灾隐患单位", ("import", fu.UNITS_IMPORT.action), ("import", fu.PLANS_IMPORT.action),
                    (fu.ENTITY, fu.A_REGISTER)):
        return
    with st.expander("导入重大火灾隐患单位清单（Excel / CSV）", icon=":material/upload_file:"):
        kind_panel(ctx, fu.UNITS_IMPORT, key=P + "import.", options=_county_option,
                   note="支持 .xlsx、.xls、.csv，各县区、消防救援大队自己的表格均可（标题、表头写法不同，两行表头，合计行）。"
                        "先预览每一列的读法和推断（判定方式按判定条款，状态按进度和日期），确认后才写入；有一行不合格时整个文件不导入；"
                        "按编号或“单位名称+立案日期”识别，重复导入不会重复登记。")
    with st.expander("导入整改节点（倒排工期）", icon=":material/event_upcoming:"):
        kind_panel(ctx, fu.PLANS_IMPORT, key=P + "plans.",
                   note="每行一个整改节点，单位名称可只写在该单位的第一行（合并单元格亦可）；单位须已登记。"
                        "同一单位同名的节点不会重复导入，新的节点排在已有节点之后。")
    with st.expander("逐家登记重大火灾隐患单位", icon=":material/add_business:"):
        if rights.may_any(fu.ENTITY, fu.A_REGISTER):
            _fire_unit_form(ctx)
        else:
            rights.note("登记重大火灾隐患单位")


def _fire_unit_form(ctx: kit.PageContext) -> None:
    from dashboard import ui

    P = ctx.prefix + "new."
    kit.outcome(P + "done")
    with st.form(P + "form", border=False):
        c = st.columns(2)
        values: dict[str, Any] = {
            "name": c[0].text_input("单位名称（必填）", key=P + "name"),
            "unit_code": ui.unit_options().get(c[1].selectbox("县区（必填）", list(ui.unit_options()), index=None,
                                                               placeholder="请选择", key=P + "unit")),
            "address": c[0].text_input("地址", key=P + "address"),
            "place_type": c[1].selectbox("场所类型", vocab.FIRE_PLACES, index=None, placeholder="请选择", key=P + "place"),
            "clauses": c[0].text_input("判定条款", key=P + "clauses", placeholder="如 GB 35181-2017 第6.5条"),
            "judgement": c[1].selectbox("判定方式", vocab.JUDGEMENTS, index=None, key=P + "judgement",
                                        placeholder="按判定条款（第6章直接判定，第7章综合判定）"),
            "description": st.text_area("隐患描述（必填）", key=P + "description"),
        }
        c = st.columns(2)
        values["filed_date"] = c[0].date_input("立案日期（必填）", value=None, key=P + "filed", format="YYYY-MM-DD",
                                              max_value=ctx.today)
        values["deadline"] = c[1].date_input("整改期限（必填）", value=None, key=P + "deadline", format="YYYY-MM-DD",
                                            min_value=date(2000, 1, 1))
        values["resp_person"] = c[0].text_input("责任人（必填）", key=P + "person")
        values["resp_phone"] = c[1].text_input("联系电话", key=P + "phone")
        values["resp_unit"] = c[0].text_input("责任单位", key=P + "resp_unit", placeholder="不填为单位本身")
        values["supervising_dept"] = c[1].text_input("行业督办部门", key=P + "dept")
        values["fire_brigade"] = c[0].text_input("属地消防大队", key=P + "brigade")
        values["interim_measures"] = c[1].text_input("临时防范措施", key=P + "interim")
        level = c[0].selectbox("督办级别", vocab.LISTING_LEVELS, index=len(vocab.LISTING_LEVELS) - 1, key=P + "level")
        values["listing_doc"] = c[1].text_input("督办文号", key=P + "doc", placeholder="挂牌督办的填写")
        values["listing_date"] = c[0].date_input("挂牌日期", value=None, key=P + "listed", format="YYYY-MM-DD")
        values["listing_level"] = level
        if st.form_submit_button("登记", type="primary", key=P + "submit"):

            def write() -> str:
                return fu.register(ctx.store, {**values, "resp_phone": _phone(values["resp_phone"])}, rights.user())

            kit.submit(P + "done", write, lambda unit_id: f"已登记重大火灾隐患单位 {unit_id}：{values['name'].strip()}。",
                       refused="未登记")


def _phone(text: str | None) -> str | None:
    """A typed phone checked as the import checks it (ValidationError with the same words)."""
    from dashboard import ingest
    from dashboard.db import ValidationError

    if ingest.is_blank(text):
        return None
    try:
        return ingest.parse_phone(text)
    except ValueError as exc:
        raise ValidationError(f"联系电话：{exc}") from None


# -- 火灾统计 ----------------------------------------------------------------------------------------------
def fires(ctx: kit.PageContext) -> None:
    """火灾统计's 导入 section: the fire brigade's export (one row per fire), one fire by hand."""
    P = ctx.prefix
    if not _section("导入或登记火灾", ("import", fire_records.FIRES_IMPORT.action),
                    (fire_records.ENTITY, fire_records.A_RECORD)):
        return
    with st.expander("导入火灾记录（消防救援机构导出的 Excel / CSV）", icon=":material/upload_file:"):
        kind_panel(ctx, fire_records.FIRES_IMPORT, key=P + "import.", options=_county_option,
                   note="每行一起火灾：起火时间、县区、起火场所、起火原因、过火面积、死亡、受伤、直接经济损失。消防救援大队导出表的写法均可"
                        "（“行政区划”“直接财产损失（元）”按元换算为万元）；中心城区未写时按地址推断。先预览，确认后才写入；"
                        "有一行不合格时整个文件不导入；按火灾编号或“起火时间+县区+起火地点”识别，重复导入不会重复登记。")
    with st.expander("逐起登记火灾", icon=":material/local_fire_department:"):
        if rights.may_any(fire_records.ENTITY, fire_records.A_RECORD):
            _fire_form(ctx)
        else:
            rights.note("登记火灾")


_CENTRAL_RULE, _CENTRAL, _NOT_CENTRAL = "按地址推断", "是", "否"


def _fire_form(ctx: kit.PageContext) -> None:
    from dashboard import ui

    P = ctx.prefix + "new."
    kit.outcome(P + "done")
    with st.form(P + "form", border=False):
        c = st.columns(3)
        day = c[0].date_input("起火日期（必填）", value=None, key=P + "day", format="YYYY-MM-DD", max_value=ctx.today)
        at = c[1].time_input("起火时间", value=time(0, 0), key=P + "time", step=60)
        unit = c[2].selectbox("县区（必填）", list(ui.unit_options()), index=None, placeholder="请选择", key=P + "unit")
        c = st.columns(3)
        place = c[0].selectbox("起火场所（必填）", vocab.FIRE_PLACES, index=None, placeholder="请选择", key=P + "place")
        cause = c[1].selectbox("起火原因（必填）", vocab.FIRE_CAUSES, index=None, placeholder="请选择", key=P + "cause")
        central = c[2].radio("中心城区", (_CENTRAL_RULE, _CENTRAL, _NOT_CENTRAL), horizontal=True, key=P + "central",
                             help="按地址推断：安康高新区，及汉滨区老城、新城、江北、建民街道为中心城区")
        address = st.text_input("起火地点", key=P + "address")
        name = st.text_input("火灾名称", key=P + "name", placeholder="有名称的火灾填写，如“宝业市场火灾”")
        c = st.columns(4)
        deaths = c[0].number_input("死亡人数", min_value=0, value=0, step=1, key=P + "deaths")
        injuries = c[1].number_input("受伤人数", min_value=0, value=0, step=1, key=P + "injuries")
        loss = c[2].number_input("直接经济损失（万元）", min_value=0.0, value=0.0, step=0.1, format="%.2f", key=P + "loss")
        area = c[3].number_input("过火面积（平方米）", min_value=0.0, value=None, step=1.0, key=P + "area")
        if st.form_submit_button("登记", type="primary", key=P + "submit"):
            values = {"occurred_at": datetime.combine(day, at) if day else None,
                      "unit_code": ui.unit_options().get(unit), "place_type": place, "cause": cause, "address": address,
                      "name": name, "deaths": deaths, "injuries": injuries, "loss": loss, "area": area,
                      "central": None if central == _CENTRAL_RULE else central == _CENTRAL}
            kit.submit(P + "done", lambda: fire_records.record(ctx.store, values, rights.user()),
                       lambda fire_id: f"已登记火灾 {fire_id}（{unit}，{day:%Y-%m-%d} {at:%H:%M}）。", refused="未登记")


# -- 专项整治 ----------------------------------------------------------------------------------------------
def tasks(ctx: kit.PageContext) -> None:
    """专项整治's 导入 section: the task list to start with, then the same list with each month's progress."""
    st.subheader(SECTION, divider="gray")
    with st.expander("导入专项整治任务清单或进展（Excel / CSV）", icon=":material/upload_file:"):
        kind_panel(ctx, task_list.TASKS_IMPORT, key=ctx.prefix + "import.",
                   note="首次导入任务清单（类别、子项、牵头和配合部门、完成时限）；以后导入同一清单（或其中几项）的完成进度和进展情况即可。"
                        "类别可写在合并单元格或分组标题行（“一、……”）中；按类别和子项名称对应已有任务，只更新文件写明且不同的内容"
                        "（下调进度须写明原因）。先预览，确认后才写入；有一行不合格时整个文件不导入；同一文件再次导入不会改动任何任务。")
    with st.expander("逐项登记专项整治任务或进展", icon=":material/playlist_add:"):
        record_form(ctx, task_list.TASKS_IMPORT, key=ctx.prefix + "entry.",
                    note="新的子项填写类别（可选已有类别或输入新的）、子项、牵头部门和完成时限；类别和子项与清单中已有的相同时，"
                         "更新其进度、进展、时限或部门（与导入同一规则）。")


# -- 督查组评价 --------------------------------------------------------------------------------------------
_BY_FILE_GROUP = "按文件（组别列或标题）"


def _group_option(prefix: str) -> dict:
    from dashboard import hazards, ui

    names = list(ui.cached(hazards.groups)()["name"])
    chosen = st.selectbox("督查组", [_BY_FILE_GROUP, *names], key=prefix + "group",
                          help="文件中没有组别列、标题也没写明组别时，整个文件按这里选择的督查组登记")
    return {"group": None if chosen == _BY_FILE_GROUP else chosen}


def groups(ctx: kit.PageContext) -> None:
    """督查组评价's 导入 section: the roster (groups, leaders, members, stationed dates) first, then the groups'
    visits, changes on file and 约谈 records."""
    P = ctx.prefix
    st.subheader(SECTION, divider="gray")
    with st.expander("导入督查组名单（组长、成员、进驻日期）", icon=":material/groups:"):
        kind_panel(ctx, group_records.ROSTER_IMPORT, key=P + "import.",
                   note="每行一名成员；组别、驻点县区、组长单位、进驻日期可只写在每组第一行（合并单元格）或分组标题行（“第一组（驻汉滨区）”）。"
                        "新的督查组须写明驻点县区和组长单位并有一名组长（一组包一县）；在册人员按文件更新职务、单位、电话，不会删除任何人。")
    with st.expander("逐人登记督查组成员", icon=":material/person_add:"):
        record_form(ctx, group_records.ROSTER_IMPORT, key=P + "entry.roster.",
                    note="在册督查组：新成员登记入组，已在册的成员按此更新职务、单位、电话；新的督查组：输入组别，"
                         "并写明驻点县区、组长单位，第一位登记的须是组长。")
    with st.expander("导入暗访检查记录", icon=":material/travel_explore:"):
        kind_panel(ctx, group_records.VISITS_IMPORT, key=P + "visits.", options=_group_option,
                   note="每行一次检查：检查日期、被检查单位、行业领域、检查方式（不填为暗访）、发现隐患数；组别可写在列中、标题中或在此选择。"
                        "同一组同一天检查同一单位只记一次。")
    with st.expander("逐次登记暗访检查", icon=":material/add_location_alt:"):
        record_form(ctx, group_records.VISITS_IMPORT, key=P + "entry.visit.")
    with st.expander("导入人员变更备案记录", icon=":material/swap_horiz:"):
        kind_panel(ctx, group_records.CHANGES_IMPORT, key=P + "changes.", options=_group_option,
                   note="每行一次组长或成员变更：变更日期、变更类型、原人员、现人员、原因、备案日期（未备案的不填）。")
    with st.expander("逐条登记人员变更备案", icon=":material/published_with_changes:"):
        record_form(ctx, group_records.CHANGES_IMPORT, key=P + "entry.change.")
    with st.expander("导入约谈记录", icon=":material/record_voice_over:"):
        kind_panel(ctx, group_records.INTERVIEWS_IMPORT, key=P + "interviews.", options=_group_option,
                   note="每行一次约谈：约谈日期、约谈人、被约谈人、约谈事由、整改要求、约谈通知书文号、整改反馈日期。")
    with st.expander("逐次登记约谈", icon=":material/edit_note:"):
        record_form(ctx, group_records.INTERVIEWS_IMPORT, key=P + "entry.interview.")


def handover_form(ctx: kit.PageContext, hazard_ids: list[str], *, key: str) -> None:
    """书面移交 of the hazards ``hazard_ids`` at once: to whom and on which day; one write, one audit event each,
    those already handed over left alone, refused whole (naming each) when a rule refuses any."""
    from dashboard import hazards

    kit.outcome(key + "done")
    if not hazard_ids:
        return
    if not rights.may_any(hazards.HAZARD_ENTITY, hazards.A_HANDOVER):
        rights.note("书面移交隐患")
        return
    with st.form(key + "form", border=True):
        st.markdown(f"**书面移交以上 {len(hazard_ids)} 条隐患**")
        c = st.columns(2)
        recipient = c[0].radio("移交对象", (hazards.TO_BOTH, hazards.TO_COUNTY, hazards.TO_CITY), key=key + "to",
                               help="已移交过的对象不会重复记录")
        on = c[1].date_input("书面移交日期", value=ctx.today, max_value=ctx.today, key=key + "on", format="YYYY-MM-DD")
        if st.form_submit_button("确认书面移交", type="primary", key=key + "submit"):
            kit.submit(key + "done", lambda: hazards.hand_over(ctx.store, hazard_ids, recipient, on, rights.user()),
                       lambda done: f"已书面移交{recipient} {len(done)} 条隐患（{on:%Y-%m-%d}）。", refused="未移交")
