"""The roster: editing a day, adding a period, importing from Excel (the general ingest machinery)."""

from datetime import date, datetime

import pytest

from dashboard import duty, roles
from dashboard.db import ValidationError
from duty_cases import LANGAO, MAY3, MAY4, XUNYANG, roster_xlsx
from duty_cases import count as _count

DUTY_OFFICER = roles.system("值班员")  # who acts here (who may do what: tests/access)


def test_roster_edit_and_period(demo_store):
    duty.save_roster(demo_store, {"unit_code": LANGAO, "duty_date": MAY4, "leader": "张三", "leader_title": "副县长",
                                  "leader_phone": "13900000000", "officer": "李四", "officer_phone": "0915-5221234",
                                  "duty_phone": "0915-5221000"}, DUTY_OFFICER)
    assert duty.roster_entry(demo_store, LANGAO, MAY4)["leader"] == "张三"
    with pytest.raises(ValidationError, match="电话号码格式不对"):
        duty.save_roster(demo_store, {"unit_code": LANGAO, "duty_date": MAY4, "leader": "张三", "officer": "李四",
                                      "leader_phone": "123"}, DUTY_OFFICER)
    new_id = duty.add_period(demo_store, {"name": "2021年“国庆”假期", "short_name": "国庆",
                                          "start_date": date(2021, 10, 1), "end_date": date(2021, 10, 7)}, DUTY_OFFICER)
    assert duty.period(demo_store, new_id)["short_name"] == "国庆"
    with pytest.raises(ValidationError, match="日期重叠"):
        duty.add_period(demo_store, {"name": "x", "short_name": "x", "start_date": date(2021, 5, 5),
                                     "end_date": date(2021, 5, 6)}, DUTY_OFFICER)

# -- roster import (the general ingest machinery) -----------------------------------------------------------
def test_roster_import_replaces_days_and_accepts_aliases(demo_store):
    data = roster_xlsx([
        ["2021/5/4", "旬阳县", "王五", "副市长", "13900000001", "赵六", "13900000002", "0915-7212345"],
        [datetime(2021, 5, 5), "岚皋县", "钱七", "副县长", "13900000003", "孙八", "13900000004", None],
    ])
    before = _count(demo_store, "SELECT count(*) FROM duty_roster")
    outcome = duty.import_roster(demo_store, data, "值班表.xlsx", DUTY_OFFICER)
    assert outcome.ok and (outcome.added, outcome.replaced) == (0, 2)
    assert _count(demo_store, "SELECT count(*) FROM duty_roster") == before
    assert duty.roster_entry(demo_store, XUNYANG, MAY4)["leader"] == "王五"
    assert duty.roster_entry(demo_store, LANGAO, date(2021, 5, 5))["officer"] == "孙八"
    assert demo_store.scalar("SELECT action FROM audit_events ORDER BY id DESC LIMIT 1") == "导入值班表"

def test_roster_import_refuses_the_whole_file_with_row_errors(demo_store):
    data = roster_xlsx([
        ["2021-05-04", "岚皋县", "王五", "副县长", "123", "赵六", "13900000002", None],          # bad phone
        ["2021-04-20", "岚皋县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],  # outside any period
        ["2021-05-04", "火星县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],  # unknown unit
        ["2021-05-05", "汉滨区", "", "副区长", "13900000001", "赵六", "13900000002", None],       # leader missing
        ["2021-05-05", "镇坪县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],
        ["2021-05-05", "镇坪县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],   # duplicate
    ])
    before = demo_store.rows("SELECT * FROM duty_roster ORDER BY unit_code, duty_date")
    outcome = duty.import_roster(demo_store, data, "值班表.xlsx", DUTY_OFFICER)
    assert not outcome.ok
    errors = outcome.result.errors
    assert list(errors["行号"]) == [3, 4, 5, 6, 8]
    reasons = dict(zip(errors["行号"], errors["原因"]))
    assert "电话号码格式不对" in reasons[3] and "不在任何值班时段内" in reasons[4]
    assert "不是可选值之一" in reasons[5] and reasons[6] == "必填项为空" and reasons[8] == "与第7行重复"
    assert demo_store.rows("SELECT * FROM duty_roster ORDER BY unit_code, duty_date") == before


@pytest.mark.parametrize("entry, people", [
    (None, {"leader": "", "leader_title": "", "leader_phone": "", "officer": "", "officer_phone": "", "duty_phone": ""}),
    ({"leader": "张三", "leader_title": None, "leader_phone": float("nan"), "officer": "李四", "officer_phone": "  ",
      "duty_phone": "0915-5221000", "unit_code": LANGAO},
     {"leader": "张三", "leader_title": "", "leader_phone": "", "officer": "李四", "officer_phone": "",
      "duty_phone": "0915-5221000"}),
])
def test_roster_people_is_the_forms_prefill(entry, people):
    assert duty.roster_people(entry) == people


def test_roster_people_on_the_demo(demo_store):
    entry = duty.roster_entry(demo_store, LANGAO, MAY3)
    people = duty.roster_people(entry)
    assert people["leader"] == entry["leader"] and people["duty_phone"] == entry["duty_phone"]
    assert set(people) == set(duty.REPORT_PEOPLE)


@pytest.mark.parametrize("values, problems", [
    ({"leader": "张三", "officer": "李四"}, []),
    ({"leader": "", "officer": "李四"}, [("带班领导", "必填项为空")]),
    ({"leader": "张三", "officer": "李四", "leader_phone": "123", "duty_phone": "0915-5221000"},
     [("带班领导电话", "电话号码格式不对")]),
])
def test_roster_problems(values, problems):
    found = duty.roster_problems(values)
    assert [c for c, _ in found] == [c for c, _ in problems]
    assert all(expected in reason for (_, reason), (_, expected) in zip(found, problems))
