"""假期值班's report form as a scoped duty officer uses it (AppTest, issue 12 item 3): the form offers only
the units in the sidebar's scope; a unit that has already reported is not replaced on one click — a
confirmation right where the user clicked names what would be replaced; feedback is shown there; the tabs
keep their place after a write (an incident recorded stays in view on 事故信息)."""

from __future__ import annotations

import re
from datetime import time

import apptest
from apptest import open_page, sql
from duty_cases import record_first_report

PAGE = "app_pages/duty.py"
P = "duty."
HANBIN = "610902"
app_db = apptest.app_db
REPLACING = "汉滨区今日已报送 有情况（第1版，14:36），再次报送将作为第2版替换当前版本"


def _text(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def _order(at) -> list[str]:
    """The page's buttons (by key) and messages (kind: text) in the order they are drawn."""
    shown = []
    for node in at._tree:
        if node.type in ("button", "form_submit_button") or getattr(node, "key", None) in (P + "r.submit",):
            shown.append(node.key)
        elif node.type in ("warning", "success", "error"):
            shown.append(f"{node.type}:{_text(node.value)}")
    return shown


def _between(at, message_start: str, after: str, before: str) -> bool:
    order = _order(at)
    where = next(i for i, s in enumerate(order) if s.startswith(message_start))
    return order.index(after) < where < order.index(before)


def _versions(app_db, unit=HANBIN):
    return sql(app_db, "SELECT version, situation FROM duty_reports WHERE unit_code = ? "
                       "AND report_date = DATE '2021-05-03' ORDER BY version", [unit])


def test_the_form_follows_the_sidebar_scope(app_db):
    at = open_page(PAGE, {"county": "旬阳市"})
    picker = at.selectbox(key=P + "r.unit")
    assert (picker.value, list(picker.options)) == ("旬阳市", ["旬阳市"])
    at = open_page(PAGE, {"county": ["旬阳市", "岚皋县"]})
    picker = at.selectbox(key=P + "r.unit")
    assert (picker.value, list(picker.options)) == ("岚皋县", ["岚皋县", "旬阳市"])   # still to report first
    at = open_page(PAGE)
    assert len(at.selectbox(key=P + "r.unit").options) == 12


def test_one_click_zero_report_asks_before_replacing_a_filed_report(app_db):
    at = open_page(PAGE, {"county": "汉滨区"})
    at.button(key=P + "r.zero").click().run()
    assert _versions(app_db) == [(1, "有情况")]                   # nothing replaced yet
    assert [_text(w.value) for w in at.warning] == [REPLACING + "。旧版本保留在报送历史中。"]
    assert _between(at, "warning:" + REPLACING, P + "r.zero", P + "r.submit")   # beside the button, above the form
    at.button(key=P + "r.confirm.zero.yes").click().run()
    assert _versions(app_db) == [(1, "有情况"), (2, "零报告")]
    said = "success:汉滨区 5月3日 零报告已报送（第2版，已替换第1版）。"
    assert said in _order(at) and _between(at, said, P + "r.zero", P + "r.submit")
    assert not at.warning


def test_cancel_replaces_nothing(app_db):
    at = open_page(PAGE, {"county": "汉滨区"})
    at.button(key=P + "r.zero").click().run()
    at.button(key=P + "r.confirm.zero.no").click().run()
    assert _versions(app_db) == [(1, "有情况")] and not at.warning
    assert not any("零报告已报送" in s.value for s in at.success)


def test_the_form_asks_below_itself_and_a_refusal_comes_before_any_question(app_db):
    at = open_page(PAGE, {"county": "汉滨区"})
    at.radio(key=P + "r.situation").set_value("有情况")
    at.button(key=P + "r.submit").click().run()                    # no details: refused at once, not asked
    assert any("必须填写当日情况说明" in _text(e.value) for e in at.error) and not at.warning
    at.text_area(key=P + "r.details").set_value("更正：1人轻伤。")
    at.number_input(key=P + "r.injuries").set_value(1)
    at.button(key=P + "r.submit").click().run()
    assert _versions(app_db) == [(1, "有情况")]
    order = _order(at)
    assert order.index(P + "r.submit") < order.index(P + "r.confirm.form.yes")   # below the form's button
    at.button(key=P + "r.confirm.form.yes").click().run()
    assert _versions(app_db) == [(1, "有情况"), (2, "有情况")]
    assert "success:汉滨区 5月3日 值班信息已报送（有情况，第2版，已替换第1版）。" in _order(at)


def test_a_pending_confirmation_is_dropped_when_another_unit_is_picked(app_db):
    at = open_page(PAGE)
    at.selectbox(key=P + "r.unit").set_value("汉滨区").run()
    at.button(key=P + "r.zero").click().run()
    assert at.warning
    at.selectbox(key=P + "r.unit").set_value("旬阳市").run()
    assert not at.warning
    at.selectbox(key=P + "r.unit").set_value("汉滨区").run()
    assert not at.warning                                           # asked again only on the next click


def test_a_unit_not_yet_reported_is_filed_at_once(app_db):
    at = open_page(PAGE, {"county": "岚皋县"})
    at.button(key=P + "r.zero").click().run()
    assert _versions(app_db, "610925") == [(1, "零报告")] and not at.warning


def test_after_recording_an_incident_the_tab_stays_and_shows_it(app_db):
    at = record_first_report(open_page(PAGE, {"duty.tab": "事故信息"}), unit="岚皋县", occurred=time(14, 0),
                             received=time(14, 20), reported=time(14, 50), place="岚皋县城关镇", kind="道路交通事故",
                             deaths=2)
    assert not at.error
    assert at.session_state[P + "tab"] == "事故信息"
    chains = next(d.value for d in at.dataframe if "事件编号" in d.value.columns)
    assert "SJ20210503-03" in list(chains["事件编号"])
    said = next(s for s in _order(at) if s.startswith("success:已记录 SJ20210503-03"))
    assert _order(at).index(said) > _order(at).index(P + "i.submit")   # below the button the user pressed
