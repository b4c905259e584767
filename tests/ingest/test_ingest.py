"""The general import machinery: value parsers as tables, header finding, the file corpus end to end
(without a store: the hazard columns are built from data/units.csv), and the template reopened."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from dashboard import hazards, ingest, vocab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import"))
from make_corpus import EXPECTED, HEADERS, write_biff2, write_corpus  # noqa: E402


@pytest.mark.parametrize("typed, expected", [
    ("2021-04-14", date(2021, 4, 14)),
    ("2021/4/14", date(2021, 4, 14)),
    ("2021年4月14日", date(2021, 4, 14)),
    ("2021年4月14号", date(2021, 4, 14)),
    ("2021.4.14", date(2021, 4, 14)),
    ("20210414", date(2021, 4, 14)),
    (" 2021 - 04 - 14 ", date(2021, 4, 14)),
    ("２０２１－０４－１４", date(2021, 4, 14)),      # full-width digits and dash
    ("2021-04-14 09:30", date(2021, 4, 14)),
    ("2021-04-14 09:30:15", date(2021, 4, 14)),
    (44300, date(2021, 4, 14)),                       # Excel serial number
    (44300.75, date(2021, 4, 14)),                    # serial with a time of day
    ("44300", date(2021, 4, 14)),                     # serial typed as text (CSV)
    (datetime(2021, 4, 14, 8, 0), date(2021, 4, 14)),
    (date(2021, 4, 14), date(2021, 4, 14)),
    ("2020-02-29", date(2020, 2, 29)),               # leap day
])
def test_dates_as_people_type_them(typed, expected):
    assert ingest.parse_date(typed) == expected


@pytest.mark.parametrize("typed, reason", [
    ("2021-13-45", "日期不存在"),
    ("2021-02-29", "日期不存在"),
    ("上周三", "无法识别的日期"),
    ("4/14", "无法识别的日期"),
    (12, "不是有效的Excel日期"),
    (True, "不是日期"),
    ("", "无法识别的日期"),
])
def test_bad_dates_are_refused_with_a_reason(typed, reason):
    with pytest.raises(ValueError, match=reason):
        ingest.parse_date(typed)


@pytest.mark.parametrize("typed, expected", [
    ("1.5", 1.5), ("１．５", 1.5), ("1.5万元", 1.5), ("2万", 2.0), ("1,200", 1200.0), (3, 3.0), (0.25, 0.25),
])
def test_numbers(typed, expected):
    assert ingest.parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["一万", "abc", "nan", True])
def test_bad_numbers(typed):
    with pytest.raises(ValueError):
        ingest.parse_number(typed)


@pytest.mark.parametrize("typed, expected", [
    ("13800000000", "13800000000"), (13800000000.0, "13800000000"), ("0915-3212345", "0915-3212345"),
    ("０９１５－３２１２３４５", "0915-3212345"), ("09153212345", "09153212345"), ("3212345", "3212345"),
])
def test_phones(typed, expected):
    assert ingest.parse_phone(typed) == expected


@pytest.mark.parametrize("typed", ["1380000000", "phone", "23800000000"])
def test_bad_phones(typed):
    with pytest.raises(ValueError, match="电话号码"):
        ingest.parse_phone(typed)


UNIT_FIELD = ingest.Field("unit", "县区", ingest.ENUM, choices=("汉滨区", "旬阳市", "安康高新区"),
                          choice_aliases={"旬阳县": "旬阳市", "高新区": "安康高新区"})


@pytest.mark.parametrize("typed, expected", [
    ("汉滨区", "汉滨区"), (" 汉 滨 区 ", "汉滨区"), ("旬阳县", "旬阳市"), ("高新区", "安康高新区"), ("高新区\u3000", "安康高新区"),
])
def test_enumerations_and_aliases(typed, expected):
    assert ingest.parse_value(UNIT_FIELD, typed) == expected


def test_an_unknown_choice_lists_the_choices():
    with pytest.raises(ValueError, match="可选：汉滨区、旬阳市、安康高新区"):
        ingest.parse_value(UNIT_FIELD, "西安市")


@pytest.mark.parametrize("typed, expected", [
    ("单位名称", "单位名称"), (" 单位 名称 ", "单位名称"), ("单位名称*", "单位名称"), ("单位名称（必填）", "单位名称"),
    ("整改资金（万元）", "整改资金(万元)"),
])
def test_header_normalization(typed, expected):
    assert ingest.normalize_header(typed) == expected


SIMPLE = [ingest.Field("name", "名称", required=True, aliases=("单位",)),
          ingest.Field("day", "日期", ingest.DATE, required=True),
          ingest.Field("n", "数量", ingest.NUMBER)]


def test_header_found_below_title_and_blank_rows_and_row_numbers_are_the_files():
    rows = [["某某清单"], [None, None], [], ["数量", "日 期", "单位", "无关列"], ["3", "2021/4/1", "甲"], [None, None, None],
            ["x", "2021-04-02", "乙"]]
    result = ingest.parse_rows(rows, SIMPLE)
    assert result.header_row == 4
    assert list(result.errors.columns) == list(ingest.ERROR_COLUMNS)
    assert result.errors.values.tolist() == [[7, "数量", "x", "不是数字"]]
    assert result.rows == [{"n": 3.0, "day": date(2021, 4, 1), "name": "甲"}]
    assert result.row_numbers == [5]


def test_missing_required_header_is_one_clear_error():
    with pytest.raises(ingest.ImportFileError, match="缺少必填列：日期"):
        ingest.find_header([["名称", "数量"], ["甲", "1"]], SIMPLE)


def test_required_blank_and_duplicates():
    rows = [["名称", "日期"], ["甲", ""], ["乙", "2021-04-01"], ["乙", "2021年4月1日"]]
    result = ingest.parse_rows(rows, SIMPLE, key=lambda v: (v["name"], v["day"]))
    assert result.errors.values.tolist() == [[2, "日期", "", "必填项为空"], [4, "整行", "", "与第3行重复"]]


def test_progress_is_reported_for_big_files():
    rows = [["名称", "日期"]] + [[f"单位{i}", "2021-04-01"] for i in range(500)]
    seen = []
    result = ingest.parse_rows(rows, SIMPLE, progress=lambda f, text: seen.append(f))
    assert result.ok and len(result.rows) == 500
    assert seen[0] == 0 and seen[-1] == 1.0 and len(seen) > 10 and seen == sorted(seen)


# -- the corpus, parsed with the hazard columns (no store needed) ----------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_outcome(corpus, hazard_fields, name):
    rows, reason, column = EXPECTED[name]
    result = ingest.parse_file(corpus[name].read_bytes(), name, hazard_fields, key=hazards._row_key)
    if reason is None:
        assert result.ok, result.errors.to_string()
        assert len(result.rows) == rows
    else:
        assert not result.ok
        assert all(reason in r for r in result.errors["原因"]), result.errors.to_string()
        if column:
            assert set(result.errors["列"]) == {column}


def test_good_file_values_are_normalized(corpus, hazard_fields):
    result = ingest.parse_file(corpus["good_variants.xlsx"].read_bytes(), "good_variants.xlsx", hazard_fields)
    assert result.header_row == 3                      # title row, blank row, then the variant headers
    first, second, third, fourth = result.rows
    assert first["found_date"] == date(2021, 4, 14)   # Excel serial
    assert first["deadline"] == date(2021, 5, 20)     # 2021/5/20
    assert (second["found_date"], second["unit"], second["sector"], second["level"], second["deadline"]) == (
        date(2021, 4, 15), "旬阳市", "危险化学品", vocab.LEVEL_MAJOR, date(2021, 6, 30))
    assert (third["found_date"], third["unit"], third["treatment"], third["resp_phone"]) == (
        date(2021, 4, 16), "安康高新区", vocab.TREAT_IMMEDIATE, "0915-3212345")
    assert (fourth["unit"], fourth["id"], fourth["funds"], fourth["deadline"]) == (
        "恒口示范区", "YH2021-IMP001", 1.5, date(2021, 5, 31))


def test_legacy_xls_is_read_through_xlrd(tmp_path, hazard_fields):
    path = tmp_path / "legacy.xls"
    write_biff2(path, [HEADERS[:13], ["", 44300, "", "群众举报", "石泉县", "城关镇", "某公司", "", "消防", "楼道", "杂物",
                                      "一般隐患", "即查即改"]])
    result = ingest.parse_file(path.read_bytes(), path.name, hazard_fields)
    assert result.ok, result.errors
    assert result.rows[0]["unit"] == "石泉县" and result.rows[0]["found_date"] == date(2021, 4, 14)


def test_unknown_file_type():
    result = ingest.parse_file(b"data", "list.pdf", SIMPLE)
    assert "不支持的文件类型" in result.errors["原因"][0]


def test_errors_csv_opens_in_excel_as_chinese():
    data = ingest.errors_csv(ingest.error_frame([(2, "发现时间", "上周三", "无法识别的日期")]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["行号,列,值,原因", "2,发现时间,上周三,无法识别的日期"]


def test_template_has_headers_example_dropdowns_and_instructions(hazard_fields):
    data = ingest.template_xlsx(hazard_fields, title="说明", instructions=("第一条",))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["数据", "填写说明", "可选值"]
    sheet = book["数据"]
    headers = [c.value for c in sheet[1]]
    assert headers == [f.header for f in hazard_fields]
    example = {h: c.value for h, c in zip(headers, sheet[2])}
    assert example["县区"] == "汉滨区" and example["行业领域"] == "消防" and example["发现时间"] == datetime(2021, 4, 14)
    lists = {next(iter(dv.sqref.ranges)).coord.split(":")[0].rstrip("0123456789"): dv.formula1
             for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    choices_sheet = book["可选值"]
    enum_fields = [f for f in hazard_fields if f.kind == ingest.ENUM]
    assert len(lists) == len(enum_fields)
    for index, spec in enumerate(hazard_fields):
        if spec.kind != ingest.ENUM:
            continue
        letter = openpyxl.utils.get_column_letter(index + 1)
        assert lists[letter] == f"可选值!${letter}$2:${letter}${len(spec.choices) + 1}"
        listed = [choices_sheet.cell(row=r, column=index + 1).value for r in range(2, len(spec.choices) + 2)]
        assert listed == list(spec.choices)
    unit_choices = [choices_sheet.cell(row=r, column=headers.index("县区") + 1).value for r in range(2, 14)]
    assert unit_choices[0] == "汉滨区" and "恒口示范区" in unit_choices
    guide = [[c.value for c in row] for row in book["填写说明"].iter_rows()]
    assert guide[1][0] == "第一条"
    described = {row[0]: row for row in guide if row and row[0] in headers}
    assert described["发现时间"][1] == "必填" and described["备注"][1] == "选填"
