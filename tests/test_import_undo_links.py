"""Undo of a whole import against what points at its rows (dashboard/import_register.py): a numbered document
issued after the import about what it wrote refuses the undo, naming its 文号, and every table stays as it was;
a document about something else, or issued before the import, does not, and the undo gives back the store byte
for byte (db.table_digests) as without one; rows the import did not write that point at rows it added (a group's
hazards or visits from a later import, a fire unit's milestones) refuse it too, naming them, until they are undone
first. The real-shaped files (tests/data/import/real/) are imported as an office would, through the machinery the
pages and the CLI share (``ingest.kinds.run``)."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from dashboard import documents as D
from dashboard import duty, groups, import_register, new_store, roles
from dashboard import hazards as hz
from dashboard.__main__ import import_kinds
from dashboard.access import accounts
from dashboard.db import Store, ValidationError, table_digests
from dashboard.ingest import kinds

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "data" / "import" / "real"))
sys.path.insert(0, str(HERE / "duty"))
from duty_cases import LANGAO, MAY3, roster_xlsx  # noqa: E402
from make_real import write_real  # noqa: E402
from make_real_kinds import write_kinds  # noqa: E402

OFFICE = roles.User("office", "陈建华", roles.OFFICE)
REGISTER_TABLES = {"imports", "import_files", "audit_events"}   # what an undo leaves different (the register's own)
DOCUMENT_TABLES = {"documents", "document_versions"}
HAZARDS, GROUP_VISITS, FIRE_UNITS = "r01_第二组_汉阴县_两行表头.xlsx", "g02_督查检查记录_标题组别.xlsx", "f01_重大火灾隐患_旬阳县_标题县区.xlsx"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real")
    return {**write_real(folder), **write_kinds(folder)}


def digests(store):
    return table_digests(store._con)


def _import(store, files, name: str, kind: str, **options) -> kinds.ImportOutcome:
    path = files[name]
    done = kinds.run(import_kinds()[kind], store, path.read_bytes(), path.name, OFFICE, options=options)
    assert done.ok and done.added >= 1, (name, done)
    return done


def _roster(store, files) -> int:
    """岚皋县's duty of 5月3日 (the day it has not reported) imported: the chase notice names these people."""
    data = roster_xlsx([["2021-05-03", "岚皋县", "钱七", "副县长", "13900000003", "孙八", "13900000004", None]])
    return duty.import_roster(store, data, "值班表.xlsx", OFFICE).import_id


def _group_of(store, county: str) -> str:
    return str(store.scalar("SELECT g.id FROM groups g JOIN units u ON u.code = g.unit_code WHERE u.name = ?", [county]))


def _window(store) -> str:
    return D.group_occasion(groups.window(groups.DEFAULT_PERIOD, store.as_of().date(), groups.first_stationed(store)))


def _imported_hazard(store, import_id: int) -> str:
    return store.scalar("SELECT min(entity_id) FROM import_rows WHERE import_id = ? AND entity = 'hazard'", [import_id])


def _listing_of_a_hazard(store, import_id, hid=None):  # the hazard listed first (a step on it), then the notice
    hid = hid or _imported_hazard(store, import_id)
    hz.act(store, hid, hz.A_LIST, {"listing_level": "市级挂牌督办", "listing_unit": "市安委办",
                                   "listing_doc": "安安办督〔2021〕9号"}, OFFICE)
    held = D.for_record(store, D.S_HAZARD, hid)  # the listing may issue its notice itself
    if len(held):
        return D.Issued(held.iloc[0]["number"], int(held.iloc[0]["versions"]), held.iloc[0]["title"], "")
    return D.issue(store, D.K_LISTING, D.S_HAZARD, hid, OFFICE)


def _listing_of_a_fire_unit(store, import_id):  # listed in the file itself: no step on the unit since
    unit = store.scalar("SELECT f.id FROM fire_units f JOIN import_rows r ON r.entity_id = f.id AND r.import_id = ?"
                        " WHERE f.name = '旬阳市城关镇东门综合市场'", [import_id])  # 县级 in the file
    return D.issue(store, D.K_LISTING, D.S_FIRE_UNIT, unit, OFFICE)


def _bulletin(county: str):
    return lambda store, _: D.issue(store, D.K_BULLETIN, D.S_GROUP, _group_of(store, county), OFFICE,
                                    occasion=_window(store))


def _city_bulletin(store, _):
    return D.issue(store, D.K_BULLETIN, D.S_GROUPS, "all", OFFICE, occasion=_window(store))


def _chase(county: str):
    return lambda store, _: D.issue(store, D.K_CHASE, D.S_COUNTY, county, OFFICE, occasion=MAY3.isoformat())


@dataclass(frozen=True)
class DocCase:
    name: str
    file: str | None                     # a real-shaped file (None: 岚皋县's roster of 5月3日)
    kind: str
    document: Callable | None            # (store, import id) -> documents.Issued; None: no document
    refused: bool
    before: bool = False                 # the document issued before the import
    also: str | None = None              # another reason said with the document's


DOC_CASES = [
    DocCase("挂牌督办通知书 of an imported hazard", HAZARDS, "hazards", _listing_of_a_hazard, True,
            also="导入后又有操作：挂牌督办"),
    DocCase("督查通报 of the group that found the hazards", HAZARDS, "hazards", _bulletin("汉阴县"), True),
    DocCase("督查通报 of every group", HAZARDS, "hazards", _city_bulletin, True),
    DocCase("督查通报 of a group whose visits were imported", GROUP_VISITS, "group_visits", _bulletin("汉阴县"), True),
    DocCase("挂牌督办通知书 of a fire unit listed in the file", FIRE_UNITS, "fire_units", _listing_of_a_fire_unit, True),
    DocCase("催报通知 naming the day's imported duty roster", None, "roster", _chase(LANGAO), True),
    DocCase("no document", HAZARDS, "hazards", None, False),
    DocCase("no document (fire units)", FIRE_UNITS, "fire_units", None, False),
    DocCase("督查通报 of another group", HAZARDS, "hazards", _bulletin("宁陕县"), False),
    DocCase("the group's 督查通报 issued before the import", HAZARDS, "hazards", _bulletin("汉阴县"), False, before=True),
    DocCase("催报通知 of another county", None, "roster", _chase("610927"), False),
]


@pytest.mark.parametrize("case", DOC_CASES, ids=[c.name for c in DOC_CASES])
def test_a_document_issued_about_an_import_refuses_its_undo(demo_store, files, case):
    if case.before:
        case.document(demo_store, None)
    before = digests(demo_store)
    import_id = _roster(demo_store, files) if case.file is None else _import(demo_store, files, case.file,
                                                                            case.kind).import_id
    issued = case.document(demo_store, import_id) if case.document and not case.before else None
    at_undo = digests(demo_store)
    if case.refused:
        with pytest.raises(ValidationError) as refused:
            import_register.undo(demo_store, import_id, OFFICE, "导错了文件")
        said = str(refused.value)
        assert f"第 {import_id} 号导入的记录在导入后已印发 {issued.number}（" in said, said
        assert "不能撤销" in said and issued.title not in said, said
        if case.also:
            assert case.also in said, said
        assert digests(demo_store) == at_undo  # nothing written
        assert import_register.get(demo_store, import_id).status == import_register.STATUS_DONE
        return
    import_register.undo(demo_store, import_id, OFFICE, "导错了文件")
    after = digests(demo_store)
    differs = {t for t in before if after[t] != before[t]}
    assert differs <= REGISTER_TABLES | (DOCUMENT_TABLES if issued else set()), differs
    assert {t: after[t] for t in DOCUMENT_TABLES} == {t: at_undo[t] for t in DOCUMENT_TABLES}  # the document stays


def test_a_reissue_after_the_import_counts_as_an_issue(demo_store, files):
    """A document first issued before the import and reissued after it now speaks of the imported records."""
    issued = _bulletin("汉阴县")(demo_store, None)
    import_id = _import(demo_store, files, HAZARDS, "hazards").import_id
    D.reissue(demo_store, issued.number, OFFICE, "更正数字")
    with pytest.raises(ValidationError, match=f"已印发 {issued.number}（督查通报："):
        import_register.undo(demo_store, import_id, OFFICE, "导错了")


def test_the_refusal_names_at_most_ten_documents(demo_store, files):
    import_id = _import(demo_store, files, HAZARDS, "hazards").import_id
    hids = [r[0] for r in demo_store.rows("SELECT entity_id FROM import_rows WHERE import_id = ? AND entity = 'hazard'"
                                          " ORDER BY entity_id", [import_id])]
    numbers = [_listing_of_a_hazard(demo_store, import_id, hid).number for hid in hids]
    today, first = demo_store.as_of().date(), groups.first_stationed(demo_store)
    others = []
    for period in groups.PERIODS:  # the group's and the city's bulletin of every period; another group's
        occasion = D.group_occasion(groups.window(period, today, first))
        numbers += [D.issue(demo_store, D.K_BULLETIN, subject, ident, OFFICE, occasion=occasion).number
                    for subject, ident in ((D.S_GROUP, _group_of(demo_store, "汉阴县")), (D.S_GROUPS, "all"))]
        others.append(D.issue(demo_store, D.K_BULLETIN, D.S_GROUP, _group_of(demo_store, "宁陕县"), OFFICE,
                              occasion=occasion).number)
    with pytest.raises(ValidationError) as refused:
        import_register.undo(demo_store, import_id, OFFICE, "x")
    said = str(refused.value).split("不能撤销")[0]
    assert len(numbers) == 6 + 2 * len(groups.PERIODS) and f"等 {len(numbers)} 份" in said, said
    assert [n for n in numbers if n in said] == numbers[:10], said
    assert not [n for n in others if n in said], said


# -- rows that point at rows the import added ------------------------------------------------------------
def _plans(unit_name: str) -> tuple[str, bytes]:
    book = openpyxl.Workbook()
    book.active.append(["单位名称", "整改节点", "计划完成日期"])
    book.active.append([unit_name, "制定整改方案", "2021-05-31"])
    book.active.append([unit_name, "完成电气线路改造", "2021-06-20"])
    data = io.BytesIO()
    book.save(data)
    return "倒排工期.xlsx", data.getvalue()


@dataclass(frozen=True)
class LinkCase:
    name: str
    first: tuple[str, str, dict]          # (file, kind, options) imported first
    then: tuple[str, str, dict] | None    # a later import pointing at its rows (None: the plans of a unit)
    said: str


LINK_CASES = [
    LinkCase("a group's hazards from a later import", ("g01_督查组名单_分组标题行.xlsx", "groups", {}),
             (HAZARDS, "hazards", {}), "督查组 2 的隐患 6 条"),
    LinkCase("a group's visits from a later import", ("g01_督查组名单_分组标题行.xlsx", "groups", {}),
             (GROUP_VISITS, "group_visits", {}), "督查组 2 的暗访检查记录 5 次"),
    LinkCase("a fire unit's milestones from a later plan", (FIRE_UNITS, "fire_units", {}), None, "的整改节点 2 个"),
]


@pytest.mark.parametrize("case", LINK_CASES, ids=[c.name for c in LINK_CASES])
def test_rows_pointing_at_the_imports_rows_refuse_its_undo_until_undone_first(tmp_path, files, case):
    new_store.create(tmp_path / "empty.duckdb")
    store = Store.open(tmp_path / "empty.duckdb")
    try:
        empty = digests(store)
        first = _import(store, files, case.first[0], case.first[1], **case.first[2]).import_id
        if case.then is None:
            unit = store.scalar("SELECT min(id) FROM fire_units")
            name, data = _plans(store.scalar("SELECT name FROM fire_units WHERE id = ?", [unit]))
            then = kinds.run(import_kinds()["fire_unit_plans"], store, data, name, OFFICE)
            assert then.ok and then.added == 2, then
            said = f"重大火灾隐患单位 {unit} 的整改节点 2 个"
        else:
            then = _import(store, files, case.then[0], case.then[1], **case.then[2])
            said = case.said
        at_undo = digests(store)
        with pytest.raises(ValidationError) as refused:
            import_register.undo(store, first, OFFICE, "导错了")
        assert f"第 {first} 号导入新增的记录已有其他记录指向它们，不能撤销" in str(refused.value), str(refused.value)
        assert said in str(refused.value), str(refused.value)
        assert digests(store) == at_undo
        import_register.undo(store, then.import_id, OFFICE, "先撤销后一次")  # the later import first, then this one
        import_register.undo(store, first, OFFICE, "导错了")
        after = digests(store)
        assert {t for t in empty if after[t] != empty[t]} <= REGISTER_TABLES
    finally:
        store.close()


def test_the_concerns_speak_the_domains_words():
    """_CONCERNS and _REFERENCES name subject types and audit entities as the domains do."""
    from dashboard import fire_units as fu
    from dashboard.duty import _roster
    from dashboard.groups import imports as group_imports

    assert import_register._DOCUMENT_ENTITY == D.ENTITY
    assert (D.S_HAZARD, D.S_FIRE_UNIT, D.S_GROUP, D.S_GROUPS, D.S_COUNTY) == (
        hz.HAZARD_ENTITY, fu.ENTITY, group_imports.ENTITY, "groups", "county")
    assert _roster.ROSTER_ENTITY == "duty_roster" and _roster._ROSTER_ID.startswith("unit_code || '/' ||")


def test_a_photo_on_an_imported_hazard_refuses_its_undo(demo_store, files):
    """Evidence is proof of a step on the record: the step refuses the undo, and so does the photo itself."""
    from datetime import date

    from photos import phone_photo

    from dashboard.lifecycle import EVIDENCE

    import_id = _import(demo_store, files, HAZARDS, "hazards").import_id
    hid = _imported_hazard(demo_store, import_id)
    hz.act(demo_store, hid, hz.A_START, {}, OFFICE)
    hz.act(demo_store, hid, hz.A_SUBMIT, {"completed_date": date(2021, 5, 3), "measures": "已清理通道",
                                         EVIDENCE: [("整改后.jpg", phone_photo())]}, OFFICE)
    at_undo = digests(demo_store)
    with pytest.raises(ValidationError) as refused:
        import_register.undo(demo_store, import_id, OFFICE, "导错了")
    said = str(refused.value)
    assert f"{hid}（导入后又有操作：开始整改、提交整改完成）" in said and f"隐患 {hid} 的佐证材料 1 份" in said, said
    assert digests(demo_store) == at_undo


# -- what points at a group the import added, outside the records (an account, a remembered mapping) ----------
ADMIN = roles.User("admin", "刘晓东", roles.ADMIN)
ROSTER = "g01_督查组名单_分组标题行.xlsx"


def _account(role: str, *, active: bool = True):
    def make(store, files):
        scope = {"group_id": 1} if role == roles.GROUP else {"unit_code": "610902"} if role == roles.CLERK else {}
        accounts.add_user(store, ADMIN, login="zu1", name="王小丽", role=role, password="Group-2021-ok", **scope)
        if not active:
            accounts.set_active(store, ADMIN, "zu1", False, "调离")
        return None
    return make


def _another_role(store, _):  # the account no longer acts for a group
    accounts.edit_user(store, ADMIN, "zu1", name="王小丽", role=roles.LEADER)


def _mapping_remembered(store, files):  # the group's list, a column mapped by hand: remembered for group 2
    path = files[HAZARDS]
    done = kinds.run(import_kinds()["hazards"], store, path.read_bytes(), path.name, OFFICE, mapping={"备注": None})
    assert done.ok and store.rows("SELECT group_id FROM import_mappings") == [(2,)], done
    return done.import_id


def _undo_it(store, later):
    import_register.undo(store, later, OFFICE, "先撤销后一次")


@dataclass(frozen=True)
class GroupLink:
    name: str
    point: Callable                 # (store, files) -> the later import's id or None, after the roster's import
    said: str | None                # in the refusal (None: not refused)
    resolve: Callable | None = None  # (store, later import id): what lets the undo through
    stays: frozenset = frozenset()  # tables the undo leaves different from the empty store, beside the register's


GROUP_LINKS = [
    GroupLink("a 督查组 account for group 1", _account(roles.GROUP), "督查组 1 的督查组账号 1 个", _another_role,
              frozenset({"users"})),
    GroupLink("a 督查组 account switched off (it could be switched on again)", _account(roles.GROUP, active=False),
              "督查组 1 的督查组账号 1 个", _another_role, frozenset({"users"})),
    GroupLink("a 县区填报员 account (no group)", _account(roles.CLERK), None, stays=frozenset({"users"})),
    GroupLink("a mapping a later import remembered for group 2", _mapping_remembered, "督查组 2 的导入列对应 1 条",
              _undo_it),
]


@pytest.mark.parametrize("case", GROUP_LINKS, ids=[c.name for c in GROUP_LINKS])
def test_what_acts_for_a_group_the_import_added_refuses_its_undo(tmp_path, files, case):
    """An empty start: the roster creates 第一组 … (id = the group's number); an account for group 1 left pointing at
    nothing by the undo would act for whatever group a corrected roster numbers 1 next."""
    new_store.create(tmp_path / "empty.duckdb")
    store = Store.open(tmp_path / "empty.duckdb")
    try:
        empty = digests(store)
        first = _import(store, files, ROSTER, "groups").import_id
        later = case.point(store, files)
        if case.said is not None:
            at_undo = digests(store)
            with pytest.raises(ValidationError) as refused:
                import_register.undo(store, first, OFFICE, "导错了")
            said = str(refused.value)
            assert f"第 {first} 号导入新增的记录已有其他记录指向它们，不能撤销" in said and case.said in said, said
            assert digests(store) == at_undo  # nothing written
            case.resolve(store, later)
        import_register.undo(store, first, OFFICE, "导错了")
        after = digests(store)
        assert {t for t in empty if after[t] != empty[t]} <= REGISTER_TABLES | case.stays
        assert store.scalar("SELECT count(*) FROM groups") == 0
    finally:
        store.close()
