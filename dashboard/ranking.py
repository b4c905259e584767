"""县区排名: each unit's score for a calendar week (Mon–Sun) or month, explained rule by rule.

Score = 100 minus deductions, floored at 0. Each deduction is a ``Rule`` declared once in ``RULES``: its
key, Chinese name, the setting holding its weight (edited on the 设置 page, dashboard/stored_settings.py),
how its count is computed per unit for a period, and the records behind it. Rates (整改率, 按期整改率,
值班报送及时率) are shown alongside but not scored, so small and large counties compare fairly.

The current period ends at the as-of time; a past period at the end of its last day. The state of the
ledger at a past period end is RECONSTRUCTED from dates, which approximates what the ledger said then:
- a hazard counts as open at the end when found on or before it and not closed by it (closed_date null or
  later); its deadline is the CURRENT one, so an extension granted after the period end is applied
  backwards, and a hazard deleted or corrected since is not seen as it was;
- a hazard counts as listed (挂牌督办) when listed now and its listing date (if recorded) is not after the end;
- a fire-hazard unit is unresolved when filed on or before the end and not closed (销案) by it;
- duty reports are judged as the duty page judges them (dashboard/duty.py): by the first version's
  submission time against the day's cut-off; a day after the as-of date is not counted, and today's
  report before the cut-off is 待报 (not missing);
- accidents: incident chains whose kind is an accident (性质 ending in 事故; 险情 and other events are not
  counted), each chain once, by its occurrence date and the latest stage's figures, compared with the
  same dates a year earlier.
Ranks are computed over the whole city (every unit), whatever the sidebar scope shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from dashboard import clock, duty, hazards, stored_settings, vocab
from dashboard.db import Store
from dashboard.export import Column, xlsx_table

FULL_SCORE = 100.0
WEEK, MONTH = "周", "月"
KINDS = (WEEK, MONTH)
FLOOR_LINE = "不低于0分保底"
BASE_LINE = "基础分"


# ================================================================================================
# Periods
# ================================================================================================
@dataclass(frozen=True)
class Period:
    kind: str        # 周 / 月
    key: str         # 2021-W18 / 2021-05 (the URL value)
    start: date
    last: date       # the calendar period's last day
    end: date        # the last day counted: min(last, the as-of date)
    current: bool    # the period containing the as-of date

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.start.year}年{self.start.month}月"
        iso = self.start.isocalendar()
        return f"{iso.year}年第{iso.week}周（{self.start:%m-%d}至{self.last:%m-%d}）"

    @property
    def word(self) -> str:
        """本月 / 本周 for the current period, else its label (for sentences)."""
        if self.current:
            return "本月" if self.kind == MONTH else "本周"
        return self.label

    @property
    def previous_word(self) -> str:
        return ("上月" if self.kind == MONTH else "上周") if self.current else "上期"


def _month_last(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def period_of(kind: str, day: date, today: date) -> Period:
    """The week (Mon–Sun) or month containing ``day``; ``today`` is the as-of date."""
    if kind == MONTH:
        start = day.replace(day=1)
        last = _month_last(start)
        key = f"{start:%Y-%m}"
    else:
        start = day - timedelta(days=day.weekday())
        last = start + timedelta(days=6)
        iso = start.isocalendar()
        key = f"{iso.year}-W{iso.week:02d}"
    return Period(kind, key, start, last, min(last, today), start <= today <= last)


def previous(period: Period, today: date) -> Period:
    return period_of(period.kind, period.start - timedelta(days=1), today)


def periods(kind: str, today: date, count: int = 12) -> list[Period]:
    """The current period and the ``count - 1`` before it, newest first."""
    found = [period_of(kind, today, today)]
    while len(found) < count:
        found.append(previous(found[-1], today))
    return found


def year_before(day: date) -> date:
    """The same date a year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


# ================================================================================================
# Pure arithmetic
# ================================================================================================
def deduction(count: float, weight: float) -> float:
    return round(max(0.0, float(count)) * float(weight), 4)


def score(deductions: Iterable[float]) -> float:
    """100 minus the deductions, never below 0."""
    return round(max(0.0, FULL_SCORE - sum(deductions)), 4)


def floor_points(deductions: Iterable[float]) -> float:
    """What the floor adds back: the deductions beyond 100 (0 when they stay within it)."""
    return round(max(0.0, sum(deductions) - FULL_SCORE), 4)


def competition_ranks(scores: Mapping[str, float]) -> dict[str, int]:
    """Rank by score, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first_place = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(round(value, 6), place)
    return {unit: first_place[round(value, 6)] for unit, value in scores.items()}


def rank_change(rank: int | None, previous_rank: int | None) -> tuple[int | None, str]:
    """(places gained, text): ▲2 (up two), ▼1 (down one), 持平, or 新 when there was no previous rank."""
    if rank is None:
        return None, ""
    if previous_rank is None or pd.isna(previous_rank):
        return None, "新"
    gained = int(previous_rank) - int(rank)
    return gained, ("持平" if gained == 0 else f"▲{gained}" if gained > 0 else f"▼{-gained}")


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    count: float | None
    weight: float | None
    points: float        # signed contribution to the score: +100, −deductions, +floor
    unit: str = ""
    note: str = ""


def breakdown_lines(counts: Mapping[str, float], weights: Mapping[str, float],
                    notes: Mapping[str, str] | None = None) -> list[Line]:
    """基础分 +100, one line per rule (count × weight, negative), and the floor line when it applies.

    The points of the lines always sum to the score.
    """
    notes = notes or {}
    lines = [Line("base", BASE_LINE, None, None, FULL_SCORE)]
    taken = []
    for rule in RULES:
        count = counts.get(rule.key, 0)
        points = deduction(count, weights[rule.setting])
        taken.append(points)
        lines.append(Line(rule.key, rule.name, count, weights[rule.setting], -points if points else 0.0, rule.unit,
                          notes.get(rule.key, "")))
    back = floor_points(taken)
    if back:
        lines.append(Line("floor", FLOOR_LINE, None, None, back))
    return lines


def lines_total(lines: Sequence[Line]) -> float:
    return round(sum(line.points for line in lines), 4)


def band(value: float) -> str:
    """The score's colour band: ≥90 green, ≥80 yellow, ≥60 orange, below red."""
    return clock.GREEN if value >= 90 else clock.YELLOW if value >= 80 else clock.ORANGE if value >= 60 else clock.RED


BAND_LEGEND = "绿≥90 黄≥80 橙≥60 红<60"


def points_text(value: float) -> str:
    return f"{value:g}"


# ================================================================================================
# The rules: counts per unit for a period, and the records behind each count
# ================================================================================================
# Open at the end of the period: found by then, not closed by then. Parameters: end, end.
_OPEN_AT_END = "h.found_date <= ? AND (h.closed_date IS NULL OR h.closed_date > ?)"


def _hazard_counts(condition: str, params: Callable[[Period], list]) -> Callable[[Store, Period, datetime], dict]:
    def counts(store: Store, period: Period, as_of: datetime) -> dict[str, int]:
        rows = store.rows(
            f"SELECT h.unit_code, count(*) FROM hazards h WHERE {_OPEN_AT_END} AND {condition} GROUP BY 1",
            [period.end, period.end, *params(period)],
        )
        return {code: int(n) for code, n in rows}

    return counts


def _hazard_records(condition: str, params: Callable[[Period], list]) -> Callable[[Store, Period, datetime, str], pd.DataFrame]:
    def records(store: Store, period: Period, as_of: datetime, unit_code: str) -> pd.DataFrame:
        return store.query(
            f"""
            SELECT h.id AS 隐患编号, h.enterprise AS 单位名称, h.sector AS 行业领域, h.level AS 隐患等级,
                   h.found_date AS 发现日期, h.deadline AS 整改期限,
                   CASE WHEN h.deadline < ? THEN date_diff('day', h.deadline, ?) END AS 期末逾期天数,
                   h.listing_level AS 督办级别, h.status AS 当前状态, h.closed_date AS 销号日期
            FROM hazards h
            WHERE h.unit_code = ? AND {_OPEN_AT_END} AND {condition}
            ORDER BY h.deadline, h.id
            """,
            [period.end, period.end, unit_code, period.end, period.end, *params(period)],
        )

    return records


_OVERDUE = ("h.deadline < ?", lambda p: [p.end])
_OPEN_MAJOR = ("h.level = ?", lambda p: [vocab.LEVEL_MAJOR])
_LISTED = ("h.listing_level <> ? AND (h.listing_date IS NULL OR h.listing_date <= ?)",
           lambda p: [vocab.NOT_LISTED, p.end])


def _fire_unit_counts(store: Store, period: Period, as_of: datetime) -> dict[str, int]:
    rows = store.rows("SELECT unit_code, count(*) FROM fire_units WHERE filed_date <= ? AND (closed_date IS NULL OR "
                      "closed_date > ?) GROUP BY 1", [period.end, period.end])
    return {code: int(n) for code, n in rows}


def _fire_unit_records(store: Store, period: Period, as_of: datetime, unit_code: str) -> pd.DataFrame:
    return store.query(
        """
        SELECT id AS 编号, name AS 单位名称, filed_date AS 立案日期, deadline AS 整改期限, listing_level AS 督办级别,
               status AS 当前状态, progress AS 整改进度, resp_person AS 责任人
        FROM fire_units
        WHERE unit_code = ? AND filed_date <= ? AND (closed_date IS NULL OR closed_date > ?)
        ORDER BY deadline, id
        """,
        [unit_code, period.end, period.end],
    )


def duty_cells(store: Store, period: Period, as_of: datetime, unit_code: str | None = None) -> pd.DataFrame:
    """The duty board cells (unit, day, state, minutes) of the days of duty periods inside ``period``,
    up to the as-of date; days after it are not counted."""
    last = min(period.end, as_of.date())
    spans = store.rows("SELECT start_date, end_date FROM duty_periods WHERE start_date <= ? AND end_date >= ? "
                       "ORDER BY start_date", [last, period.start])
    frames = []
    scope = (unit_code,) if unit_code else ()
    for span_start, span_end in spans:
        start, end = max(clock.as_date(span_start), period.start), min(clock.as_date(span_end), last)
        if start <= end:
            frames.append(duty.board(store, start, end, as_of, scope)[["unit_code", "unit", "day", "state", "minutes",
                                                                       "first_submitted_at"]])
    if not frames:
        return pd.DataFrame(columns=["unit_code", "unit", "day", "state", "minutes", "first_submitted_at"])
    return pd.concat(frames, ignore_index=True)


def _duty_counter(state: str) -> Callable[[Store, Period, datetime], dict]:
    def counts(store: Store, period: Period, as_of: datetime) -> dict[str, int]:
        cells = duty_cells(store, period, as_of)
        picked = cells[cells["state"] == state]
        return {code: int(n) for code, n in picked.groupby("unit_code").size().items()}

    return counts


def _duty_records(state: str) -> Callable[[Store, Period, datetime, str], pd.DataFrame]:
    def records(store: Store, period: Period, as_of: datetime, unit_code: str) -> pd.DataFrame:
        cells = duty_cells(store, period, as_of, unit_code)
        cells = cells[cells["state"] == state]
        return pd.DataFrame({
            "报告日期": [clock.format_date(d) for d in cells["day"]],
            "情况": list(cells["state"]),
            "截止时间": [clock.format_datetime(duty.cutoff_at(d)) for d in cells["day"]],
            "首次报送时间": ["" if pd.isna(t) else clock.format_datetime(t) for t in cells["first_submitted_at"]],
            "超出时长": [duty.duration_text(m) for m in cells["minutes"]],
        })

    return records


# Accidents: one row per chain (latest stage's figures), occurred between two dates.
_ACCIDENTS_SQL = """
    WITH latest AS (
        SELECT *, row_number() OVER (PARTITION BY chain_id ORDER BY reported_at DESC, id DESC) AS k
        FROM incidents WHERE reported_at <= ?
    )
    SELECT chain_id, unit_code, occurred_at, place, kind, sector, stage, deaths, serious_injuries, injuries, direct_loss
    FROM latest
    WHERE k = 1 AND kind LIKE '%事故' AND CAST(occurred_at AS DATE) BETWEEN ? AND ? {unit}
    ORDER BY occurred_at
"""


def accidents(store: Store, start: date, end: date, as_of: datetime, unit_code: str | None = None) -> pd.DataFrame:
    """Accident chains that occurred between ``start`` and ``end`` (each once, latest stage's figures)."""
    sql = _ACCIDENTS_SQL.format(unit="AND unit_code = ?" if unit_code else "")
    return store.query(sql, [as_of, start, end, *([unit_code] if unit_code else [])])


def same_dates_last_year(period: Period) -> tuple[date, date]:
    return year_before(period.start), year_before(period.end)


def _accident_totals(store: Store, period: Period, as_of: datetime) -> pd.DataFrame:
    """Per unit: accidents and deaths this period and in the same dates a year earlier."""
    now = accidents(store, period.start, period.end, as_of)
    before = accidents(store, *same_dates_last_year(period), as_of)
    frame = pd.DataFrame({
        "accidents": now.groupby("unit_code").size(), "deaths": now.groupby("unit_code")["deaths"].sum(),
        "accidents_before": before.groupby("unit_code").size(),
        "deaths_before": before.groupby("unit_code")["deaths"].sum(),
    })
    return frame.fillna(0).astype(int)


def _increase_counts(column: str) -> Callable[[Store, Period, datetime], dict]:
    def counts(store: Store, period: Period, as_of: datetime) -> dict[str, int]:
        totals = _accident_totals(store, period, as_of)
        return {code: max(0, int(r[column] - r[column + "_before"])) for code, r in totals.iterrows()}

    return counts


def _increase_notes(column: str, word: str) -> Callable[[Store, Period, datetime], dict]:
    def notes(store: Store, period: Period, as_of: datetime) -> dict[str, str]:
        totals = _accident_totals(store, period, as_of)
        return {code: f"本期{int(r[column])}{word}，去年同期{int(r[column + '_before'])}{word}" for code, r in totals.iterrows()}

    return notes


def _accident_records(store: Store, period: Period, as_of: datetime, unit_code: str) -> pd.DataFrame:
    parts = []
    for label, (start, end) in (("本期", (period.start, period.end)), ("去年同期", same_dates_last_year(period))):
        frame = accidents(store, start, end, as_of, unit_code)
        parts.append(pd.DataFrame({
            "期间": label, "事件编号": frame["chain_id"], "事发时间": [clock.format_datetime(t) for t in frame["occurred_at"]],
            "地点": frame["place"], "性质": frame["kind"], "行业领域": frame["sector"], "最新报告": frame["stage"],
            "死亡": frame["deaths"], "受伤": frame["injuries"],
            "事故等级": [duty.incident_level(int(d), int(s), float(x)) for d, s, x in
                      zip(frame["deaths"], frame["serious_injuries"], frame["direct_loss"])],
        }))
    return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    setting: str                                           # the weight's setting (设置 page)
    unit: str                                              # 条 / 家 / 次 / 起 / 人
    counts: Callable[[Store, Period, datetime], dict]      # unit code -> count
    records: Callable[[Store, Period, datetime, str], pd.DataFrame]
    explain: str                                           # how the count is taken (shown on the page)
    ledger: dict | None = None                             # 隐患台账 URL filter showing the same records (current state)
    notes: Callable[[Store, Period, datetime], dict] | None = None


_OPEN_STATUSES = [s for s in vocab.HAZARD_STATUSES if s != vocab.ST_CLOSED]

RULES: tuple[Rule, ...] = (
    Rule("overdue", "逾期未整改隐患", "score_overdue_hazard", "条", _hazard_counts(*_OVERDUE), _hazard_records(*_OVERDUE),
         "期末未销号且整改期限早于期末日的隐患", {"hazards.flags": [vocab.FLAG_OVERDUE]}),
    Rule("open_major", "未销号重大隐患", "score_open_major", "条", _hazard_counts(*_OPEN_MAJOR),
         _hazard_records(*_OPEN_MAJOR), "期末未销号的重大隐患",
         {"hazards.level": [vocab.LEVEL_MAJOR], "hazards.status": _OPEN_STATUSES}),
    Rule("listed_open", "挂牌督办未销号隐患", "score_listed_open", "条", _hazard_counts(*_LISTED),
         _hazard_records(*_LISTED), "期末已挂牌督办（省、市、县级）且未销号的隐患",
         {"hazards.flags": [vocab.FLAG_LISTED], "hazards.status": _OPEN_STATUSES}),
    Rule("fire_unit_open", "未销案重大火灾隐患单位", "score_fire_unit_open", "家", _fire_unit_counts, _fire_unit_records,
         "期末已立案、尚未销案摘牌的重大火灾隐患单位"),
    Rule("report_missing", "值班缺报", "score_report_missing", "次", _duty_counter(duty.S_MISSING),
         _duty_records(duty.S_MISSING), "本期值班日中过了截止时间仍未报送的天数（今日未到截止时间为待报，不计）"),
    Rule("report_late", "值班迟报", "score_report_late", "次", _duty_counter(duty.S_LATE), _duty_records(duty.S_LATE),
         "本期值班日中截止时间后才首次报送的天数"),
    Rule("accident_increase", "事故起数同比增加", "score_accident_increase", "起", _increase_counts("accidents"),
         _accident_records, "本期发生的事故起数减去去年同期（同样日期），少于去年同期不扣分",
         notes=_increase_notes("accidents", "起")),
    Rule("death_increase", "死亡人数同比增加", "score_death_increase", "人", _increase_counts("deaths"),
         _accident_records, "本期事故死亡人数减去去年同期，少于去年同期不扣分", notes=_increase_notes("deaths", "人")),
)
RULES_BY_KEY = {rule.key: rule for rule in RULES}
WEIGHT_SETTINGS = [rule.setting for rule in RULES]


def weights(store: Store) -> dict[str, float]:
    """The weights in force (saved on the 设置 page, else configured): setting name -> points."""
    return {name: float(v) for name, v in stored_settings.values(store, WEIGHT_SETTINGS).items()}


def records(store: Store, rule_key: str, unit_code: str, period: Period, as_of: datetime) -> pd.DataFrame:
    """The rows behind one rule's count for one unit and period (dates as 2021-05-03 text, blank when none)."""
    frame = RULES_BY_KEY[rule_key].records(store, period, as_of, unit_code)
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = [clock.format_date(v) if not pd.isna(v) else "" for v in frame[column]]
    return frame


# ================================================================================================
# Rates (shown beside the score, not scored)
# ================================================================================================
def _rates(store: Store, period: Period, as_of: datetime) -> pd.DataFrame:
    hazard_rates = store.query(
        """
        SELECT unit_code,
               count(*) FILTER (WHERE found_date <= ?) AS found,
               count(*) FILTER (WHERE found_date <= ? AND closed_date <= ?) AS closed,
               count(*) FILTER (WHERE found_date <= ? AND (deadline < ? OR (deadline = ? AND closed_date <= deadline)))
                   AS due,  -- the deadline day itself is not late yet: due then only if already closed
               count(*) FILTER (WHERE found_date <= ? AND deadline <= ? AND closed_date <= deadline) AS closed_in_time
        FROM hazards GROUP BY unit_code
        """,
        [period.end] * 8,
    ).set_index("unit_code")
    cells = duty_cells(store, period, as_of)
    expected = cells[cells["state"].isin((duty.S_ON_TIME, duty.S_LATE, duty.S_MISSING))]
    frame = hazard_rates.assign(
        reports_expected=expected.groupby("unit_code").size(),
        reports_on_time=expected[expected["state"] == duty.S_ON_TIME].groupby("unit_code").size(),
    )
    frame[["reports_expected", "reports_on_time"]] = frame[["reports_expected", "reports_on_time"]].fillna(0)
    return frame


def rectification_rate(closed: int, found: int) -> float | None:
    return hazards.rate(int(closed), int(found))


# ================================================================================================
# The ranking
# ================================================================================================
def _scores(store: Store, period: Period, as_of: datetime, weight: Mapping[str, float]) -> pd.DataFrame:
    frame = store.query("SELECT code AS unit_code, name AS unit, sort_order FROM units ORDER BY sort_order")
    frame = frame.set_index("unit_code", drop=False)
    taken = []
    for rule in RULES:
        counts = rule.counts(store, period, as_of)
        frame[rule.key] = [int(counts.get(code, 0)) for code in frame.index]
        frame[rule.key + "_points"] = [deduction(n, weight[rule.setting]) for n in frame[rule.key]]
        taken.append(rule.key + "_points")
        if rule.notes:
            notes = rule.notes(store, period, as_of)
            frame[rule.key + "_note"] = [notes.get(code, "") for code in frame.index]
    frame["deducted"] = frame[taken].sum(axis=1).round(4)
    frame["floor"] = [floor_points(row) for row in frame[taken].itertuples(index=False)]
    frame["score"] = [score(row) for row in frame[taken].itertuples(index=False)]
    ranks = competition_ranks(dict(zip(frame.index, frame["score"])))
    frame["rank"] = [ranks[code] for code in frame.index]
    return frame


def table(store: Store, period: Period, as_of: datetime) -> pd.DataFrame:
    """Every unit (city-wide, so the ranks are the city's): its counts and points per rule, deducted, floor,
    score, rank, the previous period's rank and the change, the band, and the three rates; best first."""
    weight = weights(store)
    frame = _scores(store, period, as_of, weight)
    before = _scores(store, previous(period, as_of.date()), as_of, weight)
    frame["previous_rank"] = frame.index.map(before["rank"])
    changes = [rank_change(r, p) for r, p in zip(frame["rank"], frame["previous_rank"])]
    frame["rank_gained"] = [g for g, _ in changes]
    frame["change"] = [t for _, t in changes]
    frame["band"] = [band(s) for s in frame["score"]]
    rates = _rates(store, period, as_of).reindex(frame.index)
    frame["rectification_rate"] = [hazards.rate(int(c or 0), int(f or 0)) for c, f in zip(rates["closed"].fillna(0),
                                                                                              rates["found"].fillna(0))]
    frame["on_time_rate"] = [hazards.rate(int(c), int(d)) for c, d in zip(rates["closed_in_time"].fillna(0),
                                                                           rates["due"].fillna(0))]
    frame["report_rate"] = [hazards.rate(int(c), int(e)) for c, e in zip(rates["reports_on_time"].fillna(0),
                                                                          rates["reports_expected"].fillna(0))]
    frame = frame.sort_values(["rank", "sort_order"]).reset_index(drop=True)
    return frame


def unit_lines(row: Mapping, weight: Mapping[str, float]) -> list[Line]:
    """The breakdown of one unit's row of ``table``."""
    counts = {rule.key: row[rule.key] for rule in RULES}
    notes = {rule.key: row.get(rule.key + "_note", "") for rule in RULES}
    return breakdown_lines(counts, weight, notes)


def lines_frame(lines: Sequence[Line]) -> pd.DataFrame:
    """The breakdown as a table with the sum row (得分)."""
    rows = [{"项目": line.name, "数量": "" if line.count is None else f"{line.count:g} {line.unit}",
             "每项扣分": "" if line.weight is None else points_text(line.weight),
             "得分变化": line.points, "说明": line.note} for line in lines]
    rows.append({"项目": "得分", "数量": "", "每项扣分": "", "得分变化": lines_total(lines), "说明": "以上各行之和"})
    return pd.DataFrame(rows)


def headline(row: Mapping, period: Period, top: int = 3) -> str:
    """One sentence answering "why is this unit where it is": score, rank (and the change), top deductions."""
    rank_text = f"排名第{int(row['rank'])}"
    if pd.isna(row.get("previous_rank")):
        rank_text += f"（{period.previous_word}无排名）"
    else:
        rank_text += f"（{period.previous_word}第{int(row['previous_rank'])}，{row['change']}）"
    taken = sorted(((row[r.key + "_points"], r) for r in RULES if row[r.key + "_points"] > 0), key=lambda x: -x[0])
    if taken:
        reasons = "、".join(f"{r.name} {int(row[r.key])} {r.unit}（−{points_text(p)}）" for p, r in taken[:top])
        more = f"等{len(taken)}项" if len(taken) > top else ""
        tail = f"主要扣分：{reasons}{more}"
    else:
        tail = "无扣分"
    floor = "，扣分超过100分按0分计" if row["floor"] else ""
    return f"{row['unit']} {period.word}得分 {points_text(row['score'])}，{rank_text}，{tail}{floor}。"


def top_deductions(row: Mapping, top: int = 3) -> str:
    taken = sorted(((row[r.key + "_points"], r) for r in RULES if row[r.key + "_points"] > 0), key=lambda x: -x[0])
    return "；".join(f"{r.name} {int(row[r.key])}{r.unit} −{points_text(p)}" for p, r in taken[:top]) or "无扣分"


def export_xlsx(frame: pd.DataFrame, period: Period, *, as_of: datetime, scope_label: str, city: str) -> bytes:
    """The ranking with every rule's count and points, the floor and the rates, as one sheet."""
    out = frame.copy()
    columns = [Column("rank", "排名"), Column("change", "名次变化"), Column("unit", "县区"), Column("score", "得分")]
    for rule in RULES:
        columns += [Column(rule.key, f"{rule.name}（{rule.unit}）"), Column(rule.key + "_points", f"{rule.name}扣分")]
    columns += [Column("deducted", "扣分合计"), Column("floor", "保底加回"),
                Column("rectification_rate", "隐患整改率(%)"), Column("on_time_rate", "按期整改率(%)"),
                Column("report_rate", "值班报送及时率(%)")]
    return xlsx_table(
        out, columns, title=f"{city}县区安全生产排名 {period.label}",
        subtitle=f"数据截至 {clock.format_datetime(as_of)} · 范围：{scope_label}（名次为全市排名）· "
                 "得分 = 100 − 各项扣分，最低0分",
        sheet_name="县区排名", highlight=[b == clock.RED for b in out["band"]],
    )
