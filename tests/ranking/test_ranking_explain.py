"""县区排名's words as tables of cases on hand-made rows: the headline (rank change or 无排名, the top three
deductions largest first and 等N项 beyond them, 无扣分, the floor sentence), the top deductions on hover, the
ranking's cells ("count unit −points", blank for nothing), the rules table with the weights in force, and
one unit's lines with their sum row."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import ranking as rk

TODAY = date(2021, 5, 3)
MAY = rk.period_of(rk.MONTH, TODAY, TODAY)
APRIL = rk.period_of(rk.MONTH, date(2021, 4, 1), TODAY)
WEEK = rk.period_of(rk.WEEK, TODAY, TODAY)
WEIGHTS = {r.setting: w for r, w in zip(rk.RULES, (2.0, 1.0, 3.0, 2.0, 1.0, 0.5, 2.0, 3.0))}


def _row(counts: dict, *, found=0, unit="甲县", rank=3, previous_rank=5.0, change="▲2") -> dict:
    """A row as ranking.table gives it, from counts, the hazards found (what the hazard rules count per hundred
    of) and WEIGHTS."""
    row = {"unit": unit, "unit_code": "000001", "rank": rank, "previous_rank": previous_rank, "change": change}
    taken = []
    for rule in rk.RULES:
        row[rule.key] = counts.get(rule.key, 0)
        row[rule.key + "_scored"] = rk.per_hundred(row[rule.key], found) if rule.per else row[rule.key]
        if rule.per:
            row[rule.key + "_per"] = found
        row[rule.key + "_points"] = rk.deduction(row[rule.key + "_scored"], WEIGHTS[rule.setting])
        taken.append(row[rule.key + "_points"])
    row.update(score=rk.score(taken), floor=rk.floor_points(taken), deducted=sum(taken))
    return row


@pytest.mark.parametrize("row, period, expected", [
    (_row({"overdue": 4}), MAY, "甲县 本月得分 92，排名第3（上月第5，▲2），主要扣分：逾期未整改隐患 4 条（每百条 4，−8）。"),
    # per hundred hazards found: 10 of 338 is 3.0 per hundred, 2 points each
    (_row({"overdue": 10, "open_major": 16}, found=338), MAY,
     "甲县 本月得分 89.3，排名第3（上月第5，▲2），主要扣分：逾期未整改隐患 10 条（每百条 3，−6）、未销号重大隐患 16 条（每百条 4.7，−4.7）。"),
    (_row({}, rank=1, previous_rank=1.0, change="持平"), WEEK, "甲县 本周得分 100，排名第1（上周第1，持平），无扣分。"),
    (_row({"report_late": 1}, previous_rank=float("nan"), change="新"), APRIL,
     "甲县 2021年4月得分 99.5，排名第3（上期无排名），主要扣分：值班迟报 1 次（−0.5）。"),
    # largest first; the fourth is counted in 等4项
    (_row({"overdue": 1, "open_major": 5, "listed_open": 2, "fire_unit_open": 1}), MAY,
     "甲县 本月得分 85，排名第3（上月第5，▲2），主要扣分：挂牌督办未销号隐患 2 条（每百条 2，−6）、未销号重大隐患 5 条（每百条 5，−5）、"
     "逾期未整改隐患 1 条（每百条 1，−2）等4项。"),
    (_row({"overdue": 40, "open_major": 30}, rank=12, previous_rank=12.0, change="持平"), MAY,
     "甲县 本月得分 0，排名第12（上月第12，持平），主要扣分：逾期未整改隐患 40 条（每百条 40，−80）、未销号重大隐患 30 条（每百条 30，−30），"
     "扣分超过100分按0分计。"),
    (_row({"overdue": 25, "open_major": 50}, rank=12, previous_rank=11.0, change="▼1"), MAY,   # exactly 100: no floor
     "甲县 本月得分 0，排名第12（上月第11，▼1），主要扣分：逾期未整改隐患 25 条（每百条 25，−50）、未销号重大隐患 50 条（每百条 50，−50）。"),
    # the same shares at a thousand times the volume score the same
    (_row({"overdue": 25_000, "open_major": 50_000}, found=100_000, rank=2, previous_rank=2.0, change="持平"), MAY,
     "甲县 本月得分 0，排名第2（上月第2，持平），主要扣分：逾期未整改隐患 25000 条（每百条 25，−50）、未销号重大隐患 50000 条（每百条 50，−50）。"),
    (_row({"overdue": 2_500, "open_major": 5_000}, found=100_000, rank=1, previous_rank=1.0, change="持平"), MAY,
     "甲县 本月得分 90，排名第1（上月第1，持平），主要扣分：逾期未整改隐患 2500 条（每百条 2.5，−5）、未销号重大隐患 5000 条（每百条 5，−5）。"),
], ids=["one", "per hundred", "none", "new", "more than three", "floored", "exactly 100", "at volume", "at volume, fine"])
def test_headline(row, period, expected):
    assert rk.headline(row, period) == expected


@pytest.mark.parametrize("counts, expected", [
    ({}, "无扣分"),
    ({"report_missing": 2}, "值班缺报 2次 −2"),
    ({"overdue": 1, "death_increase": 1, "report_late": 3}, "死亡人数同比增加 1人 −3；逾期未整改隐患 1条 −2；值班迟报 3次 −1.5"),
    ({"overdue": 1, "fire_unit_open": 1}, "逾期未整改隐患 1条 −2；未销案重大火灾隐患单位 1家 −2"),  # a tie: RULES order
])
def test_top_deductions(counts, expected):
    assert rk.top_deductions(_row(counts)) == expected


def test_ranking_frame_cells():
    rows = [_row({"overdue": 3, "report_late": 1}, unit="甲县", rank=1),
            _row({"overdue": 40, "open_major": 30}, unit="乙县", rank=2)]
    frame = pd.DataFrame(rows).assign(rectification_rate=[81.3, None], on_time_rate=[50.0, 0.0],
                                      report_rate=[None, 100.0])
    shown = rk.ranking_frame(frame)
    assert list(shown.columns) == ["排名", "变化", "县区", "得分", *(r.name for r in rk.RULES), "保底加回", "隐患整改率",
                                   "按期整改率", "值班报送及时率"]
    assert shown.loc[0, "逾期未整改隐患"] == "3条 −6" and shown.loc[0, "值班迟报"] == "1次 −0.5"
    assert shown.loc[0, "未销号重大隐患"] == "" and shown.loc[0, "保底加回"] == ""
    assert shown.loc[1, "未销号重大隐患"] == "30条 −30" and shown.loc[1, "保底加回"] == "10"
    assert list(shown["得分"]) == [93.5, 0.0]


def test_rules_frame_follows_the_weights():
    shown = rk.rules_frame(WEIGHTS | {"score_report_late": 0.25})
    assert list(shown["扣分项"]) == [r.name for r in rk.RULES]
    assert list(shown["每项扣分"]) == ["每百条隐患中每条 2 分", "每百条隐患中每条 1 分", "每百条隐患中每条 3 分", "每家 2 分",
                                    "每次 1 分", "每次 0.25 分", "每起 2 分", "每人 3 分"]
    assert list(shown["怎样计数"]) == [r.explain for r in rk.RULES]
    assert [r.key for r in rk.RULES if "按每百条已发现隐患折算" in r.explain] == ["overdue", "open_major", "listed_open"]


def test_unit_lines_and_their_frame():
    row = _row({"overdue": 40, "open_major": 30, "accident_increase": 1}) | {"accident_increase_note": "本期2起，去年同期1起"}
    lines = rk.unit_lines(row, WEIGHTS)
    assert [line.key for line in lines] == ["base", *(r.key for r in rk.RULES), "floor"]
    assert lines[-1].points == 12.0 and rk.lines_total(lines) == 0.0
    frame = rk.lines_frame(lines)
    assert frame.iloc[1].to_dict() == {"项目": "逾期未整改隐患", "数量": "40 条", "每项扣分": "2", "得分变化": -80.0,
                                       "说明": "期末累计发现隐患 0 条（不足100条按100条计），每百条 40 条"}
    assert frame.set_index("项目").loc["事故起数同比增加", "说明"] == "本期2起，去年同期1起"
    assert frame.set_index("项目").loc["值班缺报", "得分变化"] == 0.0
    assert frame.iloc[-1].to_dict() == {"项目": "得分", "数量": "", "每项扣分": "", "得分变化": 0.0, "说明": "以上各行之和"}


@pytest.mark.parametrize("counts, found, scored, points, note", [
    ({"overdue": 10}, 338, 3.0, -6.0, "期末累计发现隐患 338 条，每百条 3 条"),
    ({"overdue": 7}, 60, 7.0, -14.0, "期末累计发现隐患 60 条（不足100条按100条计），每百条 7 条"),
    ({"overdue": 7}, 100, 7.0, -14.0, "期末累计发现隐患 100 条，每百条 7 条"),
    ({"overdue": 1}, 1600, 0.1, -0.2, "期末累计发现隐患 1,600 条，每百条 0.1 条"),      # 0.0625 half up
    ({"overdue": 0}, 20_535, 0.0, 0.0, "期末累计发现隐患 20,535 条，每百条 0 条"),
    ({"overdue": 493}, 20_535, 2.4, -4.8, "期末累计发现隐患 20,535 条，每百条 2.4 条"),  # 汉滨区, scale 60
])
def test_a_hazard_line_says_how_it_was_taken_per_hundred(counts, found, scored, points, note):
    row = _row(counts, found=found)
    line = next(line for line in rk.unit_lines(row, WEIGHTS) if line.key == "overdue")
    assert (line.count, line.per, line.scored, line.points, line.note) == (counts["overdue"], found, scored, points, note)
    assert rk.lines_total(rk.unit_lines(row, WEIGHTS)) == row["score"]
