"""Who may write, through the pages (AppTest through the entry script, signed in as each demo account).

- The matrix: for every page with writes and every role, the write controls drawn are exactly the ones the rules
  (dashboard/roles.py) give the role — a 领导 none anywhere, a 督查组 its own group's hazards only, a 值班员 the duty
  writes, 管理员 settings and backups, 市安委办 everything; a 县区填报员 is not offered these pages, and where the
  office shares them (setting clerk_shared_pages) it gets its own county's steps only. A record's actions are the
  lifecycle's ∩ the role's for the record's county / group; a hidden section says why in one caption.
- A role that must be refused cannot write through the page, and a page that forgot to hide a control (simulated:
  ``ui.rights`` told to allow everything) still cannot write: the domain refuses with the reason, 0 rows change.
  The same user calling the domain directly is refused too.
- No page shows a server path or the database file.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import apptest
import pytest
from apptest import open_page, sql, user_of
from entry_pages import declared_pages

from dashboard import documents, duty, hazards, roles, stored_settings
from dashboard import ui as dashboard_ui
from dashboard.db import ValidationError
from dashboard.ui import rights

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "duty"))
from duty_cases import roster_xlsx  # noqa: E402

app_db = apptest.app_db
USERS = ("office", "admin", "duty", "hanbin", "hanbin+shared", "group1", "leader")
SHARED = "overview,hazards,fire_units,duty,tasks,settings,data,groups"  # every page of the matrix shared
HANBIN, LANGAO = "610902", "610925"

# page (its script, the URL parameters, a tab) -> the page's write controls: name -> the widget key (a key ending
# in "." is a prefix: every document's 印发 button has its kind and occasion after it)
VIEWS = {
    "hazards": ("app_pages/hazards.py", None, {"处理": "hazards.action", "登记": "hazards.n.submit",
                                              "导入": "hazards.import.start"}),
    "fire_units": ("app_pages/fire_units.py", None, {"处理": "fire.action", "导入单位": "fire.import.start",
                                                     "导入节点": "fire.plans.start", "登记": "fire.new.submit"}),
    "tasks": ("app_pages/tasks.py", None, {"更新进度": "tasks.submit", "导入": "tasks.import.start"}),
    "settings": ("app_pages/settings.py", None, {"修改设置": "settings.save", "恢复": "settings.reset.submit"}),
    "data": ("app_pages/data.py", None, {"立即备份": "data.backup.now", "撤销导入": "data.imports.undo.submit"}),
    "groups": ("app_pages/groups.py", None, {"印发": "groups.docs."}),
    "duty": ("app_pages/duty.py", None, {"值班时段": "duty.p.submit", "催报调度": "duty.chase.log",
                                         "催报通知": "duty.notice.issue.", "零报告": "duty.r.zero", "报送": "duty.r.submit"}),
    "duty.事故信息": ("app_pages/duty.py", "事故信息", {"事故信息": "duty.i.submit"}),
    "duty.预警信息": ("app_pages/duty.py", "预警信息", {"预警": "duty.w.submit"}),
    "duty.调度记录": ("app_pages/duty.py", "调度记录", {"调度": "duty.d.submit"}),
    "duty.值班表": ("app_pages/duty.py", "值班表", {"值班表": "duty.s.submit", "导入值班表": "duty.s.import.start"}),
}
EVERY = {view: set(controls) for view, (_, _, controls) in VIEWS.items()}
DUTY_WRITES = {"duty": {"催报调度", "零报告", "报送"}, "duty.事故信息": {"事故信息"}, "duty.预警信息": {"预警"},
               "duty.调度记录": {"调度"}, "duty.值班表": {"值班表", "导入值班表"}}
# what the rules give each role, page by page (a view not named: no control)
EXPECTED = {
    "office": EVERY,
    "admin": {"settings": {"修改设置", "恢复"}, "data": {"立即备份"}},
    "duty": DUTY_WRITES,
    "group1": {"hazards": {"处理", "登记", "导入"}},  # on its own group's hazard
    "leader": {},
    "hanbin": {},  # not offered these pages (its phone page is 县区填报)
    # shared with it: its own county's hazard step, fire unit steps, daily report and incidents
    "hanbin+shared": {"hazards": {"处理"}, "fire_units": {"处理"}, "duty": {"零报告", "报送"},
                      "duty.事故信息": {"事故信息"}},
}
KINDS = ("button", "selectbox", "text_input", "text_area", "number_input", "date_input", "time_input", "checkbox",
         "radio", "multiselect")


def _keys(at) -> set[str]:
    keys = {w.key for kind in KINDS for w in getattr(at, kind) if w.key}
    return keys | {w.proto.id.rsplit("-", 1)[-1] for w in at.get("file_uploader")} | {
        w.key for w in at.get("file_uploader") if getattr(w, "key", None)}


def _controls(at, controls: dict[str, str]) -> set[str]:
    keys = _keys(at)
    return {name for name, key in controls.items()
            if (any(k.startswith(key) for k in keys) if key.endswith(".") else key in keys)}


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


def _group_hazard(path, *, own: bool) -> str:
    """A 待整改 hazard of 汉滨区's group (group1's; in 汉滨区) or of another group (in its county), made 即查即改 (a
    group may close one on the spot: the one lifecycle action a 督查组 has)."""
    sign = "=" if own else "<>"
    hid = sql(path, f"SELECT h.id FROM hazards h JOIN groups g ON g.id = h.group_id WHERE g.unit_code {sign} ? "
                    "AND h.unit_code = g.unit_code AND h.status = '待整改' ORDER BY h.id LIMIT 1", [HANBIN])[0][0]
    sql(path, "UPDATE hazards SET treatment = '即查即改' WHERE id = ?", [hid])
    return hid


def _open_view(view: str, user: str, hid: str):
    page, tab, _ = VIEWS[view]
    params = {"hazards.id": hid} if view == "hazards" else {"duty.tab": tab} if tab else {}
    at = open_page(page, params, user=user)
    if view == "fire_units" and at.get("selectbox") and any(s.key == "fire.id" for s in at.selectbox):
        at.selectbox(key="fire.id").select("ZDHZ-01").run()  # 汉滨区金州农贸综合市场, 整改中
    elif view == "tasks" and any(s.key == "tasks.id" for s in at.selectbox):
        at.selectbox(key="tasks.id").select("6-1").run()
    assert not at.exception, at.exception
    return at


def _an_import_and_a_saved_setting(path) -> None:
    """What makes 撤销导入 and 恢复配置值 appear: a roster import and a saved setting, written as the command line
    would write them."""
    from dashboard.db import Store

    store = Store.open(path)
    try:
        system = roles.system("测试")
        duty.import_roster(store, roster_xlsx([["2021-05-04", "旬阳县", "王五", "副县长", "13900000001", "赵六",
                                                "13900000002", None]]), "值班表.xlsx", system)
        stored_settings.save(store, {"score_overdue_hazard": 3.0}, system, "测试")
    finally:
        store.close()


@pytest.mark.parametrize("user", USERS)
def test_each_role_sees_the_write_controls_its_rules_allow(app_db, monkeypatch, user):
    if user.endswith("+shared"):
        monkeypatch.setenv("DASHBOARD_CLERK_SHARED_PAGES", SHARED)
    login = user.split("+")[0]
    _an_import_and_a_saved_setting(app_db)
    hid = _group_hazard(app_db, own=True)
    for view, (_, _, controls) in VIEWS.items():
        at = _open_view(view, login, hid)
        shown = _controls(at, controls)
        assert shown == EXPECTED[user].get(view, set()), (user, view, shown)
        if user == "hanbin":  # a 县区填报员 is offered its phone page, the overview and its account only
            assert declared_pages()[Path(VIEWS[view][0]).stem] not in [t.value for t in at.title], view
        elif controls.keys() - shown:  # something hidden: the one line that says why
            assert any("您的角色（" in c for c in _captions(at)), (user, view)
        if user == "leader":
            assert [b.label for b in at.button] == ["退出登录"], (view, [b.label for b in at.button])
            assert not at.get("file_uploader"), view


def test_a_leader_sees_every_page_and_no_write_control(app_db):
    """领导: every page the navigation offers it opens, and none draws a write (its own password aside)."""
    leader = roles.User("leader", "王建国", roles.LEADER)
    pages = [path for path in declared_pages() if roles.sees_page(leader, path) and path != "account"]
    assert {"", "hazards", "duty", "settings", "data", "ranking"} <= set(pages)
    for path in pages:
        at = open_page(f"app_pages/{path or 'overview'}.py", user="leader")
        assert any(declared_pages()[path] in t.value for t in at.title), path  # the page itself opened
        assert [b.label for b in at.button] == ["退出登录"], (path, [b.label for b in at.button])
        assert not at.get("file_uploader") and not at.get("form"), path


@pytest.mark.parametrize("user, mine", [
    ("office", None),  # None: every action the lifecycle allows now
    ("group1", ("即查即改销号", "书面移交")),  # its own group's hazard: a group's steps; 整改, 复核 and 督办 are not
])
def test_a_hazards_actions_are_the_lifecycles_and_the_roles(app_db, user, mine):
    hid = _group_hazard(app_db, own=True)
    at = open_page("app_pages/hazards.py", {"hazards.id": hid}, user=user)
    available = hazards.available_actions(hazards.detail(dashboard_ui.store(), hid, date(2021, 5, 3)))
    assert len(available) > 2 and hazards.A_IMMEDIATE in available
    expected = available if mine is None else [a for a in available if a in mine]
    assert at.selectbox(key="hazards.action").options == expected and hazards.A_IMMEDIATE in expected


def test_a_group_may_not_act_on_another_groups_hazard_and_is_told_why(app_db):
    at = open_page("app_pages/hazards.py", {"hazards.id": _group_hazard(app_db, own=False)}, user="group1")
    assert "hazards.action" not in _keys(at)
    assert "您的角色（督查组）只能处理本组的记录，这一条只能查看。" in " ".join(_captions(at))


def _hazard_state(path, hid):
    return sql(path, "SELECT * FROM hazards WHERE id = ?", [hid]), sql(path, "SELECT count(*) FROM audit_events")


def test_a_page_that_forgot_to_hide_a_hazard_action_still_cannot_write(app_db, monkeypatch):
    hid = _group_hazard(app_db, own=True)
    at = open_page("app_pages/hazards.py", {"hazards.id": hid}, user="group1")
    assert hazards.A_LIST not in at.selectbox(key="hazards.action").options
    before = _hazard_state(app_db, hid)
    monkeypatch.setattr(rights, "offered", lambda entity, actions, record: list(actions))  # the page forgot
    at.run()
    at.selectbox(key="hazards.action").set_value(hazards.A_LIST).run()
    form = f"hazards.f.{hid}.{hazards.A_LIST}."
    at.text_input(key=form + "listing_unit").set_value("市安委办")
    at.button(key=form + "submit").click().run()
    refusal = f"{user_of(at).label}无权执行“挂牌督办”：督查组的权限是本组的隐患：登记、导入、书面移交。"
    assert [e.value.replace("\\", "") for e in at.error] == [f"未执行：{refusal}"]
    assert _hazard_state(app_db, hid) == before  # 0 rows changed, no audit line
    # the page's user calling the domain itself: the same refusal; another group's hazard: refused for its group
    store = dashboard_ui.store()
    with pytest.raises(ValidationError, match=re.escape(refusal)):
        documents.list_with_notice(store, documents.S_HAZARD, hid, {"listing_level": "市级挂牌督办",
                                                                    "listing_unit": "市安委办"}, user_of(at))
    other = _group_hazard(app_db, own=False)
    with pytest.raises(ValidationError, match="只能操作本组的隐患"):
        hazards.act(store, other, hazards.A_IMMEDIATE, {"verifier": "复查员"}, user_of(at))
    assert _hazard_state(app_db, hid) == before


def _reports(path):
    return sql(path, "SELECT count(*) FROM duty_reports"), sql(path, "SELECT count(*) FROM audit_events")


def test_a_page_that_forgot_to_hide_the_duty_report_still_cannot_write(app_db, monkeypatch):
    at = open_page("app_pages/duty.py", user="leader")
    assert not {"duty.r.zero", "duty.r.submit"} & _keys(at)
    before = _reports(app_db)
    monkeypatch.setattr(rights, "may", lambda *args, **kwargs: True)  # the page forgot to ask
    at.run()
    assert at.selectbox(key="duty.r.unit").value == "岚皋县"
    at.button(key="duty.r.zero").click().run()
    said = [e.value.replace("\\", "") for e in at.error]
    assert said == ["未报送：王建国（领导）无权执行“报送”：领导的权限是查看全部，不能修改。"], said
    assert _reports(app_db) == before


def test_a_county_clerk_reports_for_its_own_county_only(app_db):
    """The domain with the clerk's own session user: 汉滨区 yes, 岚皋县 refused (a page that offered it could not
    write it either)."""
    at = open_page(None, user="hanbin")
    clerk = user_of(at)
    assert (clerk.role, clerk.unit_code) == (roles.CLERK, HANBIN)
    store = dashboard_ui.store()
    before = _reports(app_db)
    people = {"leader": "甲", "leader_title": "副县长", "leader_phone": "13900000001", "officer": "乙",
              "officer_phone": "13900000002", "duty_phone": None}
    with pytest.raises(ValidationError, match="只能操作本县区的记录，不能对岚皋县执行“报送”"):
        duty.submit_report(store, duty.zero_report(LANGAO, date(2021, 5, 3), people), clerk)
    assert _reports(app_db) == before
    duty.submit_report(store, duty.zero_report(HANBIN, date(2021, 5, 3), people), clerk)
    assert sql(app_db, "SELECT actor, actor_login FROM audit_events ORDER BY id DESC LIMIT 1") == [
        (clerk.label, "hanbin")]


def _settings(path):
    return sql(path, "SELECT count(*) FROM setting_values"), sql(path, "SELECT count(*) FROM audit_events")


@pytest.mark.parametrize("user", ["duty", "leader", "group1"])
def test_a_page_that_forgot_to_hide_the_settings_form_still_cannot_write(app_db, monkeypatch, user):
    at = open_page("app_pages/settings.py", user=user)
    assert "settings.save" not in _keys(at)
    before = _settings(app_db)
    monkeypatch.setattr(rights, "may_any", lambda *args, **kwargs: True)  # the page forgot to ask
    at.run()
    at.text_input(key="settings.value.score_overdue_hazard").set_value("5")
    at.text_input(key="settings.reason").set_value("试一试")
    at.button(key="settings.save").click().run()
    who = user_of(at)
    said = [e.value.replace("\\", "") for e in at.error]
    assert said == [f"未保存：{who.label}无权执行“修改设置”：{who.role}的权限是{roles.ROLE_NOTES[who.role]}。"
                    "所有设置均未改动。"], said
    assert _settings(app_db) == before
    with pytest.raises(ValidationError, match="无权执行“修改设置”"):
        stored_settings.save(dashboard_ui.store(), {"score_overdue_hazard": 5.0}, who, "直接调用")
    assert _settings(app_db) == before


# -- no server paths ----------------------------------------------------------------------------------------
ABSOLUTE_PATH = re.compile(r"(?:^|[\s\"'(（:：=])(/[\w.-]+)+/?")


def _strings(message):
    from google.protobuf.message import Message

    for descriptor, value in message.ListFields():
        if descriptor.message_type is not None:
            for item in ([value] if isinstance(value, Message) else value):
                if isinstance(item, Message):
                    yield from _strings(item)
        elif isinstance(value, str):
            yield value


def _rendered(at) -> str:
    """Every text the page sends: every string field of every element (labels, help, bodies, options, values)
    and every table cell."""
    from markup import _nodes

    texts = []
    for node in _nodes(at._tree):
        if getattr(node, "type", None) in ("arrow_data_frame", "dataframe", "table"):
            texts.append(node.value.to_csv())
        elif getattr(node, "proto", None) is not None and getattr(node, "type", None) != "component_instance":
            texts.extend(_strings(node.proto))
    return "\n".join(texts)


@pytest.mark.parametrize("page", ["app_pages/settings.py", "app_pages/system.py", "app_pages/data.py"])
@pytest.mark.parametrize("user", ["admin", "office"])
def test_no_page_shows_a_server_path(app_db, page, user):
    from dashboard import settings

    at = open_page(page, user=user)
    text = _rendered(at)
    assert len(text) > 500  # the page was read
    assert ".duckdb" not in text
    for where in {str(app_db.parent), str(settings.PROJECT_ROOT), str(settings.db_path().parent)}:
        assert where not in text
    assert not [m.group(0) for m in ABSOLUTE_PATH.finditer(text)]
