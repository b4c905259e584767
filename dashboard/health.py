"""Is the dashboard healthy? The same report for ``python -m dashboard health`` and the 系统状态 page.

Checks: the store opens and every table reads whole (see `db.table_digests`; remembered per store and write
generation for up to ``READ_AGAIN_AFTER``); its schema version against the
program's; the last write (the real time, with the as-of time it was stamped with); the newest verified backup
and its age (dashboard/backup); the free disk space beside the database; the log's recent failures and slow
page runs. A check is failed (unhealthy: the command exits 1), passed, or a note (shown, never failing).

The command runs beside a running app, which holds the file: DuckDB then lets no other process open it, even
read-only. The report then says the app holds it (and its process), and takes the schema version and the last
write from what the app logged (dashboard/logs.py) and the backup service's heartbeat. No check shows a
server path: the command line adds the paths itself.
"""

from __future__ import annotations

import shutil
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from dashboard import backup, clock, logs, settings
from dashboard.backup import age_text
from dashboard.db import LATEST_VERSION, Store, StoreError, StoreInUse

__all__ = ["Check", "Report", "PASSED", "FAILED", "NOTE", "of_store", "of_path", "disk_check", "backup_check",
           "log_check"]

PASSED, FAILED, NOTE = "正常", "异常", "提示"


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # PASSED, FAILED or NOTE
    text: str


@dataclass(frozen=True)
class Report:
    checks: tuple[Check, ...]
    at: datetime

    @property
    def healthy(self) -> bool:
        return all(c.status != FAILED for c in self.checks)

    def lines(self) -> list[str]:
        head = "健康" if self.healthy else "异常：" + "、".join(c.name for c in self.checks if c.status == FAILED)
        return [f"看板状态：{head}（检查于 {clock.format_datetime(self.at)}）"] + [
            f"[{c.status}] {c.name}：{c.text}" for c in self.checks]


def _seconds_text(seconds: float) -> str:
    return f"{seconds:.2f} 秒" if seconds < 10 else f"{seconds:.0f} 秒"


def _size_text(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


# The store read whole (every table, every row: a second at a million hazards) is remembered per store and write
# generation: the 系统状态 page's reruns and other visitors then cost nothing, and the first run after a write,
# or after READ_AGAIN_AFTER (a block may go bad without a write), reads everything again.
READ_AGAIN_AFTER = timedelta(minutes=10)
_read_whole: weakref.WeakKeyDictionary[Store, tuple[int, dict, float, datetime]] = weakref.WeakKeyDictionary()
_read_lock = threading.Lock()


def _digests(store: Store, now: datetime) -> tuple[dict, float, datetime]:
    """Every table's (rows, digest), the seconds the reading took and when it was done: read now, or the last
    reading of this store when nothing was written since and it is recent."""
    with _read_lock:
        known = _read_whole.get(store)
    if known and known[0] == store.generation and timedelta(0) <= now - known[3] < READ_AGAIN_AFTER:
        return known[1], known[2], known[3]
    generation, started = store.generation, time.perf_counter()
    digests = store.verify()
    seconds = time.perf_counter() - started
    with _read_lock:
        _read_whole[store] = (generation, digests, seconds, now)
    return digests, seconds, now


def _store_checks(store: Store, now: datetime) -> list[Check]:
    try:
        digests, seconds, read_at = _digests(store, now)
    except StoreError as exc:
        return [Check("数据库", FAILED, str(exc))]
    except Exception as exc:  # noqa: BLE001 — any failure to read the store back is the finding
        return [Check("数据库", FAILED, f"读取数据时出错（{type(exc).__name__}）")]
    rows = sum(n for n, _ in digests.values())
    when = "" if read_at == now else f"，{read_at:%H:%M} 读取，此后没有写入"
    checks = [Check("数据库", PASSED, f"已打开，{len(digests)} 张表共 {rows:,} 行全部读取无误（用时 {_seconds_text(seconds)}"
                                   f"{when}），文件 {_size_text(store.path.stat().st_size)}")]
    version = store.schema_version()
    if version == LATEST_VERSION:
        checks.append(Check("结构版本", PASSED, f"{version}（与本程序一致）"))
    elif version < LATEST_VERSION:
        checks.append(Check("结构版本", NOTE, f"{version}，本程序为 {LATEST_VERSION}：看板下次打开时自动升级"))
    else:
        checks.append(Check("结构版本", FAILED, f"{version}，高于本程序的 {LATEST_VERSION}：请升级程序"))
    checks.append(_last_write_check(*store.last_write(), now))
    return checks


def _last_write_check(real: datetime | None, as_of: datetime | None, now: datetime) -> Check:
    if real is None and as_of is None:
        return Check("最后写入", NOTE, "尚无写入记录")
    if real is None:
        return Check("最后写入", NOTE, f"没有记录实际时间（数据截至 {clock.format_datetime(as_of)}，多为演示数据或升级前的写入）")
    stamped = "" if as_of is None or as_of == real else f"，记为数据截至 {clock.format_datetime(as_of)}"
    return Check("最后写入", PASSED, f"{clock.format_datetime(real)}（{age_text(real, now)}）{stamped}")


def backup_check(db: Path, now: datetime) -> Check:
    """The newest verified backup and its age: failed when older than ``health_backup_max_hours``, a note when
    there is none yet (a new installation) or backups are not available."""
    try:
        newest = backup.latest(backup.backup_dir(db))
        attempts = backup.list_backups(backup.backup_dir(db))
    except Exception as exc:  # noqa: BLE001 — an unreadable backup directory is the finding
        return Check("最近备份", FAILED, f"无法读取备份目录（{type(exc).__name__}）")
    limit = float(settings.get("health_backup_max_hours"))
    if newest is None:
        failed = [b for b in attempts if not b.verified]
        if failed:
            return Check("最近备份", FAILED, f"没有通过校验的备份（{len(failed)} 次备份未成功，最近一次：{failed[0].problem or failed[0].status}）")
        return Check("最近备份", NOTE, "尚无备份（运行中的看板会按设置 backup_time 每日自动备份）")
    age = now - newest.created_at
    text = f"{clock.format_datetime(newest.created_at)}（{age_text(newest.created_at, now)}），已校验"
    if age > timedelta(hours=limit):
        return Check("最近备份", FAILED, f"{text}；已超过 {limit:g} 小时没有新的备份")
    return Check("最近备份", PASSED, text)


def disk_check(directory: Path) -> Check:
    """Free space where the database lives: failed below ``health_min_free_mb``."""
    try:
        usage = shutil.disk_usage(directory)
    except OSError as exc:
        return Check("磁盘空间", FAILED, f"无法读取（{exc.strerror or exc}）")
    minimum = int(settings.get("health_min_free_mb")) * 1024 * 1024
    text = f"剩余 {_size_text(usage.free)}，共 {_size_text(usage.total)}（{usage.free / usage.total:.0%} 可用）"
    if usage.free < minimum:
        return Check("磁盘空间", FAILED, f"{text}，低于设置的 {_size_text(minimum)}")
    return Check("磁盘空间", PASSED, text)


def log_check(now: datetime, events: Sequence[dict] | None = None) -> Check:
    """The last 24 hours of the log: writes, failed writes, page runs that failed or were slow."""
    if events is None:
        if logs.configured_path() is None:
            return Check("运行日志", NOTE, "未开启")
        events = logs.read_events(limit=20000)
    since = (now - timedelta(hours=24)).isoformat(sep=" ")
    recent = [e for e in events if str(e.get("at", "")) >= since]
    writes = [e for e in recent if e.get("event") == "write"]
    failed = [e for e in writes if e.get("outcome") in ("failed", "conflict", "busy")]
    pages = [e for e in recent if e.get("event") == "page"]
    errors = [e for e in pages if e.get("outcome") == "error"]
    slow = [e for e in pages if e.get("slow")]
    text = (f"最近 24 小时：写入 {len(writes)} 次（未成功 {len(failed)} 次），页面运行 {len(pages)} 次"
            f"（出错 {len(errors)} 次，慢 {len(slow)} 次）")
    return Check("运行日志", FAILED if failed or errors else PASSED, text)


def of_store(store: Store, *, now: datetime | None = None) -> Report:
    """The report for the store this process holds (the 系统状态 page)."""
    now = now or clock.local_now()
    checks = _store_checks(store, now)
    checks += [backup_check(store.path, now), disk_check(store.path.parent), log_check(now)]
    return Report(tuple(checks), now)


def of_path(path: Path, *, now: datetime | None = None) -> Report:
    """The report for the database file at ``path``, opened read-only, nothing changed (the command). When a
    running app holds the file, what it logged stands in for what cannot be read."""
    now = now or clock.local_now()
    path = Path(path)
    try:
        store = Store.open(path, create=False, read_only=True)
    except StoreInUse as exc:
        checks = _held_checks(path, exc.pid, now)
    except StoreError as exc:
        checks = [Check("数据库", FAILED, str(exc))]
    else:
        try:
            checks = _store_checks(store, now)
        finally:
            store.close()
    directory = path.parent if path.parent.exists() else Path(".")
    checks += [backup_check(path, now), disk_check(directory), log_check(now)]
    return Report(tuple(checks), now)


def _held_checks(path: Path, pid: int | None, now: datetime) -> list[Check]:
    """Checks for a file a running app holds: that it is held (by which process), and from the app's log the
    schema version it opened and its last write."""
    holder = f"（进程 {pid}）" if pid else ""
    checks = [Check("数据库", PASSED, f"由正在运行的看板{holder}打开（本命令不能同时打开它；其完整性在看板启动时已检查）")]
    events = logs.read_events(limit=20000) if logs.configured_path() else []
    opened = [e for e in events if e.get("event") == "store_open" and e.get("file") == path.name
              and not e.get("read_only")]
    if opened:
        version = opened[-1].get("schema_version")
        status = PASSED if version == LATEST_VERSION else NOTE
        checks.append(Check("结构版本", status, f"{version}（看板于 {str(opened[-1].get('at', ''))[:16]} 打开时记录）"))
    else:
        checks.append(Check("结构版本", NOTE, "运行日志中没有看板打开数据库的记录"))
    writes = [e for e in events if e.get("event") == "write" and e.get("outcome") == "ok" and e.get("file") == path.name]
    if writes:
        at = datetime.fromisoformat(str(writes[-1]["at"])[:19])
        checks.append(Check("最后写入", PASSED, f"{clock.format_datetime(at)}（{age_text(at, now)}，据运行日志）"))
    else:
        checks.append(Check("最后写入", NOTE, "运行日志中没有写入记录"))
    return checks
