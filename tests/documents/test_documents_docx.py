"""Each kind of numbered document reopened (python-docx): the GB/T 9704 layout, 版头 with the 文号, title, 主送, the
facts from the store, the 要求 with a deadline, 署名 and 成文日期, 版记; and the file kept exactly as issued."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.shared import Pt

from dashboard import documents as D
from dashboard import duty, groups, hazards, roles
from dashboard import fire_units as fu
from office_files import east_asian_font, gb_document, pdf_of, pdf_pages, properties_in_schema_order, soffice

OFFICE = "安康市安全生产委员会办公室"
A4 = (595.3, 841.9)


def _issued(store, kind, subject_type, subject_id, occasion=""):
    done = D.issue(store, kind, subject_type, subject_id, roles.system("张科长"), occasion=occasion)
    name, data, content = D.version_file(store, done.number, 1)
    assert name == done.file_name and name.endswith("_20210503.docx") and name.startswith(done.number)
    return done.number, data


def _parts(data: bytes) -> dict:
    document = gb_document(data)
    assert properties_in_schema_order(data) == []
    texts = [p.text for p in document.paragraphs]
    filled = [t for t in texts if t.strip()]
    mast = document.paragraphs[0]
    assert mast.text == OFFICE + "文件" and east_asian_font(mast.runs[0]) == "方正小标宋简体"
    assert str(mast.runs[0].font.color.rgb) == "C00000"                      # 发文机关标志 in red
    number_line = document.paragraphs[1]
    assert number_line.alignment == 1 and "w:bottom" in number_line._p.pPr.xml.replace("<w:bottom", "w:bottom")
    title = next(p for p in document.paragraphs[2:] if p.text.strip())
    assert east_asian_font(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    addressee = filled[3]
    assert addressee.endswith("：")
    sign_at = max(i for i, t in enumerate(filled) if t == OFFICE)
    return {"number": number_line.text, "title": title.text, "addressee": addressee[:-1],
            "body": "".join(filled[4:sign_at]), "signed": filled[sign_at:sign_at + 2],
            "imprint": filled[sign_at + 2:], "document": document}


def test_the_hazard_listing_notice(demo_store):
    today = demo_store.as_of().date()
    h = hazards.detail(demo_store, "YH2021-000277", today)
    number, data = _issued(demo_store, D.K_LISTING, D.S_HAZARD, "YH2021-000277")
    p = _parts(data)
    assert p["number"] == number == "安安委办督〔2021〕1号"
    assert p["title"] == f"关于对{h['enterprise']}重大事故隐患实行挂牌督办的通知"
    assert p["addressee"] == f"{h['unit']}人民政府"                          # 平利县人民政府
    for fact in (h["description"], h["location"], "YH2021-000277", h["listing_level"], "2021年7月27日前整改完毕",
                 "距整改期限还有85天", h["resp_person"], f"{h['funds']:g}万元", h["interim_measures"]):
        assert fact in p["body"], fact
    assert "一、落实整改责任。" in p["body"] and "五、按时报告进展。" in p["body"]
    assert "2021年5月18日前将整改方案报送市安委办" in p["body"]               # 10 working days after 5月3日 (May Day)
    assert p["signed"] == [OFFICE, "2021年5月3日"]
    assert p["imprint"] == [f"抄送：市安委会有关成员单位，{h['resp_unit']}。", f"{OFFICE}\t2021年5月3日印发"]
    lead = next(par for par in p["document"].paragraphs if par.text.startswith("一、"))
    assert east_asian_font(lead.runs[0]) == "黑体" and east_asian_font(lead.runs[1]) == "仿宋_GB2312"


def test_the_fire_unit_listing_notice(demo_store):
    today = demo_store.as_of().date()
    u = fu.detail(demo_store, "ZDHZ-01", today)
    number, data = _issued(demo_store, D.K_LISTING, D.S_FIRE_UNIT, "ZDHZ-01")
    p = _parts(data)
    assert p["title"] == f"关于对{u['name']}重大火灾隐患实行挂牌督办的通知"
    assert p["addressee"] == f"汉滨区人民政府，{u['name']}"                   # the county and the unit
    for fact in (u["description"], u["address"], u["clauses"], "GB 35181-2017", u["resp_person"],
                 u["supervising_dept"], u["fire_brigade"], f"整改进度{int(u['progress'])}%"):
        assert fact in p["body"], fact
    assert p["imprint"][0] == f"抄送：{u['supervising_dept']}，{u['fire_brigade']}。"


def test_a_zone_is_addressed_through_its_management_committee(demo_store):
    _, data = _issued(demo_store, D.K_LISTING, D.S_FIRE_UNIT, "ZDHZ-04")  # 安康高新区
    assert _parts(data)["addressee"].startswith("安康高新区管委会，")


def _window(store):
    return groups.window(groups.DEFAULT_PERIOD, store.as_of().date(), groups.first_stationed(store))


def test_the_group_bulletin_and_the_interview_notice(demo_store):
    w = _window(demo_store)
    row = groups.evaluation(demo_store, w).set_index("group_id").loc[4]
    _, data = _issued(demo_store, D.K_BULLETIN, D.S_GROUP, "4", D.group_occasion(w))
    p = _parts(data)
    assert p["title"] == f"关于{row['group']}进驻以来督查工作情况的通报"
    assert p["addressee"] == f"宁陕县人民政府，{row['group']}"
    for fact in (f"暗访检查{row['visits']}次", f"检查企业{row['enterprises']}家", f"发现隐患{row['hazards']}条",
                 f"重大隐患{row['major']}条", row["reason_text"], "2021年1月4日至2021年5月3日", "列为建议约谈"):
        assert fact in p["body"], fact

    number, data = _issued(demo_store, D.K_INTERVIEW, D.S_GROUP, "4", D.group_occasion(w))
    p = _parts(data)
    assert number == "安安委办函〔2021〕1号"
    assert p["title"] == f"关于约谈{row['group']}组长的通知" and p["addressee"] == row["lead_unit"]
    for fact in (row["reason_text"], f"组长{row['leader']}", "2021年5月8日上午9时", "市安委办会议室"):
        assert fact in p["body"], fact                                       # 3 working days after 5月3日: 5月6日, 7日 and the make-up Saturday 8日
    assert p["imprint"][0] == "抄送：宁陕县人民政府。"


def test_the_period_bulletin_has_every_group_in_its_table(demo_store):
    w = _window(demo_store)
    _, data = _issued(demo_store, D.K_BULLETIN, D.S_GROUPS, "all", D.group_occasion(w))
    p = _parts(data)
    assert p["addressee"] == "各县（市、区）人民政府，安康高新区、恒口示范区管委会，各暗访督查组"
    (table,) = Document(io.BytesIO(data)).tables
    frame = groups.evaluation(demo_store, w)
    assert len(table.rows) == 1 + len(frame)
    assert sum(r.cells[-1].text == "建议约谈" for r in table.rows) == int(frame["interview"].sum())


def test_the_chase_notice_names_the_missing_days(demo_store):
    as_of = demo_store.as_of()
    cells = duty.cells_between(demo_store, as_of.date().replace(day=1), as_of.date(), as_of, "610925")
    missing = [d for d, s in zip(cells["day"], cells["state"]) if s == duty.S_MISSING]
    assert missing  # 岚皋县 has not reported on 5月3日
    _, data = _issued(demo_store, D.K_CHASE, D.S_COUNTY, "610925", "2021-05-03")
    p = _parts(data)
    assert p["title"] == "关于催报2021年“五一”假期值班信息的通知" and p["addressee"] == "岚皋县人民政府"
    days = "、".join(f"{d.month}月{d.day}日" for d in missing)
    assert f"你县{days}的值班信息未报送（缺报{len(missing)}次）" in p["body"]
    assert "每日16:00前" in p["body"] and "请于2021年5月3日 19:00前补报" in p["body"]
    people = duty.chase_list(demo_store, as_of.date(), as_of, ("610925",)).iloc[0]  # the roster's, for that day
    assert (f"当日带班领导{people['leader']}（{people['leader_title']}），值班人员{people['officer']}，"
            f"值班电话{people['duty_phone']}。") in p["body"]
    assert p["imprint"] == [f"{OFFICE}\t2021年5月3日印发"]                  # no 抄送


def test_every_version_is_kept_exactly_as_issued(demo_store, monkeypatch):
    number, first = _issued(demo_store, D.K_LISTING, D.S_HAZARD, "YH2021-000277")
    monkeypatch.setenv("DASHBOARD_OFFICE_NAME", "安康市安全生产委员会办公室（新）")
    D.reissue(demo_store, number, roles.system("李四"), "更正")
    assert D.version_file(demo_store, number, 1)[1] == first                 # byte for byte, whatever changed since
    second = D.version_file(demo_store, number, 2)[1]
    assert second != first and "（新）文件" in Document(io.BytesIO(second)).paragraphs[0].text
    assert D.parse_number(Document(io.BytesIO(second)).paragraphs[1].text).seq == 1


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed: make test installs it")
def test_laid_out_by_libreoffice_a_notice_is_two_a4_pages(demo_store, tmp_path):
    _, data = _issued(demo_store, D.K_LISTING, D.S_HAZARD, "YH2021-000277")
    pages = pdf_pages(pdf_of(data, tmp_path))
    assert len(pages) == 2 and all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in pages)


@pytest.mark.parametrize("name, start, end, words", [
    ("进驻以来", "2021-01-04", "2021-05-03", "进驻以来"),
    ("本月", "2021-05-01", "2021-05-03", "2021年5月"),
    ("本季度", "2021-04-01", "2021-05-03", "2021年第二季度"),
    ("本季度", "2021-10-01", "2021-12-31", "2021年第四季度"),
    ("本年", "2021-01-01", "2021-05-03", "2021年"),
])
def test_a_document_names_its_period_as_it_will_still_read_later(name, start, end, words):
    w = D.window_of(f"{name}|{start}|{end}")
    assert D.group_occasion(w) == f"{name}|{start}|{end}"
    assert D.kinds._period_name(w) == words


@pytest.mark.parametrize("handover_rate", ["0.9", "0.99"])  # 99%: some groups fall short twice
def test_an_interview_numbers_the_problems_only_when_there_are_several(demo_store, monkeypatch, handover_rate):
    monkeypatch.setenv("DASHBOARD_INTERVIEW_MIN_HANDOVER_RATE", handover_rate)
    w = _window(demo_store)
    frame = groups.evaluation(demo_store, w)
    assert (frame["reasons"].map(len) > 1).any() == (handover_rate == "0.99")
    for r in frame[frame["interview"]].itertuples():
        body = D.compose(demo_store, D.K_INTERVIEW, D.S_GROUP, str(r.group_id), D.group_occasion(w),
                         demo_store.as_of()).opening[0]
        if len(r.reasons) > 1:
            assert "存在以下问题：（一）" in body and "（二）" in body
        else:
            assert f"存在问题：{r.reasons[0]}。" in body and "（一）" not in body


@pytest.mark.parametrize("organ, dated, organ_right, date_right", [
    # widths in characters: a digit is half (Times New Roman), 年月日 one each
    ("安康市安全生产委员会办公室", "2021年5月3日", 2, 7),   # 13 and 6: the organ 右空二字, the date under it 2 in
    ("安康市安委会办公室", "2021年12月31日", 2, 2),          # 9 and 7: both 2 from the right
    ("市安委办", "2021年12月31日", 7, 2),                    # the date longer: it sits 右空二字, the organ moves left
])
def test_the_date_starts_two_characters_right_of_the_organ(organ, dated, organ_right, date_right):
    from dashboard import export

    first, second = export.docx_signoff(export.docx_document(), organ, dated)
    assert [round(p.paragraph_format.right_indent.pt / export.CHAR_PITCH, 2) for p in (first, second)] == [
        organ_right, date_right]
    start = lambda text, right: export.CHARS_PER_LINE - right - export.text_width(text)  # noqa: E731
    assert start(dated, date_right) - start(organ, organ_right) == 2
