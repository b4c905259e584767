"""Why a unit is where it is, in words and lines: the breakdown (基础分 +100, one line per rule, the floor)
whose points always sum to the score, the headline sentence, the top deductions, and the tables the page
shows (the ranking as cells "count unit −points", the rules with their weights, one unit's lines).

A hazard rule is scored per hundred hazards found (``arithmetic.per_hundred``); its line says so with the same
figures every time: "期末累计发现隐患 338 条，每百条 3 条" beside the count (10 条) and the weight (2), and
the points (−6) are the scored figure times the weight, so the lines still sum to the score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.ranking.arithmetic import FULL_SCORE, PER, deduction, floor_points, per_hundred, points_text
from dashboard.ranking.periods import RankingPeriod
from dashboard.ranking.rules import RULES, Rule

__all__ = ["BASE_LINE", "FLOOR_LINE", "Line", "per_hundred_note", "breakdown_lines", "lines_total", "unit_lines",
           "lines_frame", "headline", "top_deductions", "rules_frame", "ranking_frame"]

BASE_LINE = "基础分"
FLOOR_LINE = "不低于0分保底"


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    count: float | None
    weight: float | None
    points: float        # signed contribution to the score: +100, −deductions, +floor
    unit: str = ""
    note: str = ""
    scored: float | None = None   # what the weight multiplies: the count, or the count per hundred hazards found
    per: int | None = None        # the hazards found the count is taken per hundred of (None: scored on the count)


def per_hundred_note(per: int, scored: float) -> str:
    """How a count per hundred hazards found was taken, in words."""
    fewer = f"（不足{PER}条按{PER}条计）" if per < PER else ""
    return f"期末累计发现隐患 {per:,} 条{fewer}，每百条 {points_text(scored)} 条"


def breakdown_lines(counts: Mapping[str, float], weights: Mapping[str, float],
                    notes: Mapping[str, str] | None = None, per: Mapping[str, int] | None = None) -> list[Line]:
    """基础分 +100, one line per rule (scored × weight, negative), and the floor line when it applies. A rule
    counted per hundred hazards found takes its hazards found from ``per`` (missing: none, so the count itself).

    The points of the lines always sum to the score.
    """
    notes, per = notes or {}, per or {}
    lines = [Line("base", BASE_LINE, None, None, FULL_SCORE)]
    taken = []
    for rule in RULES:
        count = counts.get(rule.key, 0)
        found = int(per.get(rule.key, 0)) if rule.per else None
        scored = per_hundred(count, found) if rule.per else count
        points = deduction(scored, weights[rule.setting])
        taken.append(points)
        note = "；".join(text for text in (per_hundred_note(found, scored) if rule.per else "", notes.get(rule.key, ""))
                        if text)
        lines.append(Line(rule.key, rule.name, count, weights[rule.setting], -points if points else 0.0, rule.unit,
                          note, scored, found))
    back = floor_points(taken)
    if back:
        lines.append(Line("floor", FLOOR_LINE, None, None, back))
    return lines


def lines_total(lines: Sequence[Line]) -> float:
    return round(sum(line.points for line in lines), 4)


def unit_lines(row: Mapping, weight: Mapping[str, float]) -> list[Line]:
    """The breakdown of one unit's row of ``table``."""
    counts = {rule.key: row[rule.key] for rule in RULES}
    notes = {rule.key: row.get(rule.key + "_note", "") for rule in RULES}
    per = {rule.key: row.get(rule.key + "_per", 0) for rule in RULES if rule.per}
    return breakdown_lines(counts, weight, notes, per)


def lines_frame(lines: Sequence[Line]) -> pd.DataFrame:
    """The breakdown as a table with the sum row (得分)."""
    rows = [{"项目": line.name, "数量": "" if line.count is None else f"{line.count:g} {line.unit}",
             "每项扣分": "" if line.weight is None else points_text(line.weight),
             "得分变化": line.points, "说明": line.note} for line in lines]
    rows.append({"项目": "得分", "数量": "", "每项扣分": "", "得分变化": lines_total(lines), "说明": "以上各行之和"})
    return pd.DataFrame(rows)


def _taken(row: Mapping) -> list[tuple[float, Rule]]:
    """The rules that deducted from this row, largest deduction first (ties in RULES order)."""
    return sorted(((row[r.key + "_points"], r) for r in RULES if row[r.key + "_points"] > 0), key=lambda x: -x[0])


def headline(row: Mapping, period: RankingPeriod, top: int = 3) -> str:
    """One sentence answering "why is this unit where it is": score, rank (and the change), top deductions."""
    rank_text = f"排名第{int(row['rank'])}"
    if pd.isna(row.get("previous_rank")):
        rank_text += f"（{period.previous_word}无排名）"
    else:
        rank_text += f"（{period.previous_word}第{int(row['previous_rank'])}，{row['change']}）"
    taken = _taken(row)
    if taken:
        reasons = "、".join(f"{r.name} {int(row[r.key])} {r.unit}（{_per_text(row, r)}−{points_text(p)}）"
                            for p, r in taken[:top])
        more = f"等{len(taken)}项" if len(taken) > top else ""
        tail = f"主要扣分：{reasons}{more}"
    else:
        tail = "无扣分"
    floor = "，扣分超过100分按0分计" if row["floor"] else ""
    return f"{row['unit']} {period.word}得分 {points_text(row['score'])}，{rank_text}，{tail}{floor}。"


def _per_text(row: Mapping, rule: Rule) -> str:
    """"每百条 3，" for a rule counted per hundred hazards found, else nothing."""
    if not rule.per:
        return ""
    return f"每百条 {points_text(per_hundred(row[rule.key], row.get(rule.key + '_per', 0)))}，"


def top_deductions(row: Mapping, top: int = 3) -> str:
    return "；".join(f"{r.name} {int(row[r.key])}{r.unit} −{points_text(p)}" for p, r in _taken(row)[:top]) or "无扣分"


def rules_frame(weight: Mapping[str, float]) -> pd.DataFrame:
    """The deduction rules as the page lists them: name, points per counted item, how the count is taken."""
    return pd.DataFrame({
        "扣分项": [r.name for r in RULES],
        "每项扣分": [f"{'每百条隐患中' if r.per else ''}每{r.unit} {points_text(weight[r.setting])} 分" for r in RULES],
        "怎样计数": [r.explain for r in RULES],
    })


def _cell(row: Mapping, rule: Rule) -> str:
    count = int(row[rule.key])
    return f"{count}{rule.unit} −{points_text(row[rule.key + '_points'])}" if count else ""


def ranking_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranking as the page shows it: rank, change, unit, score, one cell per rule ("count unit −points",
    blank when nothing is deducted), the floor added back, the three rates."""
    rows = frame.to_dict("records")
    return pd.DataFrame({
        "排名": frame["rank"], "变化": frame["change"], "县区": frame["unit"], "得分": frame["score"],
        **{r.name: [_cell(row, r) for row in rows] for r in RULES},
        "保底加回": [points_text(f) if f else "" for f in frame["floor"]],
        "隐患整改率": frame["rectification_rate"], "按期整改率": frame["on_time_rate"], "值班报送及时率": frame["report_rate"],
    })
