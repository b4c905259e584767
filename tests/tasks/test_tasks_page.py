"""专项整治 through the entry script (AppTest): the tiles equal plain SQL, the charts put the laggards on top
and mark overdue categories red, URL filters narrow the list, the county scope is said not to apply, a
progress update through the form changes the store and shows in the history, a refused one shows its
reason and changes nothing, and the export opens back; the list's column config as a snapshot, and the
countdown's colour and legend following the configured bands."""

from __future__ import annotations

import json
import re
from datetime import date

import apptest
import pytest

from apptest import capture_downloads, metrics, open_page, sql, user_of
from figures import chart_specs, decode
from office_files import office_sheet, sheet_table, workbook

from dashboard import vocab

app_db = apptest.app_db  # the shared fixture, used by name (caches are reset by tests/conftest.py)
PAGE = "app_pages/tasks.py"
OVERDUE_SQL = "deadline < DATE '2021-05-03' AND status <> '已完成'"


def _heading(at) -> str:
    return next(h.value for h in at.subheader if h.value.startswith("任务清单"))


def test_tiles_equal_plain_sql_and_the_charts_show_the_laggards(app_db):
    at = open_page(PAGE)
    items, done, going, idle, overdue, mean = sql(app_db, f"""
        SELECT count(*), count(*) FILTER (WHERE status = '已完成'), count(*) FILTER (WHERE status = '推进中'),
               count(*) FILTER (WHERE status = '未启动'), count(*) FILTER (WHERE {OVERDUE_SQL}),
               round(avg(progress), 1) FROM tasks""")[0]
    assert metrics(at) == {"任务子项": str(items), "已完成": str(done), "推进中": str(going), "未启动": str(idle),
                           "已逾期": str(overdue), "平均进度": f"{mean}%"}
    assert (items, overdue) == (61, 5)
    alert = at.error[0].value
    for (ident,) in sql(app_db, f"SELECT category_no || '-' || item_no FROM tasks WHERE {OVERDUE_SQL}"):
        assert ident in alert
    assert _heading(at).startswith("任务清单（61 / 61 项）")

    by_category, by_department = chart_specs(at)
    bars = by_category["data"][0]
    assert len(bars["y"]) == 25 and decode(bars["x"]) == sorted(decode(bars["x"]))   # laggards first, on top
    assert by_category["layout"]["yaxis"]["autorange"] == "reversed"
    red = {label for label, colour in zip(bars["y"], bars["marker"]["color"]) if colour == "#d62728"}
    late = {f"{no}. {name}" for no, name in sql(app_db, f"SELECT DISTINCT category_no, category FROM tasks "
                                                         f"WHERE {OVERDUE_SQL}")}
    assert red == late and len(late) == 5
    departments = by_department["data"][0]["y"]
    assert "市应急管理局、市公安局" not in departments and "市公安局" in departments


@pytest.mark.parametrize("params, where", [
    ({"tasks.category": ["消防安全专项整治"]}, "category = '消防安全专项整治'"),
    ({"tasks.dept": ["市公安局"]}, "lead_dept LIKE '%市公安局%'"),
    ({"tasks.status": [vocab.TASK_NOT_STARTED]}, "status = '未启动'"),
    ({"tasks.dept": ["市住建局"], "tasks.status": [vocab.TASK_IN_PROGRESS]}, "lead_dept = '市住建局' AND status = '推进中'"),
])
def test_url_filters_narrow_the_list(app_db, params, where):
    at = open_page(PAGE, params)
    expected = [i for (i,) in sql(app_db, f"SELECT category_no || '-' || item_no FROM tasks WHERE {where} "
                                           "ORDER BY category_no, item_no")]
    assert 0 < len(expected) < 61
    assert list(at.dataframe[0].value["编号"]) == expected
    assert _heading(at).startswith(f"任务清单（{len(expected)} / 61 项）")
    assert metrics(at)["任务子项"] == "61"   # the tiles stay city-wide


def test_the_overdue_toggle(app_db):
    at = open_page(PAGE)
    at.toggle(key="tasks.overdue").set_value(True).run()
    shown = at.dataframe[0].value
    overdue = sql(app_db, "SELECT category_no || '-' || item_no FROM tasks WHERE status <> '已完成' AND deadline < ?"
                          " ORDER BY category_no, item_no", [date(2021, 5, 3)])
    assert list(shown["编号"]) == [r[0] for r in overdue] and len(overdue) == 5
    assert set(shown["倒计时"]) == {"逾期3天"}


def test_the_county_scope_is_said_not_to_apply(app_db):
    at = open_page(PAGE, {"county": ["汉滨区"]})
    assert any("不适用于本页" in i.value and "汉滨区" in i.value for i in at.info)
    assert _heading(at).startswith("任务清单（61 / 61 项）")


def _open_item(ident: str, name: str):
    at = open_page(PAGE, {"tasks.id": [f"{ident} {name}"]})
    fields = dict(zip(at.dataframe[1].value["字段"], at.dataframe[1].value["内容"]))
    assert fields["编号"] == ident and fields["子项任务"] == name
    return at, fields


def test_an_update_through_the_form_changes_the_store_and_shows_in_the_history(app_db):
    at, fields = _open_item("6-1", "餐饮场所燃气安全检查")
    assert (fields["状态"], fields["倒计时"], fields["配合部门"]) == ("未启动", "逾期3天", "市市场监管局、市消防救援支队")
    at.number_input(key="tasks.f.progress.6-1").set_value(40)
    at.text_area(key="tasks.f.note.6-1").input("已完成主城区餐饮场所燃气排查")
    at.button(key="tasks.submit").click().run()
    assert not at.exception, at.exception
    assert any("进度已更新为 40%" in s.value and "推进中" in s.value for s in at.success), [s.value for s in at.success]
    assert sql(app_db, "SELECT progress, status, note FROM tasks WHERE category_no = 6 AND item_no = 1") == [
        (40, "推进中", "已完成主城区餐饮场所燃气排查")]
    who = user_of(at).label
    assert sql(app_db, "SELECT actor, actor_login, action, from_status, to_status, reason FROM audit_events "
                       "WHERE entity = 'task' AND entity_id = '6-1'") == [
        (who, "office", "更新进度", "未启动", "推进中", "已完成主城区餐饮场所燃气排查")]
    history = [t.value for t in at.text]
    assert f"{who}　未启动 → 推进中" in history and "原进度%：0；进度%：40" in history, history
    assert metrics(at)["未启动"] == "4"


@pytest.mark.parametrize("progress, note, reason", [
    (60, "", "进度从 75% 下调到 60%，必须写明原因"),
    (75, "", "进度仍为 75%，进展情况也没有变化，未作修改"),
])
def test_a_refused_update_shows_its_reason_and_changes_nothing(app_db, progress, note, reason):
    at, _ = _open_item("21-1", "经营性自建房排查")
    before = (sql(app_db, "SELECT * FROM tasks ORDER BY category_no, item_no"),
              sql(app_db, "SELECT count(*) FROM audit_events")[0][0])
    at.number_input(key="tasks.f.progress.21-1").set_value(progress)
    at.text_area(key="tasks.f.note.21-1").input(note)
    at.button(key="tasks.submit").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error if e.value.startswith("未保存")] == [f"未保存：{reason}"]
    assert not at.success
    assert (sql(app_db, "SELECT * FROM tasks ORDER BY category_no, item_no"),
            sql(app_db, "SELECT count(*) FROM audit_events")[0][0]) == before


def test_the_export_opens_back(app_db, monkeypatch):
    built = capture_downloads(monkeypatch)
    at = open_page(PAGE, {"tasks.dept": ["市住建局"]})
    assert at.get("download_button")[0].proto.label == "导出任务清单（Excel）"
    sheet = workbook(built[0]()).active  # the export (the 导入 section's template comes after it)
    office_sheet(sheet, title="安康市安全生产专项整治任务清单（牵头部门：市住建局）", made_at="2021年5月3日 17:00")
    assert "牵头部门：市住建局" in sheet["A2"].value and "数据截至 2021-05-03 17:00" in sheet["A2"].value
    rows = [r[1:] for r in sheet_table(sheet)[1]]
    assert [r[0] for r in rows] == list(at.dataframe[0].value["编号"])
    overdue = {i for (i,) in sql(app_db, f"SELECT category_no || '-' || item_no FROM tasks "
                                         f"WHERE lead_dept = '市住建局' AND {OVERDUE_SQL}")}
    assert overdue == {"6-1", "21-1"}
    for index, row in enumerate(rows, start=5):
        assert sheet.cell(index, 2).fill.fgColor.rgb.endswith("F8D7DA") is (row[0] in overdue)


def test_the_lists_column_config(app_db, json_snapshot):
    at = open_page(PAGE)
    assert json.loads(at.dataframe[0].proto.columns) == json_snapshot


def _countdown_colours(at) -> dict[str, str]:
    """id -> the colour the list's 倒计时 cell is drawn in (from the Styler's CSS), for coloured cells."""
    frame = at.dataframe[0]
    column = list(frame.value.columns).index("倒计时")
    colours = {}
    for cells, colour in re.findall(r"([^{}]+)\{ color: (#[0-9a-f]{6}); font-weight: 700 \}", frame.proto.arrow_data.styler.styles):
        for row, col in re.findall(r"_row(\d+)_col(\d+)", cells):
            if int(col) == column:
                colours[frame.value["编号"].iloc[int(row)]] = colour
    return colours


@pytest.mark.parametrize("orange, yellow", [(7, 30), (20, 60)])
def test_the_countdown_colour_and_legend_follow_the_bands(app_db, monkeypatch, orange, yellow):
    monkeypatch.setenv("DASHBOARD_URGENCY_ORANGE_DAYS", str(orange))
    monkeypatch.setenv("DASHBOARD_URGENCY_YELLOW_DAYS", str(yellow))
    at = open_page(PAGE)
    rows = sql(app_db, "SELECT category_no || '-' || item_no, deadline - DATE '2021-05-03' FROM tasks "
                       "WHERE status <> '已完成' AND deadline IS NOT NULL")
    expected = {ident: "#d62728" if days < 0 else "#ff7f0e" if days <= orange else "#b38f00"
                for ident, days in rows if days <= yellow}
    assert _countdown_colours(at) == expected and "#ff7f0e" in expected.values()
    legend = next(c.value for c in at.caption if "倒计时颜色" in c.value)
    assert f"红色已逾期、橙色{orange}日内到期、黄色{yellow}日内到期。" in legend and "绿色" not in legend
