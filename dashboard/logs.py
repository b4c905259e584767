"""Structured logs: one JSON object per line, in a rotating file, for the administrator.

Every line has ``at`` (Asia/Shanghai wall clock, to the millisecond), ``level`` and ``event``:
- ``write``: every `Store.write` — ``outcome`` (ok / refused / conflict / busy / failed), ``actor``, ``entity``,
  ``entity_id``, ``action`` (its first audit event) and ``events`` (how many), ``seconds`` (waiting included),
  ``waited`` (for the write before it), ``attempts``, ``file`` (the database's name), ``reason`` / ``error``;
- ``page``: every run of a page by the app — ``page`` (its url_path), ``session`` (a short id of the browser
  session; the signed-in user once there is one), ``seconds``, ``outcome`` (ok / rerun / stop / error) and
  ``slow: true`` at level WARNING when it took longer than the ``slow_page_seconds`` setting;
- ``store_open``, ``store_refused``, ``migration``, and whatever other modules log (backups, health).

The file is ``log_file`` (setting; empty = ``logs/dashboard.log`` beside the database file), rotated at
``log_max_mb`` into ``log_backups`` numbered files (logging.handlers.RotatingFileHandler). Nothing is logged
until `configure` is called (the app's entry script and the command line do), so tests and library use
write no files. The app and a command writing at the same time append whole lines to one file; a rotation
by one of them may leave the other writing to the renamed file until its next start (harmless).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = ["LOGGER_NAME", "configure", "configured_path", "default_path", "event", "timed", "read_events"]

LOGGER_NAME = "dashboard.events"
_logger = logging.getLogger(LOGGER_NAME)
_logger.propagate = False  # never into Streamlit's or the root logger's output
_logger.setLevel(logging.INFO)
_guard = threading.Lock()
_handler: logging.Handler | None = None
_handler_key: tuple | None = None


class _JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", {})
        at = datetime.fromtimestamp(record.created, _tz()).replace(tzinfo=None)
        line = {"at": at.isoformat(sep=" ", timespec="milliseconds"), "level": record.levelname,
                "event": record.getMessage(), **fields}
        return json.dumps(line, ensure_ascii=False, default=_plain)


def _tz():
    from dashboard import clock

    return clock.TZ


def _plain(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def default_path(db: Path | None = None) -> Path:
    """The ``log_file`` setting, or ``logs/dashboard.log`` beside the database file (``db``, else the setting)."""
    from dashboard import settings

    configured = str(settings.get("log_file") or "").strip()
    if configured:
        return Path(configured)
    return Path(db or settings.db_path()).resolve().parent / "logs" / "dashboard.log"


def configure(path: Path | str | None = None, *, max_bytes: int | None = None, backups: int | None = None) -> Path:
    """Send the events to ``path`` (default: `default_path`), rotated at ``max_bytes`` into ``backups`` files
    (default: the settings). Calling it again with the same values does nothing, so the entry script may call
    it on every run; other values replace the handler."""
    global _handler, _handler_key
    from dashboard import settings

    target = Path(path) if path is not None else default_path()
    size = max_bytes if max_bytes is not None else int(float(settings.get("log_max_mb")) * 1024 * 1024)
    count = backups if backups is not None else int(settings.get("log_backups"))
    key = (str(target.resolve()), size, count)
    with _guard:
        if key == _handler_key:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=size, backupCount=count, encoding="utf-8")
        handler.setFormatter(_JsonLines())
        if _handler is not None:
            _logger.removeHandler(_handler)
            _handler.close()
        _logger.addHandler(handler)
        _handler, _handler_key = handler, key
    return target


def configured_path() -> Path | None:
    """The file events go to, or None before `configure`."""
    return Path(_handler_key[0]) if _handler_key else None


def stop() -> None:
    """Stop logging to the file (tests)."""
    global _handler, _handler_key
    with _guard:
        if _handler is not None:
            _logger.removeHandler(_handler)
            _handler.close()
        _handler = _handler_key = None


def event(event_name: str, /, *, level: str = "INFO", **fields: Any) -> None:
    """Log one event with its fields (JSON-serialisable or str()-able). Never raises: a full disk or a
    removed log directory must not fail the write or the page being logged."""
    if _handler is None:
        return
    try:
        _logger.log(logging.getLevelName(level), event_name, extra={"fields": fields})
    except Exception:  # noqa: BLE001 — logging is best effort by design
        pass


@contextmanager
def timed(name: str, *, slow_after: float | None = None, **fields: Any) -> Iterator[dict]:
    """Log ``name`` with its ``seconds`` when the block ends, ``outcome`` ok, or the exception's kind; level
    WARNING and ``slow: true`` above ``slow_after`` seconds. The block may add fields to the yielded dict
    (``outcome`` among them, e.g. "error" for a failure it handled itself: level ERROR); ``outcome_of`` (in it)
    maps an exception to an outcome word (Streamlit's rerun and stop are not errors)."""
    extra: dict[str, Any] = {}
    started = time.perf_counter()
    outcome, level = "ok", "INFO"
    try:
        yield extra
    except BaseException as exc:
        classify = extra.get("outcome_of")
        outcome = classify(exc) if classify else "error"
        if outcome == "error":
            level = "ERROR"
            extra["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        raise
    finally:
        extra.pop("outcome_of", None)
        outcome = extra.pop("outcome", outcome)
        if outcome == "error":
            level = "ERROR"
        seconds = round(time.perf_counter() - started, 3)
        slow = slow_after is not None and seconds > slow_after
        if slow:
            extra["slow"] = True
            level = "WARNING" if level == "INFO" else level
        event(name, level=level, outcome=outcome, seconds=seconds, **fields, **extra)


def read_events(path: Path | str | None = None, *, event_name: str | None = None, limit: int = 200,
                tail_bytes: int = 2 * 1024 * 1024) -> list[dict]:
    """The newest ``limit`` events (oldest first) named ``event_name`` (any when None) from the end of the log
    file (and the rotated ``.1`` before it when the current one is short). Lines that are not JSON are skipped."""
    target = Path(path) if path is not None else (configured_path() or default_path())
    found: list[dict] = []
    for part in (target, target.with_name(target.name + ".1")):
        if not part.is_file():
            continue
        with part.open("rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - tail_bytes))
            lines = fh.read().decode("utf-8", errors="replace").splitlines()
        if size > tail_bytes:
            lines = lines[1:]  # the first may be cut
        chunk = []
        for line in lines:
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and (event_name is None or item.get("event") == event_name):
                chunk.append(item)
        found = chunk + found
        if len(found) >= limit:
            break
    return found[-limit:]
