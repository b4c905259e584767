"""文号: the format, the sequence (per 代字 and year, gapless, kept on reissue) and concurrent issuing."""

from __future__ import annotations

import threading

import duckdb
import pytest

from dashboard import documents as D
from dashboard import roles
from dashboard.db import ValidationError

LISTED_HAZARDS = ["YH2021-000277"]
ZHANG, LI = roles.system("张三"), roles.system("李四")  # who issues here (who may: tests/access)


@pytest.mark.parametrize("prefix, year, seq, text", [
    ("安安委办督", 2026, 3, "安安委办督〔2026〕3号"),
    ("安安委办督", 2021, 1, "安安委办督〔2021〕1号"),      # no 第, no leading zeros (1 not 01)
    ("安安委办发", 2021, 10, "安安委办发〔2021〕10号"),
    ("安政安办发", 2021, 123, "安政安办发〔2021〕123号"),
    (" 安安委办函 ", 2022, 7, "安安委办函〔2022〕7号"),     # the configured 代字 stripped
])
def test_the_number_is_written_as_gb_9704_wants(prefix, year, seq, text):
    assert D.format_number(prefix, year, seq) == text
    assert D.parse_number(text) == D.DocNumber(prefix.strip(), year, seq)
    assert D.parse_number(text).text == text


@pytest.mark.parametrize("text", ["安安委办督〔2021〕01号", "安安委办督[2021]1号", "安安委办督（2021）1号",
                                  "安安委办督〔21〕1号", "安安委办督〔2021〕第1号", "〔2021〕1号", "安安委办督〔2021〕0号", ""])
def test_what_is_not_a_number_is_not_read_as_one(text):
    assert D.parse_number(text) is None


@pytest.mark.parametrize("prefix", ["", "  ", "安安〔委〕办", "安安 委办", "安安委办2", "[安安]"])
def test_an_unusable_prefix_is_refused_in_chinese(prefix):
    with pytest.raises(ValidationError, match="发文机关代字"):
        D.check_prefix(prefix)


@pytest.mark.parametrize("year, seq", [(2021, 0), (2021, -1), (21, 1)])
def test_impossible_parts_are_refused(year, seq):
    with pytest.raises(ValueError):
        D.format_number("安安委办督", year, seq)


def _listed_fire_units(store):
    board = D.kinds.fu.board(store, store.as_of().date())
    return list(board.loc[board["listed"], "id"])


def _listed_hazards(store):
    return [r[0] for r in store.rows("SELECT id FROM hazards WHERE listing_level <> '未挂牌' AND status <> '已销号'"
                                     " ORDER BY id")]


def test_each_kind_counts_on_its_own_and_a_reissue_keeps_its_number(demo_store):
    hazard, other = _listed_hazards(demo_store)[:2]
    unit = _listed_fire_units(demo_store)[0]
    cases = [  # (kind, subject type, id, occasion) → expected 文号, in order of issue
        (D.K_LISTING, D.S_HAZARD, hazard, "", "安安委办督〔2021〕1号"),
        (D.K_CHASE, D.S_COUNTY, "610925", "2021-05-03", "安安委办电〔2021〕1号"),
        (D.K_LISTING, D.S_FIRE_UNIT, unit, "", "安安委办督〔2021〕2号"),
        (D.K_CHASE, D.S_COUNTY, "610927", "2021-05-03", "安安委办电〔2021〕2号"),
    ]
    for kind, subject_type, subject_id, occasion, number in cases:
        assert D.issue(demo_store, kind, subject_type, subject_id, ZHANG, occasion=occasion).number == number
    again = D.reissue(demo_store, "安安委办督〔2021〕1号", LI, "整改期限延期")
    assert (again.number, again.version) == ("安安委办督〔2021〕1号", 2)
    # the reissue took no number: the next listing is 3
    assert D.issue(demo_store, D.K_LISTING, D.S_HAZARD, other, ZHANG).number == "安安委办督〔2021〕3号"
    assert list(D.versions(demo_store, "安安委办督〔2021〕1号")["issued_by"]) == ["张三（系统）", "李四（系统）"]


def test_a_new_year_starts_at_one(demo_store, monkeypatch):
    hazard, other = _listed_hazards(demo_store)[:2]
    assert D.issue(demo_store, D.K_LISTING, D.S_HAZARD, hazard, ZHANG).number == "安安委办督〔2021〕1号"
    monkeypatch.setenv("DASHBOARD_AS_OF", "2022-01-04 09:00")
    assert D.issue(demo_store, D.K_LISTING, D.S_HAZARD, other, ZHANG).number == "安安委办督〔2022〕1号"
    # a reissue in the new year keeps the old year's number
    assert D.reissue(demo_store, "安安委办督〔2021〕1号", ZHANG, "补发").number == "安安委办督〔2021〕1号"


def test_kinds_sharing_a_prefix_share_its_sequence(demo_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DOC_PREFIX_CHASE", "安安委办督")
    hazard = _listed_hazards(demo_store)[0]
    assert D.issue(demo_store, D.K_LISTING, D.S_HAZARD, hazard, ZHANG).number == "安安委办督〔2021〕1号"
    assert D.issue(demo_store, D.K_CHASE, D.S_COUNTY, "610925", ZHANG,
                   occasion="2021-05-03").number == "安安委办督〔2021〕2号"


@pytest.mark.parametrize("kind, subject_type, subject_id, occasion, refusal", [
    (D.K_LISTING, D.S_HAZARD, "YH2021-000038", "", "尚未挂牌督办"),           # not listed
    (D.K_LISTING, D.S_HAZARD, "YH2099-000001", "", "找不到隐患"),
    (D.K_LISTING, D.S_FIRE_UNIT, "ZDHZ-10", "", "尚未挂牌督办"),
    (D.K_CHASE, D.S_COUNTY, "610902", "2021-05-03", "没有缺报"),                # 汉滨区 reported every day
    (D.K_CHASE, D.S_COUNTY, "610925", "2021-04-20", "不在任何值班时段"),
    (D.K_INTERVIEW, D.S_GROUP, "1", "进驻以来|2021-01-04|2021-05-03", "未列为建议约谈"),
    (D.K_CHASE, D.S_HAZARD, "YH2021-000277", "", "不适用"),
])
def test_a_record_that_does_not_call_for_the_document_is_refused_and_takes_no_number(
        demo_store, kind, subject_type, subject_id, occasion, refusal):
    with pytest.raises(ValidationError, match=refusal):
        D.issue(demo_store, kind, subject_type, subject_id, ZHANG, occasion=occasion)
    assert demo_store.scalar("SELECT count(*) FROM documents") == 0
    hazard = _listed_hazards(demo_store)[0]
    assert D.issue(demo_store, D.K_LISTING, D.S_HAZARD, hazard, ZHANG).number.endswith("〔2021〕1号")


def test_a_second_issue_of_the_same_document_is_refused_pointing_to_the_reissue(demo_store):
    hazard = _listed_hazards(demo_store)[0]
    D.issue(demo_store, D.K_LISTING, D.S_HAZARD, hazard, ZHANG)
    with pytest.raises(ValidationError, match="已有挂牌督办通知书（安安委办督〔2021〕1号），如需修改请“重新印发”"):
        D.issue(demo_store, D.K_LISTING, D.S_HAZARD, hazard, LI)
    for actor, reason, refusal in (("张三", "x", "未登录"), (ZHANG, " ", "原因")):  # a typed name is not a user
        with pytest.raises(ValidationError, match=refusal):
            D.reissue(demo_store, "安安委办督〔2021〕1号", actor, reason)
    assert demo_store.scalar("SELECT count(*) FROM document_versions") == 1


def test_the_register_refuses_a_number_twice_whoever_writes_it(demo_store):
    hazard = _listed_hazards(demo_store)[0]
    D.issue(demo_store, D.K_LISTING, D.S_HAZARD, hazard, ZHANG)
    cur = demo_store._con.cursor()
    with pytest.raises(duckdb.ConstraintException):
        cur.execute("INSERT INTO documents (id, kind, prefix, year, seq, number, subject_type, subject_id, title,"
                    " first_issued_at) SELECT 99, kind, prefix, year, seq, number || 'x', 'hazard', 'other', title,"
                    " first_issued_at FROM documents")  # the same (prefix, year, seq)


def test_concurrent_issues_get_distinct_consecutive_numbers(demo_store):
    subjects = [(D.S_HAZARD, h) for h in _listed_hazards(demo_store)] + \
               [(D.S_FIRE_UNIT, u) for u in _listed_fire_units(demo_store)]
    assert len(subjects) >= 12
    start = threading.Barrier(len(subjects))
    numbers, errors = [], []

    def issue(subject_type, subject_id):
        start.wait()
        try:
            clerk = roles.system(f"科员{subject_id}")
            numbers.append(D.issue(demo_store, D.K_LISTING, subject_type, subject_id, clerk).number)
        except Exception as exc:  # noqa: BLE001 - every failure is a test failure, counted below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=s) for s in subjects]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(D.parse_number(n).seq for n in numbers) == list(range(1, len(subjects) + 1))
    assert demo_store.rows("SELECT count(DISTINCT number), count(*) FROM documents") == [(len(subjects), len(subjects))]
    # each document is the one its thread issued
    issued_by = dict(demo_store.rows("SELECT d.subject_id, v.issued_by FROM documents d JOIN document_versions v"
                                     " ON v.document_id = d.id"))
    assert issued_by == {s: f"科员{s}（系统）" for _, s in subjects}


def test_a_backup_restores_the_register_and_every_file_byte_for_byte(demo_store, tmp_path):
    from dashboard import backup
    from dashboard.db import Store

    hazard = _listed_hazards(demo_store)[0]
    number = D.issue(demo_store, D.K_LISTING, D.S_HAZARD, hazard, ZHANG).number
    D.reissue(demo_store, number, LI, "更正")
    files = [D.version_file(demo_store, number, v)[1] for v in (1, 2)]
    made = backup.take(demo_store, tmp_path / "backups", evidence=None)
    restored = backup.restore(made.path, tmp_path / "restored.duckdb", live=demo_store.path)
    assert restored.tables == demo_store.scalar(  # every table of the store (whatever the migrations add)
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal"
        " AND database_name = current_database()") > 20
    copy = Store.open(restored.out)
    try:
        assert [D.version_file(copy, number, v)[1] for v in (1, 2)] == files
        assert D.issue(copy, D.K_LISTING, D.S_HAZARD, _listed_hazards(copy)[1], ZHANG).number.endswith("〔2021〕2号")
    finally:
        copy.close()
