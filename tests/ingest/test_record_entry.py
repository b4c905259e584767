"""One record typed in a form (``ingest.kinds.enter``), for every kind with a ``Form``: stored exactly as the same
row of a file is (the entry's own original, imported on a second copy of the demo, leaves every table but the
register's and the audit's the same); a required field left blank, a value a file would be refused for, a role
that may not, the same record again: each refused in Chinese naming the field or the role, and not one row of any
table changed (db.table_digests; for the import's refusals no commit at all, Store.generation); the entry
registered in 数据管理 and undone like an import; the first group typed on an empty store; the form's inputs as
the kinds declare them."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date

import pytest

from dashboard import groups, import_register, roles, tasks
from dashboard.db import Store, ValidationError, table_digests
from dashboard.ingest import kinds

OFFICE = roles.User("office", "陈建华", roles.OFFICE)
TODAY = date(2021, 5, 3)  # the demo's as-of day
G3 = "第三暗访督查组（驻石泉县）"
VISIT = {"group": G3, "visit_date": TODAY, "enterprise": "石泉县登记测试砖厂", "sector": "工贸", "hazards_found": 2}
CHANGE = {"group": G3, "change_date": date(2021, 5, 2), "kind": "成员调整", "old_value": "原成员甲", "new_value": "登记测试乙",
          "reason": "工作调动", "filed_on": TODAY}
INTERVIEW = {"group": G3, "interview_date": TODAY, "interviewer": "市安委办副主任", "interviewees": "组长、联络员",
             "reasons": "书面移交市安委办比例低于90%", "requirements": "一周内补齐书面移交", "doc_no": "安安办约〔2021〕3号"}
MEMBER = {"group": G3, "name": "登记测试丙", "role": "成员", "org": "市应急管理局", "phone": "13900000001"}
TASK = {"category": "危险化学品安全专项整治", "item": "登记测试子项", "lead_dept": "市应急管理局",
        "coop_depts": "市公安局、市交通运输局", "deadline": date(2021, 6, 30), "progress": 20, "note": "已部署"}
KINDS = {k.kind: k for k in (groups.VISITS_IMPORT, groups.CHANGES_IMPORT, groups.INTERVIEWS_IMPORT,
                             groups.ROSTER_IMPORT, tasks.TASKS_IMPORT)}
# (kind, values, added, replaced): a new record of each kind, and an update of one on file
RECORDS = [
    ("group_visits", VISIT, 1, 0),
    ("group_changes", CHANGE, 1, 0),
    ("group_interviews", INTERVIEW, 1, 0),
    ("groups", MEMBER, 1, 0),
    ("groups", {"group": G3, "name": "新成员", "role": "组长", "org": "市应急管理局"}, 1, 1),  # a new leader: the group's too
    ("tasks", TASK, 1, 0),
    ("tasks", {"category": "危险化学品安全专项整治", "item": "重大危险源企业专项检查督导", "progress": 90}, 0, 1),  # progress
]
REGISTER = {"imports", "import_files", "audit_events", "import_rows"}  # what names the way in: 逐条登记 or the file
TRACKED = ("SELECT import_id, tbl, key_columns, row_key, entity, entity_id, fingerprint, before FROM import_rows"
           " WHERE tbl <> 'audit_events' ORDER BY ALL")  # an audit event's own row says 逐条登记 or the file


def _copy(demo_db_path, path):
    shutil.copy(demo_db_path, path)
    return Store.open(path)


@pytest.fixture
def two_demos(demo_db_path, tmp_path):
    stores = [_copy(demo_db_path, tmp_path / f"demo{n}.duckdb") for n in (1, 2)]
    yield stores
    for store in stores:
        store.close()


@pytest.fixture(scope="module")
def store(module_demo_store):
    return module_demo_store


def _digests(store: Store) -> dict:
    return table_digests(store._con)


@pytest.mark.parametrize("kind, values, added, replaced", RECORDS, ids=lambda v: v if isinstance(v, str) else None)
def test_a_typed_record_is_stored_as_the_same_row_imported(two_demos, kind, values, added, replaced):
    typed, imported = two_demos
    kind = KINDS[kind]
    done = kinds.enter(kind, typed, values, OFFICE)
    assert (done.added, done.replaced) == (added, replaced)
    name, data = import_register.original(typed, done.import_id)  # the row as typed, as a file: the kind's template
    assert name == f"逐条登记-{kind.label}.xlsx"
    run = kinds.run(kind, imported, data, name, OFFICE)
    assert run.ok, run.errors.to_dict("records")
    assert (run.added, run.replaced) == (added, replaced)
    first, second = _digests(typed), _digests(imported)
    assert {t for t in first if first[t] != second.get(t)} <= REGISTER  # the records themselves: the same
    assert first["audit_events"][0] == second["audit_events"][0]  # as many events: the rows' own and the register's
    assert typed.rows(TRACKED) == imported.rows(TRACKED)  # the same rows tracked for the undo, as the same rows
    lines = typed.rows("SELECT entity, action, actor, reason FROM audit_events ORDER BY id DESC LIMIT 1")
    assert lines == [("import", kind.entry_action, OFFICE.label, None)]
    entry = import_register.get(typed, done.import_id)
    assert (entry.kind, entry.label, entry.rows_total, entry.rows_added, entry.rows_replaced) == (
        kind.kind, kind.label, 1, added, replaced)
    assert entry.choices["entry"] == "逐条登记"


def test_the_rows_own_history_says_it_was_typed(store):
    done = kinds.enter(groups.CHANGES_IMPORT, store, {**CHANGE, "new_value": "历史测试丁", "reason": None}, OFFICE)
    history = store.audit_history("group", "3")
    assert history["action"].iloc[-1] == groups.A_FILED and history["reason"].iloc[-1] == "逐条登记"
    assert done.named == f"{G3}，2021-05-02，成员调整，历史测试丁"


# (kind, values): each required field of each form left blank in turn
REQUIRED = [(kind, values, key) for kind, values in (("group_visits", VISIT), ("group_changes", CHANGE),
                                                     ("group_interviews", INTERVIEW), ("groups", MEMBER), ("tasks", TASK))
            for key in ("group", "visit_date", "enterprise", "sector", "change_date", "kind", "new_value",
                        "interview_date", "reasons", "name", "role", "category", "item")
            if key in values]


@pytest.mark.parametrize("kind, values, blank", REQUIRED, ids=lambda v: v if isinstance(v, str) else None)
def test_a_required_field_left_blank_is_refused_naming_it(store, kind, values, blank):
    kind = KINDS[kind]
    header = next(f.field.header for f in kinds.form_fields(kind, store) if f.key == blank)
    required = {f.key for f in kinds.form_fields(kind, store) if f.required}
    assert blank in required  # the form marks it （必填）
    before = _digests(store)
    with pytest.raises(ValidationError) as refused:
        kinds.enter(kind, store, {**values, blank: "　 " if isinstance(values[blank], str) else None}, OFFICE)
    assert f"{header}：必填项为空" in str(refused.value)
    assert _digests(store) == before


def _file(kind: kinds.ImportKind, store: Store, values: dict) -> bytes:
    """One row under the kind's headers, as a CSV a person saves from Excel (a control character survives it)."""
    fields = kind.reading(store, {}).fields
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f.header for f in fields])
    writer.writerow(["" if values.get(f.key) is None else values.get(f.key) for f in fields])
    return out.getvalue().encode("utf-8-sig")


# (kind, values, field, words): a value the import refuses, refused by the form with the import's words
BAD = [
    ("group_visits", {**VISIT, "visit_date": date(2021, 5, 9)}, "检查日期", "检查日期不能晚于今天"),
    ("group_visits", {**VISIT, "group": "第十九组"}, "督查组", "找不到督查组“第十九组”"),
    ("group_visits", {**VISIT, "hazards_found": 1.5}, "发现隐患数", "发现隐患数应为不小于0的整数"),
    ("group_changes", {**CHANGE, "old_value": None}, "原人员", "成员调整须填写原人员"),
    ("group_changes", {**CHANGE, "filed_on": date(2021, 5, 1)}, "备案日期", "备案日期应在变更日期与今天之间"),
    ("group_interviews", {**INTERVIEW, "feedback_on": date(2021, 5, 1)}, "整改反馈日期", "整改反馈日期应在约谈日期与今天之间"),
    ("groups", {**MEMBER, "phone": "12345"}, "联系电话", None),
    ("groups", {**MEMBER, "group": "第十三组"}, "驻点县区", "新的督查组（第十三组）须填写驻点县区"),
    ("groups", {**MEMBER, "unit": "汉阴县"}, "驻点县区", "与驻点县区“汉阴县”不符"),
    ("tasks", {**TASK, "category": "新的专项整治", "lead_dept": None}, "牵头部门", "新的任务须填写牵头部门"),
    ("tasks", {"category": "危险化学品安全专项整治", "item": "重大危险源企业专项检查督导", "progress": 5}, "完成进度",
     "须在进展情况中写明原因"),
    ("group_interviews", {**INTERVIEW, "reasons": "x" * 1001}, "约谈事由", "内容过长（1001字），最多1000字"),
    ("group_visits", {**VISIT, "enterprise": "砖厂\x1b[31m"}, "被检查单位", "含有不可见的控制字符"),
]


@pytest.mark.parametrize("kind, values, header, words", BAD, ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_a_value_a_file_is_refused_for_is_refused_with_the_same_words(store, kind, values, header, words):
    kind = KINDS[kind]
    preview = kinds.preview(kind, store, _file(kind, store, values), "one.csv")
    said = [(c, r) for c, r in zip(preview.result.errors["列"], preview.result.errors["原因"])]
    assert len(said) == 1 and said[0][0] == header, said
    if words:
        assert words in said[0][1]
    generation = store.generation  # every commit counts: a refusal commits nothing
    with pytest.raises(ValidationError) as refused:
        kinds.enter(kind, store, values, OFFICE)
    assert str(refused.value) == f"{header}：{said[0][1]}"
    assert store.generation == generation


MAY_NOT = [roles.User("leader", "领导甲", roles.LEADER), roles.User("duty", "值班员乙", roles.DUTY),
           roles.User("clerk", "填报员丙", roles.CLERK, unit_code="610925"),
           roles.User("group3", "督查组丁", roles.GROUP, group_id=3), roles.User("admin", "管理员戊", roles.ADMIN), None]


# every role that may not, each on a kind of its own (every kind): tests/access/test_role_matrix.py takes them all
ROLE_CASES = list(zip([("group_visits", VISIT), ("group_changes", CHANGE), ("group_interviews", INTERVIEW),
                       ("groups", MEMBER), ("tasks", TASK), ("group_visits", VISIT)], MAY_NOT))


@pytest.mark.parametrize("record, who", ROLE_CASES, ids=lambda v: (v.role if isinstance(v, roles.User) else
                                                                   v[0] if isinstance(v, tuple) else "未登录"))
def test_a_role_that_may_not_is_refused_and_nothing_is_written(store, record, who):
    kind, values = record
    before = _digests(store)
    with pytest.raises(ValidationError) as refused:
        kinds.enter(KINDS[kind], store, values, who)
    assert (who.role if who else "未登录") in str(refused.value)
    assert _digests(store) == before


def test_the_same_record_again_adds_nothing(store):
    first = kinds.enter(groups.VISITS_IMPORT, store, {**VISIT, "enterprise": "再次登记测试厂"}, OFFICE)
    assert first.added == 1
    before = _digests(store)
    again = {**VISIT, "enterprise": " 再次登记测试厂　", "hazards_found": 5, "group": "第三组"}  # the import's key: group, day, unit
    with pytest.raises(ValidationError, match="已有同样的督查检查记录.*不重复登记"):
        kinds.enter(groups.VISITS_IMPORT, store, again, OFFICE)
    assert _digests(store) == before


LONG_NAME = "石泉县城关镇" + "某某" * 12 + "综合批发市场有限公司"  # 40 characters


@pytest.mark.parametrize("enterprise, named", [
    # the record as the messages name it: each required value as an import's error table shows a cell
    # (ingest.values.show_value, at most 24 characters here), a typed name's spaces around it not shown
    (LONG_NAME, LONG_NAME[:24] + f"……（共{len(LONG_NAME)}字）"),
    ("　再次登记测试厂二 ", "再次登记测试厂二"),
    ("再次登记测试厂三", "再次登记测试厂三"),
])
def test_the_messages_name_the_record_by_its_required_values(store, enterprise, named):
    first = kinds.enter(groups.VISITS_IMPORT, store, {**VISIT, "enterprise": enterprise}, OFFICE)
    said = f"{G3}，2021-05-03，{named}，工贸"
    assert first.named == said
    with pytest.raises(ValidationError) as refused:
        kinds.enter(groups.VISITS_IMPORT, store, {**VISIT, "enterprise": enterprise}, OFFICE)
    assert f"已有同样的督查检查记录（{said}）" in str(refused.value)


def test_a_record_a_file_brought_is_not_entered_again(store):
    values = {**INTERVIEW, "interview_date": date(2021, 4, 28)}
    run = kinds.run(groups.INTERVIEWS_IMPORT, store, _file(groups.INTERVIEWS_IMPORT, store, values), "约谈.csv", OFFICE)
    assert run.ok and run.added == 1
    before = _digests(store)
    with pytest.raises(ValidationError, match="不重复登记"):
        kinds.enter(groups.INTERVIEWS_IMPORT, store, {**values, "reasons": "另一事由"}, OFFICE)  # one a group a day
    assert _digests(store) == before


def test_an_empty_form_asks_for_the_required_fields(store):
    with pytest.raises(ValidationError) as refused:
        kinds.enter(groups.VISITS_IMPORT, store, {"group": None, "enterprise": " ", "hazards_found": None}, OFFICE)
    assert str(refused.value) == "请填写督查组、检查日期、被检查单位、行业领域"


def test_an_entry_is_undone_like_an_import(demo_db_path, tmp_path):
    store = _copy(demo_db_path, tmp_path / "undo.duckdb")
    try:
        before = _digests(store)
        done = kinds.enter(groups.ROSTER_IMPORT, store, {**MEMBER, "name": "撤销测试"}, OFFICE)
        assert _digests(store)["group_members"] != before["group_members"]
        import_register.undo(store, done.import_id, OFFICE, "登记错了")
        after = _digests(store)
        assert {t for t in after if after[t] != before.get(t)} <= REGISTER
    finally:
        store.close()


def test_the_forms_inputs_as_the_kinds_declare_them(store):
    def shown(kind):
        return [(f.label, f.today, f.offer.new if f.offer else None) for f in kinds.form_fields(kind, store)]

    assert shown(groups.VISITS_IMPORT) == [("督查组（必填）", False, False), ("检查日期（必填）", True, None),
                                           ("被检查单位（必填）", False, None), ("行业领域（必填）", False, None),
                                           ("检查方式", False, None), ("发现隐患数", False, None)]
    assert shown(tasks.TASKS_IMPORT) == [("整治类别（必填）", False, True), ("整治子项（必填）", False, None),
                                         ("牵头部门", False, None), ("配合部门", False, None), ("完成时限", False, None),
                                         ("完成进度", False, None), ("进展情况", False, None)]
    offered = {f.key: f.offer.values for f in kinds.form_fields(groups.ROSTER_IMPORT, store) if f.offer}
    assert list(offered) == ["group"] and len(offered["group"]) == 12 and G3 in offered["group"]
    categories = next(f.offer.values for f in kinds.form_fields(tasks.TASKS_IMPORT, store) if f.offer)
    assert categories[0] == "危险化学品安全专项整治" and len(categories) == 25
    with pytest.raises(ValueError):  # a kind without a form is entered by file only
        kinds.form_fields(groups.VISITS_IMPORT.__class__(**{**groups.VISITS_IMPORT.__dict__, "form": None}), store)


def test_on_an_empty_store_the_first_group_is_typed(tmp_path):
    from dashboard import new_store

    path = tmp_path / "empty.duckdb"
    new_store.create(path)
    store = Store.open(path)
    try:
        (group,) = [f for f in kinds.form_fields(groups.VISITS_IMPORT, store) if f.key == "group"]
        assert group.offer.values == ()  # nothing to pick a visit's group from yet
        member = {"group": "第一组", "unit": "汉滨区", "lead_unit": "市应急管理局", "name": "孔惠", "role": "成员"}
        with pytest.raises(ValidationError, match="新的督查组“第一组”没有组长"):
            kinds.enter(groups.ROSTER_IMPORT, store, member, OFFICE)
        done = kinds.enter(groups.ROSTER_IMPORT, store, {**member, "role": "组长"}, OFFICE)
        assert (done.added, done.replaced) == (1, 0)
        assert store.rows("SELECT id, name, leader, leader_rank FROM groups") == [
            (1, "第一暗访督查组（驻汉滨区）", "孔惠", "副县级")]
        (group,) = [f for f in kinds.form_fields(groups.VISITS_IMPORT, store) if f.key == "group"]
        assert group.offer.values == ("第一暗访督查组（驻汉滨区）",)
    finally:
        store.close()
