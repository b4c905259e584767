"""The rules that read a group's own list, as tables of cases: a header by meaning (ingest.headers), a header
on two lines, dates with 前 / 之前 / 底 and without a year, footer lines, the title's group and county, the
治理类型 rule, and the python-calamine reader's formula and error cells."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from dashboard import hazards, ingest, units, vocab


@pytest.mark.parametrize("typed, key, how", [
    ("单位名称", "enterprise", ingest.HOW_EXACT),
    ("被检查单位名称", "enterprise", ingest.HOW_ALIAS),
    ("被检查的单位名称", "enterprise", ingest.HOW_CONTAINS),          # contains 单位名称
    ("隐患问题描述", "description", ingest.HOW_ALIAS),
    ("主要隐患问题描述", "description", ingest.HOW_CONTAINS),
    ("整改时限", "deadline", ingest.HOW_ALIAS),
    ("检查时间", "found_date", ingest.HOW_ALIAS),
    ("单 位 名 称", "enterprise", ingest.HOW_EXACT),                  # WPS spacing
    ("隐患\n描述", "description", ingest.HOW_EXACT),                  # a line break inside the header cell
    ("ＵＮＩＴ单位名称", "enterprise", ingest.HOW_CONTAINS),            # full width
    ("发现时间（年月日）", "found_date", ingest.HOW_EXACT),            # a bracketed hint
    ("整改期限：", "deadline", ingest.HOW_EXACT),                     # a trailing colon
    ("整改资金（万元）", "funds", ingest.HOW_EXACT),          # NFKC: the header itself
    ("隐患等级*", "level", ingest.HOW_EXACT),
    ("序号", None, ingest.HOW_IGNORED),                              # a row counter is not the hazard number
    ("情况说明", None, ingest.HOW_UNKNOWN),
    ("检查单位", None, ingest.HOW_UNKNOWN),                          # who inspected: not the inspected unit
    ("单位名称/隐患部位", None, ingest.HOW_AMBIGUOUS),                 # two fields in one header
])
def test_headers_by_meaning(hazard_fields, typed, key, how):
    found, found_how, candidates = ingest.match_header(ingest.header_text(typed), hazard_fields)
    assert (found, found_how) == (key, how)
    if how == ingest.HOW_AMBIGUOUS:
        assert set(candidates) == {"enterprise", "location"}


@pytest.mark.parametrize("mapping, key", [
    ({"情况说明": "备注"}, "remark"),
    ({"情况说明": None}, None),
    ({" 情况 说明 ": "忽略"}, None),
    ({"单位名称": "隐患部位"}, "location"),  # a hand-made mapping wins over the name itself
])
def test_a_mapping_by_hand_wins(hazard_fields, mapping, key):
    header = next(iter(mapping)).strip().replace(" ", "")
    assert ingest.match_header(header, hazard_fields, mapping)[:2] == (key, ingest.HOW_MANUAL)


def test_a_header_on_two_lines_under_a_merged_cell(hazard_fields):
    rows = [["某某组隐患清单"], ["序号", "单位名称", "隐患描述", "整改情况", None, "检查时间"],
            [None, None, None, "整改措施", "整改时限", None], [1, "甲公司", "杂物", "清理", "2021-05-01", "2021-04-20"]]
    layout = ingest.read_layout(rows, hazard_fields)
    assert (layout.header_index, layout.lines) == (2, 2)
    assert layout.mapped() == {"enterprise": 1, "description": 2, "measures": 3, "deadline": 4, "found_date": 5}
    assert layout.above == ["某某组隐患清单"]


def test_a_title_over_the_header_is_not_a_second_header_line(hazard_fields):
    rows = [["岚皋县第六组隐患清单"], ["单位名称", "隐患描述", "发现时间"], ["甲", "杂物", "2021-04-20"]]
    layout = ingest.read_layout(rows, hazard_fields)
    assert (layout.header_index, layout.lines, layout.above) == (1, 1, ["岚皋县第六组隐患清单"])


@pytest.mark.parametrize("typed, expected", [
    ("2021年5月28日前", date(2021, 5, 28)),
    ("2021年5月28日之前", date(2021, 5, 28)),
    ("2021-05-28以前", date(2021, 5, 28)),
    ("2021.5.28止", date(2021, 5, 28)),
    ("2021年5月底", date(2021, 5, 31)),
    ("2021年2月底前", date(2021, 2, 28)),
    ("2020年2月底", date(2020, 2, 29)),
    ("2021年12月底", date(2021, 12, 31)),
    ("2021年5月28日　", date(2021, 5, 28)),       # a trailing full-width space
])
def test_deadlines_as_groups_write_them(typed, expected):
    assert ingest.parse_date(typed) == expected


@pytest.mark.parametrize("typed, found, expected", [
    ("5月底", date(2021, 4, 20), date(2021, 5, 31)),
    ("5月28日前", date(2021, 4, 20), date(2021, 5, 28)),
    ("1月底", date(2021, 12, 10), date(2022, 1, 31)),    # the first such day on or after the find
    ("4月20日", date(2021, 4, 20), date(2021, 4, 20)),
])
def test_a_deadline_without_its_year_takes_the_finds(typed, found, expected):
    partial = ingest.parse_date(typed, partial=True)
    assert isinstance(partial, ingest.PartialDate) and partial.on_or_after(found) == expected


@pytest.mark.parametrize("typed, reason", [
    ("5月底", "日期缺少年份"),           # without partial: no year to take
    ("2021年2月30日前", "日期不存在"),
    ("13月底", "日期不存在"),
    ("4/14", "无法识别的日期"),
])
def test_dates_that_stay_refused(typed, reason):
    with pytest.raises(ValueError, match=reason):
        ingest.parse_date(typed)


@pytest.mark.parametrize("row, footer", [
    (["合计", None, "共 6 条"], True),
    (["合计：6条"], True),
    ([None, "总计"], True),
    (["填表人：王小明", None, "审核人：李建国"], True),
    (["审核人：赵六"], True),
    (["制表：办公室"], True),
    (["制表日期：2021年5月3日"], True),
    (["注：本表由各乡镇汇总填报。"], True),
    (["填报单位：紫阳县安委办"], True),
    ([1, "合计商贸有限公司", "杂物"], False),   # a number first: a record
    (["注塑车间", "杂物"], False),             # 注 without a colon is a word
    (["安康市某某公司", "合计"], False),
])
def test_footer_lines(row, footer):
    assert (ingest.footer_reason(row) is not None) == footer


def test_footers_blank_and_serial_only_rows_are_skipped_not_errors():
    spec = [ingest.Field("name", "名称", required=True), ingest.Field("day", "日期", ingest.DATE, required=True)]
    rows = [["序号", "名称", "日期"], [1, "甲", "2021-04-01"], [], [2, "乙", "2021-04-02"], [3], [4],
            ["合计", "2条"], ["填表人：张三"]]
    result = ingest.parse_rows(rows, spec, limits=ingest.Limits())
    assert result.ok and [r["name"] for r in result.rows] == ["甲", "乙"]
    assert [n for n, _ in result.skipped] == [7, 8]


@pytest.fixture(scope="module")
def group_frame():
    frame = units.read_units_csv()
    return pd.DataFrame({"id": range(1, 13), "unit_code": frame["code"],
                         "name": [f"第{n}暗访督查组（驻{u}）" for n, u in zip(
                             ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"), frame["name"])]})


@pytest.mark.parametrize("title, group, unit", [
    ("安康市安全生产进驻式暗访督查第二组隐患问题清单（汉阴县）", "第二暗访督查组（驻汉阴县）", "汉阴县"),
    ("第十组隐患问题清单（白河县）", "第十暗访督查组（驻白河县）", "白河县"),
    ("第十二组隐患清单（恒口示范区）", "第十二暗访督查组（驻恒口示范区）", "恒口示范区"),
    ("第3督查组隐患清单", "第三暗访督查组（驻石泉县）", None),
    ("旬阳县隐患排查台账", None, "旬阳市"),                # the old name
    ("安康高新区第十一组隐患清单", "第十一暗访督查组（驻安康高新区）", "安康高新区"),
    ("隐患清单（2021年4月）", None, None),
])
def test_the_title_names_group_and_county(group_frame, title, group, unit):
    frame = units.read_units_csv()
    aliases = {units.normalize(a): code for code, name, al in zip(frame["code"], frame["name"], frame["aliases"])
               for a in [name, *al]}
    facts = hazards.title_facts([title], group_frame, aliases, dict(zip(frame["code"], frame["name"])))
    assert facts.get("group", (None,))[0] == group and facts.get("unit", (None,))[0] == unit


@pytest.mark.parametrize("typed, expected", [
    ("第四组", "第四暗访督查组（驻宁陕县）"), ("4", "第四暗访督查组（驻宁陕县）"), ("第4督查组", "第四暗访督查组（驻宁陕县）"),
    ("第十一暗访督查组", "第十一暗访督查组（驻安康高新区）"), ("宁陕县", "第四暗访督查组（驻宁陕县）"), ("第十三组", None),
])
def test_a_group_as_people_name_it(group_frame, typed, expected):
    assert hazards.resolve_group(group_frame, typed) == expected


# 治理类型 by the rule, through a whole import (deadline cell, measures, level)
_HEAD = ["单位名称", "隐患描述", "行业领域", "隐患等级", "发现时间", "整改期限", "整改措施"]


@pytest.mark.parametrize("level, deadline, measures, treatment, reason", [
    ("一般隐患", "2021-05-20", "清理杂物", vocab.TREAT_DEADLINE, None),
    ("一般隐患", "立即整改", None, vocab.TREAT_IMMEDIATE, None),
    ("一般隐患", "当场", None, vocab.TREAT_IMMEDIATE, None),
    ("一般隐患", None, "已当场整改", vocab.TREAT_IMMEDIATE, None),
    ("一般隐患", "2021-05-20", "现场整改完毕", vocab.TREAT_IMMEDIATE, None),   # 立即/当场 wins
    ("一般隐患", None, "清理杂物", None, "无法判断是即查即改还是限期整改"),
    ("重大隐患", "立即整改", None, None, "重大隐患不能按即查即改处理"),
    ("重大隐患", "2021-06-30", None, vocab.TREAT_DEADLINE, None),
])
def test_treatment_inferred_by_the_rule(demo_store, level, deadline, measures, treatment, reason):
    rows = [["汉滨区第一组隐患清单"], _HEAD, ["规则测试有限公司", "安全出口锁闭", "消防", level, "2021-04-20", deadline, measures]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = hazards.parse_import(demo_store, buffer.getvalue(), "规则.xlsx")
    if reason:
        assert not result.ok and reason in result.errors["原因"].iloc[0]
    else:
        assert result.ok, result.errors.to_string()
        assert result.rows[0]["treatment"] == treatment
        if treatment == vocab.TREAT_IMMEDIATE and deadline in ("立即整改", "当场"):
            assert result.rows[0]["deadline"] is None


def test_calamine_reader_gives_formulas_and_error_cells_for_refusal():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"] = "名称", "=1+1", "#REF!", datetime(2021, 4, 14)
    sheet["D2"].data_type = "e"
    buffer = io.BytesIO()
    book.save(buffer)
    rows = list(ingest.open_sheet(buffer.getvalue(), "a.xlsx").rows)
    assert rows[1][:5] == [None, "名称", ingest.Formula("=1+1"), "#REF!", date(2021, 4, 14)]
