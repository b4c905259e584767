"""重大火灾隐患 through the entry script (AppTest): the figures equal plain SQL, the filters come from and go
to the URL, a unit opens from the URL, every action form writes the unit and its audit event, and a
refused action shows its reason and writes nothing."""

from __future__ import annotations

import json
from datetime import date

import apptest
import pytest
from apptest import metrics, open_page, sql, user_of

from dashboard import vocab

app_db = apptest.app_db  # the shared fixture, used by name (caches are reset by tests/conftest.py)
PAGE = "app_pages/fire_units.py"


def _open(params: dict | None = None):
    return open_page(PAGE, params)
LABELS = {"ZDHZ-01": "汉滨区金州农贸综合市场", "ZDHZ-06": "汉阴县城关镇鸿福大酒店", "ZDHZ-07": "紫阳县城关镇富硒茶城",
          "ZDHZ-09": "石泉县星光娱乐会所", "ZDHZ-10": "白河县城关镇大桥路农贸市场"}


def _heading(at) -> str:
    return next(h.value for h in at.subheader if h.value.startswith("整改清单"))


def test_the_figures_and_who_is_late(app_db):
    at = _open()
    open_, listed, overdue = sql(app_db, """
        SELECT count(*), count(*) FILTER (WHERE listing_level <> '未挂牌'),
               count(*) FILTER (WHERE deadline < DATE '2021-05-03')
        FROM fire_units WHERE status <> '已销案摘牌'""")[0]
    shown = metrics(at)
    assert (shown["未销案单位"], shown["挂牌督办"], shown["已逾期"]) == (str(open_), str(listed), str(overdue))
    assert (open_, listed, overdue) == (14, 5, 3)
    alert = at.error[0].value
    for name, person in sql(app_db, """SELECT name, resp_person FROM fire_units
                                        WHERE status <> '已销案摘牌' AND deadline < DATE '2021-05-03'"""):
        assert name in alert and person in alert
    assert _heading(at).startswith("整改清单（14 / 14 家")
    board = at.dataframe[0].value
    assert list(board["倒计时"])[:3] == ["逾期33天", "逾期18天", "逾期3天"]   # most urgent first
    gantt = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "倒排工期" in gantt["layout"]["title"]["text"]


@pytest.mark.parametrize("params, shown", [
    ({"fire.listed": ["挂牌督办"]}, 5),
    ({"fire.listed": ["未挂牌"]}, 9),
    ({"fire.status": [vocab.FU_REVIEW_REQUESTED]}, 2),
    ({"county": ["汉滨区"]}, 4),
])
def test_filters_from_the_url(app_db, params, shown):
    at = _open(params)
    assert f"（{shown} / " in _heading(at)
    assert len(at.dataframe[0].value) == shown


def test_the_overdue_toggle(app_db):
    # (AppTest does not mirror bound widgets into at.query_params; the browser test checks the URL)
    at = _open()
    at.toggle(key="fire.overdue").set_value(True).run()
    assert _heading(at).startswith("整改清单（3 / 14 家")


def _detail(at, unit_id):
    at.selectbox(key="fire.id").select(unit_id).run()
    assert not at.exception, at.exception
    return at


def test_a_unit_opens_from_the_url_with_every_field_and_its_history(app_db):
    at = _open({"fire.id": ["ZDHZ-10 白河县城关镇大桥路农贸市场"]})
    fields = dict(zip(at.dataframe[1].value["字段"], at.dataframe[1].value["内容"]))
    assert fields["判定方式"] == "综合判定" and fields["判定条款"].startswith("GB 35181-2017")
    assert fields["倒计时"] == "逾期33天" and fields["属地消防大队"] == "白河县消防救援大队"
    for label in ("隐患描述", "临时防范措施", "整改资金(万元)", "整改责任人", "行业督办部门"):
        assert fields[label], label
    assert any(b.proto.label == "确认更新进度" for b in at.button)
    history = [t.value for t in at.text]   # the timeline from audit_events, as plain text
    assert any(v.startswith("白河县消防救援大队") and v.endswith("→ 立案") for v in history), history
    assert any(v.startswith("判定条款：GB 35181-2017") for v in history), history


def _key(unit_id: str, action: str, field: str = "submit") -> str:
    """The key of a field of an action's form (the page kit's: the record, the action, the input)."""
    return f"fire.form.{unit_id}.{action}.{field}"


def _fill_progress(at, key):
    at.number_input(key=key("progress")).set_value(30)


def _fill_milestone(at, key):
    at.date_input(key=key("actual_date")).set_value(date(2021, 5, 2))


def _fill_review_pass(at, key):
    at.text_input(key=key("reviewer")).input("汉阴县消防救援大队")
    at.file_uploader(key=key("evidence")).set_value(  # 销案 takes its review record (dashboard/evidence)
        ("复查意见书.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "application/pdf"))


def _fill_review_fail(at, key):
    at.text_area(key=key("reason")).input("第二安全出口宽度不足")


def _fill_list(at, key):  # 市级 (the default): no 文号 typed, the notice issued with it gives it
    at.date_input(key=key("announced_date")).set_value(date(2021, 5, 3))


def _fill_extend(at, key):
    at.date_input(key=key("new_deadline")).set_value(date(2021, 7, 31))
    at.text_area(key=key("reason")).input("楼梯间改造需结构鉴定")


@pytest.mark.parametrize("unit_id, action, fill, status, check", [
    ("ZDHZ-10", "更新进度", _fill_progress, vocab.FU_IN_PROGRESS, "SELECT progress = 30 FROM fire_units WHERE id = ?"),
    ("ZDHZ-10", "节点完成", _fill_milestone, vocab.FU_IN_PROGRESS,
     "SELECT actual_date = DATE '2021-05-02' FROM fire_unit_milestones WHERE fire_unit_id = ? AND seq = 1"),
    ("ZDHZ-01", "申请复查", None, vocab.FU_REVIEW_REQUESTED,
     "SELECT review_requested_date = DATE '2021-05-03' FROM fire_units WHERE id = ?"),
    ("ZDHZ-06", "复查合格", _fill_review_pass, vocab.FU_CLOSED,
     "SELECT closed_date = DATE '2021-05-03' FROM fire_units WHERE id = ?"),
    ("ZDHZ-09", "复查不合格", _fill_review_fail, vocab.FU_IN_PROGRESS,
     "SELECT review_requested_date IS NULL FROM fire_units WHERE id = ?"),
    ("ZDHZ-07", "挂牌督办", _fill_list, vocab.FU_IN_PROGRESS,
     "SELECT listing_level = '市级挂牌督办' AND listing_doc = '安安委办督〔2021〕1号' FROM fire_units WHERE id = ?"),
    ("ZDHZ-07", "延期", _fill_extend, vocab.FU_IN_PROGRESS,
     "SELECT deadline = DATE '2021-07-31' AND original_deadline = DATE '2021-04-15' FROM fire_units WHERE id = ?"),
])
def test_every_action_form_writes_the_unit_and_its_event(app_db, unit_id, action, fill, status, check):
    at = _detail(_open(), unit_id)
    before = sql(app_db, "SELECT count(*) FROM audit_events WHERE entity = 'fire_unit' AND entity_id = ?", [unit_id])[0][0]
    at.selectbox(key="fire.action").select(action).run()
    if fill:
        fill(at, lambda field: _key(unit_id, action, field))
    at.button(key=_key(unit_id, action)).click().run()
    assert not at.exception, at.exception
    assert not at.error or "未执行" not in at.error[-1].value, at.error[-1].value
    said = {"节点完成": "节点“",  # a milestone is named (fu.done_text); a listing names its notice
            "挂牌督办": "已列为市级挂牌督办，印发挂牌督办通知书 安安委办督〔2021〕1号"}.get(action, f"已办理“{action}”")
    assert any(said in s.value and status in s.value for s in at.success), [s.value for s in at.success]
    assert sql(app_db, "SELECT status FROM fire_units WHERE id = ?", [unit_id])[0][0] == status
    assert sql(app_db, check, [unit_id])[0][0] is True
    events = sql(app_db, """SELECT action, actor, actor_login, to_status FROM audit_events
                             WHERE entity = 'fire_unit' AND entity_id = ? ORDER BY id""", [unit_id])
    assert len(events) == before + 1 and events[-1] == (action, user_of(at).label, "office", status)


@pytest.mark.parametrize("fill, reason", [
    (lambda at, key: at.date_input(key=key("new_deadline")).set_value(date(2021, 7, 31)), "延期必须写明原因"),
])
def test_a_refused_action_shows_its_reason_and_writes_nothing(app_db, fill, reason):
    at = _detail(_open(), "ZDHZ-07")
    before = sql(app_db, "SELECT count(*) FROM audit_events")[0][0]
    at.selectbox(key="fire.action").select("延期").run()
    fill(at, lambda field: _key("ZDHZ-07", "延期", field))
    at.button(key=_key("ZDHZ-07", "延期")).click().run()
    assert any(reason in e.value for e in at.error), [e.value for e in at.error]
    assert sql(app_db, "SELECT count(*) FROM audit_events")[0][0] == before
    assert sql(app_db, "SELECT deadline FROM fire_units WHERE id = 'ZDHZ-07'")[0][0] == date(2021, 4, 15)


def test_the_tables_column_config(app_db, json_snapshot):
    """What each table declares for its columns (widths, progress bar, date formats), as the page sends it."""
    at = _open({"fire.id": ["ZDHZ-10 白河县城关镇大桥路农贸市场"]})
    configs = {name: json.loads(frame.proto.columns) for name, frame in zip(("board", "detail", "marks"), at.dataframe)}
    assert configs == json_snapshot


def test_the_legend_and_the_soon_alert_follow_the_orange_band(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_URGENCY_ORANGE_DAYS", "12")
    at = _open()
    assert any("红色已逾期、橙色12日内到期、黄色30日内到期、绿色期限充足" in c.value for c in at.caption)
    soon = at.warning[0].value
    assert soon.startswith("**12日内到期：**") and "剩3天" in soon and "剩12天" in soon and "剩17天" not in soon
    board = at.dataframe[0].value
    assert list(board["紧急度"][:6]) == ["● 已逾期"] * 3 + ["● 12日内到期"] * 2 + ["● 30日内到期"]
