"""The words of the fire statistics: the direction of a change, the summary's trend phrase, a tile's delta,
a loss in 万元, and the speech's summary sentence (every number computed)."""

from __future__ import annotations

from dashboard.fires.periods import period_label
from dashboard.fires.stats import CENTRAL, RESIDENTIAL, SPEECH_CAUSES, Change, YearStats

__all__ = ["direction", "trend_phrase", "change_text", "format_loss", "summary_sentence"]


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
    if trend and changes["deaths"].diff:  # a change in deaths is always said (it rose: the speech must say so)
        trend += f"，死亡人数{direction(changes['deaths'])}（{changes['deaths'].diff:+d}人）"
    text = (f"{head}{now['count']}起，死亡{now['deaths']}人，受伤{now['injuries']}人，"
            f"直接经济损失{format_loss(now['loss'], thousands=False)}万元")
    text += f"{compare}{trend}" if trend else ""
    shares = [f"{RESIDENTIAL}火灾占{stats.share_of(stats.places, RESIDENTIAL):.1f}%"]
    shares += [f"{cause}占{stats.share_of(stats.causes, cause):.1f}%" for cause in SPEECH_CAUSES]
    central_share = stats.share_of(stats.central, True)
    if stats.central.loc[stats.central["key"] == True, "count"].sum():  # noqa: E712 (a pandas mask)
        shares.append(f"{CENTRAL}占{central_share:.1f}%")
    return text + "；" + "，".join(shares) + "。"
