"""Warnings in force (from start to end inclusive), their order, issuing one; the dispatch log."""

from datetime import datetime, time

import pytest

from dashboard import duty, roles
from dashboard.db import ValidationError
from duty_cases import AS_OF, HANBIN, LANGAO, MAY3, ZHENPING

DUTY_OFFICER = roles.system("值班员")  # who acts here (who may do what: tests/access)
DUTY_ROOM = roles.system("市应急值班室")  # who acts here (who may do what: tests/access)


@pytest.mark.parametrize("start, end, at, expected", [
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 3, 17), True),
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 3, 8), True),     # from its start
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 4, 20), True),    # up to its end
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 4, 20, 1), False),
    (datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20), datetime(2021, 5, 3, 7, 59), False),
])
def test_in_force(start, end, at, expected):
    assert duty.in_force(start, end, at) is expected

def test_order_warnings_puts_those_in_force_first(demo_store):
    frame = duty.warnings(demo_store, AS_OF)
    assert list(frame["id"]) == ["YJ2021-0503-01", "YJ2021-0503-02", "YJ2021-0501-01", "YJ2021-0430-01"]
    assert list(frame["in_force"]) == [True, True, False, False]
    # at noon on May 1 the 大风 warning (and the 森林火险 one) are the ones in force
    earlier = duty.warnings(demo_store, datetime(2021, 5, 1, 12))
    assert set(earlier.loc[earlier["in_force"], "id"]) == {"YJ2021-0501-01", "YJ2021-0430-01"}
    scoped = duty.warnings(demo_store, AS_OF, ("610921",))   # 汉阴县: only the northern 森林火险 and the 大风
    assert set(scoped["id"]) == {"YJ2021-0430-01", "YJ2021-0501-01"}

def test_warning_and_dispatch(demo_store):
    new_id = duty.issue_warning(demo_store, {
        "level": "橙色预警(二级)", "kind": "暴雨", "units": [LANGAO, ZHENPING], "valid_from": datetime(2021, 5, 3, 16),
        "valid_to": datetime(2021, 5, 4, 16), "issued_by": "市气象局", "content": "岚皋、镇坪将有大暴雨"}, DUTY_OFFICER)
    frame = duty.warnings(demo_store, AS_OF)
    assert frame.iloc[0]["id"] == new_id == "YJ2021-0503-03"     # the most severe warning in force comes first
    assert frame.iloc[0]["unit_names"] == "岚皋县、镇坪县"
    with pytest.raises(ValidationError, match="解除时间必须晚于生效时间"):
        duty.issue_warning(demo_store, {"level": "蓝色预警(四级)", "kind": "大风", "units": [LANGAO],
                                        "valid_from": datetime(2021, 5, 3, 16), "valid_to": datetime(2021, 5, 3, 16),
                                        "issued_by": "市气象局", "content": "x"}, DUTY_OFFICER)
    before = len(duty.dispatch_log(demo_store, MAY3, MAY3))
    duty.log_dispatch(demo_store, {"to_units": [LANGAO], "content": "请立即报送当日值班信息"}, DUTY_ROOM)
    log = duty.dispatch_log(demo_store, MAY3, MAY3)
    assert len(log) == before + 1 and log.iloc[0]["unit_names"] == "岚皋县"
    with pytest.raises(ValidationError, match="调度内容"):
        duty.log_dispatch(demo_store, {"to_units": [LANGAO], "content": ""}, DUTY_ROOM)


START, END = datetime(2021, 5, 3, 8), datetime(2021, 5, 4, 20)


@pytest.mark.parametrize("at, state", [
    (datetime(2021, 5, 3, 7, 59), "未生效"), (START, "生效中"), (END, "生效中"), (datetime(2021, 5, 4, 20, 1), "已解除"),
])
def test_warning_state(at, state):
    assert duty.warning_state(START, END, at) == state


@pytest.mark.parametrize("start, end, kept", [
    (datetime(2021, 5, 3, 0, 0), datetime(2021, 5, 3, 23, 59, 59), True),
    (datetime(2021, 5, 4, 20, 0), datetime(2021, 5, 4, 23, 0), True),       # its last moment
    (datetime(2021, 5, 4, 20, 1), datetime(2021, 5, 4, 23, 0), False),
    (datetime(2021, 5, 2, 0, 0), datetime(2021, 5, 3, 8, 0), True),         # its first moment
    (datetime(2021, 5, 2, 0, 0), datetime(2021, 5, 3, 7, 59), False),
])
def test_warnings_during(start, end, kept):
    import pandas as pd

    frame = pd.DataFrame({"id": ["w"], "valid_from": [START], "valid_to": [END]})
    assert (len(duty.warnings_during(frame, start, end)) == 1) is kept


@pytest.mark.parametrize("level, severity", [("蓝色预警(四级)", 0), ("红色预警(一级)", 3), ("紫色", -1)])
def test_warning_severity(level, severity):
    assert duty.warning_severity(level) == severity


def test_chase_dispatch_words_the_call(demo_store):
    fields = duty.chase_dispatch([LANGAO, HANBIN], MAY3, time(16, 0))
    assert fields == {"to_units": [LANGAO, HANBIN], "content": "截至16时00分未收到你单位5月3日值班信息，请立即报送。"}
    duty.log_dispatch(demo_store, fields, DUTY_OFFICER)
    log = duty.dispatch_log(demo_store, MAY3, MAY3, (HANBIN,))
    assert log.iloc[0]["unit_names"] == "汉滨区、岚皋县"   # stored in display order
    assert fields["content"] not in set(duty.dispatch_log(demo_store, MAY3, MAY3, ("610929",))["content"])


@pytest.mark.parametrize("fields, reason", [
    ({"to_units": [], "content": "x"}, "请选择调度对象"),
    ({"to_units": ["999999"], "content": "x"}, "不在县区名单中"),
    ({"to_units": [LANGAO], "content": "x", "sent_at": datetime(2021, 5, 3, 17, 1)}, "调度时间不能晚于现在"),
])
def test_refused_dispatch(demo_store, fields, reason):
    with pytest.raises(ValidationError, match=reason):
        duty.log_dispatch(demo_store, fields, DUTY_OFFICER)
    with pytest.raises(ValidationError, match="未登录"):  # a typed name is not a signed-in user
        duty.log_dispatch(demo_store, {"to_units": [LANGAO], "content": "x"}, "值班员")
