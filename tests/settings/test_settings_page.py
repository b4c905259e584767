"""设置 through the entry script (AppTest): every editable setting with its values and bounds, a save through
the form changing the ranking page's score and appearing in the history under the signed-in user, refused saves
changing nothing, a reset, and the read-only settings (a server path never shown)."""

from __future__ import annotations

import apptest
import pytest
from apptest import open_page, sql, user_of

from dashboard import settings, stored_settings

app_db = apptest.app_db  # the shared fixture, used by name (caches are reset by tests/conftest.py)
PAGE = "app_pages/settings.py"
WEIGHT = "score_overdue_hazard"


def _frames(at, column):
    return [d.value for d in at.dataframe if column in d.value.columns]


def _save(at, values: dict, reason="4月安委会决定"):
    for name, value in values.items():
        at.text_input(key="settings.value." + name).set_value(value)
    at.text_input(key="settings.reason").set_value(reason)
    return at.button(key="settings.save").click().run()


def _score(at, unit):
    table = next(d.value for d in at.dataframe if "值班报送及时率" in d.value.columns)
    return dict(zip(table["县区"], table["得分"]))[unit], dict(zip(table["县区"], table["逾期未整改隐患"]))[unit]


def test_every_editable_setting_is_shown_with_its_values_and_bounds(app_db):
    at = open_page(PAGE)
    shown = {label: row for frame in _frames(at, "允许范围") for label, row in zip(frame["设置项"], frame.to_dict("records"))}
    assert set(shown) == {s.label for s in stored_settings.editable()}
    for s in stored_settings.editable():
        assert shown[s.label]["当前值"] == f"{settings.get(s.name):g}" == shown[s.label]["配置值"]
        assert shown[s.label]["允许范围"] == f"{s.minimum:g} – {s.maximum:g}"
    assert {e.proto.body for e in at.markdown} >= {"**县区排名扣分**", "**督查组约谈规则**"}
    read_only = _frames(at, "含义")[0]
    assert dict(zip(read_only["设置"], read_only["当前值"]))["report_cutoff"] == "16:00"
    assert "值班信息每日报送截止时间" in set(read_only["含义"])
    assert any("还没有修改记录" in c.value for c in at.caption)
    shown = dict(zip(read_only["设置"], read_only["当前值"]))
    assert {shown[name] for name in settings.SERVER_PATHS} == {"（服务器文件路径，不在页面显示）"}
    assert {shown[name] for name in settings.SERVER_INTERNALS} == {"（服务器内部配置，不在页面显示）"}


def test_a_save_changes_the_ranking_and_is_in_the_history(app_db):
    before = open_page("app_pages/ranking.py")
    score, cell = _score(before, "汉滨区")
    overdue = int(cell.split("条")[0])
    scored = float(cell.split("−")[1]) / 2.0   # overdue hazards per hundred found (dashboard/ranking), 2 points each
    at = _save(open_page(PAGE), {WEIGHT: "5"})
    assert not at.error and any("已保存 1 项：每条逾期未整改隐患" in s.value for s in at.success)
    history = _frames(at, "变化")[0]
    who = user_of(at).label
    assert list(history[["操作人", "操作", "设置项", "变化", "原因"]].iloc[0]) == [
        who, "修改设置", "每条逾期未整改隐患", "原值：2.0；新值：5.0", "4月安委会决定"]
    assert sql(app_db, "SELECT value, updated_by FROM setting_values") == [("5.0", who)]
    assert sql(app_db, "SELECT actor_login FROM audit_events WHERE entity = 'setting'") == [("office",)]
    after = open_page("app_pages/ranking.py")
    now, cell = _score(after, "汉滨区")
    assert now == pytest.approx(max(0, score - 3 * scored)) and cell == f"{overdue}条 −{5 * scored:g}"
    rules = next(d.value for d in after.dataframe if "每项扣分" in d.value.columns)
    assert dict(zip(rules["扣分项"], rules["每项扣分"]))["逾期未整改隐患"] == "每百条隐患中每条 5 分"


def test_refused_saves_show_the_reason_and_change_nothing(app_db):
    audit = sql(app_db, "SELECT count(*) FROM audit_events")
    for values, reason in (({WEIGHT: "200"}, "不能大于 100"), ({WEIGHT: "两分"}, "必须是数字"),
                           ({WEIGHT: "3", "score_open_major": "-1"}, "不能小于 0"), ({}, "没有需要保存的修改")):
        at = _save(open_page(PAGE), values)
        assert [e.value for e in at.error] and reason in at.error[0].value and "所有设置均未改动" in at.error[0].value
        assert sql(app_db, "SELECT count(*) FROM setting_values") == [(0,)]
        assert sql(app_db, "SELECT count(*) FROM audit_events") == audit
    ranking = open_page("app_pages/ranking.py")
    rules = next(d.value for d in ranking.dataframe if "每项扣分" in d.value.columns)
    assert dict(zip(rules["扣分项"], rules["每项扣分"]))["逾期未整改隐患"] == "每百条隐患中每条 2 分"


def test_a_reset_goes_back_to_the_configured_value(app_db):
    _save(open_page(PAGE), {WEIGHT: "4"})
    at = open_page(PAGE, user="admin")  # 管理员 may change settings too
    at.text_input(key="settings.reset.reason").set_value("恢复")
    at.button(key="settings.reset.submit").click().run()
    assert any("已恢复“每条逾期未整改隐患”为配置值" in s.value for s in at.success)
    assert sql(app_db, "SELECT count(*) FROM setting_values") == [(0,)]
    history = _frames(at, "变化")[0]
    assert list(history["操作"]) == ["恢复默认", "修改设置"] and history["操作人"].iloc[0] == user_of(at).label
    assert user_of(at).label == "刘晓东（管理员）"


def test_a_refused_value_is_quoted_as_typed_not_as_markup(app_db):
    at = _save(open_page(PAGE), {WEIGHT: "[点此](http://example.org) **粗体**"})
    message = at.error[0].value
    assert r"\[点此\]\(http\://example\.org\) \*\*粗体\*\*" in message  # escaped: shown exactly as typed
    assert sql(app_db, "SELECT count(*) FROM setting_values") == [(0,)]
