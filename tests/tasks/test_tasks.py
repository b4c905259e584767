"""The 专项整治 task list: the pure rules as tables of cases, the progress write (what it records, and that
every refusal leaves the store unchanged), and the demo's figures against plain SQL."""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd
import pytest

from dashboard import clock, export, roles, tasks, vocab
from dashboard.db import ValidationError
from dashboard.tasks import charts
from office_files import office_sheet, sheet_table, workbook

TODAY = date(2021, 5, 3)
AS_OF = datetime(2021, 5, 3, 17, 0)
WANG = roles.system("王敏")  # who acts here (who may: tests/access); the audit line names "王敏（系统）"


# -- pure rules -----------------------------------------------------------------------------------
@pytest.mark.parametrize("progress, status", [
    (0, vocab.TASK_NOT_STARTED), (1, vocab.TASK_IN_PROGRESS), (50, vocab.TASK_IN_PROGRESS),
    (99, vocab.TASK_IN_PROGRESS), (100, vocab.TASK_DONE),
])
def test_status_follows_progress(progress, status):
    assert tasks.status_for(progress) == status


@pytest.mark.parametrize("deadline, status, overdue", [
    (date(2021, 5, 3), vocab.TASK_IN_PROGRESS, False),   # the deadline day itself is not overdue
    (date(2021, 5, 2), vocab.TASK_IN_PROGRESS, True),    # the day after is
    (date(2021, 5, 2), vocab.TASK_NOT_STARTED, True),
    (date(2021, 5, 2), vocab.TASK_DONE, False),          # finished items are never overdue
    (date(2021, 5, 4), vocab.TASK_NOT_STARTED, False),
    (None, vocab.TASK_IN_PROGRESS, False),
])
def test_overdue(deadline, status, overdue):
    assert tasks.is_overdue(deadline, TODAY, status) is overdue


@pytest.mark.parametrize("deadline, status, days, text, band", [
    (date(2021, 5, 2), vocab.TASK_IN_PROGRESS, -1, "逾期1天", "red"),
    (date(2021, 4, 30), vocab.TASK_NOT_STARTED, -3, "逾期3天", "red"),
    (date(2021, 5, 3), vocab.TASK_IN_PROGRESS, 0, "今日到期", "orange"),
    (date(2021, 5, 10), vocab.TASK_IN_PROGRESS, 7, "剩7天", "orange"),
    (date(2021, 5, 11), vocab.TASK_IN_PROGRESS, 8, "剩8天", "yellow"),
    (date(2021, 6, 2), vocab.TASK_IN_PROGRESS, 30, "剩30天", "yellow"),
    (date(2021, 6, 3), vocab.TASK_IN_PROGRESS, 31, "剩31天", "green"),
    (date(2021, 4, 30), vocab.TASK_DONE, None, "已完成", None),
    (None, vocab.TASK_IN_PROGRESS, None, "", None),
])
def test_countdown_and_band(deadline, status, days, text, band):
    countdown = tasks.countdown(deadline, TODAY, status)
    assert (countdown.days, countdown.text, countdown.urgency) == (days, text, band)
    assert tasks.is_overdue(deadline, TODAY, status) is (band == "red")


@pytest.mark.parametrize("orange, yellow, deadline, band", [
    (3, 10, date(2021, 5, 6), "orange"), (3, 10, date(2021, 5, 7), "yellow"), (3, 10, date(2021, 5, 13), "yellow"),
    (3, 10, date(2021, 5, 14), "green"), (0, 0, date(2021, 5, 3), "orange"), (0, 0, date(2021, 5, 4), "green"),
])
def test_the_bands_are_the_thresholds_given(orange, yellow, deadline, band):
    countdown = tasks.countdown(deadline, TODAY, vocab.TASK_IN_PROGRESS, clock.Bands(orange, yellow))
    assert countdown.urgency == band and countdown.color == clock.URGENCY_COLORS[band]


def test_the_list_follows_the_configured_bands(demo_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_URGENCY_ORANGE_DAYS", "60")
    monkeypatch.setenv("DASHBOARD_URGENCY_YELLOW_DAYS", "90")
    frame = tasks.task_list(demo_store, TODAY)
    open_items = frame[(frame["status"] != vocab.TASK_DONE) & frame["days_left"].notna()]
    expected = ["red" if d < 0 else "orange" if d <= 60 else "yellow" if d <= 90 else "green"
                for d in open_items["days_left"]]
    assert list(open_items["urgency"]) == expected and "orange" in expected


@pytest.mark.parametrize("text, depts", [
    ("市应急管理局", ("市应急管理局",)),
    ("市应急管理局、市公安局", ("市应急管理局", "市公安局")),
    ("市应急管理局，市公安局；市住建局", ("市应急管理局", "市公安局", "市住建局")),
    (" 市应急管理局 / 市公安局 ", ("市应急管理局", "市公安局")),
    ("市公安局、市公安局", ("市公安局",)),
    ("", ()), (None, ()),
])
def test_department_lists(text, depts):
    assert tasks.split_departments(text) == depts


@pytest.mark.parametrize("value, progress", [
    (0, 0), (100, 100), (60, 60), (60.0, 60), ("60", 60), ("６０", 60), ("60%", 60),
    (-1, None), (101, None), (50.5, None), ("abc", None), ("", None), (None, None), (True, None),
    (float("nan"), None),
])
def test_progress_values(value, progress):
    assert tasks.as_progress(value) == progress


@pytest.mark.parametrize("current, note_now, progress, note, refusal", [
    (40, None, 60, "", None),                                   # up: no reason needed
    (40, None, 30, "重新核查发现遗漏企业", None),                   # down with its reason
    (40, None, 30, "  ", "进度从 40% 下调到 30%，必须写明原因"),   # down without one
    (40, "已排查", 40, "", "进度仍为 40%，进展情况也没有变化，未作修改"),
    (40, "已排查", 40, "已排查", "进度仍为 40%，进展情况也没有变化，未作修改"),
    (40, "已排查", 40, "完成第二轮复查", None),                   # same progress, a new note: recorded
    (40, None, 101, "", "完成进度应为 0–100 的整数"),
    (40, None, -5, "原因", "完成进度应为 0–100 的整数"),
    (40, None, 45.5, "", "完成进度应为 0–100 的整数"),
    (40, None, None, "", "完成进度应为 0–100 的整数"),
    (0, None, 100, "", None),
    (100, None, 99, "", "进度从 100% 下调到 99%，必须写明原因"),
    (10, None, 20, "长" * 501, "进展情况不能超过500字"),
])
def test_update_refusal(current, note_now, progress, note, refusal):
    assert tasks.update_refusal(current, note_now, progress, note) == refusal


@pytest.mark.parametrize("text, parsed", [("3-2", (3, 2)), ("25-1 打非治违专项行动", (25, 1)), ("3-2打非", (3, 2)),
                                          ("x", None), (None, None), ("3", None)])
def test_task_ids(text, parsed):
    assert tasks.parse_task_id(text) == parsed
    if parsed:
        assert tasks.parse_task_id(tasks.task_id(*parsed)) == parsed


# -- the write ------------------------------------------------------------------------------------
def _snapshot(store):
    return (store.rows("SELECT * FROM tasks ORDER BY category_no, item_no"),
            store.scalar("SELECT count(*) FROM audit_events"), store.generation)


def test_a_valid_update_changes_progress_status_and_records_who_when_why(demo_store):
    # 6-1 餐饮场所燃气安全检查: 未启动, 0%, deadline 2021-04-30 (overdue)
    assert demo_store.rows("SELECT progress, status FROM tasks WHERE category_no = 6 AND item_no = 1") == [
        (0, vocab.TASK_NOT_STARTED)]
    result = tasks.update_progress(demo_store, 6, 1, 35, "已完成主城区餐饮场所燃气排查", WANG)
    assert result == {"progress": 35, "status": vocab.TASK_IN_PROGRESS}
    assert demo_store.rows("SELECT progress, status, note, updated_at FROM tasks WHERE category_no = 6 AND item_no = 1") == [
        (35, vocab.TASK_IN_PROGRESS, "已完成主城区餐饮场所燃气排查", AS_OF)]
    events = tasks.history(demo_store, 6, 1)
    assert len(events) == 1
    event = events.iloc[0]
    assert (event["actor"], event["action"], event["from_status"], event["to_status"], event["reason"]) == (
        "王敏（系统）", tasks.A_PROGRESS, vocab.TASK_NOT_STARTED, vocab.TASK_IN_PROGRESS, "已完成主城区餐饮场所燃气排查")
    assert event["happened_at"].to_pydatetime() == AS_OF
    assert json.loads(event["detail"]) == {"old_progress": 0, "progress": 35}
    assert tasks.describe_detail(event["detail"]) == "原进度%：0；进度%：35"

    # to 100 → 已完成 and no longer overdue; down again needs (and records) its reason
    tasks.update_progress(demo_store, 6, 1, 100, "", WANG)
    frame = tasks.task_list(demo_store, TODAY)
    row = tasks.detail(frame, 6, 1)
    assert (row["status"], row["overdue"], row["countdown"], row["note"]) == (
        vocab.TASK_DONE, False, "已完成", "已完成主城区餐饮场所燃气排查")  # a blank note keeps the last one
    tasks.update_progress(demo_store, 6, 1, 80, "复查发现两家未整改到位", roles.system("李强"))
    history = tasks.history(demo_store, 6, 1)
    assert list(history["to_status"]) == [vocab.TASK_IN_PROGRESS, vocab.TASK_DONE, vocab.TASK_IN_PROGRESS]
    assert history.iloc[-1]["reason"] == "复查发现两家未整改到位" and history.iloc[-1]["actor"] == "李强（系统）"


def test_a_progress_given_as_text_is_stored_as_an_integer(demo_store):
    tasks.update_progress(demo_store, 1, 1, "５５", "", WANG)
    assert demo_store.rows("SELECT progress FROM tasks WHERE category_no = 1 AND item_no = 1") == [(55,)]


@pytest.mark.parametrize("category_no, item_no, progress, note, actor, reason", [
    (1, 1, 101, "", WANG, "完成进度应为 0–100 的整数"),
    (1, 1, -1, "", WANG, "完成进度应为 0–100 的整数"),
    (1, 1, 50.5, "", WANG, "完成进度应为 0–100 的整数"),
    (1, 1, "很多", "", WANG, "完成进度应为 0–100 的整数"),
    (1, 1, 10, "", WANG, "进度从 50% 下调到 10%，必须写明原因"),
    (1, 1, 50, "", WANG, "进度仍为 50%，进展情况也没有变化，未作修改"),
    (1, 1, 50, "排查已完成，正在对照问题清单集中整改", WANG, "进度仍为 50%，进展情况也没有变化，未作修改"),
    (1, 9, 60, "", WANG, "找不到专项整治任务 1-9"),
    (26, 1, 60, "", WANG, "找不到专项整治任务 26-1"),
    (1, 1, 60, "", "王敏", "未登录或操作人不明，不能保存。请先登录。"),  # a typed name is not a signed-in user
])
def test_every_refusal_leaves_the_store_unchanged(demo_store, category_no, item_no, progress, note, actor, reason):
    before = _snapshot(demo_store)
    with pytest.raises(ValidationError) as refused:
        tasks.update_progress(demo_store, category_no, item_no, progress, note, actor)
    assert str(refused.value) == reason
    assert _snapshot(demo_store) == before


# -- the demo's figures ---------------------------------------------------------------------------
def test_twenty_five_categories_sixty_one_items_and_status_agrees_with_progress(demo_store):
    frame = tasks.task_list(demo_store, TODAY)
    assert len(frame) == 61 and frame["category_no"].nunique() == 25 and frame["id"].is_unique
    assert all(tasks.status_for(p) == s for p, s in zip(frame["progress"], frame["status"]))
    assert len(tasks.by_category(frame)) == 25


def test_city_wide_figures_equal_plain_sql(demo_store):
    frame = tasks.task_list(demo_store, TODAY)
    expected = demo_store.rows("""
        SELECT count(*), count(*) FILTER (WHERE status = '已完成'), count(*) FILTER (WHERE status = '推进中'),
               count(*) FILTER (WHERE status = '未启动'),
               count(*) FILTER (WHERE deadline < DATE '2021-05-03' AND status <> '已完成'), round(avg(progress), 1)
        FROM tasks""")[0]
    got = tasks.summary(frame)
    assert (got["items"], got["done"], got["in_progress"], got["not_started"], got["overdue"],
            got["mean_progress"]) == expected
    assert got["overdue"] == 5 and got["items"] == 61


def test_category_figures_equal_plain_sql_and_laggards_come_first(demo_store):
    cats = tasks.by_category(tasks.task_list(demo_store, TODAY))
    expected = {r[0]: r[1:] for r in demo_store.rows("""
        SELECT category_no, count(*), round(avg(progress), 1), count(*) FILTER (WHERE status = '已完成'),
               count(*) FILTER (WHERE deadline < DATE '2021-05-03' AND status <> '已完成')
        FROM tasks GROUP BY 1""")}
    got = {r.category_no: (r.items, r.mean_progress, r.done, r.overdue) for r in cats.itertuples()}
    assert got == expected
    assert list(cats["mean_progress"]) == sorted(cats["mean_progress"])
    assert cats["items"].sum() == 61 and cats["overdue"].sum() == 5


def test_department_figures_count_jointly_led_items_for_each_lead(demo_store):
    frame = tasks.task_list(demo_store, TODAY)
    depts = tasks.by_department(frame).set_index("department")
    joint = demo_store.rows("SELECT count(*) FROM tasks WHERE lead_dept LIKE '%、%'")[0][0]
    assert joint == 2   # 13-1 and 25-1: 市应急管理局、市公安局
    assert depts["items"].sum() == 61 + joint
    police = demo_store.rows("""SELECT count(*), round(avg(progress), 1) FROM tasks
                                WHERE list_contains(string_split(lead_dept, '、'), '市公安局')""")[0]
    assert (depts.loc["市公安局", "items"], depts.loc["市公安局", "mean_progress"]) == police
    assert "市应急管理局、市公安局" not in depts.index


@pytest.mark.parametrize("filters, expected_sql", [
    ({"categories": ("消防安全专项整治",)}, "category = '消防安全专项整治'"),
    ({"departments": ("市公安局",)}, "list_contains(string_split(lead_dept, '、'), '市公安局')"),
    ({"statuses": (vocab.TASK_NOT_STARTED, vocab.TASK_DONE)}, "status IN ('未启动', '已完成')"),
    ({"overdue_only": True}, "deadline < DATE '2021-05-03' AND status <> '已完成'"),
    ({"departments": ("市住建局",), "overdue_only": True},
     "lead_dept = '市住建局' AND deadline < DATE '2021-05-03' AND status <> '已完成'"),
])
def test_filters(demo_store, filters, expected_sql):
    shown = tasks.filter_tasks(tasks.task_list(demo_store, TODAY), **filters)
    ids = demo_store.rows(f"SELECT category_no || '-' || item_no FROM tasks WHERE {expected_sql} "
                          "ORDER BY category_no, item_no")
    assert list(shown["id"]) == [i for (i,) in ids] and len(shown) > 0


def test_export_opens_back_with_overdue_rows_highlighted(demo_store):
    frame = tasks.filter_tasks(tasks.task_list(demo_store, TODAY), departments=("市住建局",))
    data = tasks.list_xlsx(frame, as_of=AS_OF, filters="牵头部门：市住建局")
    sheet = workbook(data).active
    office_sheet(sheet, title="安康市安全生产专项整治任务清单（牵头部门：市住建局）", made_at="2021年5月3日 17:00")
    assert "牵头部门：市住建局" in sheet.cell(2, 1).value and "逾期 2 项" in sheet.cell(2, 1).value
    headers, rows = sheet_table(sheet)
    assert headers[:4] == ["序号", "编号", "整治类别", "子项任务"]
    rows = [r[1:] for r in rows]
    assert [r[0] for r in rows] == list(frame["id"])
    for index, overdue in enumerate(frame["overdue"], start=export.HEADER_ROW + 1):
        assert sheet.cell(index, 2).fill.fgColor.rgb.endswith("F8D7DA") is bool(overdue)
    first = rows[list(frame["id"]).index("6-1")]
    assert first[5] == 0 and first[6] == "未启动" and first[7] == datetime(2021, 4, 30) and first[8] == "逾期3天"


@pytest.mark.parametrize("filters, text", [
    ({}, ""),
    ({"categories": ("消防安全专项整治",)}, "类别：消防安全专项整治"),
    ({"departments": ("市公安局", "市住建局"), "overdue_only": True}, "牵头部门：市公安局、市住建局；仅逾期"),
    ({"statuses": (vocab.TASK_NOT_STARTED,), "categories": ("a", "b")}, "类别：a、b；状态：未启动"),
])
def test_filters_in_words(filters, text):
    assert tasks.filter_text(**filters) == text


@pytest.mark.parametrize("text, ident", [("6-1", "6-1"), ("6-1 餐饮场所燃气安全检查", "6-1"), ("99-1", None), ("", None),
                                         (None, None)])
def test_find_an_item_by_its_link(demo_store, text, ident):
    found = tasks.find(tasks.task_list(demo_store, TODAY), text)
    assert (found["id"] if found else None) == ident


@pytest.mark.parametrize("values, mean", [
    ([0, 0, 1, 1], 0.5), ([1, 2, 2], 1.7), ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 0.1),  # 0.0625
    ([45, 45, 45, 46], 45.3),  # 45.25: half up, as the office rounds (Python's round gives 45.2)
    ([], None),
])
def test_mean_progress_is_rounded_half_up(values, mean):
    frame = pd.DataFrame({"status": [vocab.TASK_IN_PROGRESS] * len(values), "overdue": [False] * len(values),
                          "progress": pd.Series(values, dtype="int64")})
    assert tasks.summary(frame)["mean_progress"] == mean


@pytest.mark.parametrize("overdue, done, items, colour", [
    (1, 0, 3, charts.RED), (1, 2, 3, charts.RED), (0, 3, 3, charts.GREEN),
    (0, 2, 3, charts.BLUE), (0, 0, 0, charts.BLUE),
])
def test_bar_colours(overdue, done, items, colour):
    assert charts.bar_color(overdue, done, items) == colour
