"""dashboard/roles.py, the pure rules: refusal's reasons (role, county, group, no user) as a table of cases,
the label an audit line carries, the system actors, may_any, and which pages the navigation offers each role.
Every rule against every role and a real write: test_role_matrix.py."""

from __future__ import annotations

import math

import pytest

from dashboard import roles

HANBIN, XUNYANG = "610902", "610981"
OFFICE = roles.User("office", "陈建华", roles.OFFICE)
CLERK = roles.User("hanbin", "李娜", roles.CLERK, unit_code=HANBIN, county_name="汉滨区")
GROUP = roles.User("group1", "赵强", roles.GROUP, group_id=1, county_name="第一暗访督查组")
LEADER = roles.User("leader", "王建国", roles.LEADER)
WALL = roles.User("wall:3", "指挥中心大屏", roles.WALL)
ADMIN = roles.User("admin", "刘晓东", roles.ADMIN)
DUTY = roles.User("duty", "张伟", roles.DUTY)
NO_GROUP = roles.User("group0", "无组", roles.GROUP, group_id=None)


@pytest.mark.parametrize("user, entity, action, county, group, expected", [
    # a role's rule
    (OFFICE, "hazard", "复核合格", HANBIN, 1, None),
    (LEADER, "hazard", "复核合格", HANBIN, 1, "王建国（领导）无权执行“复核合格”：领导的权限是查看全部，不能修改。"),
    (WALL, "duty_report", "报送", HANBIN, None, "指挥中心大屏（大屏）无权执行“报送”：大屏的权限是只读。"),
    (ADMIN, "hazard", "登记", HANBIN, 1, "刘晓东（管理员）无权执行“登记”：管理员的权限是用户与设置。"),
    (ADMIN, "setting", "修改设置", None, None, None),
    (OFFICE, "user", "新增用户", None, None, "陈建华（市安委办）无权执行“新增用户”：市安委办的权限是除用户管理外的全部写操作。"),
    (DUTY, "duty_period", "新增值班时段", None, None,
     "张伟（值班员）无权执行“新增值班时段”：值班员的权限是各县区的值班报送、事故信息、预警、调度和值班表。"),
    (DUTY, "incident", "初报", XUNYANG, None, None),                  # every county
    # an action without a line of its own takes its entity's (ANY); an entity without any: nobody
    (DUTY, "warning", "某个新动作", None, None, None),
    (OFFICE, "no_such_entity", "写", None, None, "陈建华（市安委办）无权执行“写”：市安委办的权限是除用户管理外的全部写操作。"),
    # a 县区填报员: its own county only, and a record that does not say its county is not its own
    (CLERK, "duty_report", "报送", HANBIN, None, None),
    (CLERK, "duty_report", "报送", XUNYANG, None, "李娜（县区填报员，汉滨区）只能操作本县区的记录，不能对610981执行“报送”。"),
    (CLERK, "duty_report", "报送", None, None, "李娜（县区填报员，汉滨区）只能操作本县区的记录，不能对未注明县区的记录执行“报送”。"),
    (CLERK, "hazard", "开始整改", HANBIN, 7, None),                   # a county's hazard, whichever group found it
    (CLERK, "hazard", "复核合格", HANBIN, 1, "李娜（县区填报员，汉滨区）无权执行“复核合格”：县区填报员的权限是本县区的值班日报、事故信息，"
                                         "本县区隐患和重大火灾隐患单位的整改进度。"),
    # a 督查组: its own group's hazards only (a number as text is the same group)
    (GROUP, "hazard", "登记", HANBIN, 1, None),
    (GROUP, "hazard", "登记", HANBIN, "1", None),
    (GROUP, "hazard", "登记", HANBIN, 2, "赵强（督查组，第一暗访督查组）只能操作本组的隐患，不能对其他检查组的记录执行“登记”。"),
    (GROUP, "hazard", "登记", HANBIN, None, "赵强（督查组，第一暗访督查组）只能操作本组的隐患，不能对其他检查组的记录执行“登记”。"),
    (GROUP, "hazard", "开始整改", HANBIN, 1, "赵强（督查组，第一暗访督查组）无权执行“开始整改”：督查组的权限是本组的隐患：登记、导入、书面移交。"),
    # an account of a group without its group acts on no record, not even one without a group (NaN from a frame)
    (NO_GROUP, "hazard", "登记", HANBIN, math.nan, "无组（督查组）只能操作本组的隐患，不能对其他检查组的记录执行“登记”。"),
    (NO_GROUP, "hazard", "登记", HANBIN, "第一组", "无组（督查组）只能操作本组的隐患，不能对其他检查组的记录执行“登记”。"),
    # no user at all: a typed name, None, a dict that looks like one
    ("陈建华", "hazard", "登记", HANBIN, 1, "未登录或操作人不明，不能保存。请先登录。"),
    (None, "setting", "修改设置", None, None, "未登录或操作人不明，不能保存。请先登录。"),
    ({"login": "office", "role": roles.OFFICE}, "hazard", "登记", HANBIN, 1, "未登录或操作人不明，不能保存。请先登录。"),
    # 系统 (the command line, background jobs) may do every write
    (roles.system("导入脚本"), "user", "新增用户", None, None, None),
])
def test_refusal(user, entity, action, county, group, expected):
    assert roles.refusal(user, entity, action, county=county, group=group) == expected
    assert roles.allowed(user, entity, action, county=county, group=group) is (expected is None)


def test_a_refusal_names_the_county_as_people_say_it_when_told():
    reason = roles.refusal(CLERK, "incident", "初报", county=XUNYANG, county_label="旬阳市")
    assert reason == "李娜（县区填报员，汉滨区）只能操作本县区的记录，不能对旬阳市执行“初报”。"


@pytest.mark.parametrize("user, entity, action, expected", [
    (CLERK, "duty_report", "报送", True),       # some record of its own county
    (GROUP, "hazard", "登记", True),
    (GROUP, "import", "导入隐患", True),
    (GROUP, "import", "导入值班表", False),
    (DUTY, "import", "导入值班表", True),
    (LEADER, "duty_report", "报送", False),
    (WALL, "hazard", "登记", False),
    (roles.system(), "units", "载入县区名录", True),
    ("陈建华", "hazard", "登记", False),
    (None, "hazard", "登记", False),
])
def test_may_any(user, entity, action, expected):
    assert roles.may_any(user, entity, action) is expected


@pytest.mark.parametrize("user, label, writes", [
    (OFFICE, "陈建华（市安委办）", True),
    (CLERK, "李娜（县区填报员，汉滨区）", True),
    (GROUP, "赵强（督查组，第一暗访督查组）", True),
    (LEADER, "王建国（领导）", False),
    (WALL, "指挥中心大屏（大屏）", False),
    (roles.system("演示数据"), "演示数据（系统）", True),
])
def test_the_label_an_audit_line_carries(user, label, writes):
    assert (user.label, user.writes) == (label, writes)


def test_the_system_actor_is_named_by_what_ran_it(monkeypatch):
    assert roles.system("备份任务") == roles.User("system:备份任务", "备份任务", roles.SYSTEM)
    monkeypatch.setattr("getpass.getuser", lambda: "ops")
    assert roles.system().label == "命令行（ops）（系统）" and roles.system().login == "system:命令行（ops）"

    def no_name():
        raise KeyError("getpwuid(): uid not found: 1000")

    monkeypatch.setattr("getpass.getuser", no_name)  # a container's uid without a name: said so, no guess
    assert roles.system().name == "命令行（未知系统用户）"


def test_an_account_role_is_one_of_six_and_the_wall_is_a_link():
    assert roles.ROLES == ("管理员", "市安委办", "值班员", "县区填报员", "督查组", "领导")
    assert roles.WALL not in roles.ROLES and roles.SYSTEM not in roles.ROLES
    assert set(roles.ROLE_NOTES) == set(roles.ROLES)


PAGES = ["", "hazards", "fire_units", "duty", "ranking", "map", "settings", "data", "users", "clerk", "account"]


@pytest.mark.parametrize("user, shared, seen", [
    (ADMIN, ("overview",), set(PAGES)),
    (OFFICE, ("overview",), set(PAGES) - {"users"}),
    (DUTY, ("overview",), set(PAGES) - {"users"}),
    (LEADER, ("overview",), set(PAGES) - {"users", "clerk"}),
    (GROUP, ("overview",), set(PAGES) - {"users", "clerk"}),
    (WALL, ("overview",), set(PAGES) - {"users", "clerk"}),
    # a 县区填报员: its phone page, its account, and the city pages the office shares (态势总览 is the root, "")
    (CLERK, ("overview",), {"clerk", "account", ""}),
    (CLERK, ("overview", "ranking", "map"), {"clerk", "account", "", "ranking", "map"}),
    (CLERK, (), {"clerk", "account"}),
    (CLERK, ("users", "clerk"), {"clerk", "account"}),  # 用户管理 never, whatever the setting names
])
def test_the_pages_each_role_sees(user, shared, seen):
    assert {p for p in PAGES if roles.sees_page(user, p, shared)} == seen
