"""火灾统计: the fire figures the speeches quote, computed from ``fire_incidents``.

For a county scope and a year: count, deaths, injuries and direct loss (万元) with the change against the
year before, and the shares by place, cause, 中心城区 vs the rest, unit and month; the big fires listed.
The current year is partial: it runs to the as-of time and is compared with the SAME period of the year
before (``periods``). Shares and changes are rounded by ``numbers.percent`` (half up, one decimal).
The SQL takes parameters only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboard import vocab
from dashboard import scope as scopes
from dashboard.db import Store
from dashboard.fires.periods import FireYear, previous_period, year_period
from dashboard.numbers import percent

__all__ = ["RESIDENTIAL", "SPEECH_CAUSES", "BIG_LOSS_DEFAULT", "CENTRAL", "REST", "DIMENSIONS", "Change", "change",
           "years", "default_year", "totals", "breakdown", "big_fires", "listing_reason", "YearStats", "year_stats"]

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


@dataclass(frozen=True)
class Change:
    diff: float
    pct: float | None  # None when the previous figure is 0 (no percentage of nothing)


def change(current: float, previous: float) -> Change:
    """The change against the year before, absolute and in percent (1 decimal, half up)."""
    diff = round(current - previous, 2)
    return Change(diff, None if not previous else percent(diff, previous))


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


def _in(period: FireYear) -> tuple[str, list]:
    return "occurred_at >= ? AND occurred_at < ?", [period.start, period.end]


def totals(store: Store, period: FireYear, scope: scopes.Scope = ()) -> dict:
    """count, deaths, injuries, loss (万元, exact to the fen) of the fires in the period and scope."""
    cond, params = scopes.where(scope)
    when, times = _in(period)
    count, deaths, injuries, loss = store.rows(
        f"""SELECT count(*), coalesce(sum(deaths), 0), coalesce(sum(injuries), 0),
                   coalesce(sum(CAST(direct_loss AS DECIMAL(18, 2))), 0)
            FROM fire_incidents WHERE {when} AND {cond}""", times + params)[0]
    return {"count": int(count), "deaths": int(deaths), "injuries": int(injuries), "loss": round(float(loss), 2)}


def breakdown(store: Store, dimension: str, period: FireYear, scope: scopes.Scope = ()) -> pd.DataFrame:
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
    period: FireYear
    previous: FireYear
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
