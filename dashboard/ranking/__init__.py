"""县区排名: each unit's score for a calendar week (Mon–Sun) or month, explained rule by rule.

Score = 100 minus deductions, floored at 0; ranks are the whole city's (every unit), whatever the sidebar
scope shows. The three hazard rules count per hundred hazards the county has found by the period's end (at
least a hundred; ``arithmetic.per_hundred``), so scores keep telling counties apart at a city's real volume
(per hazard, every county scored 0 at 1.27M hazards) and a county is not punished for finding more. Rates
(整改率, 按期整改率, 值班报送及时率) are shown beside the score, not scored. The current period ends at the as-of
time; a past one at the end of its last day.

- ``periods``: ``RankingPeriod`` (week / month, its key, label and words), the previous ones, the same dates
  a year earlier.
- ``facts``: ``PeriodFacts``, the inputs several rules share, asked of hazards, fire_units and duty once
  per period. Ranking has no SQL of its own on their tables.
- ``rules``: ``RULES`` as data (key, name, weight setting, unit, count from the facts, records behind it,
  the 隐患台账 filter); the weights in force; the records behind one count.
- ``arithmetic``: deduction, the floor at 0, competition ranks, rank change, band. Pure.
- ``table``: the ranking table with the previous period's ranks and the rates.
- ``explain``: the breakdown lines, the headline sentence, top deductions, the tables the page shows.
- ``exports``: the ranking as Excel. ``charts``: the score bars and one unit's waterfall.
"""

from dashboard.ranking import charts
from dashboard.ranking.arithmetic import (BAND_LEGEND, FULL_SCORE, PER, band, competition_ranks, deduction,
                                          floor_points, per_hundred, points_text, rank_change, score)
from dashboard.ranking.charts import score_bars, score_bars_height, waterfall
from dashboard.ranking.explain import (BASE_LINE, FLOOR_LINE, Line, breakdown_lines, headline, lines_frame, lines_total,
                                       per_hundred_note, ranking_frame, rules_frame, top_deductions, unit_lines)
from dashboard.ranking.exports import EXPORT_COLUMNS, export_xlsx
from dashboard.ranking.facts import PeriodFacts, period_facts
from dashboard.ranking.periods import (KINDS, MONTH, WEEK, RankingPeriod, period_of, periods, previous,
                                       same_dates_last_year, year_before)
from dashboard.ranking.rules import PER_HUNDRED, RULES, RULES_BY_KEY, WEIGHT_SETTINGS, Rule, records, weights
from dashboard.ranking.table import rates, scores, table

__all__ = [
    # periods
    "WEEK", "MONTH", "KINDS", "RankingPeriod", "period_of", "previous", "periods", "year_before",
    "same_dates_last_year",
    # the inputs, the rules and their arithmetic
    "PeriodFacts", "period_facts", "Rule", "RULES", "RULES_BY_KEY", "WEIGHT_SETTINGS", "PER_HUNDRED", "weights",
    "records", "FULL_SCORE", "BAND_LEGEND", "PER", "per_hundred", "deduction", "score", "floor_points",
    "competition_ranks", "rank_change", "band", "points_text",
    # the table and its explanation
    "scores", "rates", "table", "BASE_LINE", "FLOOR_LINE", "Line", "per_hundred_note", "breakdown_lines", "lines_total",
    "unit_lines",
    "lines_frame", "headline", "top_deductions", "rules_frame", "ranking_frame",
    # files and figures
    "EXPORT_COLUMNS", "export_xlsx", "charts", "score_bars", "score_bars_height", "waterfall",
]
