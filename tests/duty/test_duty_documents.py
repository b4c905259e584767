"""The 值班日报 (summary paragraph, Word, Excel) and the board as Excel, opened back."""

from datetime import date

import pytest
from docx.shared import Pt

from dashboard import duty
from duty_cases import AS_OF, LANGAO, MAY1, MAY2, MAY3
from office_files import (east_asian_font, gb_document, office_sheet, pdf_of, pdf_pages, properties_in_schema_order,
                          sheet_table, soffice, workbook)

# -- documents ---------------------------------------------------------------------------------------------
def test_summary_text(demo_store):
    period = duty.period(demo_store, "2021-labour-day")
    text = duty.summary_text(duty.day_figures(demo_store, MAY3, AS_OF), period)
    assert text.startswith("5月3日（假期第3天），应报送值班信息12个县区，已报送8个，其中按时报送7个、迟报1个（紫阳县）")
    assert "零报告2个（汉阴县、宁陕县）" in text
    assert "缺报）4个：岚皋县、镇坪县、白河县、恒口示范区" in text
    assert "事故（事件）2起（一般事故1起、未造成伤亡和损失的险情1起），共造成0人死亡、1人受伤（其中重伤1人）" in text
    assert "当前生效预警2条：暴雨黄色预警(三级)、地质灾害蓝色预警(四级)" in text
    assert "重要事项：汉滨区瀛湖景区游船加强安全检查" in text
    may2 = duty.summary_text(duty.day_figures(demo_store, MAY2, AS_OF), period)
    assert "较大事故1起" in may2 and "3人死亡" in may2

def _form(document) -> dict[str, str]:
    """The 日报's form rows (label -> text) and its units' grid (unit -> cells)."""
    (table,) = document.tables
    form, grid = {}, {}
    for row in table.rows:
        cells = list(dict.fromkeys(c._tc for c in row.cells))  # merged cells once
        texts = [c.text for c in row.cells]
        if len(cells) == 2:
            form[texts[0]] = texts[-1]
        elif len(cells) == len(duty.DOCX_HEADERS) and texts[0].isdigit():
            grid[texts[1]] = texts
        elif len(cells) == len(duty.DOCX_HEADERS):
            form["表头"] = texts
        else:
            form.setdefault("通栏", []).append(texts[0])
    return form, grid


def test_daily_docx_opened_back(demo_store):
    period = duty.period(demo_store, "2021-labour-day")
    figures = duty.day_figures(demo_store, MAY3, AS_OF)
    rows = duty.daily_rows(demo_store, MAY3, AS_OF)
    data = duty.daily_docx(figures, rows, period, leader="王建国", officer="李明")
    document = gb_document(data)  # A4, GB/T 9704 margins, 仿宋_GB2312 三号, "— 1 —" page numbers
    assert properties_in_schema_order(data) == []
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == ["安康市“五一”假期安全生产值班日报", "第3期", "安康市安全生产委员会办公室\t2021年5月3日"]
    title_run = document.paragraphs[0].runs[0]
    assert east_asian_font(title_run) == "方正小标宋简体" and title_run.font.size == Pt(22)
    form, grid = _form(document)
    assert form["总体情况"].startswith("5月3日（假期第3天），应报送值班信息12个县区，已报送8个")
    assert "平利县城关镇某茶叶加工企业发生机械伤害事故" in form["事故（事件）"]
    assert form["预警信息"].startswith("1. 市气象局发布暴雨黄色预警")
    assert form["重要事项"] == "汉滨区：瀛湖景区游船加强安全检查"
    assert form["通栏"] == ["各县区报送情况", "带班领导：王建国　　值班员：李明　　数据截至：2021-05-03 17:00"]
    assert form["表头"] == list(duty.DOCX_HEADERS)
    assert len(grid) == 12
    assert grid["岚皋县"][2] == "缺报" and grid["紫阳县"][2] == "迟报25分钟" and grid["紫阳县"][3] == "16:25"
    assert grid["宁陕县"][4] == "零报告"
    roster = duty.roster_entry(demo_store, LANGAO, MAY3)
    assert grid["岚皋县"][5].startswith(roster["leader"])          # from the roster when not reported
    assert grid["岚皋县"][6].endswith(roster["officer_phone"])
    label = next(r for r in document.tables[0].rows if r.cells[0].text == "总体情况")
    assert east_asian_font(label.cells[0].paragraphs[0].runs[0]) == "黑体"
    assert label.cells[-1].paragraphs[0].runs[0].font.size == Pt(10.5)  # 五号 in the form


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed: make test installs it")
@pytest.mark.parametrize("day", [MAY1, MAY2, MAY3])
def test_the_daily_report_is_one_a4_page(demo_store, tmp_path, day):
    """Laid out by LibreOffice, each holiday day's 日报 of the demo is one A4 page (the demo day: May 3)."""
    period = duty.period(demo_store, "2021-labour-day")
    data = duty.daily_docx(duty.day_figures(demo_store, day, AS_OF), duty.daily_rows(demo_store, day, AS_OF), period,
                           leader="王建国", officer="李明")
    pages = pdf_pages(pdf_of(data, tmp_path))
    assert len(pages) == 1 and abs(pages[0][0] - 595.3) < 1 and abs(pages[0][1] - 841.9) < 1


def test_daily_and_board_xlsx_opened_back(demo_store):
    period = duty.period(demo_store, "2021-labour-day")
    figures = duty.day_figures(demo_store, MAY3, AS_OF)
    sheet = workbook(duty.daily_xlsx(figures, duty.daily_rows(demo_store, MAY3, AS_OF), period)).active
    office_sheet(sheet, title="安康市“五一”假期安全生产值班日报（2021年5月3日）", made_at="2021年5月3日 17:00")
    assert sheet["A2"].value.startswith("5月3日（假期第3天）")
    headers, rows = sheet_table(sheet)
    assert headers == list(duty.UNIT_HEADERS) and len(rows) == 12
    texts, _ = duty.board_matrix(duty.board(demo_store, MAY1, date(2021, 5, 5), AS_OF), MAY3)
    sheet = workbook(duty.board_xlsx(texts, period=period, as_of=AS_OF)).active
    office_sheet(sheet, title=f"安康市{period['name']}值班信息报送情况", made_at="2021年5月3日 17:00")
    headers, rows = sheet_table(sheet)
    assert headers[:5] == ["序号", "县区", "05-01 周六", "05-02 周日", "05-03 周一（今日）"]
    rows = {r[1]: r[1:] for r in rows}
    assert rows["岚皋县"][3] == "缺报·超1小时" and rows["白河县"][1] == "零报告·迟报2小时5分钟"
    assert "16:00" in sheet["A2"].value
    scoped = workbook(duty.board_xlsx(texts.loc[["旬阳市"]], period=period, as_of=AS_OF, scope_label="旬阳市")).active
    assert scoped["A1"].value == f"安康市{period['name']}值班信息报送情况（旬阳市）"
