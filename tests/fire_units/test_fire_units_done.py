"""What 重大火灾隐患 says after an action (issue 12 item 9): the milestone that was completed, by name, and
no "节点完成完成"; an unfinished milestone shows a dash, never a literal "None"."""

from __future__ import annotations

import json
from datetime import date

import apptest
import pytest
from apptest import open_page

from dashboard import fire_units as fu
from dashboard import vocab

app_db = apptest.app_db
UNIT = {"name": "白河县城关镇大桥路农贸市场",
        "milestones": [{"seq": 1, "name": "制定整改方案"}, {"seq": 2, "name": "清理消防车道"}]}


@pytest.mark.parametrize("action, fields, text", [
    (fu.A_MILESTONE, {"seq": 2, "actual_date": date(2021, 5, 2)},
     "白河县城关镇大桥路农贸市场：节点“清理消防车道”已完成（2021-05-02），当前状态“整改中”。"),
    (fu.A_MILESTONE, {"seq": 9, "actual_date": date(2021, 5, 2)},
     "白河县城关镇大桥路农贸市场：节点“第9个节点”已完成（2021-05-02），当前状态“整改中”。"),
    (fu.A_PROGRESS, {"progress": 30}, "白河县城关镇大桥路农贸市场：已办理“更新进度”，当前状态“整改中”。"),
    (fu.A_EXTEND, {}, "白河县城关镇大桥路农贸市场：已办理“延期”，当前状态“整改中”。"),
])
def test_done_text(action, fields, text):
    assert fu.done_text(UNIT, action, fields, vocab.FU_IN_PROGRESS) == text


def test_the_page_names_the_milestone_and_shows_no_none(app_db):
    at = open_page("app_pages/fire_units.py")
    at.selectbox(key="fire.id").select("ZDHZ-10").run()
    marks = next(d for d in at.dataframe if "节点" in d.value.columns)
    assert marks.value["实际完成"].isna().all() and marks.proto.placeholder == "—"
    board = next(d for d in at.dataframe if "紧急度" in d.value.columns)
    assert board.proto.placeholder == "—"
    at.selectbox(key="fire.action").select("节点完成").run()
    at.date_input(key="fire.form.ZDHZ-10.节点完成.actual_date").set_value(date(2021, 5, 2))
    at.button(key="fire.form.ZDHZ-10.节点完成.submit").click().run()
    said = [s.value for s in at.success]
    assert "白河县城关镇大桥路农贸市场：节点“制定整改方案”已完成（2021\\-05\\-02），当前状态“整改中”。" in said, said
    assert not any("完成完成" in s for s in said)
    assert any(t.value.startswith("节点：制定整改方案；实际完成：2021-05-02") for t in at.text)  # the history says which
