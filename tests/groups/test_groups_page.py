"""督查组评价 through the entry script (AppTest): the table and tiles equal dashboard.groups on the same file,
flagged groups first with their reasons, the period and the county scope from the URL, a threshold saved on
设置 followed at once, one group's detail from ?groups.group=, the export opened back, user text shown as
typed, and the tables' column configs (and the verdict's colours) as snapshots."""

from __future__ import annotations

import json
import re
from datetime import date

import apptest
from apptest import capture_downloads, metrics, open_page, sql
from figures import chart_specs, decode

from dashboard import groups as gr
from dashboard import roles, stored_settings, ui
from dashboard.db import Store
from office_files import office_sheet, sheet_records, workbook

app_db = apptest.app_db  # the shared fixture, used by name (caches are reset by tests/conftest.py)
PAGE = "app_pages/groups.py"
TODAY = date(2021, 5, 3)


def _expected(path, period: str, scope=()):
    store = Store.open(path)
    try:
        frame = gr.evaluation(store, gr.window(period, TODAY, gr.first_stationed(store)), scope)
    finally:
        store.close()
    return gr.flagged_first(frame).reset_index(drop=True)


def _badges(at) -> list[str]:
    """st.badge texts (AppTest sees a badge as markdown: ``:red-badge[:material/x: text]``)."""
    found = [re.fullmatch(r":(\w+)-badge\[(?::material/\w+: )?(.*)\]", m.value) for m in at.markdown]
    return [m.group(2) for m in found if m]


def _table(at):
    return next(d.value for d in at.dataframe if "建议约谈原因" in d.value.columns)


def test_the_table_and_tiles_equal_the_evaluation(app_db):
    at = open_page(PAGE)
    expected = _expected(app_db, gr.DEFAULT_PERIOD)
    table = _table(at)
    assert list(table["督查组"]) == [gr.short_name(n) for n in expected["group"]]
    assert table["督查组"].iloc[0] == "第四组（宁陕县）"
    assert list(table["评价"]) == ["建议约谈" if f else "正常" for f in expected["interview"]]
    assert table["评价"].iloc[0] == "建议约谈" and table["评价"].iloc[-1] == "正常"   # flagged first
    for shown, column in (("组长", "leader"), ("暗访检查", "visits"), ("检查企业", "enterprises"),
                          ("每周检查", "visits_per_week"), ("移交县区", "county_handover_rate"),
                          ("移交市安委办", "city_handover_rate"), ("县区整改率", "rectification_rate"),
                          ("县区逾期", "overdue"), ("建议约谈原因", "reason_text")):
        assert list(table[shown]) == list(expected[column]), shown
    assert list(table["隐患/重大"]) == [f"{h} / {m}" for h, m in zip(expected["hazards"], expected["major"])]
    tiles = metrics(at)
    flagged = int(expected["interview"].sum())
    assert tiles["建议约谈"] == f"{flagged} / 12 组" and 0 < flagged < 12
    assert tiles["暗访检查"] == f"{int(expected['visits'].sum()):,} 次"
    # the flagged groups listed with the red badge and their reasons
    assert _badges(at).count("建议约谈") == flagged
    listed = [m.value for m in at.markdown if "组长" in m.value and "：" in m.value]
    assert any("白河县" in v and "书面移交市安委办比例 61\\.5%，低于 90%" in v for v in listed), listed
    # two charts: visits per week with the 约谈 line, and the handover shares
    visits, handover = chart_specs(at)[:2]
    drawn = {x: y for trace in visits["data"] for x, y in zip(decode(trace["x"]), decode(trace["y"]))}  # below / above the line
    by_unit = _expected(app_db, gr.DEFAULT_PERIOD).sort_values("group_id")
    assert [drawn[u] for u in by_unit["unit"]] == [float(v) for v in by_unit["visits_per_week"]]
    assert any(s.get("y0") == 4.0 for s in visits["layout"]["shapes"])
    assert "书面移交" in handover["layout"]["title"]["text"]


def test_the_period_and_the_scope_from_the_url(app_db):
    at = open_page(PAGE, {"groups.period": "本季度", "county": ["白河县", "宁陕县"]})
    expected = _expected(app_db, "本季度", ("610923", "610929"))
    table = _table(at)
    assert len(table) == 2 and list(table["暗访检查"]) == list(expected["visits"])
    assert any("2021-04-01 至 2021-05-03" in c.value for c in at.caption)
    assert metrics(at)["暗访检查"] == f"{int(expected['visits'].sum())} 次"


def test_a_threshold_saved_on_settings_is_followed_at_once(app_db):
    at = open_page(PAGE)
    assert "汉滨区" not in "".join(_table(at).loc[lambda t: t["评价"] == "建议约谈", "督查组"])
    # saved through the app's own store, as the 设置 page does: the next run follows without clearing a cache
    office = roles.User("wangmin", "王敏", roles.OFFICE)
    stored_settings.save(ui.store(), {"interview_min_rectification_rate": 0.8}, office, "从严考核")
    at.run()
    row = _table(at).set_index("督查组").loc["第一组（汉滨区）"]
    assert row["评价"] == "建议约谈" and row["建议约谈原因"] == "所驻县区隐患整改率 79.9%，低于 80%"


def test_one_group_from_the_url(app_db):
    at = open_page(PAGE, {"groups.group": "第四暗访督查组（驻宁陕县）"})
    assert any("建议约谈" in e.value and "每周暗访检查 3\\.7 次" in e.value for e in at.error)
    texts = [t.value for t in at.text]
    assert any(t.startswith("组长：") and "副县级" in t for t in texts), texts
    assert any("暗访检查 63 次" in t for t in texts), texts
    members = next(d.value for d in at.dataframe if "职务" in d.value.columns)
    assert members["职务"].iloc[0] == "组长" and len(members) >= 4
    # the leader change on file, filed in 2 days
    assert "已备案 2021-03-10（2天）" in _badges(at) and "组长变更" in _badges(at)
    assert any(" → " in t for t in texts)
    missing = next(d.value for d in at.dataframe if "移交市安委办" in d.value.columns and "隐患编号" in d.value.columns)
    # 宁陕县: 50 hazards due, 48 handed to the county (96.0%), 49 to the city (98.0%), none missing both
    assert len(missing) == 3 and missing["隐患编号"].iloc[0] == "hazards?hazards.id=YH2021-000037"  # a link
    assert (list(missing["移交县区"]).count("未移交"), list(missing["移交市安委办"]).count("未移交")) == (2, 1)
    months = chart_specs(at)[-1]
    assert "各月发现隐患" in months["layout"]["title"]["text"]
    assert sum(decode(months["data"][0]["y"])) == 55


def test_no_group_for_an_unknown_name_or_outside_the_scope(app_db):
    at = open_page(PAGE, {"groups.group": "不存在的组"})
    assert not any(t.value.startswith("组长：") for t in at.text)
    at = open_page(PAGE, {"groups.group": "第四暗访督查组（驻宁陕县）", "county": ["白河县"]})
    assert not any(t.value.startswith("组长：") for t in at.text)
    at = open_page(PAGE, {"groups.group": "第十暗访督查组（驻白河县）", "county": ["白河县"]})
    assert any(t.value.startswith("组长：") for t in at.text)


def test_the_export_opens_back(app_db, monkeypatch):
    built = capture_downloads(monkeypatch)  # the page's deferred download builders (built when clicked)
    at = open_page(PAGE, {"groups.period": "本年", "county": ["白河县", "紫阳县", "汉阴县"]})
    assert at.get("download_button")[0].proto.label == "导出评价表（Excel）"
    sheet = workbook(built[0]()).active  # the export (the 导入 section's templates come after it)
    office_sheet(sheet, title="安康市进驻式暗访督查组评价（本年）（白河县、紫阳县、汉阴县）", made_at="2021年5月3日 17:00")
    assert "范围：白河县、紫阳县、汉阴县" in sheet["A2"].value  # as chosen in the sidebar
    assert "数据截至 2021-05-03 17:00" in sheet["A2"].value
    rows = sheet_records(sheet)
    expected = _expected(app_db, "本年", ("610924", "610929", "610921"))
    assert [r["督查组"] for r in rows] == list(expected["group"])
    assert [r["评价"] for r in rows] == ["建议约谈", "建议约谈", "正常"]
    assert [r["建议约谈原因"] for r in rows][:2] == list(expected["reason_text"])[:2]


def test_the_evaluation_tables_column_config(app_db, json_snapshot):
    at = open_page(PAGE)
    table = next(d for d in at.dataframe if "建议约谈原因" in d.value.columns)
    assert json.loads(table.proto.columns) == json_snapshot


def test_the_verdict_coloured_from_the_flag(app_db):
    at = open_page(PAGE)
    table = next(d for d in at.dataframe if "建议约谈原因" in d.value.columns)
    styles = table.proto.arrow_data.styler.styles
    red = {int(r) for cells in re.findall(r"([^{}]+)\{ color: #d62728; font-weight: 700 \}", styles)
           for r in re.findall(r"_row(\d+)_col0", cells)}
    assert red == {i for i, v in enumerate(table.value["评价"]) if v == "建议约谈"} and red


def test_the_not_handed_over_column_config(app_db, json_snapshot):
    at = open_page(PAGE, {"groups.group": "第四暗访督查组（驻宁陕县）"})
    missing = next(d for d in at.dataframe if "隐患编号" in d.value.columns)
    assert json.loads(missing.proto.columns) == json_snapshot


def test_user_text_shows_as_typed(app_db):
    sql(app_db, "UPDATE groups SET leader = '王*强*_[x](y)' WHERE id = 4")
    sql(app_db, "UPDATE group_changes SET reason = '**调整** <b>' WHERE group_id = 4")
    at = open_page(PAGE, {"groups.group": "第四暗访督查组（驻宁陕县）"})
    flagged = [m.value for m in at.markdown if "宁陕县" in m.value and "组长" in m.value]
    assert any(ui.plain("王*强*_[x](y)") in v for v in flagged), flagged
    assert _table(at).set_index("督查组").loc["第四组（宁陕县）", "组长"] == "王*强*_[x](y)"
    texts = [t.value for t in at.text]
    assert any(t.startswith("组长：王*强*_[x](y)") for t in texts), texts
    assert "原因：**调整** <b>" in texts
