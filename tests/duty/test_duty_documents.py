"""The 值班日报 (summary paragraph, Word, Excel) and the board as Excel, opened back."""

import io
from datetime import date

import openpyxl
from docx import Document

from dashboard import duty
from duty_cases import AS_OF, LANGAO, MAY1, MAY2, MAY3

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

def test_daily_docx_opened_back(demo_store):
    period = duty.period(demo_store, "2021-labour-day")
    figures = duty.day_figures(demo_store, MAY3, AS_OF)
    rows = duty.daily_rows(demo_store, MAY3, AS_OF)
    document = Document(io.BytesIO(duty.daily_docx(figures, rows, period, leader="王建国", officer="李明")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "安康市“五一”假期安全生产值班日报"
    assert "第3期" in texts
    assert "安康市安全生产委员会办公室　　　　2021年5月3日" in texts
    assert any(t.startswith("5月3日（假期第3天），应报送值班信息12个县区，已报送8个") for t in texts)
    assert any("带班领导：王建国　　值班员：李明" in t for t in texts)
    assert any("平利县城关镇某茶叶加工企业发生机械伤害事故" in t for t in texts)
    title_run = document.paragraphs[0].runs[0]
    assert title_run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "黑体"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(duty.UNIT_HEADERS)
    assert len(table.rows) == 13
    by_unit = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert by_unit["岚皋县"][2] == "缺报" and by_unit["紫阳县"][2] == "迟报25分钟"
    assert by_unit["宁陕县"][4] == "零报告"
    roster = duty.roster_entry(demo_store, LANGAO, MAY3)
    assert by_unit["岚皋县"][6].startswith(roster["leader"])          # from the roster when not reported

def test_daily_and_board_xlsx_opened_back(demo_store):
    period = duty.period(demo_store, "2021-labour-day")
    figures = duty.day_figures(demo_store, MAY3, AS_OF)
    book = openpyxl.load_workbook(io.BytesIO(duty.daily_xlsx(figures, duty.daily_rows(demo_store, MAY3, AS_OF), period)))
    sheet = book.active
    assert sheet["A1"].value == "安康市“五一”假期安全生产值班日报（2021年5月3日）"
    assert sheet["A2"].value.startswith("5月3日（假期第3天）")
    assert [c.value for c in sheet[3]] == list(duty.UNIT_HEADERS)
    assert sheet.max_row == 3 + 12
    texts, _ = duty.board_matrix(duty.board(demo_store, MAY1, date(2021, 5, 5), AS_OF), MAY3)
    book = openpyxl.load_workbook(io.BytesIO(duty.board_xlsx(texts, period=period, as_of=AS_OF)))
    sheet = book.active
    assert [c.value for c in sheet[3]][:4] == ["县区", "05-01 周六", "05-02 周日", "05-03 周一（今日）"]
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=4)}
    assert rows["岚皋县"][3] == "缺报·超1小时" and rows["白河县"][1] == "零报告·迟报2小时5分钟"
    assert "16:00" in sheet["A2"].value
