"""假期值班 through the entry script (AppTest): figures, board and 需催报 on the demo, a day from the URL, the
daily report form (refusal with reason and nothing written, 有情况 with counts, resubmission history,
one-click 零报告), an incident with its computed level and late flag, a warning, a dispatch, a roster
edit and a new holiday period, the chase recorded as a dispatch, the roster imported through the page kit's
panel, user text shown as text, and a snapshot of every table's columns and column config. Every write names the
signed-in user; the report's 报送人 is the county person on whose call it was taken."""

from __future__ import annotations

import json
import re
from datetime import date, time

import apptest
from apptest import metrics, open_page, user_of
from apptest import sql as _sql
from duty_cases import record_first_report, roster_xlsx

PAGE = "app_pages/duty.py"
P = "duty."
LANGAO = "610925"
app_db = apptest.app_db  # the shared fixture, used by name (caches are reset by tests/conftest.py)

def _open(params: dict | None = None, user: str = "office"):
    return open_page(PAGE, params, user=user)

_metrics = metrics

def _board(at):
    return at.dataframe[0].value

def _tab(at, label: str):
    """Open a tab as a click would. The tabs are bound to ?duty.tab=, which AppTest hands to every run as a
    fresh URL (so the URL must name the tab), and the first tab is the one without a parameter."""
    at.query_params.pop(P + "tab", None)
    at.session_state[P + "tab"] = label
    if label != "每日报告":
        at.query_params[P + "tab"] = label
    return at.run()

def _text(value: str) -> str:
    """A message as the user reads it: user text is escaped markdown (ui.plain), so drop the escapes."""
    return re.sub(r"\\(.)", r"\1", value)

def _said(at) -> list[str]:
    return [_text(s.value) for s in at.success]

def _refused(at) -> list[str]:
    return [_text(e.value) for e in at.error]

def test_page_shows_the_day_the_board_and_whom_to_call(app_db):
    at = _open()
    figures = _metrics(at)
    assert figures["今日已报送"] == "8/12"
    assert figures["缺报"] == "4" and figures["零报告"] == "2"
    assert figures["事故（事件）"] == "2起" and figures["死亡 / 受伤"] == "0 / 1" and figures["生效预警"] == "2"
    board = _board(at)
    assert board.shape == (12, 5)
    assert board.loc["岚皋县", "05-03 周一（今日）"] == "缺报·超1小时"
    assert board.loc["紫阳县", "05-01 周六"] == "有情况·迟报40分钟"
    assert any("每日报送截止时间 **16:00**" in c.value for c in at.caption)
    chase = at.dataframe[1].value
    assert list(chase["县区"]) == ["岚皋县", "镇坪县", "白河县", "恒口示范区"]
    roster = _sql(app_db, "SELECT leader, leader_phone, officer_phone FROM duty_roster WHERE unit_code = ? "
                          "AND duty_date = DATE '2021-05-03'", [LANGAO])[0]
    first = chase.iloc[0]
    assert (first["带班领导"], first["带班领导电话"], first["值班人员电话"]) == roster
    assert first["情况"] == "已超过截止时间1小时"
    assert at.selectbox(key=P + "r.unit").value == "岚皋县"   # units still to report come first

def test_a_past_day_from_the_url(app_db):
    at = _open({"duty.day": "2021-05-02"})
    figures = _metrics(at)
    assert figures["5月2日已报送"] == "12/12"
    assert figures["死亡 / 受伤"] == "3 / 4"                  # the 续报's figures
    assert any("各县区均已报送" in s for s in _said(at))

def test_report_form_refuses_then_accepts_and_keeps_history(app_db):
    at = _open()
    suffix = f".{LANGAO}.20210503"
    assert at.text_input(key=P + "r.leader" + suffix).value     # prefilled from the roster
    at.radio(key=P + "r.situation").set_value("有情况")
    at.number_input(key=P + "r.accidents").set_value(1)
    at.number_input(key=P + "r.injuries").set_value(2)
    at.button(key=P + "r.submit").click().run()
    assert any("必须填写当日情况说明" in e for e in _refused(at))
    assert _sql(app_db, "SELECT count(*) FROM duty_reports WHERE unit_code = ? AND report_date = DATE '2021-05-03'",
                [LANGAO])[0][0] == 0
    at.text_area(key=P + "r.details").set_value("16时南宫山景区一游客摔伤，2人轻伤，已送医。")
    at.button(key=P + "r.submit").click().run()
    assert not at.exception and not at.error
    assert any("岚皋县 5月3日 值班信息已报送（有情况，第1版）" in s for s in _said(at))
    assert _metrics(at)["今日已报送"] == "9/12"
    assert _board(at).loc["岚皋县", "05-03 周一（今日）"] == "有情况·迟报1小时"
    # resubmit as a correction: version 2, history keeps both
    at.selectbox(key=P + "r.unit").set_value("岚皋县").run()
    at.radio(key=P + "r.situation").set_value("有情况")
    at.number_input(key=P + "r.injuries").set_value(3)
    at.text_area(key=P + "r.details").set_value("更正：3人轻伤。")
    at.button(key=P + "r.submit").click().run()
    assert any("岚皋县今日已报送 有情况（第1版，17:00），再次报送将作为第2版替换当前版本" in _text(w.value) for w in at.warning)
    at.button(key=P + "r.confirm.form.yes").click().run()
    rows = _sql(app_db, "SELECT version, injuries FROM duty_reports WHERE unit_code = ? "
                        "AND report_date = DATE '2021-05-03' ORDER BY version", [LANGAO])
    assert rows == [(1, 2), (2, 3)]
    [history] = [d.value for d in at.dataframe if "版本" in d.value.columns]  # the report's history, by its columns
    assert list(history["版本"]) == [2, 1]

def test_the_report_is_sent_by_the_user_on_a_county_persons_call(app_db):
    """A 值班员 takes a county's report by phone: the audit names the 值班员, 报送人（来电人） the county's person
    (the roster's 值班人员 proposed)."""
    at = _open(user="duty")
    field = at.text_input(key=P + f"r.reporter.{LANGAO}.20210503")
    officer = _sql(app_db, "SELECT officer FROM duty_roster WHERE unit_code = ? AND duty_date = DATE '2021-05-03'",
                   [LANGAO])[0][0]
    assert (field.label, field.value) == ("报送人（来电人）", officer)
    field.set_value("岚皋县值班室李四")
    at.button(key=P + "r.submit").click().run()
    assert not at.error, _refused(at)
    assert _sql(app_db, "SELECT reporter FROM duty_reports WHERE unit_code = ? AND report_date = DATE '2021-05-03'",
                [LANGAO]) == [("岚皋县值班室李四",)]
    assert _sql(app_db, "SELECT actor, actor_login FROM audit_events WHERE entity = 'duty_report' "
                        "AND entity_id = ?", [f"{LANGAO}/2021-05-03/1"]) == [("张伟（值班员）", "duty")]


def test_negative_count_is_refused_with_its_reason(app_db):
    at = _open()
    at.number_input(key=P + "r.inspections").set_value(-1)
    at.button(key=P + "r.submit").click().run()
    assert any("“检查单位数”不能为负数" in e for e in _refused(at))
    assert _sql(app_db, "SELECT count(*) FROM duty_reports WHERE report_date = DATE '2021-05-03'")[0][0] == 8

def test_one_click_zero_report(app_db):
    at = _open()
    at.selectbox(key=P + "r.unit").set_value("白河县").run()
    at.button(key=P + "r.zero").click().run()
    assert any("白河县 5月3日 零报告已报送（第1版）" in s for s in _said(at))
    row = _sql(app_db, "SELECT situation, reporter, leader FROM duty_reports WHERE unit_code = '610929' "
                       "AND report_date = DATE '2021-05-03'")[0]
    roster = _sql(app_db, "SELECT officer, leader FROM duty_roster WHERE unit_code = '610929' "
                          "AND duty_date = DATE '2021-05-03'")[0]
    assert row == ("零报告", roster[0], roster[1])
    assert _board(at).loc["白河县", "05-03 周一（今日）"] == "零报告·迟报1小时"
    assert "白河县" not in list(at.dataframe[1].value["县区"])

def test_incident_form_shows_the_level_and_late_flag(app_db):
    at = record_first_report(_open({"duty.tab": "事故信息"}), unit="岚皋县", occurred=time(14, 0),
                             received=time(14, 20), reported=time(15, 30), place="岚皋县南宫山镇S207线",
                             kind="道路交通事故", deaths=3, injuries=2)
    assert not at.error, _refused(at)
    message = " ".join(_said(at))
    assert "已记录 SJ20210503-03（初报）：按本次报告属较大事故" in message
    assert "事发至初报用时1小时30分钟，超过时限" in message
    assert _metrics(at)["事故（事件）"] == "3起"
    # a 续报 linked to it raises the level
    at.radio(key=P + "i.stage").set_value("续报").run()
    at.selectbox(key=P + "i.chain").set_value("SJ20210503-03").run()
    at.time_input(key=P + "i.rec_time").set_value(time(16, 0))
    at.time_input(key=P + "i.rep_time").set_value(time(16, 30))
    at.number_input(key=P + "i.deaths").set_value(10)
    at.button(key=P + "i.submit").click().run()
    assert any("SJ20210503-03-2（续报）：按本次报告属重大事故" in s for s in _said(at))
    rows = _sql(app_db, "SELECT id, stage, chain_id, place FROM incidents WHERE chain_id = 'SJ20210503-03' ORDER BY id")
    assert rows == [("SJ20210503-03", "初报", "SJ20210503-03", "岚皋县南宫山镇S207线"),
                    ("SJ20210503-03-2", "续报", "SJ20210503-03", "岚皋县南宫山镇S207线")]

def test_warning_dispatch_roster_and_period_forms(app_db):
    last = _sql(app_db, "SELECT max(id) FROM audit_events")[0][0]
    at = _open({"duty.tab": "预警信息"})
    at.selectbox(key=P + "w.level").set_value("橙色预警(二级)")
    at.text_input(key=P + "w.kind").set_value("暴雨")
    at.text_input(key=P + "w.issued_by").set_value("市气象局")
    at.multiselect(key=P + "w.units").set_value(["岚皋县", "镇坪县"])
    at.date_input(key=P + "w.to_day").set_value(date(2021, 5, 4))
    at.time_input(key=P + "w.to_time").set_value(time(20, 0))
    at.text_area(key=P + "w.content").set_value("岚皋、镇坪将有大暴雨")
    at.button(key=P + "w.submit").click().run()
    assert any("已记录预警 YJ2021-0503-03" in s for s in _said(at))
    assert _metrics(at)["生效预警"] == "3"

    _tab(at, "调度记录")
    at.multiselect(key=P + "d.units").set_value(["岚皋县"])
    at.text_area(key=P + "d.content").set_value("请立即报送当日值班信息")
    at.button(key=P + "d.submit").click().run()
    assert any("已记录调度" in s for s in _said(at))
    who = user_of(at).label
    assert _sql(app_db, "SELECT actor FROM dispatch_log WHERE content = '请立即报送当日值班信息'") == [(who,)]

    _tab(at, "值班表")
    at.selectbox(key=P + "s.unit").set_value("岚皋县").run()
    at.text_input(key=P + f"s.leader.{LANGAO}.20210503").set_value("张三")
    at.button(key=P + "s.submit").click().run()
    assert any("已保存 岚皋县 05-03 的值班安排" in s for s in _said(at))
    _tab(at, "每日报告")
    assert at.text_input(key=P + f"r.leader.{LANGAO}.20210503").value == "张三"   # the report form follows

    at.text_input(key=P + "p.name").set_value("2021年“国庆”假期")
    at.text_input(key=P + "p.short").set_value("国庆")
    at.date_input(key=P + "p.start").set_value(date(2021, 10, 1))
    at.date_input(key=P + "p.end").set_value(date(2021, 10, 7))
    at.button(key=P + "p.submit").click().run()
    assert any("已添加值班时段“2021年“国庆”假期”" in s for s in _said(at))
    actions = ("发布预警", "调度", "修改值班表", "新增值班时段")
    assert _sql(app_db, "SELECT action, actor, actor_login FROM audit_events WHERE id > ? ORDER BY id", [last]) == [
        (action, who, "office") for action in actions]
    assert "2021年“国庆”假期" in at.selectbox(key=P + "period").options
    at.selectbox(key=P + "period").set_value("2021年“国庆”假期").run()
    assert not at.exception
    assert _board(at).shape == (12, 7)

def test_before_the_cutoff_units_are_pending_not_missing(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_AS_OF", "2021-05-03 15:30")
    at = _open()
    figures = _metrics(at)
    assert figures["待报（未到截止）"] == "4"
    assert _board(at).loc["岚皋县", "05-03 周一（今日）"] == "待报"
    assert set(at.dataframe[1].value["情况"]) == {"未到截止时间"}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_every_tables_columns_and_config(app_db, json_snapshot):
    at = _open()
    tables, seen = [], set()
    for label in ("每日报告", "事故信息", "预警信息", "调度记录", "值班表"):  # the open tab's content only
        for frame in _tab(at, label).dataframe:
            table = {"columns": [str(c) for c in frame.value.columns], "index": frame.value.index.name,
                     "column_config": json.loads(frame.proto.columns or "{}")}
            if json.dumps(table) not in seen:  # the board and 需催报 above the tabs are drawn every time
                seen.add(json.dumps(table))
                tables.append(table)
    assert tables == json_snapshot


def test_the_board_legend_and_cutoff_caption(app_db):
    at = _open()
    caption = next(c.value for c in at.caption if "每日报送截止时间" in c.value)
    assert caption.endswith("今日列加粗。颜色：绿=按时零报告，蓝=按时有情况，橙=迟报，红=缺报，黄=待报（未到截止时间）。")


def test_chase_is_recorded_as_a_dispatch_per_county_and_call(app_db):
    at = _open(user="duty")  # the 值班员 on the phone
    assert at.selectbox(key=P + "chase.unit").value == "岚皋县"      # the first not yet called
    assert list(at.dataframe[1].value["已催报"]) == ["未催报"] * 4
    assert not [w for w in at.text_input if w.label == "调度人"]      # who calls is who is signed in
    at.button(key=P + "chase.log").click().run()
    assert any("已记录对岚皋县的催报调度。" in s for s in _said(at))
    assert at.selectbox(key=P + "chase.unit").value == "镇坪县"      # the next call comes up
    at.button(key=P + "chase.log").click().run()
    assert any("已记录对镇坪县的催报调度。" in s for s in _said(at))
    at.selectbox(key=P + "chase.unit").set_value("岚皋县")          # called again: its own row
    at.button(key=P + "chase.log").click().run()
    who = user_of(at).label
    assert who == "张伟（值班员）"
    rows = _sql(app_db, "SELECT actor, to_units, content FROM dispatch_log WHERE actor = ? "
                        "AND content LIKE '截至16时00分%' ORDER BY id", [who])
    content = "截至16时00分未收到你单位5月3日值班信息，请立即报送。"
    assert rows == [(who, code, content) for code in ("610925", "610927", "610925")]
    assert list(at.dataframe[1].value["已催报"]) == ["2次，最近 17:00", "1次，最近 17:00", "未催报", "未催报"]


def test_user_text_is_shown_as_text(app_db):
    at = _open()
    at.text_input(key=P + "p.name").set_value("2021年**国庆**假期_[链接](x)")
    at.text_input(key=P + "p.short").set_value("国庆")
    at.date_input(key=P + "p.start").set_value(date(2021, 10, 1))
    at.date_input(key=P + "p.end").set_value(date(2021, 10, 7))
    at.button(key=P + "p.submit").click().run()
    raw = [s.value for s in at.success]
    assert any("\\*\\*国庆\\*\\*假期\\_\\[链接\\]\\(x\\)" in s for s in raw)   # escaped: shown as typed
    at.selectbox(key=P + "period").set_value("2021年**国庆**假期_[链接](x)").run()
    assert any(c.value.startswith("2021年\\*\\*国庆\\*\\*假期") for c in at.caption)


def test_roster_import_through_the_panel(app_db):
    at = _open({"duty.tab": "值班表"})
    key = P + "s.import."
    at.file_uploader(key=key + "upload").set_value(("值班表.xlsx", roster_xlsx([
        ["2021/5/4", "旬阳县", "王五", "副市长", "13900000001", "赵六", "13900000002", "0915-7212345"],
        ["2021-05-05", "岚皋县", "钱七", "副县长", "13900000003", "孙八", "13900000004", None],
    ]), XLSX))
    at.button(key=key + "start").click().run()
    assert not at.exception
    assert any("值班表导入完成：值班表.xlsx 共 2 行，新增 0 条，替换 2 条，与原安排相同未改动 0 条" in s for s in _said(at))
    assert _sql(app_db, "SELECT leader FROM duty_roster WHERE unit_code = '610981' AND duty_date = DATE '2021-05-04'") \
        == [("王五",)]


def test_a_bad_roster_file_is_refused_with_its_rows(app_db):
    at = _open({"duty.tab": "值班表"})
    key = P + "s.import."
    before = _sql(app_db, "SELECT * FROM duty_roster ORDER BY unit_code, duty_date")
    at.file_uploader(key=key + "upload").set_value(("值班表.xlsx", roster_xlsx([
        ["2021-05-04", "岚皋县", "王五", "副县长", "123", "赵六", "13900000002", None],
        ["2021-04-20", "岚皋县", "王五", "副县长", "13900000001", "赵六", "13900000002", None],
    ]), XLSX))
    at.button(key=key + "start").click().run()
    assert any("有 2 处问题，整个文件未导入，值班表没有任何改动" in e for e in _refused(at))
    errors = next(f.value for f in at.dataframe if "原因" in f.value.columns)
    assert list(errors["行号"]) == [3, 4]
    assert _sql(app_db, "SELECT * FROM duty_roster ORDER BY unit_code, duty_date") == before
