"""Issuing a numbered document from the pages (through the entry script) and seeing it listed on the record; the
signed-in user is the 印发人 (no field to type one), and a role that may not issue sees the documents only."""

from __future__ import annotations

import apptest
from apptest import open_page, sql, user_of

app_db = apptest.app_db

LISTED = "YH2021-000277"  # a 市级挂牌督办 hazard of the demo, open


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _listed(at) -> list[str]:
    """The documents listed on the record: each card's first line (文号, kind, version) and its title."""
    return [m.value for m in at.markdown if "〔" in m.value and "第" in m.value and "版" in m.value]


def _texts(at) -> str:
    return " ".join(str(x.value) for x in [*at.success, *at.error, *at.caption, *at.markdown])


def test_hazard_listing_notice_is_issued_from_the_ledger_and_listed(app_db):
    at = open_page("app_pages/hazards.py", {"hazards.id": LISTED})
    assert "尚未印发文件" in _texts(at)
    assert not [w for w in at.text_input if w.label in ("印发人", "操作人")]
    _button(at, "印发挂牌督办通知书").click().run()
    assert not at.exception, at.exception
    assert "已印发 安安委办督〔2021〕1号" in _texts(at)
    assert _listed(at) == ["**安安委办督〔2021〕1号**　挂牌督办通知书 · 第1版"]
    assert "关于对大贵益泽大厦重大事故隐患实行挂牌督办的通知" in [t.value for t in at.text]
    who = user_of(at).label
    assert any(c.value.startswith("印发：") and c.value.endswith(who) for c in at.caption)
    assert not [b for b in at.button if b.label == "印发挂牌督办通知书"]  # issued once; a change is a reissue
    assert sql(app_db, "SELECT actor, actor_login, action FROM audit_events WHERE entity = 'document'") == [
        (who, "office", "印发")]


def _list_from_the_ledger(at, hid, **values):
    """挂牌督办 in the hazard's 处理: its form has no 督办文号 to type (the notice numbers it), only the province's."""
    at.selectbox(key="hazards.action").set_value("挂牌督办").run()
    form = f"hazards.f.{hid}.挂牌督办."
    labels = [w.label for w in at.text_input if w.key.startswith(form)]
    assert labels == ["督办单位", "上级督办文号（仅省级挂牌督办填写）"]
    for name, value in values.items():
        widget = next(w for w in [*at.text_input, *at.selectbox] if w.key == form + name)
        widget.set_value(value)
    at.button(key=form + "submit").click().run()
    assert not at.exception, at.exception
    return at


def test_listing_from_the_ledger_issues_its_notice_in_the_same_step(app_db):
    hid = sql(app_db, "SELECT id FROM hazards WHERE listing_level = '未挂牌' AND status = '整改中' ORDER BY id LIMIT 1")[0][0]
    at = _list_from_the_ledger(open_page("app_pages/hazards.py", {"hazards.id": hid}), hid, listing_unit="市安委办")
    assert not at.error, [e.value for e in at.error]
    assert [m.value.replace("\\", "") for m in at.success] == [
        f"{hid}：已列为市级挂牌督办，印发挂牌督办通知书 安安委办督〔2021〕1号《关于对安康市汉和石料厂事故隐患实行挂牌督办的通知》，"
        "当前状态“整改中”。"]
    assert _listed(at) == ["**安安委办督〔2021〕1号**　挂牌督办通知书 · 第1版"]  # listed on the record at once
    assert not [b for b in at.button if b.label == "印发挂牌督办通知书"]
    assert sql(app_db, "SELECT listing_level, listing_doc FROM hazards WHERE id = ?", [hid]) == [
        ("市级挂牌督办", "安安委办督〔2021〕1号")]
    who = user_of(at).label
    assert sql(app_db, "SELECT entity, action, actor FROM audit_events WHERE entity IN ('document', 'hazard')"
                       " AND recorded_at IS NOT NULL ORDER BY id") == [("document", "印发", who), ("hazard", "挂牌督办", who)]


def test_a_province_listing_keeps_the_provinces_number_and_issues_nothing(app_db):
    hid = sql(app_db, "SELECT id FROM hazards WHERE listing_level = '未挂牌' AND status = '整改中' ORDER BY id LIMIT 1")[0][0]
    at = open_page("app_pages/hazards.py", {"hazards.id": hid})
    at = _list_from_the_ledger(at, hid, listing_level="省级挂牌督办", listing_unit="陕西省安委会")  # no 文号: refused
    assert [e.value for e in at.error] == ["未执行：省级挂牌督办请填写上级督办文号（按省级督办文件填写，如 陕安委办督〔2021〕12号）"]
    at = _list_from_the_ledger(at, hid, outside_doc="陕安委办督〔2021〕12号")
    assert "已列为省级挂牌督办（上级督办文号 陕安委办督〔2021〕12号）" in _texts(at)
    assert sql(app_db, "SELECT listing_doc FROM hazards WHERE id = ?", [hid]) == [("陕安委办督〔2021〕12号",)]
    assert sql(app_db, "SELECT count(*) FROM documents") == [(0,)]
    assert [b for b in at.button if b.label == "印发挂牌督办通知书"]  # the office may still issue its own


def test_a_leader_sees_the_documents_and_cannot_issue(app_db):
    at = open_page("app_pages/hazards.py", {"hazards.id": LISTED}, user="leader")
    assert not [b for b in at.button if b.label.startswith("印发") or b.label == "重新印发"]
    assert "您的角色（领导）只能查看，不能修改。" in _texts(at)


def test_reissue_from_the_fire_unit_detail_keeps_the_number(app_db):
    unit = sql(app_db, "SELECT id FROM fire_units WHERE listing_level <> '未挂牌' AND status <> '已销案摘牌' ORDER BY id")[0][0]
    at = open_page("app_pages/fire_units.py")
    at.selectbox(key="fire.id").select(unit).run()
    _button(at, "印发挂牌督办通知书").click().run()
    assert "已印发 安安委办督〔2021〕1号" in _texts(at)
    at.text_input(key="fire.docs.again.reason").set_value("整改期限延期，更正通知").run()
    _button(at, "重新印发").click().run()
    assert not at.exception, at.exception
    assert "已重新印发 安安委办督〔2021〕1号（第2版）" in _texts(at)
    assert _listed(at) == ["**安安委办督〔2021〕1号**　挂牌督办通知书 · 第2版"]
    who = user_of(at).label
    assert sql(app_db, "SELECT version, issued_by, reason FROM document_versions ORDER BY version") == [
        (1, who, None), (2, who, "整改期限延期，更正通知")]


def test_interview_notice_from_a_flagged_group(app_db):
    at = open_page("app_pages/groups.py", {"groups.group": "第四暗访督查组（驻宁陕县）"})
    assert [b.label for b in at.button if b.label.startswith("印发")][-2:] == ["印发督查通报", "印发约谈通知书"]
    _button(at, "印发约谈通知书").click().run()
    assert not at.exception, at.exception
    assert "已印发 安安委办函〔2021〕1号《关于约谈第四暗访督查组（驻宁陕县）组长的通知》" in _texts(at)
    assert _listed(at) == ["**安安委办函〔2021〕1号**　约谈通知书 · 第1版"]


def test_chase_notice_from_the_duty_page(app_db):
    at = open_page("app_pages/duty.py")
    county = at.selectbox(key="duty.notice.county").value
    _button(at, f"印发{county}催报通知").click().run()
    assert not at.exception, at.exception
    assert "已印发 安安委办电〔2021〕1号" in _texts(at)
    assert at.selectbox(key="duty.notice.county").format_func(county) == f"{county}（安安委办电〔2021〕1号）"
    assert _listed(at) == ["**安安委办电〔2021〕1号**　催报通知 · 第1版"]
    assert sql(app_db, "SELECT subject_id, occasion FROM documents") == [(_code(app_db, county), "2021-05-03")]


def test_the_days_chase_notices_stay_listed_after_the_county_reports(app_db):
    at = open_page("app_pages/duty.py")
    county = at.selectbox(key="duty.notice.county").value
    _button(at, f"印发{county}催报通知").click().run()
    assert at.selectbox(key="duty.r.unit").value == county  # the report form offers the missing county first
    _button(at, "一键零报告（无事报平安）").click().run()                # the county reports, through the page
    assert not at.exception, at.exception
    at = open_page("app_pages/duty.py")
    assert county not in at.selectbox(key="duty.notice.county").options  # no longer missing
    assert _listed(at) == ["**安安委办电〔2021〕1号**　催报通知 · 第1版"]
    assert any("5月3日的催报通知（1 份）" in m.value for m in at.markdown)


def _code(path, name):
    return sql(path, "SELECT code FROM units WHERE name = ?", [name])[0][0]


def test_typed_and_stored_text_on_the_documents_shows_as_text(app_db):
    from markup import HOSTILE, markdown_leaks

    from dashboard import documents, roles
    from dashboard.db import Store

    sql(app_db, "UPDATE hazards SET enterprise = enterprise || ?, resp_unit = resp_unit || ? WHERE id = ?",
        [HOSTILE, HOSTILE, LISTED])
    store = Store.open(app_db)
    try:
        number = documents.issue(store, documents.K_LISTING, documents.S_HAZARD, LISTED,
                                 roles.User("zhang", f"张{HOSTILE}", roles.OFFICE)).number
        documents.reissue(store, number, roles.User("li", f"李{HOSTILE}", roles.OFFICE), f"更正{HOSTILE}")
    finally:
        store.close()
    at = open_page("app_pages/hazards.py", {"hazards.id": LISTED})
    assert any(HOSTILE in t.value for t in at.text)  # the title, as typed
    assert not markdown_leaks(at)
