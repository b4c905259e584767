"""The 建议约谈 rule, the windows and visits per week as tables of cases (pure functions, no store): every
threshold met exactly passes and just below fails, nothing due is not judged, a stay shorter than a week is
not judged for visits, thresholds are compared as shown, figures round half up."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import groups as gr

TODAY = date(2021, 5, 3)
T = gr.Thresholds(min_visits_per_week=4.0, min_handover_rate=0.9, min_rectification_rate=0.7, handover_days=7)
GOOD = {"visits_per_week": 6.0, "days": 120, "county_handover_rate": 98.0, "city_handover_rate": 95.0,
        "rectification_rate": 80.0, "unfiled_changes": 0}

# -- the rule --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("change, thresholds, reasons", [
    ({}, T, []),
    # exactly at each threshold passes; just below fails, named with the figure and the threshold
    ({"visits_per_week": 4.0}, T, []),
    ({"visits_per_week": 3.9}, T, ["每周暗访检查 3.9 次，少于 4 次"]),
    ({"county_handover_rate": 90.0, "city_handover_rate": 90.0}, T, []),
    ({"city_handover_rate": 62.5}, T, ["书面移交市安委办比例 62.5%，低于 90%"]),
    ({"county_handover_rate": 89.9}, T, ["书面移交县区政府比例 89.9%，低于 90%"]),
    ({"rectification_rate": 70.0}, T, []),
    ({"rectification_rate": 69.9}, T, ["所驻县区隐患整改率 69.9%，低于 70%"]),
    ({"unfiled_changes": 1}, T, ["1 次人员变更未向市安委办备案"]),
    # a share that is not exact in binary floating point: 57.0% is not below 57%
    ({"rectification_rate": 57.0}, gr.Thresholds(4.0, 0.9, 0.57, 7), []),
    ({"rectification_rate": 56.9}, gr.Thresholds(4.0, 0.9, 0.57, 7), ["所驻县区隐患整改率 56.9%，低于 57%"]),
    ({"city_handover_rate": 92.4}, gr.Thresholds(4.0, 0.925, 0.7, 7), ["书面移交市安委办比例 92.4%，低于 92.5%"]),
    # nothing to judge: no hazard due, a county without hazards, not stationed, less than a week
    ({"county_handover_rate": None, "city_handover_rate": None, "rectification_rate": None}, T, []),
    ({"visits_per_week": None, "days": 0}, T, []),
    ({"visits_per_week": 2.3, "days": 6}, T, []),
    ({"visits_per_week": 3.5, "days": 7}, T, ["每周暗访检查 3.5 次，少于 4 次"]),
    ({"county_handover_rate": float("nan")}, T, []),
    # every failed test is named, in a fixed order
    ({"visits_per_week": 1.0, "county_handover_rate": 50.0, "city_handover_rate": 40.0, "rectification_rate": 60.0,
      "unfiled_changes": 2}, T,
     ["每周暗访检查 1.0 次，少于 4 次", "书面移交县区政府比例 50.0%，低于 90%", "书面移交市安委办比例 40.0%，低于 90%",
      "所驻县区隐患整改率 60.0%，低于 70%", "2 次人员变更未向市安委办备案"]),
    # thresholds at zero never flag
    ({"visits_per_week": 0.0, "city_handover_rate": 0.0, "rectification_rate": 0.0}, gr.Thresholds(0, 0, 0, 7), []),
])
def test_the_interview_rule(change, thresholds, reasons):
    flag, found = gr.interview_rule({**GOOD, **change}, thresholds)
    assert found == reasons
    assert flag is bool(reasons)


@pytest.mark.parametrize("name, today, start", [
    ("本月", date(2021, 5, 3), date(2021, 5, 1)),
    ("本季度", date(2021, 5, 3), date(2021, 4, 1)),
    ("本季度", date(2021, 3, 31), date(2021, 1, 1)),
    ("本季度", date(2021, 12, 31), date(2021, 10, 1)),
    ("本年", date(2021, 5, 3), date(2021, 1, 1)),
    ("进驻以来", date(2021, 5, 3), date(2021, 1, 4)),
    ("进驻以来", date(2021, 1, 2), date(2021, 1, 2)),   # not yet stationed: an empty stretch, never inverted
    ("上周", date(2021, 5, 3), date(2021, 1, 4)),       # unknown: the default period
])
def test_periods_end_at_the_as_of_date(name, today, start):
    p = gr.window(name, today, date(2021, 1, 4))
    assert (p.start, p.end) == (start, today)
    assert p.name in gr.PERIODS


@pytest.mark.parametrize("visits, days, weekly", [(63, 120, 3.7), (28, 7, 28.0), (0, 30, 0.0), (5, 0, None), (1, 3, 2.3)])
def test_visits_per_week(visits, days, weekly):
    assert gr.per_week(visits, days) == weekly


@pytest.mark.parametrize("stationed, days", [(date(2021, 1, 4), 120), (date(2021, 4, 1), 33), (date(2021, 5, 3), 1),
                                             (date(2021, 5, 4), 0), (None, 123)])
def test_days_stationed_in_the_period(stationed, days):
    assert gr.active_days(gr.EvaluationWindow("本年", date(2021, 1, 1), TODAY), stationed) == days



# -- each test of the rule at its edges ---------------------------------------------------------------------
VISITS = "每周暗访检查 {:.1f} 次，少于 4 次"
COUNTY = "书面移交县区政府比例 {:.1f}%，低于 90%"
CITY = "书面移交市安委办比例 {:.1f}%，低于 90%"
RECT = "所驻县区隐患整改率 {:.1f}%，低于 70%"


@pytest.mark.parametrize("key, reason", [("visits_per_week", VISITS), ("county_handover_rate", COUNTY),
                                         ("city_handover_rate", CITY), ("rectification_rate", RECT)])
@pytest.mark.parametrize("case, value, flagged", [
    ("equal to the threshold passes", "at", False),
    ("one shown decimal below fails", "below", True),
    ("above passes", "above", False),
    ("unknown (None) is not judged", None, False),
    ("unknown (NaN) is not judged", float("nan"), False),
])
def test_each_threshold_at_its_edge(key, reason, case, value, flagged):
    line = {"visits_per_week": 4.0, "county_handover_rate": 90.0, "city_handover_rate": 90.0,
            "rectification_rate": 70.0}[key]
    figure = {"at": line, "below": round(line - 0.1, 1), "above": round(line + 0.1, 1)}.get(value, value)
    flag, reasons = gr.interview_rule({**GOOD, key: figure}, T)
    assert flag is flagged, case
    assert reasons == ([reason.format(figure)] if flagged else []), case


@pytest.mark.parametrize("due, handed, expected_rate, flagged", [
    (0, 0, None, False),        # no hazard due for handover: no share, not flagged
    (10, 9, 90.0, False),       # 90.0% is the line: passes
    (16, 14, 87.5, True),
    (7, 6, 85.7, True),
    (1000, 899, 89.9, True),
    (1000, 900, 90.0, False),
    (2000, 1799, 90.0, False),  # 89.95 rounds half up to 90.0 as shown: passes
])
def test_no_hazard_due_is_not_judged_and_shares_are_judged_as_shown(due, handed, expected_rate, flagged):
    from dashboard import numbers

    rate = numbers.percent(handed, due)
    assert rate == expected_rate
    flag, reasons = gr.interview_rule({**GOOD, "county_handover_rate": rate, "city_handover_rate": rate}, T)
    assert flag is flagged and len(reasons) == (2 if flagged else 0)


@pytest.mark.parametrize("days, judged", [(None, True), (0, False), (1, False), (3, False), (6, False), (7, True),
                                          (8, True), (120, True)])
def test_a_stay_shorter_than_a_week_is_not_judged_for_visits(days, judged):
    flag, reasons = gr.interview_rule({**GOOD, "visits_per_week": 0.0, "days": days}, T)
    assert flag is judged and reasons == (["每周暗访检查 0.0 次，少于 4 次"] if judged else [])


def test_a_short_stay_is_still_judged_on_everything_else():
    flag, reasons = gr.interview_rule({**GOOD, "visits_per_week": 0.0, "days": 3, "city_handover_rate": 50.0,
                                       "unfiled_changes": 1}, T)
    assert flag and reasons == ["书面移交市安委办比例 50.0%，低于 90%", "1 次人员变更未向市安委办备案"]


@pytest.mark.parametrize("unfiled, flagged", [(0, False), (None, False), (float("nan"), False), (1, True), (3, True)])
def test_an_unfiled_change_flags(unfiled, flagged):
    flag, reasons = gr.interview_rule({**GOOD, "unfiled_changes": unfiled}, T)
    assert flag is flagged
    assert reasons == ([f"{unfiled} 次人员变更未向市安委办备案"] if flagged else [])


@pytest.mark.parametrize("share, percent", [(0.9, 90.0), (0.57, 57.0), (0.925, 92.5), (0.7, 70.0), (0, 0.0), (1, 100.0),
                                            (0.29, 29.0), (0.58, 58.0)])
def test_a_threshold_share_as_a_percentage_is_exactly_as_typed(share, percent):
    assert gr.share_percent(share) == percent
    assert gr.Thresholds(4, share, share, 7).handover_percent == percent


@pytest.mark.parametrize("value, threshold, short", [
    (89.9, 90.0, True), (90.0, 90.0, False), (90.1, 90.0, False), (None, 90.0, False), (float("nan"), 90.0, False),
    (pd.NA, 90.0, False), (0.0, 0.0, False),
    (56.9, gr.share_percent(0.57), True), (57.0, gr.share_percent(0.57), False),
])
def test_falls_short_compares_as_shown(value, threshold, short):
    assert gr.falls_short(value, threshold) is short


@pytest.mark.parametrize("visits, days, weekly", [
    (9, 252, 0.3),    # 0.25 exactly: half up (Python's round gives 0.2)
    (5, 56, 0.6),     # 0.625
    (15, 28, 3.8),    # 3.75
    (4, 7, 4.0), (3, 7, 3.0), (27, 48, 3.9),
])
def test_visits_per_week_round_half_up(visits, days, weekly):
    assert gr.per_week(visits, days) == weekly


def test_the_rule_described_from_its_thresholds():
    assert T.describe() == ("每周暗访检查少于4次；书面移交县区政府或市安委办比例低于90%（发现满7天的隐患）；所驻县区隐患整改率低于70%；"
                            "人员变更未备案——任一项即建议约谈")
    assert "低于92.5%" in gr.Thresholds(3.5, 0.925, 0.57, 10).describe()
    assert "少于3.5次" in gr.Thresholds(3.5, 0.925, 0.57, 10).describe()


def test_judge_adds_the_verdict_to_every_row():
    frame = pd.DataFrame([GOOD, {**GOOD, "rectification_rate": 60.0, "unfiled_changes": 2}])
    judged = gr.judge(frame, T)
    assert list(judged["interview"]) == [False, True]
    assert list(judged["reason_text"]) == ["", "所驻县区隐患整改率 60.0%，低于 70%；2 次人员变更未向市安委办备案"]
    assert judged["reasons"].iloc[1] == ["所驻县区隐患整改率 60.0%，低于 70%", "2 次人员变更未向市安委办备案"]


# -- what the page shows ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, short", [("第四暗访督查组（驻宁陕县）", "第四组（宁陕县）"), ("第十二暗访督查组（驻镇坪县）", "第十二组（镇坪县）"),
                                         ("其他", "其他")])
def test_short_names(name, short):
    assert gr.short_name(name) == short


@pytest.mark.parametrize("changes, text, short", [
    ({"changes_total": 0, "unfiled_changes": 0, "leader_changes": 0, "member_changes": 0}, "无人员变更", "无变更"),
    ({"changes_total": 1, "unfiled_changes": 0, "leader_changes": 1, "member_changes": 0, "slowest_filing_days": 2},
     "本期组长变更1次、成员变动0次；累计1次，均已备案（最慢2天）", "变更1次·均已备案"),
    ({"changes_total": 2, "unfiled_changes": 1, "leader_changes": 0, "member_changes": 1, "slowest_filing_days": pd.NA},
     "本期组长变更0次、成员变动1次；累计2次，1次未备案", "变更2次·1次未备案"),
])
def test_stability_in_words(changes, text, short):
    assert gr.stability_text(changes) == text and gr.stability_short(changes) == short


@pytest.mark.parametrize("interview, verdict, css", [
    (True, "建议约谈", "color: #d62728; font-weight: 700"), (False, "正常", "color: #2ca02c")])
def test_the_verdict_and_its_colour(interview, verdict, css):
    assert gr.verdict(interview) == verdict and gr.verdict_css(verdict) == css


def test_flagged_first_most_reasons_first_then_unit_order():
    frame = pd.DataFrame({"unit": list("ABCDE"), "interview": [False, True, False, True, True],
                          "reasons": [[], ["x"], [], ["x", "y"], ["z"]]})
    assert list(gr.flagged_first(frame)["unit"]) == ["D", "B", "E", "A", "C"]
