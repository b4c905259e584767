"""需催报 calls in the dispatch log (issue 12 item 9): one row per call and county; ``chase_calls`` counts them
per unit for the day (an older row that named several units counts for each), other dispatches not at all."""

from datetime import datetime

from dashboard import duty, roles
from duty_cases import CUTOFF, LANGAO, MAY2, MAY3, ZHENPING

DUTY_OFFICER = roles.system("值班员")  # who acts here (who may do what: tests/access)


def _call(store, codes, day=MAY3, at=None):
    return duty.log_dispatch(store, {**duty.chase_dispatch(codes, day, CUTOFF), "sent_at": at}, DUTY_OFFICER)


def test_calls_are_counted_per_unit_and_day(demo_store):
    assert duty.chase_calls(demo_store, MAY3, CUTOFF).empty
    _call(demo_store, [LANGAO], at=datetime(2021, 5, 3, 16, 10))
    _call(demo_store, [LANGAO], at=datetime(2021, 5, 3, 16, 40))
    _call(demo_store, [ZHENPING, LANGAO], at=datetime(2021, 5, 3, 16, 20))   # a row naming two units
    _call(demo_store, [ZHENPING], day=MAY2, at=datetime(2021, 5, 2, 16, 30))   # another day's chase
    duty.log_dispatch(demo_store, {"to_units": [ZHENPING], "content": "请做好防汛准备"}, DUTY_OFFICER)  # not a chase
    calls = duty.chase_calls(demo_store, MAY3, CUTOFF).set_index("unit_code")
    assert calls["calls"].to_dict() == {LANGAO: 3, ZHENPING: 1}
    assert calls.loc[LANGAO, "last_at"] == datetime(2021, 5, 3, 16, 40)


def test_one_call_is_one_unit(demo_store):
    fields = duty.chase_dispatch([LANGAO], MAY3, CUTOFF)
    assert fields == {"to_units": [LANGAO], "content": "截至16时00分未收到你单位5月3日值班信息，请立即报送。"}
