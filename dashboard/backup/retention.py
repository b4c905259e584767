"""Which backups are kept: every one younger than ``backup_keep_hours``, and the newest backup of each of the
``backup_keep_daily`` most recent days that have one, then of ``backup_keep_weekly`` ISO weeks and of
``backup_keep_monthly`` months further back (the daily / weekly / monthly rotation as borg prune counts it: the
newest backup of a week that the daily rule already kept does not count as one of the weeks, so 7 / 4 / 12 keep
23 backups reaching about a year back; periods without a backup are not counted, so a server that was off for
a week still keeps seven days). The newest verified backup is always kept. Failed records go after ``backup_keep_daily`` days, unfinished copies (a process killed
while copying) after six hours.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from dashboard import clock, settings

__all__ = ["Rule", "keep", "prune", "describe"]

UNFINISHED_HOURS = 6


@dataclass(frozen=True)
class Rule:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    hours: int = 24

    @classmethod
    def configured(cls) -> Rule:
        return cls(settings.get("backup_keep_daily"), settings.get("backup_keep_weekly"),
                   settings.get("backup_keep_monthly"), settings.get("backup_keep_hours"))


_PERIODS: tuple[tuple[str, Callable[[datetime], Hashable]], ...] = (
    ("daily", lambda t: t.date()),
    ("weekly", lambda t: t.isocalendar()[:2]),
    ("monthly", lambda t: (t.year, t.month)),
)


def keep(created: Iterable[datetime], now: datetime, rule: Rule | None = None) -> set[datetime]:
    """The creation times to keep among ``created`` (verified backups), by ``rule`` (default: the settings)."""
    rule = rule or Rule.configured()
    newest_first = sorted(set(created), reverse=True)
    kept = {t for t in newest_first if now - t < timedelta(hours=rule.hours)}
    by_rules: set[datetime] = set()
    for attribute, period in _PERIODS:
        count, taken, last = getattr(rule, attribute), 0, None
        for moment in newest_first:
            if taken >= count:
                break
            key = period(moment)
            if key == last:
                continue  # an older backup of the same period
            last = key
            if moment not in by_rules:  # the newest of a period an earlier rule kept does not count again
                by_rules.add(moment)
                taken += 1
    kept |= by_rules
    if newest_first:
        kept.add(newest_first[0])
    return kept


def prune(directory: Path, now: datetime | None = None, rule: Rule | None = None) -> list[Path]:
    """Delete what the rule does not keep in ``directory``; the paths removed."""
    from dashboard.backup.copies import FAILED, INCOMPLETE, VERIFIED, list_backups

    now = now or clock.local_now()
    rule = rule or Rule.configured()
    entries = list_backups(directory)
    kept = keep([b.created_at for b in entries if b.status == VERIFIED], now, rule)
    removed = []
    for entry in entries:
        if entry.status == VERIFIED:
            drop = entry.created_at not in kept
        elif entry.status == FAILED:
            drop = now - entry.created_at > timedelta(days=max(rule.daily, 1))
        elif entry.status == INCOMPLETE:
            drop = now - entry.created_at > timedelta(hours=UNFINISHED_HOURS)
        else:
            drop = False  # a damaged backup stays for someone to look at
        if drop:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return removed


def describe(rule: Rule | None = None) -> str:
    """The rule in one Chinese sentence for 数据管理."""
    rule = rule or Rule.configured()
    return (f"保留最近 {rule.hours} 小时内的全部备份，以及最近 {rule.daily} 天每天、{rule.weekly} 周每周、"
            f"{rule.monthly} 个月每月的最新一份；最新的一份已校验备份始终保留。")
