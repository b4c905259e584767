"""Settings edited on the 设置 page: validation, precedence over the configuration, audit, reset."""

from __future__ import annotations

import pytest

from dashboard import roles, settings, stored_settings
from dashboard.db import Store, ValidationError

WEIGHT = "score_overdue_hazard"  # float, 0..100
RATE = "interview_min_handover_rate"  # float, 0..1
ZHANG, LI = roles.system("张三"), roles.system("李四")  # who acts here (who may do what: tests/access)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "s.duckdb")
    yield s
    s.close()


@pytest.mark.parametrize(
    "name, raw, expected, problem",
    [
        (WEIGHT, "3", 3.0, None),
        (WEIGHT, " 2.5 ", 2.5, None),
        (WEIGHT, 0, 0.0, None),  # the minimum itself is allowed
        (WEIGHT, "100", 100.0, None),  # and the maximum
        (WEIGHT, "100.01", None, "不能大于 100"),
        (WEIGHT, "-0.5", None, "不能小于 0"),
        (WEIGHT, "两分", None, "必须是数字"),
        (WEIGHT, "", None, "不能为空"),
        (WEIGHT, "nan", None, "有限的数字"),
        (WEIGHT, "inf", None, "有限的数字"),
        (RATE, "1", 1.0, None),
        (RATE, "1.2", None, "不能大于 1"),
        ("db", "/tmp/x.duckdb", None, "不能在设置页修改"),
    ],
)
def test_check(name, raw, expected, problem):
    value, reason = stored_settings.check(settings.by_name(name), raw)
    if problem is None:
        assert reason is None and value == expected
    else:
        assert value is None and problem in reason


def test_every_editable_setting_has_a_group_and_bounds_around_its_default():
    for s in stored_settings.editable():
        assert s.group and s.minimum is not None and s.maximum is not None
        assert s.minimum <= s.default <= s.maximum, s.name


def test_saved_value_wins_over_the_configuration_and_is_audited(store, monkeypatch):
    monkeypatch.setenv(settings.by_name(WEIGHT).env_var, "4")
    assert stored_settings.value(store, WEIGHT) == 4.0
    changed = stored_settings.save(store, {WEIGHT: "5", RATE: "0.9"}, ZHANG, "4月会议决定")
    assert changed == [WEIGHT]  # the rate was already 0.9: not a change
    assert stored_settings.value(store, WEIGHT) == 5.0
    history = stored_settings.history(store)
    assert len(history) == 1
    row = history.iloc[0]
    assert (row["actor"], row["name"], row["reason"]) == ("张三（系统）", WEIGHT, "4月会议决定")
    assert row["change"] == "原值：4.0；新值：5.0"
    assert row["label"] == settings.by_name(WEIGHT).label


@pytest.mark.parametrize(
    "changes, actor, problem",
    [
        ({WEIGHT: "5"}, "张三", "未登录"),  # a typed name is not a signed-in user
        ({WEIGHT: "5", RATE: "2"}, ZHANG, "不能大于 1"),  # one bad value refuses the whole change
        ({WEIGHT: str(settings.by_name(WEIGHT).default)}, ZHANG, "没有需要保存的修改"),
        ({"no_such_setting": "1"}, ZHANG, "没有名为"),
    ],
)
def test_refused_saves_write_nothing(store, changes, actor, problem):
    before = store.scalar("SELECT count(*) FROM audit_events"), store.rows("SELECT * FROM setting_values")
    with pytest.raises(ValidationError, match=problem):
        stored_settings.save(store, changes, actor)
    assert (store.scalar("SELECT count(*) FROM audit_events"), store.rows("SELECT * FROM setting_values")) == before


def test_reset_goes_back_to_the_configured_value(store):
    stored_settings.save(store, {WEIGHT: "7"}, ZHANG)
    stored_settings.reset(store, WEIGHT, LI, "恢复")
    assert stored_settings.value(store, WEIGHT) == settings.get(WEIGHT)
    assert list(stored_settings.history(store)["action"]) == ["恢复默认", "修改设置"]
    with pytest.raises(ValidationError, match="已是配置值"):
        stored_settings.reset(store, WEIGHT, LI)


def test_a_value_this_version_no_longer_declares_is_ignored(store):
    store.write(lambda tx: tx.execute("INSERT INTO setting_values VALUES ('retired', '1', now(), 'x')"),
                require_audit=False)
    assert "retired" not in stored_settings.saved(store)


def test_every_setting_has_a_chinese_name_for_the_settings_page():
    for s in settings.SETTINGS:
        assert s.label and any("\u4e00" <= ch <= "\u9fff" for ch in s.label), s.name


@pytest.mark.parametrize("value, text", [(2.0, "2"), (0.9, "0.9"), (0.5, "0.5"), (7, "7"), (100.0, "100"), ("16:00", "16:00")])
def test_value_text(value, text):
    assert stored_settings.value_text(value) == text


@pytest.mark.parametrize("typed, changes", [
    ({WEIGHT: "2", RATE: "0.9"}, {}),                       # as shown: nothing edited
    ({WEIGHT: " 2 ", RATE: "0.9"}, {}),                     # spaces around are no edit
    ({WEIGHT: "2.0", RATE: "0.9"}, {WEIGHT: "2.0"}),        # another spelling is passed on (save finds it equal)
    ({WEIGHT: "5", RATE: "0.8"}, {WEIGHT: "5", RATE: "0.8"}),
    ({WEIGHT: "", RATE: "0.9"}, {WEIGHT: ""}),              # emptied: passed on, and refused by save
])
def test_edited_fields(typed, changes):
    assert stored_settings.edited(typed, {WEIGHT: 2.0, RATE: 0.9}) == changes
