"""Backups made by the running app: on a schedule, and on request from the command line.

DuckDB lets one process hold the file, so while the app runs only the app can copy it. The app runs a
``Service`` (one thread per process and database file; started by scripts/serve.py at server start and by
the entry script on a page's first run), which:
- every ``HEARTBEAT_SECONDS`` writes ``service.json`` in the request directory (``<db>.backup-requests/``
  beside the database file): its pid and the time, so ``python -m dashboard backup`` knows an app is there;
- takes a request file ``req-<id>.json`` written there by the CLI, makes the backup, and answers in
  ``res-<id>.json`` (the backup's path, or why it failed); the CLI waits for the answer;
- takes the daily backup at ``backup_time`` (Asia/Shanghai, real clock): ``due()`` says when. A server that was
  off at that time takes it once it is up (after ``STARTUP_GRACE_SECONDS``), a failed one is retried after
  ``RETRY_MINUTES``.
When no app holds the file, the CLI takes the backup itself (``dashboard/__main__.py``).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from dashboard import clock, settings
from dashboard.backup.copies import COMMAND, SCHEDULED, BackupError, Backup, _write_json, latest, open_backup, take
from dashboard.db import Store, StoreError

__all__ = ["Service", "ensure_service", "stop_service", "request_dir", "service_alive", "request_backup", "due",
           "scheduled_time", "HEARTBEAT_SECONDS"]

POLL_SECONDS = 1.0
HEARTBEAT_SECONDS = 5.0
ALIVE_SECONDS = 15.0  # a heartbeat older than this: no app is answering
SCHEDULE_CHECK_SECONDS = 30.0
STARTUP_GRACE_SECONDS = 60.0
RETRY_MINUTES = 30
STALE_REQUEST_SECONDS = 600  # the CLI waits at most this long by default


def request_dir(db: Path) -> Path:
    """Where the CLI leaves requests for the app holding ``db``: ``<db>.backup-requests/`` beside it."""
    db = Path(db).resolve()
    return db.with_name(db.name + ".backup-requests")


def scheduled_time() -> clock_time | None:
    """The daily backup time from the settings; None when scheduled backups are off."""
    text = str(settings.get("backup_time")).strip()
    if not text:
        return None
    hours, minutes = text.split(":")
    return clock_time(int(hours), int(minutes))


def due(now: datetime, at: clock_time | None, newest: datetime | None, last_attempt: datetime | None) -> bool:
    """Is a scheduled backup due? The last scheduled moment at or before ``now`` must be covered by a backup
    taken at or after it (``newest``: the newest verified backup); a failed attempt since that moment is
    retried ``RETRY_MINUTES`` later."""
    if at is None:
        return False
    slot = datetime.combine(now.date(), at)
    if now < slot:
        slot -= timedelta(days=1)
    if newest is not None and newest >= slot:
        return False
    if last_attempt is not None and last_attempt >= slot and now - last_attempt < timedelta(minutes=RETRY_MINUTES):
        return False
    return True


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process (the service user) exists
    return True


def service_alive(db: Path) -> dict | None:
    """The heartbeat of a live app holding ``db`` (its pid, host, backup directory), or None."""
    try:
        beat = json.loads((request_dir(db) / "service.json").read_text(encoding="utf-8"))
        age = time.time() - float(beat["beat"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if age > ALIVE_SECONDS or beat.get("host") != socket.gethostname() or not _pid_alive(int(beat["pid"])):
        return None
    return beat


class Service:
    """The backup thread of one app process for one database file."""

    def __init__(self, db: Path, *, open_store: Callable[[], Store] | None = None,
                 grace: float = STARTUP_GRACE_SECONDS, poll: float = POLL_SECONDS,
                 log: Callable[[str], None] | None = None):
        self.db = Path(db).resolve()
        self.requests = request_dir(self.db)
        self._open_store = open_store or (lambda: Store.open(self.db, create=False))
        self._grace, self._poll = grace, poll
        self._log = log or (lambda text: print(f"[backup] {text}", flush=True))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._beating: threading.Thread | None = None
        self.started = time.monotonic()
        self.last_attempt: datetime | None = None
        self.last_result: Backup | BackupError | None = None

    # -- life ---------------------------------------------------------------------------------------------------
    def start(self) -> Service:
        self.requests.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=f"backup-service:{self.db.name}", daemon=True)
        self._thread.start()
        # the heartbeat has its own thread: a long backup must not look like a stopped app
        self._beating = threading.Thread(target=self._beat, name=f"backup-heartbeat:{self.db.name}", daemon=True)
        self._beating.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        for thread in (self._thread, self._beating):
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout)
        try:
            beat = json.loads((self.requests / "service.json").read_text(encoding="utf-8"))
            if beat.get("pid") == os.getpid():
                (self.requests / "service.json").unlink()
        except (OSError, ValueError):
            pass

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def _beat(self) -> None:
        while not self._stop.is_set():
            try:
                self._heartbeat()
            except OSError as exc:
                self._log(f"无法写入备份服务心跳：{exc}")
            self._stop.wait(HEARTBEAT_SECONDS)

    def _run(self) -> None:
        last_schedule = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            try:
                self._answer_requests()
                if now - self.started >= self._grace and now - last_schedule >= SCHEDULE_CHECK_SECONDS:
                    last_schedule = now
                    self._scheduled()
            except Exception as exc:  # the thread must outlive any one failure; the next round tries again
                self._log(f"后台备份出错：{exc}")
            self._stop.wait(self._poll)

    def _heartbeat(self) -> None:
        self.requests.mkdir(parents=True, exist_ok=True)
        _write_json(self.requests / "service.json", {
            "pid": os.getpid(), "host": socket.gethostname(), "db": str(self.db), "beat": time.time(),
            "backup_time": str(settings.get("backup_time"))})

    # -- work ---------------------------------------------------------------------------------------------------
    def _backup(self, to: Path | None, reason: str) -> Backup:
        if not self.db.exists():
            raise BackupError(f"数据库文件 {self.db} 不存在")
        try:
            store = self._open_store()
        except StoreError as exc:
            raise BackupError(f"无法打开数据库：{exc}") from exc
        try:
            return take(store, to, reason=reason)
        finally:
            store.close()

    def _answer_requests(self) -> None:
        for request in sorted(self.requests.glob("req-*.json")):
            working = request.with_suffix(".working")
            try:
                os.rename(request, working)  # claimed: no one else answers it
                asked = json.loads(working.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            answer = self.requests / f"res-{asked.get('id', working.stem[4:])}.json"
            if time.time() - working.stat().st_mtime > STALE_REQUEST_SECONDS:  # left while no app ran: nobody waits
                working.unlink(missing_ok=True)
                continue
            try:
                backup = self._backup(Path(asked["to"]) if asked.get("to") else None, COMMAND)
                result = {"ok": True, "path": str(backup.path)}
                self._log(f"已按命令行请求备份：{backup.path}")
            except BackupError as exc:
                result = {"ok": False, "error": str(exc), "path": str(exc.path) if exc.path else None}
                self._log(f"命令行请求的备份失败：{exc}")
            _write_json(answer, result)
            working.unlink(missing_ok=True)

    def _scheduled(self) -> None:
        from dashboard.backup.copies import backup_dir

        newest = latest(backup_dir(self.db))
        if not due(clock.local_now(), scheduled_time(), newest.created_at if newest else None, self.last_attempt):
            return
        self.last_attempt = clock.local_now()
        try:
            self.last_result = self._backup(None, SCHEDULED)
            self._log(f"定时备份完成：{self.last_result.path}")
        except BackupError as exc:
            self.last_result = exc
            self._log(f"定时备份失败，{RETRY_MINUTES} 分钟后重试：{exc}")


_SERVICES: dict[Path, Service] = {}
_SERVICES_LOCK = threading.Lock()


def ensure_service(db: Path, **options) -> Service:
    """The running backup service of this process for ``db``, started if there is none."""
    key = Path(db).resolve()
    with _SERVICES_LOCK:
        service = _SERVICES.get(key)
        if service is None or not service.running:
            service = _SERVICES[key] = Service(key, **options).start()
        return service


def stop_service(db: Path) -> None:
    with _SERVICES_LOCK:
        service = _SERVICES.pop(Path(db).resolve(), None)
    if service is not None:
        service.stop()


def request_backup(db: Path, to: Path | None = None, *, wait: float = 600,
                   waiting: Callable[[str], None] | None = None) -> Backup | None:
    """Ask the running app holding ``db`` for a backup (into ``to``, default its backup directory) and wait
    for it. None when no app is answering for ``db`` (then the caller may take it itself)."""
    beat = service_alive(db)
    if beat is None:
        return None
    ident = uuid.uuid4().hex
    directory = request_dir(db)
    request = directory / f"req-{ident}.json"
    _write_json(request, {"id": ident, "to": str(Path(to).resolve()) if to else None,  # written whole, then renamed
                          "requested_at": clock.local_now().isoformat(sep=" "), "pid": os.getpid()})
    if waiting:
        waiting(f"看板正在运行（进程 {beat['pid']}），已请求它进行备份，等待完成……")
    answer = directory / f"res-{ident}.json"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if answer.exists():
            try:
                result = json.loads(answer.read_text(encoding="utf-8"))
            except ValueError:
                time.sleep(0.1)
                continue
            answer.unlink(missing_ok=True)
            if not result.get("ok"):
                raise BackupError(result.get("error") or "备份失败", Path(result["path"]) if result.get("path") else None)
            return open_backup(result["path"])
        if service_alive(db) is None:
            request.unlink(missing_ok=True)
            raise BackupError("看板在处理备份请求时停止了运行，备份未完成。请在看板重新启动后再运行本命令。")
        time.sleep(0.2)
    request.unlink(missing_ok=True)
    raise BackupError(f"看板在 {wait:.0f} 秒内没有完成备份（请求已撤回）。请查看服务日志。")
