"""挂牌督办 with its 挂牌督办通知书 (dashboard/documents/listing.py): 市级 / 县级 listed by the notice issued in the same
transaction (its 文号 the listing's 督办文号; an earlier notice reissued under its 文号), 省级 with the province's 文号
typed and no notice; the notice reopened and its 文号 read back equal to the record's; a refusal after the number was
taken leaves no number used and no document; imports keep their file's 文号."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from dashboard import documents as D
from dashboard import fire_units as fu
from dashboard import clock, hazards, listing, roles, vocab
from dashboard.db import ValidationError
from dashboard.documents import listing as notice_listing
from dashboard.ingest import kinds
from import_page import real  # noqa: F401  (a fixture)
from office_files import gb_document

OFFICE = roles.User("office", "陈建华", roles.OFFICE)
TODAY = date(2021, 5, 3)
PROVINCE_DOC = "陕安委办督〔2021〕12号"
CITY, COUNTY, PROVINCE = vocab.LISTING_CITY, vocab.LISTING_COUNTY, vocab.LISTING_PROVINCE


def _unlisted(store, subject_type: str, n: int = 0) -> str:
    if subject_type == D.S_HAZARD:
        sql = "SELECT id FROM hazards WHERE listing_level = '未挂牌' AND status = '整改中' ORDER BY id"
    else:
        sql = "SELECT id FROM fire_units WHERE listing_level = '未挂牌' AND status <> '已销案摘牌' ORDER BY id"
    return store.rows(sql)[n][0]


def _fields(subject_type: str, level: str) -> dict:
    typed = {listing.TYPED: PROVINCE_DOC} if level == PROVINCE else {}
    if subject_type == D.S_HAZARD:
        return {"listing_level": level, "listing_unit": "省安委办" if level == PROVINCE else "市安委办", **typed}
    return {"listing_level": level, "listing_date": TODAY, **typed}


def _record(store, subject_type: str, record_id: str) -> dict:
    detail = hazards.detail if subject_type == D.S_HAZARD else fu.detail
    return detail(store, record_id, TODAY)


def _number_in_the_file(store, number: str, version: int) -> str:
    """The 文号 line of the notice as issued (the 版头's second paragraph), read back from its .docx."""
    _, data, _ = D.version_file(store, number, version)
    return gb_document(data).paragraphs[1].text


def _texts(store, number: str, version: int) -> str:
    _, data, _ = D.version_file(store, number, version)
    return "\n".join(p.text for p in gb_document(data).paragraphs)


@pytest.mark.parametrize("subject_type", [D.S_HAZARD, D.S_FIRE_UNIT])
@pytest.mark.parametrize("level, noticed_before, issues, version", [
    # level listed now, whether the record had its notice already (from a 县级 / 市级 listing before), then what
    # the listing issues (new: a new 文号; again: the same 文号 reissued; None: nothing, 省级) and the version
    (CITY, False, "new", 1),
    (COUNTY, False, "new", 1),
    (PROVINCE, False, None, None),
    (CITY, True, "again", 2),
    (COUNTY, True, "again", 2),
    (PROVINCE, True, None, 1),
])
def test_a_listing_and_its_notice(demo_store, subject_type, level, noticed_before, issues, version):
    record_id = _unlisted(demo_store, subject_type)
    earlier = None
    if noticed_before:
        first = COUNTY if level == CITY else CITY
        earlier = D.list_with_notice(demo_store, subject_type, record_id, _fields(subject_type, first), OFFICE).number
    before = demo_store.rows("SELECT number FROM documents ORDER BY id")

    done = D.list_with_notice(demo_store, subject_type, record_id, _fields(subject_type, level), OFFICE)

    record = _record(demo_store, subject_type, record_id)
    assert (record["listing_level"], record["listed"], record["listing_doc"]) == (level, True, done.number)
    after = demo_store.rows("SELECT number FROM documents ORDER BY id")
    mine = D.for_record(demo_store, subject_type, record_id)
    if issues is None:  # 省级: the province's 文号, typed; the office's register untouched
        assert done.number == PROVINCE_DOC and done.notice is None and after == before
        assert list(mine["versions"]) == ([version] if noticed_before else [])
        return
    assert done.notice.version == version and done.reissued == (issues == "again")
    if issues == "new":
        assert after == before + [(done.number,)] and done.number == "安安委办督〔2021〕1号"
    else:
        assert after == before and done.number == earlier  # the 文号 kept, a new version
        assert D.versions(demo_store, done.number)["reason"].iloc[-1] == f"督办级别由{COUNTY if level == CITY else CITY}调整为{level}"
    assert list(mine["number"]) == [done.number] and list(mine["versions"]) == [version]
    assert _number_in_the_file(demo_store, done.number, version) == record["listing_doc"]  # reopened: the same 文号
    assert f"已列为{level}" in _texts(demo_store, done.number, version)
    assert done.number not in _texts(demo_store, done.number, version).split("\n", 2)[2]  # never cites itself
    # one transaction: the notice's and the listing's audit lines written together, by the same person
    entity = hazards.HAZARD_ENTITY if subject_type == D.S_HAZARD else fu.ENTITY
    lines = demo_store.rows("SELECT entity, action, actor, happened_at, recorded_at FROM audit_events"
                            " ORDER BY id DESC LIMIT 2")
    assert [(e, a, who) for e, a, who, *_ in lines] == [
        (entity, "挂牌督办", OFFICE.label), (D.ENTITY, D.A_REISSUE if issues == "again" else D.A_ISSUE, OFFICE.label)]
    assert lines[0][3:] == lines[1][3:]


def test_the_province_notice_issued_later_cites_the_provinces_number(demo_store):
    hid = _unlisted(demo_store, D.S_HAZARD)
    D.list_with_notice(demo_store, D.S_HAZARD, hid, _fields(D.S_HAZARD, PROVINCE), OFFICE)
    issued = D.issue(demo_store, D.K_LISTING, D.S_HAZARD, hid, OFFICE)  # the office's own, from the 公文 panel
    assert issued.number == "安安委办督〔2021〕1号"
    assert f"督办文号：{PROVINCE_DOC}" in _texts(demo_store, issued.number, 1)
    assert _record(demo_store, D.S_HAZARD, hid)["listing_doc"] == PROVINCE_DOC  # the listing's 文号 stays the province's


@pytest.mark.parametrize("subject_type, fields, refusal", [
    (D.S_HAZARD, {"listing_level": CITY, "listing_unit": "市安委办", listing.TYPED: "安安办督〔2021〕9号"},
     "请清空“上级督办文号”"),
    (D.S_HAZARD, {"listing_level": PROVINCE, "listing_unit": "省安委办"}, "请填写上级督办文号"),
    (D.S_HAZARD, {"listing_level": CITY, "listing_unit": ""}, "请填写督办单位"),
    (D.S_FIRE_UNIT, {"listing_level": COUNTY, "listing_date": date(2021, 5, 4)}, "挂牌日期不能晚于今天"),
    (D.S_FIRE_UNIT, {"listing_level": vocab.NOT_LISTED, "listing_date": TODAY}, "请选择督办级别"),
    # a 文号 handed in by the caller is not the notice's: dropped, the notice numbers it
    (D.S_HAZARD, {"listing_level": CITY, "listing_unit": "市安委办", listing.ISSUED: "安安办督〔2021〕9号"}, None),
])
def test_a_refused_listing_issues_nothing(demo_store, subject_type, fields, refusal):
    record_id = _unlisted(demo_store, subject_type)
    before = demo_store.rows("SELECT count(*), max(id) FROM audit_events"), demo_store.rows("SELECT * FROM documents")
    if refusal is None:
        done = D.list_with_notice(demo_store, subject_type, record_id, fields, OFFICE)
        assert _record(demo_store, subject_type, record_id)["listing_doc"] == done.number == "安安委办督〔2021〕1号"
        return
    with pytest.raises(ValidationError, match=refusal):
        D.list_with_notice(demo_store, subject_type, record_id, fields, OFFICE)
    assert (demo_store.rows("SELECT count(*), max(id) FROM audit_events"), demo_store.rows("SELECT * FROM documents")) == before


@pytest.mark.parametrize("who", [roles.User("leader", "王建国", roles.LEADER),
                                 roles.User("hanbin", "李娜", roles.CLERK, unit_code="610902")])
def test_who_may_not_list_is_told_so_and_nothing_is_issued(demo_store, who):
    hid = _unlisted(demo_store, D.S_HAZARD)
    with pytest.raises(ValidationError, match="无权执行“挂牌督办”"):
        D.list_with_notice(demo_store, D.S_HAZARD, hid, _fields(D.S_HAZARD, CITY), who)
    assert demo_store.scalar("SELECT count(*) FROM documents") == 0


def test_a_refusal_after_the_number_was_taken_leaves_no_number_used_and_no_document(demo_store):
    """The listing's transaction as list_with_notice writes it (the notice first, then the step): the step refused
    after the notice took its 文号 rolls both back, and the next notice takes that 文号."""
    hid = _unlisted(demo_store, D.S_HAZARD)
    D.list_with_notice(demo_store, D.S_HAZARD, hid, _fields(D.S_HAZARD, CITY), OFFICE)  # 1号, the hazard now 市级
    other = _unlisted(demo_store, D.S_HAZARD, 1)
    content = D.compose(demo_store, D.K_LISTING, D.S_HAZARD, hid, "", demo_store.as_of())
    taken = []

    def write(tx):
        notice = D.issue_in(tx, D.K_LISTING, D.S_HAZARD, other, content, OFFICE)  # numbered: 2号
        taken.append(notice.number)
        hazards.LIFECYCLE.run_in(tx, hid, hazards.A_LIST, {**_fields(D.S_HAZARD, CITY), listing.ISSUED: notice.number},
                                 OFFICE)  # refused: already 市级

    before = demo_store.rows("SELECT count(*) FROM audit_events")
    with pytest.raises(ValidationError, match="该隐患已是市级挂牌督办"):
        demo_store.write(write)
    assert taken == ["安安委办督〔2021〕2号"]
    assert demo_store.rows("SELECT number FROM documents") == [("安安委办督〔2021〕1号",)]
    assert demo_store.rows("SELECT count(*) FROM audit_events") == before
    assert _record(demo_store, D.S_HAZARD, other)["listing_level"] == vocab.NOT_LISTED
    done = D.list_with_notice(demo_store, D.S_HAZARD, other, _fields(D.S_HAZARD, COUNTY), OFFICE)
    assert done.number == "安安委办督〔2021〕2号"  # the number the refusal took back, no gap


def test_listings_and_issues_at_once_take_consecutive_numbers(demo_store):
    """Six listings (each numbering its notice inside its own transaction) and six notices issued from the panel at
    the same moment: twelve distinct numbers, 1 to 12, each listing's 督办文号 its own notice's."""
    to_list = [_unlisted(demo_store, D.S_HAZARD, n) for n in range(6)]
    to_issue = [r[0] for r in demo_store.rows("SELECT id FROM hazards WHERE listing_level <> '未挂牌' AND status <> '已销号'"
                                               " ORDER BY id LIMIT 6")]
    start = threading.Barrier(12)
    errors = []

    def run(job):
        start.wait()
        try:
            job()
        except Exception as exc:  # noqa: BLE001 - every failure fails the test
            errors.append(exc)

    jobs = [lambda h=h: D.list_with_notice(demo_store, D.S_HAZARD, h, _fields(D.S_HAZARD, CITY), OFFICE) for h in to_list]
    jobs += [lambda h=h: D.issue(demo_store, D.K_LISTING, D.S_HAZARD, h, OFFICE) for h in to_issue]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = dict(demo_store.rows("SELECT subject_id, number FROM documents"))
    assert sorted(D.parse_number(n).seq for n in numbers.values()) == list(range(1, 13))
    for hid in to_list:
        assert _record(demo_store, D.S_HAZARD, hid)["listing_doc"] == numbers[hid]


def test_an_imported_listing_keeps_its_files_number(demo_store, real):
    """A county's list with a unit already listed (its 挂牌文号 column): listed outside the app, its 文号 kept as the
    file gives it, no notice issued."""
    name = "f01_重大火灾隐患_旬阳县_标题县区.xlsx"
    done = kinds.run(fu.UNITS_IMPORT, demo_store, (real / name).read_bytes(), name, OFFICE)
    assert done.ok, done.result.errors
    assert demo_store.rows("SELECT listing_level, listing_doc FROM fire_units WHERE name = '旬阳市城关镇东门综合市场'") == [
        (COUNTY, "旬政安办发〔2021〕3号")]
    assert demo_store.scalar("SELECT count(*) FROM documents") == 0


def _changed_by_someone_else(store, subject_type: str, record_id: str, change: str) -> None:
    """What another person does between the notice's composing and the listing's transaction."""
    record = _record(store, subject_type, record_id)
    later = clock.as_date(record["deadline"]) + timedelta(days=30)
    if subject_type == D.S_HAZARD and change == "延期":
        hazards.act(store, record_id, hazards.A_EXTEND, {"new_deadline": later, "reason": "设备到货延迟"}, OFFICE)
    elif subject_type == D.S_HAZARD and change == "开始整改":
        hazards.act(store, record_id, hazards.A_START, {}, OFFICE)
    elif change == "延期":
        fu.act(store, record_id, fu.A_EXTEND, {"new_deadline": later, "reason": "设备供货延迟"}, OFFICE)
    elif change == "更新进度":
        fu.act(store, record_id, fu.A_PROGRESS, {"progress": int(record["progress"] or 0) + 10}, OFFICE)
    elif change != "":
        raise AssertionError(change)


@pytest.mark.parametrize("subject_type, sql, change, refused", [
    # the record, what someone else did in between, whether the listing is refused: refused when the notice
    # composed before would now say something else; a change the notice does not mention lets it through
    (D.S_HAZARD, "status = '整改中' AND level = '一般隐患'", "延期", True),
    (D.S_HAZARD, "status = '待整改' AND level = '一般隐患'", "开始整改", False),
    (D.S_HAZARD, "status = '整改中'", "", False),
    (D.S_FIRE_UNIT, "status = '整改中'", "延期", True),
    (D.S_FIRE_UNIT, "status = '整改中' AND progress < 80", "更新进度", True),
    (D.S_FIRE_UNIT, "status = '整改中'", "", False),
])
def test_a_record_changed_between_the_notice_and_its_transaction_is_refused(demo_store, subject_type, sql, change,
                                                                             refused):
    table = "hazards" if subject_type == D.S_HAZARD else "fire_units"
    record_id = demo_store.rows(f"SELECT id FROM {table} WHERE listing_level = '未挂牌' AND {sql}"
                                f" AND deadline > DATE '2021-05-03' ORDER BY id LIMIT 1")[0][0]
    prepared = notice_listing.prepare(demo_store, subject_type, record_id, _fields(subject_type, CITY), OFFICE)
    _changed_by_someone_else(demo_store, subject_type, record_id, change)
    before = (demo_store.rows("SELECT count(*), max(id) FROM audit_events"), demo_store.rows("SELECT * FROM documents"),
              _record(demo_store, subject_type, record_id))
    if refused:
        with pytest.raises(ValidationError, match=notice_listing.CHANGED):
            demo_store.write(prepared.write)
        assert (demo_store.rows("SELECT count(*), max(id) FROM audit_events"),
                demo_store.rows("SELECT * FROM documents"), _record(demo_store, subject_type, record_id)) == before
        done = D.list_with_notice(demo_store, subject_type, record_id, _fields(subject_type, CITY), OFFICE)  # again
    else:
        done = demo_store.write(prepared.write)
    assert done.number == "安安委办督〔2021〕1号"  # the refusal took no number
    after = _record(demo_store, subject_type, record_id)
    assert (after["listing_level"], after["listing_doc"]) == (CITY, done.number)
    assert f"须于{clock.format_cn_date(clock.as_date(after['deadline']))}前" in _texts(demo_store, done.number, 1)
