"""督查组评价 on the demo store: every figure for two groups against plain SQL; the county scope; a threshold
saved on 设置 changes the verdict at once; an unfiled change; the demo's handover dates; the export opened back;
no SQL on the hazards table inside the groups package (tables of the rule's cases: test_groups_rules.py)."""

from __future__ import annotations

import re
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from dashboard import groups as gr
from dashboard import roles, stored_settings
from dashboard.export import HIGHLIGHT_FILL
from office_files import office_sheet, sheet_records, workbook

TODAY = date(2021, 5, 3)
AS_OF = datetime(2021, 5, 3, 17, 0)
T = gr.Thresholds(min_visits_per_week=4.0, min_handover_rate=0.9, min_rectification_rate=0.7, handover_days=7)


def _half_up(part: int, whole: int) -> float:
    """part / whole to one decimal, half up, in exact fractions (independent of numbers.percent)."""
    return float(Fraction(int(Fraction(part * 10, whole) + Fraction(1, 2)), 10))


# -- the figures against plain SQL -----------------------------------------------------------------------
def _plain(store, group_id: int, start: date, end: date, handover_days: int = 7) -> dict:
    one = lambda q, *p: store.rows(q, list(p))[0]  # noqa: E731
    visits, enterprises = one("SELECT count(*), count(DISTINCT enterprise) FROM inspections WHERE covert AND group_id = ? AND"
                              " visit_date >= ? AND visit_date <= ?", group_id, start, end)
    found, major = one("SELECT count(*), sum(CASE WHEN level = '重大隐患' THEN 1 ELSE 0 END) FROM hazards"
                       " WHERE group_id = ? AND found_date >= ? AND found_date <= ?", group_id, start, end)
    due_by = date.fromordinal(end.toordinal() - handover_days)
    due, county, city = one(
        "SELECT count(*), count(handed_county_on), count(handed_city_on) FROM hazards"
        " WHERE group_id = ? AND found_date >= ? AND found_date <= ?", group_id, start, due_by)
    unit = one("SELECT unit_code FROM groups WHERE id = ?", group_id)[0]
    total, closed, overdue = one(
        "SELECT count(*), sum(CASE WHEN status = '已销号' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN status <> '已销号' AND deadline < ? THEN 1 ELSE 0 END) FROM hazards WHERE unit_code = ?",
        end, unit)
    leader, others = one("SELECT sum(CASE WHEN kind = '组长变更' THEN 1 ELSE 0 END),"
                         " sum(CASE WHEN kind <> '组长变更' THEN 1 ELSE 0 END) FROM group_changes"
                         " WHERE group_id = ? AND change_date >= ? AND change_date <= ?", group_id, start, end)
    days = (end - max(start, date(2021, 1, 4))).days + 1
    return {"visits": visits, "enterprises": enterprises, "hazards": found, "major": major or 0, "due": due,
            "county_handover_rate": _half_up(100 * county, due), "city_handover_rate": _half_up(100 * city, due),
            "rectification_rate": _half_up(100 * closed, total), "overdue": overdue or 0,
            "leader_changes": leader or 0, "member_changes": others or 0,
            "visits_per_week": _half_up(visits * 7, days)}


@pytest.mark.parametrize("name, start", [("进驻以来", date(2021, 1, 4)), ("本季度", date(2021, 4, 1))])
@pytest.mark.parametrize("unit", ["宁陕县", "白河县"])
def test_each_figure_equals_plain_sql(demo_store, name, start, unit):
    frame = gr.evaluation(demo_store, gr.window(name, TODAY, gr.first_stationed(demo_store)))
    row = frame[frame["unit"] == unit].iloc[0].to_dict()
    expected = _plain(demo_store, int(row["group_id"]), start, TODAY)
    assert {k: row[k] for k in expected} == expected
    assert row["visits"] > 0 and row["due"] > 0


def test_the_county_scope(demo_store):
    p = gr.window("本年", TODAY, None)
    everything = gr.evaluation(demo_store, p)
    assert len(everything) == 12 and list(everything["group_id"]) == sorted(everything["group_id"])  # unit order
    scoped = gr.evaluation(demo_store, p, ("610923", "610929"))
    assert list(scoped["unit"]) == ["宁陕县", "白河县"]
    for column in ("visits", "hazards", "city_handover_rate", "rectification_rate", "reason_text"):
        assert list(scoped[column]) == list(everything.set_index("unit_code").loc[["610923", "610929"], column])
    assert gr.evaluation(demo_store, p, ("nowhere",)).empty


# -- the demo and the settings ---------------------------------------------------------------------------
def test_the_demo_flags_some_groups_with_reasons_and_not_all(demo_store):
    frame = gr.evaluation(demo_store, gr.window(gr.DEFAULT_PERIOD, TODAY, gr.first_stationed(demo_store)))
    flagged = frame[frame["interview"]]
    assert 1 <= len(flagged) < len(frame)
    assert all(flagged["reason_text"].str.len() > 0) and all(frame[~frame["interview"]]["reason_text"] == "")
    reasons = dict(zip(flagged["unit"], flagged["reason_text"]))
    assert reasons["白河县"].startswith("书面移交市安委办比例 61.5%，低于 90%")
    assert "书面移交县区政府比例" in reasons["紫阳县"]
    assert gr.flagged_first(frame)["interview"].tolist() == sorted(frame["interview"], reverse=True)


def test_a_threshold_saved_on_the_settings_page_changes_the_verdict_at_once(demo_store):
    p = gr.window(gr.DEFAULT_PERIOD, TODAY, gr.first_stationed(demo_store))
    before = gr.evaluation(demo_store, p).set_index("unit")
    assert not before.loc["汉滨区", "interview"] and before.loc["汉滨区", "rectification_rate"] == 79.9
    stored_settings.save(demo_store, {"interview_min_rectification_rate": 0.8}, roles.system("王敏"), "从严考核")
    assert gr.thresholds(demo_store).min_rectification_rate == 0.8
    after = gr.evaluation(demo_store, p).set_index("unit")
    assert after.loc["汉滨区", "interview"]
    assert after.loc["汉滨区", "reason_text"] == "所驻县区隐患整改率 79.9%，低于 80%"
    assert not after.loc["镇坪县", "reason_text"].count("整改率")   # 85.1% stays above
    stored_settings.save(demo_store, {"interview_min_visits_per_week": 3.0, "interview_min_handover_rate": 0.5},
                         roles.system("王敏"))
    relaxed = gr.evaluation(demo_store, p).set_index("unit")
    assert not relaxed.loc["宁陕县", "interview"] and not relaxed.loc["白河县", "interview"]


def test_a_longer_handover_time_counts_fewer_hazards_due(demo_store):
    p = gr.window(gr.DEFAULT_PERIOD, TODAY, gr.first_stationed(demo_store))
    week = gr.evaluation(demo_store, p).set_index("unit")
    stored_settings.save(demo_store, {"interview_handover_days": 30}, roles.system("王敏"))
    month = gr.evaluation(demo_store, p).set_index("unit")
    assert (month["due"] < week["due"]).all()
    assert month.loc["白河县", "due"] == _plain(demo_store, 10, date(2021, 1, 4), TODAY, 30)["due"]


def test_an_unfiled_change_flags_the_group_and_shows_on_its_record(demo_store):
    demo_store.write(lambda tx: tx.execute(
        "INSERT INTO group_changes (group_id, change_date, kind, old_value, new_value, reason)"
        " VALUES (1, DATE '2021-04-28', '成员调整', '甲', '乙', '工作调整')"), require_audit=False)
    frame = gr.evaluation(demo_store, gr.window("本季度", TODAY, None)).set_index("unit")
    row = frame.loc["汉滨区"]
    assert row["interview"] and row["reason_text"] == "1 次人员变更未向市安委办备案"
    assert (row["member_changes"], row["changes_total"], row["unfiled_changes"]) == (2, 2, 1)
    assert gr.stability_text(row.to_dict()) == "本期组长变更0次、成员变动2次；累计2次，1次未备案（最慢1天）"
    history = gr.changes(demo_store, 1, TODAY)
    assert list(history["kind"]) == ["成员增补", "成员调整"] and history["filing_days"].isna().tolist() == [False, True]


def test_the_demo_handover_dates_are_plausible(demo_store):
    bad = demo_store.scalar("""
        SELECT count(*) FROM hazards
        WHERE (group_id IS NULL AND (handed_county_on IS NOT NULL OR handed_city_on IS NOT NULL))
           OR handed_county_on < found_date OR handed_city_on < found_date
           OR handed_county_on > DATE '2021-05-03' OR handed_city_on > DATE '2021-05-03'""")
    assert bad == 0
    county, city, total = demo_store.rows("SELECT count(handed_county_on), count(handed_city_on), count(*)"
                                          " FROM hazards WHERE group_id IS NOT NULL")[0]
    assert total > city and total > county > city  # to the county more reliably than to the city


def test_one_group_members_changes_and_months(demo_store):
    roster = gr.members(demo_store, 4)
    assert roster["role"].iloc[0] == "组长" and roster["role"].iloc[-1] == "联络员"
    assert roster["name"].iloc[0] == gr.group_info(demo_store, 4)["leader"]
    monthly = gr.hazards_by_month(demo_store, 4, TODAY)
    assert monthly["found"].sum() == demo_store.scalar("SELECT count(*) FROM hazards WHERE group_id = 4")
    assert (monthly["handed_city"] <= monthly["found"]).all()
    assert gr.group_info(demo_store, 99) is None


def test_the_export_opens_back_with_flagged_rows_first_and_highlighted(demo_store):
    p = gr.window(gr.DEFAULT_PERIOD, TODAY, gr.first_stationed(demo_store))
    frame = gr.evaluation(demo_store, p)
    data = gr.evaluation_xlsx(frame, p, T, scope_label="全市", as_of=AS_OF, city="安康市")
    sheet = workbook(data).active
    office_sheet(sheet, title="安康市进驻式暗访督查组评价（进驻以来）", made_at="2021年5月3日 17:00")
    assert "2021-01-04 至 2021-05-03" in sheet["A2"].value and "数据截至 2021-05-03 17:00" in sheet["A2"].value
    rows = sheet_records(sheet)
    assert len(rows) == 12
    flagged = int(frame["interview"].sum())
    assert [r["评价"] for r in rows] == ["建议约谈"] * flagged + ["正常"] * (12 - flagged)
    fills = [sheet.cell(row=5 + i, column=2).fill.fgColor.rgb for i in range(12)]
    assert all(f.endswith(HIGHLIGHT_FILL.lstrip("#")) for f in fills[:flagged])
    assert not any(f.endswith(HIGHLIGHT_FILL.lstrip("#")) for f in fills[flagged:])
    baihe = next(r for r in rows if r["所驻县区"] == "白河县")
    expected = frame.set_index("unit").loc["白河县"]
    assert (baihe["暗访检查（次）"], baihe["移交市安委办比例(%)"]) == (expected["visits"], expected["city_handover_rate"])
    assert baihe["建议约谈原因"] == expected["reason_text"]


# -- the handover columns in the hazard import ------------------------------------------------------------
HEADER = "发现时间,来源,县区,单位名称,行业领域,隐患描述,隐患等级,治理类型,整改期限,移交县区日期,移交市安委办日期"


def _csv(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode("utf-8-sig")


def test_the_import_takes_the_handover_dates(demo_store):
    from dashboard import hazards

    data = _csv("2021-04-20,进驻式暗访督查,白河县,白河县示例商店,九小场所,灭火器过期,一般隐患,限期整改,2021-05-20,2021/4/21,",
                "2021-04-22,暗访督查,白河县,白河县示例餐馆,九小场所,燃气软管老化,一般隐患,限期整改,2021-05-22,2021年4月23日,2021-04-26")
    outcome = hazards.import_file(demo_store, data, "白河组清单.csv", roles.system("白河组联络员"))
    assert outcome.ok and outcome.added == 2
    stored = demo_store.rows("SELECT group_id, handed_county_on, handed_city_on FROM hazards WHERE id IN"
                             " (SELECT unnest(?::VARCHAR[])) ORDER BY found_date", [outcome.ids])
    assert stored == [(10, date(2021, 4, 21), None), (10, date(2021, 4, 23), date(2021, 4, 26))]
    assert hazards.detail(demo_store, outcome.ids[1], TODAY)["handed_city_on"].date() == date(2021, 4, 26)


@pytest.mark.parametrize("county, city, reason", [
    ("2021-04-19", "", "移交县区日期 2021-04-19 不能早于发现时间 2021-04-20"),
    ("", "2021-05-04", "移交市安委办日期 2021-05-04 不能晚于今天（2021-05-03）"),
])
def test_an_impossible_handover_date_refuses_the_file(demo_store, county, city, reason):
    from dashboard import hazards

    before = demo_store.scalar("SELECT count(*) FROM hazards")
    outcome = hazards.import_file(demo_store, _csv(
        f"2021-04-20,进驻式暗访督查,白河县,白河县示例商店,九小场所,灭火器过期,一般隐患,限期整改,2021-05-20,{county},{city}"),
        "清单.csv", roles.system("甲"))
    assert not outcome.ok and reason in list(outcome.errors.iloc[:, -1])
    assert demo_store.scalar("SELECT count(*) FROM hazards") == before


def test_the_hazards_behind_the_handover_shares(demo_store):
    p = gr.window(gr.DEFAULT_PERIOD, TODAY, gr.first_stationed(demo_store))
    row = gr.evaluation(demo_store, p).set_index("unit").loc["白河县"]
    missing = gr.not_handed_over(demo_store, 10, p, 7)
    assert missing["handed_city_on"].isna().sum() == row["due"] - row["handed_city"]
    assert missing["handed_county_on"].isna().sum() == row["due"] - row["handed_county"]
    assert (missing["handed_county_on"].isna() | missing["handed_city_on"].isna()).all()
    assert missing["found_date"].max() <= pd.Timestamp("2021-04-26")


def test_no_sql_on_the_hazards_table_in_the_groups_package():
    """Groups ask dashboard.hazards (facts, by_unit) for hazard figures; their own SQL names only their tables."""
    package = Path(gr.__file__).parent
    for path in package.glob("*.py"):
        found = re.findall(r"\b(?:FROM|JOIN)\s+hazards\b", path.read_text(encoding="utf-8"), re.IGNORECASE)
        assert not found, f"{path.name} queries the hazards table: {found}"


def test_the_evaluation_asks_hazards_facts_once_per_call(demo_store, monkeypatch):
    from dashboard.hazards import facts

    calls = []
    original = facts.handover
    monkeypatch.setattr(facts, "handover", lambda *a, **k: calls.append(a[1:]) or original(*a, **k))
    w = gr.window("本季度", TODAY, None)
    frame = gr.evaluation(demo_store, w, ("610923", "610929"), T)
    assert calls == [(w.start, w.end, 7)]
    assert list(frame.columns) == list(gr.EVALUATION_COLUMNS)


@pytest.mark.parametrize("module", ["periods", "rules", "queries", "table", "exports", "charts"])
def test_each_modules_all_names_its_public_face(module):
    import ast
    import importlib

    mod = importlib.import_module(f"dashboard.groups.{module}")
    tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
    public = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    targets = [t for n in tree.body if isinstance(n, ast.Assign) for t in n.targets]
    public |= {e.id for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t]) if isinstance(e, ast.Name)}
    public = {n for n in public if not n.startswith("_")}
    assert set(mod.__all__) == public, module
    assert set(mod.__all__) <= set(gr.__all__) | {"visits_per_week", "handover_shares", "months"}
    assert all(hasattr(gr, n) for n in gr.__all__)
