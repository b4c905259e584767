"""火灾统计: the fire figures the speeches quote, computed from ``fire_incidents``: the public face.

- ``periods``: ``FireYear`` (a whole year, or the current year to the as-of time) and the span it is
  compared with (the same period of the year before), with their labels.
- ``stats``: totals, breakdowns (place, cause, 中心城区, unit, month), the year's whole picture
  (``year_stats``), the big fires, the change against the year before.
- ``text``: the summary sentence and the change phrases.
- ``exports``: the statistics as one Excel table.
- ``charts``: the donuts and bars of the page.
- ``imports``: the fire brigade's export imported (``FIRES_IMPORT``, a kind of ``ingest.kinds``) and one fire by
  hand (``record``), the 中心城区 rule for a record that does not say (``is_central``).
"""

from __future__ import annotations

from dashboard.fires import charts
from dashboard.fires.exports import EXPORT_COLUMNS, export_frame, stats_xlsx
from dashboard.fires.imports import A_RECORD, CENTRAL_STREETS, ENTITY, is_central, record
from dashboard.fires.imports import FIRES as FIRES_IMPORT
from dashboard.fires.periods import (FireYear, comparison_label, period_label, previous_period, short_comparison_label,
                                     short_label, year_period)
from dashboard.fires.stats import (BIG_LOSS_DEFAULT, CENTRAL, DIMENSIONS, RESIDENTIAL, REST, SPEECH_CAUSES, Change,
                                   YearStats, big_fires, breakdown, change, default_year, listing_reason, totals,
                                   year_stats, years)
from dashboard.fires.text import change_text, direction, format_loss, summary_sentence, trend_phrase

__all__ = [
    "FireYear", "year_period", "previous_period", "period_label", "short_label", "short_comparison_label",
    "comparison_label",
    "RESIDENTIAL", "SPEECH_CAUSES", "BIG_LOSS_DEFAULT", "CENTRAL", "REST", "DIMENSIONS", "Change", "change", "years",
    "default_year", "totals", "breakdown", "big_fires", "listing_reason", "YearStats", "year_stats",
    "direction", "trend_phrase", "change_text", "format_loss", "summary_sentence",
    "EXPORT_COLUMNS", "export_frame", "stats_xlsx", "charts",
    "ENTITY", "A_RECORD", "CENTRAL_STREETS", "is_central", "record", "FIRES_IMPORT",
]
