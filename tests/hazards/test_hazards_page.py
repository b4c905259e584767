"""隐患台账 through the entry script (AppTest): filters from the URL and from widgets equal plain SQL,
a hazard opens from its number, every action form writes its audit event naming the signed-in user, a
refused action shows its reason and writes nothing, and a new hazard can be registered (by the office; a 督查组
for its own group, its county and group fixed)."""

from __future__ import annotations

import json
from datetime import date

import apptest
import pytest
from apptest import metrics, open_page, sql, user_of
from styled_cells import cell_colours

from dashboard import vocab

PAGE = "app_pages/hazards.py"
OVERDUE = "status <> '已销号' AND deadline < DATE '2021-05-03'"
app_db = apptest.app_db  # the shared fixture, used by name


def _open(params: dict | None = None, user: str = "office"):
    return open_page(PAGE, params, user=user)


@pytest.mark.parametrize("county, code", [("汉滨区", "610902"), ("旬阳市", "610981")])
def test_meeting_filter_from_the_url(app_db, county, code):
    at = _open({"county": [county], "hazards.sector": ["消防"], "hazards.flags": ["逾期"]})
    where = f"unit_code = '{code}' AND sector = '消防' AND {OVERDUE}"
    ids = [r[0] for r in sql(app_db, f"SELECT id FROM hazards WHERE {where} ORDER BY deadline, id")]
    assert metrics(at)["筛选结果"] == f"{len(ids):,}"
    assert metrics(at)["逾期未整改"] == f"{len(ids):,}"
    assert list(at.dataframe[0].value["隐患编号"]) == ids
    assert all(text.startswith("逾期") for text in at.dataframe[0].value["剩余天数"])
    assert at.multiselect(key="hazards.sector").value == ["消防"]
    assert any(f"县区：{county}；行业领域：消防；标记：逾期" in e.label for e in at.expander)


def test_widgets_filter(app_db):
    at = _open()
    total = sql(app_db, "SELECT count(*) FROM hazards")[0][0]
    assert metrics(at)["筛选结果"] == f"{total:,}"
    assert len(at.dataframe[0].value) == 500                      # capped table, the count shows the rest
    at.multiselect(key="hazards.status").set_value([vocab.ST_IN_PROGRESS]).run()
    at.text_input(key="hazards.q").input("仓库").run()
    expected = sql(app_db, "SELECT count(*) FROM hazards WHERE status = '整改中' AND (contains(enterprise, '仓库')"
                            " OR contains(coalesce(location, ''), '仓库') OR contains(description, '仓库') OR contains(id, '仓库'))")[0][0]
    assert metrics(at)["筛选结果"] == f"{expected:,}" and expected > 0
    # (AppTest does not mirror bound widgets into at.query_params; the browser test checks the URL)
    at.date_input(key="hazards.found_from").set_value(date(2021, 4, 1)).run()
    expected = sql(app_db, "SELECT count(*) FROM hazards WHERE status = '整改中' AND found_date >= DATE '2021-04-01'"
                            " AND (contains(enterprise, '仓库') OR contains(coalesce(location, ''), '仓库')"
                            " OR contains(description, '仓库') OR contains(id, '仓库'))")[0][0]
    assert metrics(at)["筛选结果"] == f"{expected:,}"


def _pick(path, where):
    row = sql(path, f"SELECT id FROM hazards WHERE {where} ORDER BY id LIMIT 1")
    assert row, where
    return row[0][0]


def _act(at, hid, action, values: dict):
    """Choose ``action`` in the hazard's 操作 box, fill its form (widgets by the action's input keys), submit."""
    at.selectbox(key="hazards.action").set_value(action).run()
    form = f"hazards.f.{hid}.{action}."
    for name, value in values.items():
        widgets = at.get("text_area") + at.get("text_input") + at.get("date_input") + at.get("selectbox") + at.get("number_input")
        next(w for w in widgets if w.key == form + name).set_value(value)
    at.button(key=form + "submit").click().run()
    assert not at.exception, at.exception
    return at


ACTION_CASES = [
    ("开始整改", "status = '待整改' AND treatment = '限期整改'", {}, "整改中"),
    ("提交整改完成", "status = '整改中'", {"completed_date": date(2021, 5, 2), "measures": "已清理"}, "整改完成待复核"),
    ("复核合格", "status = '整改完成待复核'", {"verifier": "复查员", "verified_date": date(2021, 5, 3)}, "已销号"),
    ("复核不通过", "status = '整改完成待复核'",
     {"verifier": "复查员", "verified_date": date(2021, 5, 3), "reason": "仍未整改到位"}, "复核不通过"),
    ("开始整改", "status = '复核不通过'", {}, "整改中"),
    ("延期", "status = '整改中' AND level = '一般隐患' AND deadline > DATE '2021-05-03'",
     {"new_deadline": date(2021, 7, 1), "reason": "材料未到"}, "整改中"),
    ("挂牌督办", "status = '整改中' AND listing_level = '未挂牌'",
     {"listing_unit": "市安委办"}, "整改中"),  # no 文号 typed: the notice issued with it gives it
    ("执法措施", "status = '整改中' AND enforcement IS NULL", {"measure": "停产整顿"}, "整改中"),
]


@pytest.mark.parametrize("action, where, values, status", ACTION_CASES)
def test_each_action_writes_its_audit_event(app_db, action, where, values, status):
    hid = _pick(app_db, where)
    events_before = sql(app_db, "SELECT count(*) FROM audit_events WHERE entity_id = ?", [hid])[0][0]
    at = _open({"hazards.id": [hid]})
    assert at.text_input(key="hazards.id").value == hid
    _act(at, hid, action, values)
    assert not at.error, [e.value for e in at.error]
    assert any(f"当前状态“{status}”" in s.value for s in at.success)
    assert sql(app_db, "SELECT status FROM hazards WHERE id = ?", [hid])[0][0] == status
    last = sql(app_db, "SELECT action, actor, actor_login, to_status FROM audit_events WHERE entity_id = ? "
                       "ORDER BY id DESC LIMIT 1", [hid])[0]
    user = user_of(at)
    assert last == (action, user.label, "office", status) and user.label == "陈建华（市安委办）"
    assert sql(app_db, "SELECT count(*) FROM audit_events WHERE entity_id = ?", [hid])[0][0] == events_before + 1
    # the timeline on the page shows the new step, and there is no field to type who acted
    assert any(t.value.startswith(user.label) for t in at.text[-3:])
    assert not [w for w in at.text_input if w.label in ("操作人", "登记人", "印发人")]


def test_immediate_hazard_closes_in_one_step_from_the_page(app_db):
    hid = _pick(app_db, "status = '待整改' AND treatment = '即查即改'")
    at = _open({"hazards.id": [hid]})
    _act(at, hid, "即查即改销号", {"verifier": "复查员"})
    assert sql(app_db, "SELECT status, verify_result FROM hazards WHERE id = ?", [hid])[0] == ("已销号", "合格")
    assert any("操作“即查即改销号”已完成" in s.value for s in at.success)


def test_refused_action_shows_the_reason_and_writes_nothing(app_db):
    hid = _pick(app_db, "status = '整改中'")
    before = sql(app_db, "SELECT * FROM hazards WHERE id = ?", [hid])
    events = sql(app_db, "SELECT count(*) FROM audit_events")[0][0]
    at = _open({"hazards.id": [hid]})
    _act(at, hid, "提交整改完成", {"completed_date": date(2021, 5, 9), "measures": "已清理"})
    assert any("不能晚于今天" in e.value for e in at.error)
    assert sql(app_db, "SELECT * FROM hazards WHERE id = ?", [hid]) == before
    assert sql(app_db, "SELECT count(*) FROM audit_events")[0][0] == events


def test_unknown_number_is_said_plainly_and_typed_markdown_stays_text(app_db):
    at = _open({"hazards.id": ["YH-不存在"]})
    assert any("找不到隐患编号" in w.value for w in at.warning)
    at = _open({"hazards.id": ["![x](http://example.invalid/a.png)"]})
    assert [w.value for w in at.warning] == ["找不到隐患编号“\\!\\[x\\]\\(http\\://example\\.invalid/a\\.png\\)”。"]


def test_register_a_new_hazard(app_db):
    at = _open()
    total = sql(app_db, "SELECT count(*) FROM hazards")[0][0]
    at.selectbox(key="hazards.n.unit").set_value("汉滨区")
    at.selectbox(key="hazards.n.sector").set_value("消防")
    at.text_input(key="hazards.n.enterprise").input("页面登记测试公司")
    at.text_area(key="hazards.n.description").input("安全出口上锁")
    at.date_input(key="hazards.n.deadline").set_value(date(2021, 5, 20))
    at.button(key="hazards.n.submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert sql(app_db, "SELECT count(*) FROM hazards")[0][0] == total + 1
    hid, status = sql(app_db, "SELECT id, status FROM hazards WHERE enterprise = '页面登记测试公司'")[0]
    assert status == "待整改" and any("已登记隐患 " + hid.replace("-", "\\-") in s.value for s in at.success)
    assert sql(app_db, "SELECT action, actor, actor_login FROM audit_events WHERE entity_id = ?", [hid]) == [
        ("登记", user_of(at).label, "office")]


def test_a_group_registers_for_its_own_group_only(app_db):
    """督查组: the form offers its group's county and the 督查组 source only, and the hazard is its group's."""
    at = _open(user="group1")
    group_id, county = sql(app_db, "SELECT g.id, u.name FROM groups g JOIN units u ON u.code = g.unit_code "
                                   "WHERE g.unit_code = '610902'")[0]
    assert at.selectbox(key="hazards.n.unit").options == [county]
    assert at.selectbox(key="hazards.n.source").options == [vocab.SOURCE_GROUPS]
    at.selectbox(key="hazards.n.sector").set_value("消防")
    at.text_input(key="hazards.n.enterprise").input("督查组登记测试公司")
    at.text_area(key="hazards.n.description").input("消防通道堵塞")
    at.date_input(key="hazards.n.deadline").set_value(date(2021, 5, 20))
    at.button(key="hazards.n.submit").click().run()
    assert not at.error, [e.value for e in at.error]
    hid, group = sql(app_db, "SELECT id, group_id FROM hazards WHERE enterprise = '督查组登记测试公司'")[0]
    assert group == group_id
    assert sql(app_db, "SELECT actor, actor_login FROM audit_events WHERE entity_id = ?", [hid]) == [
        (user_of(at).label, "group1")]
    # the import's group is fixed to its own
    assert at.selectbox(key="hazards.import.opt.group").options == [
        sql(app_db, "SELECT name FROM groups WHERE id = ?", [group_id])[0][0]]
    assert at.selectbox(key="hazards.import.opt.group").disabled


def _import_as(user: str, name: str, data: bytes):
    """隐患台账's import panel as ``user``: 预览, then 确认导入 when the preview found nothing wrong."""
    key = "hazards.import."
    at = _open(user=user)
    at.file_uploader(key=key + "upload").set_value((name, data, "text/csv"))
    at = at.button(key=key + "start").click().run()
    confirm = next(b for b in at.button if b.key == key + "confirm")
    assert not confirm.disabled, [e.value for e in at.error]
    return confirm.click().run()


def test_a_group_imports_its_own_list_and_no_other_groups(app_db):
    """督查组: its list is registered under its own group and names it; a file naming another group is refused
    whole, with the reason, nothing written."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import"))
    from make_corpus import HEADERS, _csv, _row

    own, other = (sql(app_db, "SELECT id, name FROM groups WHERE unit_code = ?", [code])[0] for code in ("610902", "610924"))
    total = sql(app_db, "SELECT count(*) FROM hazards")[0][0]
    rows = [_row(50 + i, 来源="进驻式暗访督查") for i in range(2)]  # 汉滨区, no 检查组 column value: the group's own
    at = _import_as("group1", "本组清单.csv", _csv([HEADERS, *rows], "utf-8"))
    assert not at.error, [e.value for e in at.error]
    added = sql(app_db, "SELECT group_id, count(*) FROM hazards WHERE enterprise LIKE '测试导入商贸有限公司5%' GROUP BY ALL")
    assert added == [(own[0], 2)] and sql(app_db, "SELECT count(*) FROM hazards")[0][0] == total + 2
    assert sql(app_db, "SELECT actor, actor_login FROM audit_events WHERE action = '导入隐患'") == [
        (user_of(at).label, "group1")]
    before = sql(app_db, "SELECT count(*) FROM hazards"), sql(app_db, "SELECT count(*) FROM audit_events")
    at = _import_as("group1", "他组清单.csv", _csv([HEADERS, _row(60, 检查组=other[1], 县区="宁陕县")], "utf-8"))
    said = [e.value.replace("\\", "") for e in at.error]
    assert any(s.startswith("未导入：") and "只能操作本组的隐患" in s for s in said), said
    assert (sql(app_db, "SELECT count(*) FROM hazards"), sql(app_db, "SELECT count(*) FROM audit_events")) == before


def test_the_ledger_tables_column_config(app_db, json_snapshot):
    at = _open()
    assert json.loads(at.dataframe[0].proto.columns) == json_snapshot


def _countdown_colours(at) -> dict[str, str]:
    """hazard id -> the colour its 剩余天数 cell is drawn in."""
    return cell_colours(at.dataframe[0], "剩余天数", "隐患编号")


@pytest.mark.parametrize("orange, yellow", [(7, 30), (20, 60)])
def test_the_countdown_text_colour_and_legend_follow_the_bands(app_db, monkeypatch, orange, yellow):
    monkeypatch.setenv("DASHBOARD_URGENCY_ORANGE_DAYS", str(orange))
    monkeypatch.setenv("DASHBOARD_URGENCY_YELLOW_DAYS", str(yellow))
    at = _open({"hazards.due_from": ["2021-04-25"], "hazards.due_to": ["2021-07-31"]})
    rows = sql(app_db, "SELECT id, status, deadline - DATE '2021-05-03' FROM hazards "
                       "WHERE deadline BETWEEN DATE '2021-04-25' AND DATE '2021-07-31'")
    shown = set(at.dataframe[0].value["隐患编号"])
    days = {hid: (status, d) for hid, status, d in rows if hid in shown}
    assert len(days) == len(shown) > 100

    def expected_colour(status, d):
        if status == "已销号":
            return "#6b7280"
        return "#d62728" if d < 0 else "#ff7f0e" if d <= orange else "#b38f00" if d <= yellow else "#2ca02c"

    def expected_text(status, d):
        return "已销号" if status == "已销号" else f"逾期{-d}天" if d < 0 else "今日到期" if d == 0 else f"剩{d}天"

    assert _countdown_colours(at) == {hid: expected_colour(*v) for hid, v in days.items()}
    texts = dict(zip(at.dataframe[0].value["隐患编号"], at.dataframe[0].value["剩余天数"]))
    assert texts == {hid: expected_text(*v) for hid, v in days.items()}
    assert {"#d62728", "#ff7f0e", "#b38f00", "#2ca02c"} <= set(_countdown_colours(at).values())
    legend = next(c.value for c in at.caption if "颜色：" in c.value)
    assert f"颜色：红色已逾期、橙色{orange}日内到期、黄色{yellow}日内到期、绿色期限充足。" in legend


def test_the_extension_form_names_the_current_deadline(app_db):
    hid, deadline = sql(app_db, "SELECT id, deadline FROM hazards WHERE status = '整改中' AND level = '重大隐患' "
                                "ORDER BY id LIMIT 1")[0]
    at = _open({"hazards.id": [hid]})
    at.selectbox(key="hazards.action").set_value("延期").run()
    assert f"当前整改期限：{deadline:%Y-%m-%d}；原整改期限保留在历史记录中。" in [c.value for c in at.caption]
    labels = [w.label for w in at.text_input if w.key and w.key.startswith(f"hazards.f.{hid}.")]
    assert labels == ["审批情况（重大隐患必填：批准单位及文号）"]
