"""The ranking table: every unit's count, scored figure (the count, or per hundred hazards found: see
``arithmetic``) and points per rule, the deductions, the floor, the score and the city-wide rank, the
previous period's rank and the change, the band and the three rates (shown, not scored).

Each period's shared inputs are asked of their owners once (``facts.period_facts``); this period's and the
previous period's, so one table is eight queries plus the units and the weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pandas as pd

from dashboard import numbers, units
from dashboard.db import Store
from dashboard.ranking.arithmetic import (band, competition_ranks, deduction, floor_points, per_hundred, rank_change,
                                          score)
from dashboard.ranking.facts import PeriodFacts, period_facts
from dashboard.ranking.periods import RankingPeriod, previous
from dashboard.ranking.rules import RULES, weights

__all__ = ["scores", "rates", "table"]


def scores(facts: PeriodFacts, weight: Mapping[str, float], unit_rows: pd.DataFrame) -> pd.DataFrame:
    """Per unit (``unit_rows``: code, name, sort_order in display order; the result is indexed by unit_code):
    each rule's count, what is scored (``<key>_scored``: the count, or for a rule counted per hundred hazards
    found the count per hundred of ``<key>_per``), points (scored × weight) and note, deducted, floor, score and
    the competition rank."""
    frame = pd.DataFrame({"unit_code": unit_rows["code"].values, "unit": unit_rows["name"].values,
                          "sort_order": unit_rows["sort_order"].values}, index=pd.Index(unit_rows["code"].values,
                                                                                         name="unit_code"))
    taken = []
    for rule in RULES:
        counts = rule.count(facts)
        frame[rule.key] = [int(counts.get(code, 0)) for code in frame.index]
        frame[rule.key + "_scored"] = [float(n) for n in frame[rule.key]]
        if rule.per:
            found = rule.per(facts)
            frame[rule.key + "_per"] = [int(found.get(code, 0)) for code in frame.index]
            frame[rule.key + "_scored"] = [per_hundred(n, f) for n, f in zip(frame[rule.key], frame[rule.key + "_per"])]
        frame[rule.key + "_points"] = [deduction(n, weight[rule.setting]) for n in frame[rule.key + "_scored"]]
        taken.append(rule.key + "_points")
        if rule.note:
            notes = rule.note(facts)
            frame[rule.key + "_note"] = [notes.get(code, "") for code in frame.index]
    frame["deducted"] = frame[taken].sum(axis=1).round(4)
    frame["floor"] = [floor_points(row) for row in frame[taken].itertuples(index=False)]
    frame["score"] = [score(row) for row in frame[taken].itertuples(index=False)]
    ranks = competition_ranks(dict(zip(frame.index, frame["score"])))
    frame["rank"] = [ranks[code] for code in frame.index]
    return frame


def rates(facts: PeriodFacts, codes: pd.Index) -> pd.DataFrame:
    """Per unit code: 整改率 (closed / found by the end), 按期整改率 (closed in time / due by the end) and
    值班报送及时率 (on time / expected duty days), each ``numbers.percent`` or None when nothing to divide."""
    state = facts.hazards.reindex(codes, fill_value=0)
    expected, on_time = facts.reports_expected(), facts.reports_on_time()
    return pd.DataFrame({
        "rectification_rate": [numbers.percent(c, f) for c, f in zip(state["closed"], state["found"])],
        "on_time_rate": [numbers.percent(c, d) for c, d in zip(state["closed_in_time"], state["due"])],
        "report_rate": [numbers.percent(on_time.get(code, 0), expected.get(code, 0)) for code in codes],
    }, index=codes)


def table(store: Store, period: RankingPeriod, as_of: datetime) -> pd.DataFrame:
    """Every unit (city-wide, so the ranks are the city's): its counts and points per rule, deducted, floor,
    score, rank, the previous period's rank and the change, the band, and the three rates; best first."""
    weight = weights(store)
    unit_rows = units.all_units(store)
    facts = period_facts(store, period, as_of)
    frame = scores(facts, weight, unit_rows)
    before = scores(period_facts(store, previous(period, as_of.date()), as_of), weight, unit_rows)
    frame["previous_rank"] = frame.index.map(before["rank"])
    changes = [rank_change(r, p) for r, p in zip(frame["rank"], frame["previous_rank"])]
    frame["rank_gained"] = [g for g, _ in changes]
    frame["change"] = [t for _, t in changes]
    frame["band"] = [band(s) for s in frame["score"]]
    frame = frame.join(rates(facts, frame.index))
    return frame.sort_values(["rank", "sort_order"]).reset_index(drop=True)
