"""督查组评价's four forms (ui.entry.record_form over the groups' ImportKinds) through the entry script (AppTest):
one member, one visit, one change on file and one 约谈 typed on the page, each then shown where the page shows its
kind (the group's members, the 暗访检查 tile and the group's row, the changes and the 约谈 of the group's detail);
a refusal keeps what was typed; the form starts empty after a success; no form for a 领导; on an empty store the
roster's form (the first group is typed there) and, for the others, why not yet."""

from __future__ import annotations

import datetime as dt

import apptest
import pytest
from apptest import open_page

from dashboard import groups

app_db = apptest.app_db
empty_db = apptest.empty_db
PAGE = "app_pages/groups.py"
G3 = "第三暗访督查组（驻石泉县）"
KEY = "groups.entry."
TODAY = dt.date(2021, 5, 3)  # the demo's as-of day


def _fill(at, key: str, values: dict):
    """Type ``values`` (widget key suffix -> value) into the form under ``key``, press 登记, run."""
    for name, value in values.items():
        found = next(w for w in at.main if getattr(w, "key", None) == key + name)  # whatever widget it is
        found.set_value(value)
    at = at.button(key=key + "submit").click().run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> list[str]:
    return [t.value for t in at.text]


def _visits_of(at, group: str) -> int:
    table = next(d.value for d in at.dataframe if "暗访检查" in d.value.columns and "督查组" in d.value.columns)
    return int(table.loc[table["督查组"] == groups.short_name(group), "暗访检查"].iloc[0])


FORMS = [
    ("roster.", {"group": G3, "name": "登记测试丙", "role": "成员", "org": "市应急管理局", "phone": "13900000001"},
     "已登记督查组：第三暗访督查组（驻石泉县），登记测试丙，成员",
     lambda at: "登记测试丙" in list(next(d.value for d in at.dataframe if "职务" in d.value.columns)["姓名"])),
    ("change.", {"group": G3, "change_date": dt.date(2021, 5, 2), "kind": "成员调整", "old_value": "原成员甲",
                 "new_value": "登记测试乙", "reason": "工作调动"},
     "已登记督查组人员变更备案：第三暗访督查组（驻石泉县），2021-05-02，成员调整，登记测试乙",
     lambda at: "原成员甲 → 登记测试乙" in _texts(at) and "原因：工作调动" in _texts(at)),
    ("interview.", {"group": G3, "interviewer": "市安委办副主任", "reasons": "书面移交市安委办比例低于90%",
                    "doc_no": "安安办约〔2021〕3号"},
     "已登记督查组约谈记录：第三暗访督查组（驻石泉县），2021-05-03，书面移交市安委办比例低于90%",
     lambda at: "事由：书面移交市安委办比例低于90%" in _texts(at) and "约谈人：市安委办副主任" in _texts(at)),
]


@pytest.mark.parametrize("form, values, said, shown", FORMS, ids=[f[0].strip(".") for f in FORMS])
def test_a_record_typed_on_the_page_is_shown_there(app_db, form, values, said, shown):
    at = open_page(PAGE, {"groups.group": G3})  # the group's detail open below the forms
    assert not shown(at)
    at = _fill(at, KEY + form, values)
    assert [s.value.replace("\\", "") for s in at.success] == [said + "（第 1 号登记，可在“数据管理”中查看或撤销）。"]
    assert shown(at)
    left = {name: at.session_state[KEY + form + name] for name in values}
    assert all(v in (None, "", TODAY) for v in left.values()), left  # empty again (a day asked: today again)


def test_a_visit_typed_counts_in_the_tile_and_the_groups_row(app_db):
    at = open_page(PAGE)
    tile, row = apptest.metrics(at)["暗访检查"], _visits_of(at, G3)
    at = _fill(at, KEY + "visit.", {"group": G3, "enterprise": "石泉县登记测试砖厂", "sector": "工贸", "hazards_found": 2})
    assert any("已登记督查检查记录：第三暗访督查组（驻石泉县），2021\\-05\\-03，石泉县登记测试砖厂，工贸" in s.value
               for s in at.success), [s.value for s in at.success]
    assert _visits_of(at, G3) == row + 1
    assert apptest.metrics(at)["暗访检查"] == f"{int(tile.split()[0].replace(',', '')) + 1:,} 次"
    assert apptest.sql(app_db, "SELECT covert, hazards_found FROM inspections WHERE enterprise = '石泉县登记测试砖厂'") == [
        (True, 2)]  # 检查方式 left blank: 暗访, as a file's blank cell


def test_a_refusal_keeps_what_was_typed(app_db):
    at = open_page(PAGE)
    key = KEY + "visit."
    at = _fill(at, key, {"group": G3, "visit_date": dt.date(2021, 5, 9), "enterprise": "未来的砖厂", "sector": "工贸"})
    assert [e.value for e in at.error] == ["未登记：检查日期：检查日期不能晚于今天"]
    assert at.session_state[key + "enterprise"] == "未来的砖厂" and at.session_state[key + "sector"] == "工贸"
    assert apptest.sql(app_db, "SELECT count(*) FROM inspections WHERE enterprise = '未来的砖厂'") == [(0,)]


def test_a_leader_sees_no_form(app_db):
    at = open_page(PAGE, user="leader")
    assert not any((b.key or "").startswith(KEY) for b in at.button)


def test_on_an_empty_store_the_roster_form_is_there_and_the_others_say_why_not(empty_db):
    at = open_page(PAGE)
    assert any(b.key == KEY + "roster.submit" for b in at.button)
    assert not any(b.key in (KEY + "visit.submit", KEY + "change.submit", KEY + "interview.submit") for b in at.button)
    assert [c.value for c in at.caption].count(":material/inbox: 还没有可选的督查组，请先导入或登记。") == 3
