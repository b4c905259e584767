"""火灾统计: the fire figures the speeches quote, computed from ``fire_incidents``.

For a county scope and a year: count, deaths, injuries and direct loss (万元) with the change against the
year before, and the shares by place, cause, 中心城区 vs the rest, unit and month; the big fires listed.
The current year is partial: it runs to the as-of time and is compared with the SAME period of the year
before (1 January to the same month, day and time), never with the whole previous year.

Rules (periods, changes, shares, the summary sentence) are pure functions; the SQL takes parameters only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from dashboard import export, vocab
from dashboard import scope as scopes
from dashboard.db import Store

RESIDENTIAL = "住宅"
SPEECH_CAUSES = ("电气火灾", "生活用火不慎")  # the causes the speeches quote, in their order
BIG_LOSS_DEFAULT = 30.0  # 万元: fires at or above this loss are listed with the named ones (the page can change it)
CENTRAL, REST = "中心城区", "其他地区"

# The dimensions a breakdown may group by: name -> SQL expression (our own literals, never user text).
DIMENSIONS = {
    "place": "place_type",
    "cause": "cause",
    "central": "central_city",
    "unit": "unit_code",
    "month": "month(occurred_at)",
}


# -- pure rules -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """[start, end) in local wall-clock time; ``partial`` when the year is cut at the as-of time."""

    year: int
    start: datetime
    end: datetime
    partial: bool

    @property
    def last_moment(self) -> datetime:
        return self.end - timedelta(microseconds=1)


def _same_moment(moment: datetime, year: int) -> datetime:
    """``moment`` moved to ``year``; 29 February becomes 28 February (the end of that day)."""
    try:
        return moment.replace(year=year)
    except ValueError:
        return moment.replace(year=year, day=28, hour=23, minute=59, second=59, microsecond=999999)


def year_period(year: int, as_of: datetime) -> Period:
    """The whole ``year``, or 1 January to the as-of time (inclusive) when ``year`` is the as-of year."""
    start, next_year = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    if start <= as_of < next_year:
        return Period(year, start, as_of + timedelta(microseconds=1), True)
    return Period(year, start, next_year, False)


def previous_period(period: Period) -> Period:
    """The same span one year earlier: the whole previous year, or its same period for a partial year."""
    year = period.year - 1
    if not period.partial:
        return Period(year, datetime(year, 1, 1), datetime(year + 1, 1, 1), False)
    return Period(year, datetime(year, 1, 1), _same_moment(period.last_moment, year) + timedelta(microseconds=1),
                  True)


def period_label(period: Period) -> str:
    """2020年 / 2021年1月1日至5月3日17:00."""
    if not period.partial:
        return f"{period.year}年"
    last = period.last_moment
    return f"{period.year}年1月1日至{last.month}月{last.day}日{last:%H:%M}"


def short_label(period: Period) -> str:
    """2020年 / 2021年（截至5月3日）: a chart legend's name for the period."""
    last = period.last_moment
    return f"{period.year}年（截至{last.month}月{last.day}日）" if period.partial else f"{period.year}年"


def short_comparison_label(period: Period) -> str:
    """2019年 / 2020年同期."""
    return f"{period.year - 1}年{'同期' if period.partial else ''}"


def comparison_label(period: Period) -> str:
    """What the year-on-year change compares with: 2019年 / 2020年同期（1月1日至5月3日17:00）."""
    previous = previous_period(period)
    if not period.partial:
        return f"{previous.year}年"
    last = previous.last_moment
    return f"{previous.year}年同期（1月1日至{last.month}月{last.day}日{last:%H:%M}）"


@dataclass(frozen=True)
class Change:
    diff: float
    pct: float | None  # None when the previous figure is 0 (no percentage of nothing)


def change(current: float, previous: float) -> Change:
    """The change against the year before, absolute and in percent (1 decimal, half up)."""
    diff = round(current - previous, 2)
    return Change(diff, None if not previous else percent(diff, previous))


def percent(part: float, total: float) -> float | None:
    """100 × part / total rounded to 1 decimal, half up (37.58 → 37.6, 6.25 → 6.3); None when total is 0."""
    if not total:
        return None
    exact = Decimal(str(part)) * 100 / Decimal(str(total))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def direction(c: Change) -> str:
    return "上升" if c.diff > 0 else "下降" if c.diff < 0 else "持平"


def trend_phrase(count: Change, loss: Change) -> str:
    """起数、损失双上升 / 双下降 / 均持平, or each named: 起数上升、损失下降."""
    a, b = direction(count), direction(loss)
    if a == b:
        return "起数、损失均持平" if a == "持平" else f"起数、损失双{a}"
    return f"起数{a}、损失{b}"


def change_text(c: Change, unit: str, *, decimals: int = 0) -> str:
    """+72起（+8.9%） / -2人（-66.7%） / +3人（上年为0） / 持平: a KPI tile's delta."""
    if c.diff == 0:
        return "持平"
    amount = f"{c.diff:+,.{decimals}f}{unit}"
    return f"{amount}（{'上年为0' if c.pct is None else f'{c.pct:+.1f}%'}）"


def format_loss(value: float, *, thousands: bool = True) -> str:
    return f"{value:,.2f}" if thousands else f"{value:.2f}"


# -- queries --------------------------------------------------------------------------------------
def years(store: Store, as_of: datetime) -> list[int]:
    """The years that have fires recorded up to the as-of time, latest first."""
    rows = store.rows("SELECT DISTINCT year(occurred_at) FROM fire_incidents WHERE occurred_at <= ? ORDER BY 1 DESC",
                      [as_of])
    return [int(y) for (y,) in rows]


def default_year(available: list[int], as_of: datetime) -> int | None:
    """The year before the as-of year (the last complete year, the one the speeches quote) when it has data,
    else the latest year with data."""
    if as_of.year - 1 in available:
        return as_of.year - 1
    return available[0] if available else None


def _in(period: Period) -> tuple[str, list]:
    return "occurred_at >= ? AND occurred_at < ?", [period.start, period.end]


def totals(store: Store, period: Period, scope: scopes.Scope = ()) -> dict:
    """count, deaths, injuries, loss (万元, exact to the fen) of the fires in the period and scope."""
    cond, params = scopes.where(scope)
    when, times = _in(period)
    count, deaths, injuries, loss = store.rows(
        f"""SELECT count(*), coalesce(sum(deaths), 0), coalesce(sum(injuries), 0),
                   coalesce(sum(CAST(direct_loss AS DECIMAL(18, 2))), 0)
            FROM fire_incidents WHERE {when} AND {cond}""", times + params)[0]
    return {"count": int(count), "deaths": int(deaths), "injuries": int(injuries), "loss": round(float(loss), 2)}


def breakdown(store: Store, dimension: str, period: Period, scope: scopes.Scope = ()) -> pd.DataFrame:
    """Per value of ``dimension`` (a key of DIMENSIONS): count, deaths, injuries, loss in the period and
    prev_count in the previous (same) period. Only values with fires in either period."""
    expr = DIMENSIONS[dimension]
    cond, params = scopes.where(scope)
    when, times = _in(period)
    before, before_times = _in(previous_period(period))
    return store.query(
        f"""SELECT {expr} AS key,
                   count(*) FILTER (WHERE {when}) AS count,
                   coalesce(sum(deaths) FILTER (WHERE {when}), 0) AS deaths,
                   coalesce(sum(injuries) FILTER (WHERE {when}), 0) AS injuries,
                   coalesce(sum(CAST(direct_loss AS DECIMAL(18, 2))) FILTER (WHERE {when}), 0) AS loss,
                   count(*) FILTER (WHERE {before}) AS prev_count
            FROM fire_incidents
            WHERE (({when}) OR ({before})) AND {cond}
            GROUP BY 1""",
        times * 4 + before_times + times + before_times + params)


def big_fires(store: Store, year: int, as_of: datetime, scope: scopes.Scope = (), *,
              loss_threshold: float = BIG_LOSS_DEFAULT) -> pd.DataFrame:
    """The year's fires worth naming (to the as-of time): those with a name, with deaths, or with a loss at or
    above the threshold; with the reason each is listed."""
    cond, params = scopes.where(scope, "f.unit_code")
    when, times = _in(year_period(year, as_of))
    frame = store.query(
        f"""SELECT f.id, f.occurred_at, u.name AS unit, f.name, f.place_type, f.cause, f.address, f.deaths,
                   f.injuries, f.direct_loss, f.central_city
            FROM fire_incidents f JOIN units u ON u.code = f.unit_code
            WHERE {when} AND {cond}
              AND (f.name IS NOT NULL OR f.deaths > 0 OR f.direct_loss >= ?)
            ORDER BY f.occurred_at""", times + params + [loss_threshold])
    frame["reason"] = [listing_reason(n, d, loss, loss_threshold)
                       for n, d, loss in zip(frame["name"], frame["deaths"], frame["direct_loss"])]
    return frame


def listing_reason(name, deaths: int, loss: float, threshold: float) -> str:
    """Why a fire is on the big-fires list: 有名称 / 有人员死亡 / 损失≥30万元, joined with 、."""
    reasons = []
    if isinstance(name, str) and name.strip():
        reasons.append("有名称")
    if deaths and deaths > 0:
        reasons.append("有人员死亡")
    if loss is not None and loss >= threshold:
        reasons.append(f"损失≥{threshold:g}万元")
    return "、".join(reasons)


# -- the whole picture for a page -----------------------------------------------------------------
@dataclass
class YearStats:
    period: Period
    previous: Period
    current: dict
    before: dict
    places: pd.DataFrame   # key, label, count, deaths, injuries, loss, prev_count, share
    causes: pd.DataFrame
    central: pd.DataFrame  # 中心城区 then 其他地区
    units: pd.DataFrame    # every unit in scope, display order
    months: pd.DataFrame   # month 1..12: count (0 after the cut), prev_count (same period), prev_year_count, in_period

    @property
    def empty(self) -> bool:
        return self.current["count"] == 0

    @property
    def has_previous(self) -> bool:
        """Fires are on record for the comparison period (without any, a year-on-year change means nothing)."""
        return self.before["count"] > 0

    def changes(self) -> dict[str, Change]:
        return {k: change(self.current[k], self.before[k]) for k in ("count", "deaths", "injuries", "loss")}

    def share_of(self, frame: pd.DataFrame, key) -> float | None:
        hit = frame.loc[frame["key"] == key, "count"]
        return percent(int(hit.sum()), self.current["count"])


def _finish(frame: pd.DataFrame, total: int, order: list | None = None) -> pd.DataFrame:
    """Shares, labels and a stable order: by count (then vocabulary order), or in ``order`` with zeros kept."""
    frame = frame.copy()
    for col in ("count", "deaths", "injuries", "prev_count"):
        frame[col] = frame[col].astype("int64")
    frame["loss"] = frame["loss"].astype(float).round(2)
    if order is not None:
        frame = frame.set_index("key").reindex(order).rename_axis("key").reset_index()
        frame[["count", "deaths", "injuries", "prev_count"]] = frame[["count", "deaths", "injuries", "prev_count"]
                                                                     ].fillna(0).astype("int64")
        frame["loss"] = frame["loss"].fillna(0.0)
    frame["share"] = [percent(c, total) for c in frame["count"]]
    return frame


def _by_vocab(frame: pd.DataFrame, vocabulary: tuple[str, ...], total: int) -> pd.DataFrame:
    rank = {v: i for i, v in enumerate(vocabulary)}
    frame = frame.assign(_rank=[rank.get(k, len(rank)) for k in frame["key"]])
    frame = frame.sort_values(["count", "_rank"], ascending=[False, True]).drop(columns="_rank")
    out = _finish(frame, total)
    out["label"] = out["key"]
    return out.reset_index(drop=True)


def year_stats(store: Store, year: int, as_of: datetime, scope: scopes.Scope = ()) -> YearStats:
    period = year_period(year, as_of)
    previous = previous_period(period)
    current = totals(store, period, scope)
    total = current["count"]

    central = _finish(breakdown(store, "central", period, scope), total, [True, False])
    central["label"] = [CENTRAL if k else REST for k in central["key"]]

    units = store.query("SELECT code, name FROM units ORDER BY sort_order")
    if scope:
        units = units[units["code"].isin(scope)]
    by_unit = _finish(breakdown(store, "unit", period, scope), total, list(units["code"]))
    by_unit["label"] = list(units["name"])

    last_month = period.last_moment.month if period.partial else 12
    months = _finish(breakdown(store, "month", period, scope), total, list(range(1, 13)))
    months["label"] = [f"{m}月" for m in months["key"]]
    months["in_period"] = months["key"] <= last_month
    # last year's months for the chart: the same period up to the cut, the whole months after it (seasonality)
    if period.partial:
        whole = breakdown(store, "month", year_period(year - 1, as_of), scope).set_index("key")["count"]
        months["prev_year_count"] = [int(p) if inside else int(whole.get(m, 0))
                                     for m, p, inside in zip(months["key"], months["prev_count"], months["in_period"])]
    else:
        months["prev_year_count"] = months["prev_count"]
    return YearStats(
        period=period, previous=previous, current=current, before=totals(store, previous, scope),
        places=_by_vocab(breakdown(store, "place", period, scope), vocab.FIRE_PLACES, total),
        causes=_by_vocab(breakdown(store, "cause", period, scope), vocab.FIRE_CAUSES, total),
        central=central, units=by_unit, months=months,
    )


def summary_sentence(stats: YearStats, scope_label: str = "全市") -> str:
    """The speech's sentence, every number computed: 2020年全市共发生火灾878起，死亡3人，…，中心城区占42.0%。"""
    period, now = stats.period, stats.current
    if stats.empty:
        return f"{period_label(period)}{scope_label}没有火灾记录。"
    if period.partial:
        last = period.last_moment
        head = f"{period.year}年1月1日至{last.month}月{last.day}日，{scope_label}共发生火灾"
        compare = "，与上年同期相比"
    else:
        head, compare = f"{period.year}年{scope_label}共发生火灾", "，"
    changes = stats.changes()
    trend = trend_phrase(changes["count"], changes["loss"]) if stats.has_previous else ""
    text = (f"{head}{now['count']}起，死亡{now['deaths']}人，受伤{now['injuries']}人，"
            f"直接经济损失{format_loss(now['loss'], thousands=False)}万元")
    text += f"{compare}{trend}" if trend else ""
    shares = [f"{RESIDENTIAL}火灾占{stats.share_of(stats.places, RESIDENTIAL):.1f}%"]
    shares += [f"{cause}占{stats.share_of(stats.causes, cause):.1f}%" for cause in SPEECH_CAUSES]
    central_share = stats.share_of(stats.central, True)
    if stats.central.loc[stats.central["key"] == True, "count"].sum():  # noqa: E712 (a pandas mask)
        shares.append(f"{CENTRAL}占{central_share:.1f}%")
    return text + "；" + "，".join(shares) + "。"


# -- export ---------------------------------------------------------------------------------------
EXPORT_COLUMNS = (
    export.Column("section", "分类"), export.Column("label", "项目"), export.Column("count", "起数"),
    export.Column("share", "占比(%)"), export.Column("deaths", "死亡(人)"), export.Column("injuries", "受伤(人)"),
    export.Column("loss", "直接经济损失(万元)"), export.Column("prev_count", "上年起数"),
    export.Column("count_change", "起数增减"), export.Column("count_pct", "起数同比(%)"),
)


def export_frame(stats: YearStats) -> pd.DataFrame:
    """One table of the year's statistics: 合计, then 起火场所, 起火原因, 区域, 县区, 月份."""
    now, before = stats.current, stats.before
    rows = [{"section": "合计", "label": "全部火灾", **now, "share": 100.0 if now["count"] else None,
             "prev_count": before["count"]}]
    for section, frame in (("起火场所", stats.places), ("起火原因", stats.causes), ("区域", stats.central),
                           ("县区", stats.units), ("月份", stats.months)):
        for r in frame.itertuples():
            rows.append({"section": section, "label": r.label, "count": r.count, "share": r.share,
                         "deaths": r.deaths, "injuries": r.injuries, "loss": r.loss, "prev_count": r.prev_count})
    out = pd.DataFrame(rows)
    changes = [change(c, p) for c, p in zip(out["count"], out["prev_count"])]
    out["count_change"] = [int(c.diff) for c in changes]
    out["count_pct"] = [c.pct for c in changes]
    return out


def stats_xlsx(stats: YearStats, *, scope_label: str, as_of: datetime, city: str) -> bytes:
    subtitle = (f"范围：{scope_label} · 统计期：{period_label(stats.period)} · 对比：{comparison_label(stats.period)}"
                f" · 数据截至 {as_of:%Y-%m-%d %H:%M}")
    return export.xlsx_table(export_frame(stats), EXPORT_COLUMNS, title=f"{city}{period_label(stats.period)}火灾统计",
                             subtitle=subtitle, sheet_name="火灾统计")
