"""The hazard rules as tables of cases, run as the SQL they are (DuckDB in memory): overdue (a deadline today is
not overdue, yesterday is, a closed hazard never), open and listed at a period's end, the rate inputs, the
derived columns; and every lifecycle refusal, word for word."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from dashboard import vocab
from dashboard.hazards import lifecycle as lc
from dashboard.hazards import rules

TODAY = date(2021, 5, 3)
DAY = timedelta(days=1)
P, IP, AR, RF, CL = (vocab.ST_PENDING, vocab.ST_IN_PROGRESS, vocab.ST_AWAITING_REVIEW, vocab.ST_REVIEW_FAILED,
                     vocab.ST_CLOSED)
COLUMNS = ("id", "status", "found_date", "deadline", "original_deadline", "closed_date", "listing_level",
           "listing_date", "level", "reopened_on")
BASE = {"id": "YH1", "status": IP, "found_date": date(2021, 4, 1), "deadline": TODAY, "original_deadline": TODAY,
        "closed_date": None, "listing_level": vocab.NOT_LISTED, "listing_date": None, "level": vocab.LEVEL_GENERAL,
        "reopened_on": None}


def holds(condition: rules.Condition, **row) -> bool:
    """Whether ``condition`` holds for one hazard row (the other columns from BASE), evaluated by DuckDB over the
    FROM item the rules name for it (never reopened here: tests/hazards/test_reopen_rounds.py has the rounds)."""
    values = {**BASE, **row}
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE hazards (id VARCHAR, status VARCHAR, found_date DATE, deadline DATE,"
                    " original_deadline DATE, closed_date DATE, listing_level VARCHAR, listing_date DATE, level VARCHAR,"
                    " reopened_on DATE)")
        con.execute("CREATE TABLE hazard_reopenings (hazard_id VARCHAR, seq INTEGER, closed_date DATE,"
                    " deadline_before DATE, reopened_on DATE)")
        con.execute(f"INSERT INTO hazards VALUES ({', '.join('?' for _ in COLUMNS)})", [values[c] for c in COLUMNS])
        source, source_params = rules.source(condition)
        sql, params = condition.on("h.")
        return bool(con.execute(f"SELECT count(*) FROM {source} h WHERE {sql}", [*source_params, *params]).fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize("status, deadline, expected", [
    (IP, TODAY, False),             # due today: not overdue yet
    (IP, TODAY - DAY, True),        # due yesterday: overdue
    (IP, TODAY + DAY, False),
    (P, TODAY - 30 * DAY, True),
    (AR, TODAY - DAY, True),        # waiting for review is still open
    (RF, TODAY - DAY, True),
    (CL, TODAY - DAY, False),       # closed: never overdue
    (CL, TODAY - 365 * DAY, False),
    (IP, None, False),              # no deadline: nothing to be late for
])
def test_overdue_now(status, deadline, expected):
    assert holds(rules.overdue(TODAY), status=status, deadline=deadline) is expected


END = date(2021, 4, 30)


@pytest.mark.parametrize("row, expected", [
    ({"deadline": END}, False),                                               # due on the last day: not yet
    ({"deadline": END - DAY}, True),
    ({"deadline": END - DAY, "closed_date": END, "status": CL}, False),       # closed on the last day
    ({"deadline": END - DAY, "closed_date": END + DAY, "status": CL}, True),  # closed only after the end
    ({"deadline": END - DAY, "found_date": END + DAY}, False),                # found after the end
    ({"deadline": END - 9 * DAY, "found_date": END - 10 * DAY}, True),
])
def test_overdue_at_a_period_end(row, expected):
    assert holds(rules.overdue(END, rules.open_at(END)), **row) is expected


@pytest.mark.parametrize("row, expected", [
    ({"found_date": END}, True),
    ({"found_date": END + DAY}, False),
    ({"closed_date": END, "status": CL}, False),
    ({"closed_date": END + DAY, "status": CL}, True),
])
def test_open_at(row, expected):
    assert holds(rules.open_at(END), **row) is expected


@pytest.mark.parametrize("row, expected", [
    ({"closed_date": END, "status": CL}, True),
    ({"closed_date": END + DAY, "status": CL}, False),
    ({"closed_date": None}, False),
])
def test_closed_by(row, expected):
    assert holds(rules.closed_by(END), **row) is expected


@pytest.mark.parametrize("row, end, expected", [
    ({"listing_level": vocab.LISTING_CITY}, None, True),
    ({"listing_level": vocab.NOT_LISTED}, None, False),
    ({"listing_level": vocab.LISTING_CITY, "listing_date": END}, END, True),
    ({"listing_level": vocab.LISTING_CITY, "listing_date": END + DAY}, END, False),   # listed after the end
    ({"listing_level": vocab.LISTING_COUNTY, "listing_date": None}, END, True),       # no date: counts
])
def test_listed(row, end, expected):
    assert holds(rules.listed(end), **row) is expected


@pytest.mark.parametrize("row, due, in_time", [
    ({"deadline": END - DAY, "closed_date": None}, True, False),
    ({"deadline": END - DAY, "closed_date": END - DAY, "status": CL}, True, True),
    ({"deadline": END - DAY, "closed_date": END, "status": CL}, True, False),     # closed late
    ({"deadline": END, "closed_date": None}, False, False),                       # due today, open: not judged yet
    ({"deadline": END, "closed_date": END, "status": CL}, True, True),            # due today and closed
    ({"deadline": END + DAY, "closed_date": END, "status": CL}, False, False),    # closed early, not due yet
    ({"deadline": END - DAY, "found_date": END + DAY}, False, False),             # found after the end
])
def test_due_and_closed_in_time(row, due, in_time):
    assert holds(rules.due_by(END), **row) is due
    assert holds(rules.closed_in_time(END), **row) is in_time


@pytest.mark.parametrize("row, expected", [
    ({"original_deadline": TODAY}, False),
    ({"original_deadline": TODAY - 10 * DAY}, True),
    ({"original_deadline": None}, False),
])
def test_extended(row, expected):
    assert holds(rules.extended(), **row) is expected


def test_conditions_carry_their_description_and_combine():
    both = rules.both(rules.open_now(), rules.major())
    assert both.description == "未销号，重大隐患"
    assert both.on("")[0] == "((status <> ?) AND (level = ?))" and both.params == (CL, vocab.LEVEL_MAJOR)
    assert "整改期限当日不算逾期" in rules.overdue(TODAY).description


# -- the lifecycle's refusals, word for word ------------------------------------------------------------
FOUND = date(2021, 4, 1)
H = {"status": IP, "treatment": vocab.TREAT_DEADLINE, "level": vocab.LEVEL_GENERAL, "found_date": FOUND,
     "deadline": date(2021, 5, 10), "completed_date": None, "listing_level": vocab.NOT_LISTED}
REVIEW = {"verifier": "王五", "verified_date": TODAY}

REFUSALS = [
    # the status (and the treatment) first
    (lc.A_START, {"status": IP}, {}, "隐患状态为“整改中”，不能开始整改（允许的状态：待整改、复核不通过）"),
    (lc.A_START, {"status": CL}, {}, "隐患已销号，不能再开始整改"),
    (lc.A_SUBMIT, {"status": P}, {}, "隐患状态为“待整改”，不能提交整改完成（允许的状态：整改中）"),
    (lc.A_REVIEW_PASS, {"status": IP}, REVIEW, "隐患状态为“整改中”，尚未提交整改完成，不能复核"),
    (lc.A_REVIEW_FAIL, {"status": P}, REVIEW, "隐患状态为“待整改”，尚未提交整改完成，不能复核"),
    (lc.A_IMMEDIATE, {"status": P}, REVIEW,
     "只有治理类型为“即查即改”的隐患才能一步复核销号；限期整改须经提交整改完成和复核"),
    (lc.A_EXTEND, {"status": AR}, {}, "隐患状态为“整改完成待复核”，不能延期（允许的状态：待整改、整改中、复核不通过）"),
    (lc.A_LIST, {"status": CL}, {}, "隐患已销号，不能再挂牌督办"),
    (lc.A_ENFORCE, {"status": CL}, {}, "隐患已销号，不能再执法措施"),
    ("拆除", {}, {}, "未知的操作“拆除”"),
    # 提交整改完成
    (lc.A_SUBMIT, {}, {"measures": "x"}, "请填写整改完成日期"),
    (lc.A_SUBMIT, {}, {"completed_date": TODAY + DAY, "measures": "x"}, "整改完成日期 2021-05-04 不能晚于今天（2021-05-03）"),
    (lc.A_SUBMIT, {}, {"completed_date": FOUND - DAY, "measures": "x"}, "整改完成日期 2021-03-31 不能早于发现日期 2021-04-01"),
    (lc.A_SUBMIT, {}, {"completed_date": TODAY, "measures": "\u3000"}, "请填写采取的整改措施"),
    (lc.A_SUBMIT, {}, {"completed_date": TODAY, "measures": "x", "funds": -1}, "整改资金不能为负数"),
    # 复核合格 / 复核不通过
    (lc.A_REVIEW_PASS, {"status": AR}, {"verified_date": TODAY}, "请填写复查验收人"),
    (lc.A_REVIEW_PASS, {"status": AR}, {"verifier": "王五"}, "请填写复查日期"),
    (lc.A_REVIEW_PASS, {"status": AR}, {**REVIEW, "verified_date": TODAY + DAY}, "复查日期 2021-05-04 不能晚于今天（2021-05-03）"),
    (lc.A_REVIEW_PASS, {"status": AR, "completed_date": TODAY}, {**REVIEW, "verified_date": TODAY - DAY},
     "复查日期 2021-05-02 不能早于整改完成日期 2021-05-03"),
    (lc.A_REVIEW_PASS, {"status": AR}, {**REVIEW, "verified_date": FOUND - DAY}, "复查日期 2021-03-31 不能早于发现日期 2021-04-01"),
    (lc.A_REVIEW_FAIL, {"status": AR}, REVIEW, "复核不合格须写明原因"),
    # 即查即改销号: the completion first, then the verification
    (lc.A_IMMEDIATE, {"status": P, "treatment": vocab.TREAT_IMMEDIATE}, {"verifier": "王五"}, "请填写整改完成日期"),
    (lc.A_IMMEDIATE, {"status": P, "treatment": vocab.TREAT_IMMEDIATE}, {**REVIEW, "completed_date": TODAY + DAY},
     "整改完成日期 2021-05-04 不能晚于今天（2021-05-03）"),
    (lc.A_IMMEDIATE, {"status": P, "treatment": vocab.TREAT_IMMEDIATE}, {"verified_date": TODAY}, "请填写复查验收人"),
    # 延期
    (lc.A_EXTEND, {}, {"new_deadline": date(2021, 6, 1)}, "延期须写明原因"),
    (lc.A_EXTEND, {}, {"reason": "x"}, "请填写新的整改期限"),
    (lc.A_EXTEND, {}, {"reason": "x", "new_deadline": date(2021, 5, 10)}, "新的整改期限 2021-05-10 必须晚于当前期限 2021-05-10"),
    (lc.A_EXTEND, {"deadline": None}, {"reason": "x", "new_deadline": FOUND - DAY}, "整改期限 2021-03-31 不能早于发现日期 2021-04-01"),
    (lc.A_EXTEND, {"deadline": date(2021, 4, 20)}, {"reason": "x", "new_deadline": date(2021, 5, 1)},
     "新的整改期限 2021-05-01 已经过去（今天 2021-05-03）"),
    (lc.A_EXTEND, {"level": vocab.LEVEL_MAJOR}, {"reason": "x", "new_deadline": date(2021, 6, 1)},
     "重大隐患延期须填写审批情况（批准单位及文号）"),
    # 挂牌督办
    (lc.A_LIST, {}, {"listing_level": vocab.NOT_LISTED}, "请选择督办级别"),
    (lc.A_LIST, {"listing_level": vocab.LISTING_CITY}, {"listing_level": vocab.LISTING_CITY}, "该隐患已是市级挂牌督办"),
    (lc.A_LIST, {}, {"listing_level": vocab.LISTING_CITY, "listing_doc": "d"}, "请填写督办单位"),
    (lc.A_LIST, {}, {"listing_level": vocab.LISTING_CITY, "listing_unit": "u"},
     "市级挂牌督办须同时印发挂牌督办通知书，文号由通知书编号（请在记录的“处理”中办理挂牌督办）"),
    (lc.A_LIST, {}, {"listing_level": vocab.LISTING_PROVINCE, "listing_unit": "u"},
     "省级挂牌督办请填写上级督办文号（按省级督办文件填写，如 陕安委办督〔2021〕12号）"),
    # 执法措施
    (lc.A_ENFORCE, {}, {"measure": "批评教育"}, "请选择执法措施（停产整顿、关闭取缔、上限处罚、责令限期整改）"),
    # 复查发现反弹 (回头看): only a 已销号 hazard, with what came back and a deadline still to come
    (lc.A_REOPEN, {"status": IP}, {}, "隐患状态为“整改中”，不能复查发现反弹（允许的状态：已销号）"),
    (lc.A_REOPEN, {"status": CL}, {"new_deadline": date(2021, 6, 1)}, "复查发现反弹须写明反弹情况"),
    (lc.A_REOPEN, {"status": CL}, {"reason": "堵塞通道又堆放杂物"}, "请填写新的整改期限"),
    (lc.A_REOPEN, {"status": CL}, {"reason": "x", "new_deadline": TODAY - DAY},
     "新的整改期限 2021-05-02 已经过去（今天 2021-05-03）"),
    (lc.A_REOPEN, {"status": CL, "closed_date": TODAY + DAY}, {"reason": "x", "new_deadline": TODAY + 9 * DAY},
     "今天（2021-05-03）早于该隐患的销号日期 2021-05-04，不能复查发现反弹"),  # a round ends after it began
    # 书面移交: to the county government, 市安委办 or both, once each, not before the find nor after today
    (lc.A_HANDOVER, {}, {"handed_on": TODAY}, "请选择移交对象（县区政府、市安委办或两者）"),
    (lc.A_HANDOVER, {}, {"recipient": lc.TO_BOTH}, "请填写书面移交日期"),
    (lc.A_HANDOVER, {}, {"recipient": lc.TO_CITY, "handed_on": TODAY + DAY}, "书面移交日期不能晚于今天"),
    (lc.A_HANDOVER, {}, {"recipient": lc.TO_COUNTY, "handed_on": FOUND - DAY}, "书面移交日期不能早于发现时间 2021-04-01"),
    (lc.A_HANDOVER, {"handed_county_on": FOUND}, {"recipient": lc.TO_COUNTY, "handed_on": TODAY},
     "已于 2021-04-01 书面移交县区政府"),
    (lc.A_HANDOVER, {"handed_county_on": FOUND, "handed_city_on": TODAY}, {"recipient": lc.TO_CITY, "handed_on": TODAY},
     "该隐患已书面移交县区政府和市安委办"),
    (lc.A_HANDOVER, {"handed_county_on": FOUND}, {"recipient": lc.TO_BOTH, "handed_on": TODAY}, None),  # the city's
]


@pytest.mark.parametrize("action, hazard, fields, reason", REFUSALS)
def test_every_refusal_word_for_word(action, hazard, fields, reason):
    assert lc.check(action, {**H, **hazard}, fields, TODAY) == reason


def test_every_action_has_a_refusal_case_and_a_form():
    assert {case[0] for case in REFUSALS} >= set(lc.ACTIONS)
    for action in lc.LIFECYCLE.actions:
        assert action.from_statuses and all(s in vocab.HAZARD_STATUSES for s in action.from_statuses)
        keys = [spec.key for spec in action.inputs]
        assert len(keys) == len(set(keys)), action.name


@pytest.mark.parametrize("action, status, treatment, expected", [
    (lc.A_START, P, vocab.TREAT_DEADLINE, [lc.A_START, lc.A_EXTEND, lc.A_LIST, lc.A_ENFORCE, lc.A_HANDOVER]),
    (lc.A_IMMEDIATE, P, vocab.TREAT_IMMEDIATE, [lc.A_START, lc.A_IMMEDIATE, lc.A_EXTEND, lc.A_LIST, lc.A_ENFORCE,
                                                lc.A_HANDOVER]),
    (lc.A_REVIEW_PASS, AR, vocab.TREAT_DEADLINE, [lc.A_REVIEW_PASS, lc.A_REVIEW_FAIL, lc.A_LIST, lc.A_ENFORCE,
                                                  lc.A_HANDOVER]),
    (lc.A_REVIEW_FAIL, AR, vocab.TREAT_IMMEDIATE,
     [lc.A_REVIEW_PASS, lc.A_REVIEW_FAIL, lc.A_IMMEDIATE, lc.A_LIST, lc.A_ENFORCE, lc.A_HANDOVER]),
])
def test_the_page_offers_the_allowed_actions_as_separate_steps(action, status, treatment, expected):
    assert lc.available_actions({"status": status, "treatment": treatment}) == expected


def test_the_forms_prefill_from_the_record():
    record = {**H, "measures": "清理杂物", "funds": 0.5, "deadline": date(2021, 5, 10), "level": vocab.LEVEL_MAJOR}
    submit = lc.LIFECYCLE.action(lc.A_SUBMIT)
    assert {s.key: s.default_of(record, TODAY) for s in submit.inputs} == {
        "completed_date": TODAY, "measures": "清理杂物", "funds": 0.5}
    extend = lc.LIFECYCLE.action(lc.A_EXTEND)
    assert extend.help_of(record, TODAY) == "当前整改期限：2021-05-10；原整改期限保留在历史记录中。"
    assert [s.label_of(record) for s in extend.inputs][-1] == "审批情况（重大隐患必填：批准单位及文号）"
    assert [s.label_of({**record, "level": vocab.LEVEL_GENERAL}) for s in extend.inputs][-1] == "审批情况（选填）"
    listing = lc.LIFECYCLE.action(lc.A_LIST).inputs[0]
    assert listing.choices_of(record)[listing.choice_index] == vocab.LISTING_CITY
