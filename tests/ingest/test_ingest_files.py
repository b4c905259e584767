"""Hostile and careless files (issue #13 items 3, 4, 5): every unreadable file is a Chinese refusal, never a
traceback; text arrives as written; reading stops at the limits. Parsed with the hazard columns, no store."""

from __future__ import annotations

import io
import random
import zipfile
from itertools import count

import pytest
import xlsxwriter

from dashboard import hazards, ingest
from scripts import malformed_corpus as corpus


def _parse(data: bytes, name: str, fields, limits: ingest.Limits | None = None) -> ingest.ParseResult:
    return ingest.parse_file(data, name, fields, key=hazards._row_key, limits=limits or ingest.Limits())


def _reasons(result: ingest.ParseResult) -> str:
    return " / ".join(str(r) for r in result.errors["原因"])


# -- item 4: every malformed kind of the corpus, every suffix it comes with ------------------------------------
SMALL_KINDS = [(kind, suffix) for kind in corpus.KINDS if not kind.big for suffix in kind.suffixes]


@pytest.mark.parametrize("kind, suffix", SMALL_KINDS, ids=[f"{k.name}{s or '-none'}" for k, s in SMALL_KINDS])
def test_each_malformed_kind_is_refused_with_its_reason(hazard_fields, kind, suffix):
    data = kind.build(random.Random(7))
    result = _parse(data, f"清单{suffix}", hazard_fields)
    assert not result.ok
    reasons = _reasons(result)
    assert any(r in reasons for r in kind.reasons), reasons
    assert "Traceback" not in reasons and "/" not in reasons.replace(" / ", "").replace("2021/4/14", "")  # no path


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_csv_line_endings_cr_lf_crlf_are_all_read(hazard_fields, newline):
    data = corpus._csv(corpus._good(random.Random(1), 3), newline=newline)
    result = _parse(data, "清单.csv", hazard_fields)
    assert result.ok, result.errors
    assert len(result.rows) == 3


def test_a_quoted_cell_keeps_its_line_breaks_whatever_the_file_uses(hazard_fields):
    rows = corpus._good(random.Random(1), 1)
    rows[1][6] = "第一行\r\n第二行"
    result = _parse(corpus._csv(rows, newline="\r"), "清单.csv", hazard_fields)
    assert result.ok, result.errors
    assert result.rows[0]["description"] == "第一行\r\n第二行"  # as typed


def test_a_csv_cell_over_the_field_limit_is_a_refusal_naming_its_line(hazard_fields):
    rows = corpus._good(random.Random(1), 3)
    rows[2][6] = "杂" * 140_000
    result = _parse(corpus._csv(rows), "清单.csv", hazard_fields)
    assert _reasons(result).startswith("CSV 文件第 3 行附近有一个单元格超过 131,072 个字符")


def test_xlsx_with_missing_or_short_shared_strings_is_a_refusal(hazard_fields):
    good = corpus._xlsx(corpus._good(random.Random(1)))
    assert _parse(good, "清单.xlsx", hazard_fields).ok
    for data in (corpus._rezip(good, drop=("xl/sharedStrings.xml",)), corpus.short_shared_strings(random.Random(3))):
        result = _parse(data, "清单.xlsx", hazard_fields)
        assert _reasons(result).startswith("无法读取该 Excel 文件（.xlsx）"), _reasons(result)


def test_an_xlsx_renamed_xls_or_csv_is_read_as_the_xlsx_it_is(hazard_fields):
    data = corpus._xlsx(corpus._good(random.Random(1), 2))
    for name in ("清单.xls", "清单.csv"):
        result = _parse(data, name, hazard_fields)
        assert result.ok and len(result.rows) == 2


def test_utf16_text_from_excel_is_read(hazard_fields):
    data = b"\xff\xfe" + corpus._csv(corpus._good(random.Random(1), 2), encoding="utf-16-le", delimiter="\t")
    result = _parse(data, "清单.txt", hazard_fields)
    assert result.ok, result.errors
    assert len(result.rows) == 2


# -- item 5: text arrives as written --------------------------------------------------------------------------
AS_TYPED = [
    "' OR '1'='1",
    "'引号'开头",
    "a'b'c",
    "含,逗号",
    '含"双引号"',
    "含;分号",
    "Robert'); DROP TABLE hazards;--",
    "<script>alert(1)</script>",
    "**粗体** [点我](http://elsewhere)",
]


@pytest.mark.parametrize("typed", AS_TYPED)
@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_csv_text_is_kept_as_typed(hazard_fields, typed, delimiter):
    rows = corpus._good(random.Random(1), 2)
    rows[1][6] = typed
    rows[2][3] = typed + "单位"
    result = _parse(corpus._csv(rows, delimiter=delimiter), "清单.csv", hazard_fields)
    assert result.ok, result.errors
    assert result.rows[0]["description"] == typed
    assert result.rows[1]["enterprise"] == typed + "单位"


def test_single_quotes_everywhere_do_not_become_the_quote_character(hazard_fields):
    # the file that made csv.Sniffer take ' for the quote: every description quoted with '
    rows = corpus._good(random.Random(1), 3)
    for row in rows[1:]:
        row[6] = f"'{row[6]}' OR '1'='1"
    result = _parse(corpus._csv(rows), "清单.csv", hazard_fields)
    assert result.ok, result.errors
    assert [r["description"] for r in result.rows] == [row[6] for row in rows[1:]]


@pytest.mark.parametrize("second, says", [
    ("隐患描述", "第L列“隐患描述”都是“隐患描述”"),
    ("隐患内容", "第L列“隐患内容”都是“隐患描述”"),
    (" 隐患 描述* ", "都是“隐患描述”"),
])
def test_two_columns_for_one_field_refuse_the_file_naming_them(hazard_fields, second, says):
    rows = corpus._good(random.Random(1), 2)
    data = corpus._xlsx([row + [second if i == 0 else "另一段"] for i, row in enumerate(rows)])
    reasons = _reasons(_parse(data, "清单.xlsx", hazard_fields))
    assert reasons.startswith("表头（第1行）中有多列对应同一项：第G列“隐患描述”、"), reasons
    assert says in reasons


@pytest.mark.parametrize("text, named", [
    ("杂物\x00堆放", "NUL"), ("\x1b[31m红字", "U+001B"), ("响铃\x07", "U+0007"), ("C1\x9b6n", "U+009B"),
])
def test_control_characters_are_refused_naming_them(hazard_fields, text, named):
    rows = corpus._good(random.Random(1), 2)
    rows[2][6] = text
    result = _parse(corpus._csv(rows), "清单.csv", hazard_fields)
    assert result.errors.values.tolist()[0][:2] == [3, "隐患描述"]
    assert f"控制字符（{named}）" in _reasons(result)


def test_a_nul_written_by_excel_as_x0000_is_refused_too(hazard_fields):
    rows = corpus._good(random.Random(1), 1)
    rows[1][6] = "杂物\x00堆放"
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})  # xlsxwriter escapes it as _x0000_, as Excel does
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    assert b"_x0000_" in zipfile.ZipFile(buffer).read("xl/sharedStrings.xml")
    assert "控制字符（NUL）" in _reasons(_parse(buffer.getvalue(), "清单.xlsx", hazard_fields))


@pytest.mark.parametrize("value, reason", [
    ("#REF!", "Excel 错误值（#REF!）"), ("#N/A", "Excel 错误值（#N/A）"), ("#VALUE!", "Excel 错误值"),
])
def test_excel_error_values_are_refused(hazard_fields, value, reason):
    rows = corpus._good(random.Random(1), 1)
    rows[1][3] = value
    assert reason in _reasons(_parse(corpus._xlsx(rows), "清单.xlsx", hazard_fields))


@pytest.mark.parametrize("typed", ["1900-01-01", "1899-12-25", "2200-01-01", "0001-01-01"])
def test_dates_outside_the_excel_years_are_refused(typed):
    with pytest.raises(ValueError, match="日期超出范围"):
        ingest.parse_date(typed)


# -- item 3: the limits, and reading stops at them -------------------------------------------------------------
def _counted(rows):
    """``rows`` as a stream that counts how many were read."""
    seen = count()

    def stream():
        for row in rows:
            next(seen)
            yield row

    return stream(), seen


HEADER = ["名称", "日期"]
SIMPLE = [ingest.Field("name", "名称", required=True), ingest.Field("day", "日期", ingest.DATE, required=True)]


def _endless(valid: bool):
    yield HEADER
    n = 0
    while True:
        n += 1
        yield [f"单位{n}", "2021-04-01" if valid else "上周三"]


def test_reading_stops_at_the_row_cap_and_the_file_is_refused_naming_it():
    stream, seen = _counted(_endless(valid=True))
    with pytest.raises(ingest.ImportFileError, match=r"文件超过 100 行（单次导入上限，设置 import_max_rows）"):
        ingest.parse_rows(stream, SIMPLE, limits=ingest.Limits(max_rows=100))
    assert next(seen) == 102  # the header, 100 rows, and the one over the cap: nothing more was read


def test_exactly_the_row_cap_is_accepted():
    rows = [HEADER] + [[f"单位{n}", "2021-04-01"] for n in range(100)]
    assert len(ingest.parse_rows(rows, SIMPLE, limits=ingest.Limits(max_rows=100)).rows) == 100


def test_checking_stops_at_the_error_cap_with_a_note():
    stream, seen = _counted(_endless(valid=False))
    result = ingest.parse_rows(stream, SIMPLE, limits=ingest.Limits(max_errors=50))
    assert len(result.errors) == 51
    assert result.errors["原因"].iloc[-1] == ("问题已达 50 处（上限，设置 import_max_errors），第 51 行之后未再检查。"
                                            "请先修改以上问题，再重新导入。")
    # header + 50 bad rows, and the rest of the first chunk (rows are checked column by column, a chunk at a time)
    assert next(seen) <= 1 + ingest.FIRST_CHUNK_ROWS + 1


def test_blank_rows_past_the_cap_are_read_to_a_sheets_height_then_refused():
    rows = [HEADER, ["甲", "2021-04-01"]] + [[None, None]] * (10 + ingest.EXCEL_MAX_ROWS + 5)
    assert ingest.parse_rows(rows[:500], SIMPLE, limits=ingest.Limits(max_rows=10)).ok  # trailing blanks are fine
    with pytest.raises(ingest.ImportFileError, match="单次导入上限"):
        ingest.parse_rows(rows, SIMPLE, limits=ingest.Limits(max_rows=10))


def test_a_file_over_the_cap_is_counted_and_refused_before_a_caps_worth_is_checked(monkeypatch, hazard_fields):
    checked = []
    original = ingest.rows.parse_value
    monkeypatch.setattr(ingest.rows, "parse_value", lambda spec, raw: checked.append(raw) or original(spec, raw))
    rows = [corpus.HEADERS] + [corpus._row(n) for n in range(8_000)]
    result = _parse(corpus._csv(rows), "清单.csv", hazard_fields, ingest.Limits(max_rows=5_000))
    assert _reasons(result).startswith("文件超过 5,000 行（单次导入上限")
    assert len(checked) <= ingest.RECOUNT_AFTER * len(corpus.HEADERS)  # 2,000 rows checked, not 5,000


def test_junk_stops_at_the_error_cap_before_any_count(hazard_fields):
    data = corpus.junk_rows_csv(random.Random(1), rows=30_000)
    reasons = _reasons(_parse(data, "清单.csv", hazard_fields, ingest.Limits(max_rows=1_000)))
    assert "问题已达 1,000 处" in reasons


def test_a_file_over_the_size_limit_is_refused_naming_it(hazard_fields):
    result = _parse(b"x" * 2 * 1024 * 1024, "清单.csv", hazard_fields, ingest.Limits(max_mb=1))
    assert _reasons(result).startswith("文件大小 2.0 MB，超过导入上限 1 MB（设置 import_max_mb）")


def test_the_limits_come_from_the_settings(monkeypatch):
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_ROWS", "123")
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_ERRORS", "45")
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_MB", "6")
    assert ingest.Limits.configured() == ingest.Limits(max_mb=6, max_rows=123, max_errors=45)


def test_streamlit_upload_limit_matches_the_import_limit():
    import tomllib

    from dashboard import settings

    config = tomllib.loads((settings.PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == settings.by_name("import_max_mb").default


# -- the CLI prints no escape codes --------------------------------------------------------------------------
@pytest.mark.parametrize("raw, shown", [
    ("\x1b[2J\x1b[31m红字\x1b[0m", "红字"),
    ("\x1b]0;新标题\x07单位", "单位"),
    ("\x1b]8;;http://x\x1b\\点我\x1b]8;;\x1b\\", "点我"),
    ("单位\x9b6n", "单位"),
    ("回车\r覆盖", "回车覆盖"),
    ("退格\x08\x08", "退格"),
    ("制表\t换行\n保留", "制表\t换行\n保留"),
])
def test_printable_strips_terminal_escapes_and_controls(raw, shown):
    assert ingest.printable(raw) == shown


def test_the_cli_error_table_is_printable():
    errors = ingest.error_frame([(2, "隐患描述", "\x1b[31m红\t字\n", "含有不可见的控制字符（U+001B）")])
    assert ingest.errors_text(errors).splitlines() == ["行号\t列\t值\t原因", "2\t隐患描述\t红 字 \t含有不可见的控制字符（U+001B）"]
