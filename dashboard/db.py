"""The store: the only module that opens DuckDB.

Rules (DuckDB 2.0, see README "The store"):
- one read-write connection per process per file (`Store.open`; the app caches it with
  st.cache_resource); every query and every transaction takes its own ``cursor()``, because a
  connection shared between threads refuses concurrent calls;
- results are always fetched whole;
- every write is one transaction made by `Store.write(fn)`: ``fn(tx)`` runs inside BEGIN/COMMIT, must
  record at least one audit event with ``tx.audit(...)``, and is retried whole on a DuckDB conflict;
- schema changes only through numbered files in ``migrations/``; opening an older file upgrades it,
  a newer, corrupt or unreachable file is refused with a `StoreError` whose message is Chinese.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from dashboard import clock

__all__ = ["MIGRATIONS_DIR", "StoreError", "ValidationError", "migrations", "LATEST_VERSION", "Tx",
           "describe_audit_detail", "Store"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
T = TypeVar("T")


class StoreError(Exception):
    """A store problem the user must see as a clear Chinese sentence (never a traceback)."""


class ValidationError(StoreError):
    """An action or input the rules refuse; nothing was written."""


def migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    """(version, file) for every ``NNNN_name.sql`` in ``directory``, in order."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = re.match(r"(\d{4})_", path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


LATEST_VERSION = migrations()[-1][0]


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


@dataclass
class Tx:
    """One open transaction: execute statements and record audit events."""

    cursor: duckdb.DuckDBPyConnection
    at: datetime
    events: list[tuple] = field(default_factory=list)

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        return self.cursor.execute(sql, params or []).fetchall()

    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        return self.cursor.execute(sql, params or []).df()

    def one(self, sql: str, params: Sequence[Any] | dict | None = None) -> tuple | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def insert_df(self, table: str, frame: pd.DataFrame) -> None:
        """Bulk insert a DataFrame whose columns are named like the table's."""
        if not re.fullmatch(r"[a-z_]+", table):
            raise ValueError(table)
        cols = ", ".join(frame.columns)
        self.cursor.register("_insert_frame", frame)
        try:
            self.cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _insert_frame")
        finally:
            self.cursor.unregister("_insert_frame")

    def audit(
        self,
        entity: str,
        entity_id: str,
        action: str,
        actor: str,
        *,
        from_status: str | None = None,
        to_status: str | None = None,
        reason: str | None = None,
        detail: dict | None = None,
        at: datetime | None = None,
    ) -> None:
        self.cursor.execute(
            "INSERT INTO audit_events (happened_at, actor, entity, entity_id, action, from_status, to_status, reason, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                at or self.at, actor, entity, str(entity_id), action, from_status, to_status, reason,
                json.dumps(detail, ensure_ascii=False, default=_json_default) if detail else None,
            ],
        )
        self.events.append((entity, entity_id, action))


def describe_audit_detail(detail: str | None, labels: dict[str, str]) -> str:
    """An audit event's JSON detail as one Chinese line for a timeline, keys named by ``labels``."""
    if not detail:
        return ""
    try:
        values = json.loads(detail)
    except ValueError:
        return str(detail)
    if not isinstance(values, dict):
        return str(values)
    return "；".join(f"{labels.get(k, k)}：{v}" for k, v in values.items() if v not in (None, ""))


class Store:
    """One DuckDB file, opened read-write once per process."""

    def __init__(self, path: Path, connection: duckdb.DuckDBPyConnection, migrations_dir: Path = MIGRATIONS_DIR):
        self.path = path
        self._con = connection
        self._migrations_dir = migrations_dir
        self._lock = threading.Lock()
        self.generation = 0  # bumped after every committed write; cache keys include it
        self.changed_at = clock.local_now()  # wall clock of the last committed write (see _last_modified)

    # -- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, migrations_dir: Path = MIGRATIONS_DIR) -> Store:
        path = Path(path)
        if not path.exists() and not create:
            raise StoreError(f"数据库文件不存在：{path}")
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"无法创建数据库目录 {path.parent}：{exc.strerror or exc}。请检查路径和写权限。") from exc
        modified = _last_modified(path)  # before DuckDB touches the file
        try:
            con = duckdb.connect(str(path))
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreError(
                    f"数据库 {path} 正被另一个程序（通常是正在运行的看板）占用。"
                    "请在看板页面中操作，或先停止看板再运行命令。"
                ) from exc
            if "permission" in text.lower() or "read-only" in text.lower() or "cannot open" in text.lower():
                raise StoreError(f"无法打开数据库 {path}：没有写权限或路径不可用。") from exc
            raise StoreError(f"数据库文件 {path} 已损坏或不是看板的数据库文件，无法打开。请从备份恢复。") from exc
        except (duckdb.Error, OSError) as exc:
            text = str(exc).lower()
            if "permission" in text or "read-only" in text:
                raise StoreError(f"无法打开数据库 {path}：没有写权限或路径不可用。") from exc
            raise StoreError(f"数据库文件 {path} 已损坏或不是看板的数据库文件，无法打开。请从备份恢复。") from exc
        store = cls(path, con, migrations_dir)
        store.changed_at = modified
        try:
            store.migrate()
        except StoreError:
            con.close()
            raise
        except duckdb.Error as exc:
            con.close()
            raise StoreError(f"数据库 {path} 无法升级：{exc}") from exc
        return store

    def close(self) -> None:
        self._con.close()

    # -- schema ------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        cur = self._con.cursor()
        exists = cur.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()[0]
        if not exists:
            return 0
        return cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]

    def applied_versions(self) -> set[int]:
        if self.schema_version() == 0:
            return set()
        return {r[0] for r in self._con.cursor().execute("SELECT version FROM schema_version").fetchall()}

    def migrate(self) -> list[int]:
        """Apply, in order, every known migration the file has not recorded, each in its own transaction.

        Not only those above the file's version: migrations written side by side can land out of order
        (0004 before 0003), and a file opened in between must still get the late one.
        """
        current = self.schema_version()
        done = self.applied_versions()
        known = migrations(self._migrations_dir)
        latest = known[-1][0]
        if current > latest:
            raise StoreError(
                f"数据库 {self.path} 的结构版本为 {current}，高于本程序支持的 {latest}。"
                "它来自更新版本的看板，请升级程序后再打开，本程序不会改动它。"
            )
        applied = []
        for version, path in known:
            if version in done:
                continue
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                if version == 1:
                    cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
                cur.execute(path.read_text(encoding="utf-8"))
                cur.execute("INSERT INTO schema_version VALUES (?, ?)", [version, clock.local_now()])
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise
            applied.append(version)
        return applied

    # -- reading -----------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        return self._con.cursor().execute(sql, params or []).df()

    def rows(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        return self._con.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        row = self._con.cursor().execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def audit_history(self, entity: str, entity_id: str) -> pd.DataFrame:
        """One record's audit events, oldest first: happened_at, actor, action, from/to status, reason, detail."""
        return self.query(
            "SELECT happened_at, actor, action, from_status, to_status, reason, detail FROM audit_events"
            " WHERE entity = ? AND entity_id = ? ORDER BY happened_at, id",
            [entity, str(entity_id)],
        )

    def meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", [key])

    def as_of(self) -> datetime:
        """The as-of time: setting override, the store's pin, or the clock (see clock.as_of)."""
        return clock.as_of(self.meta("as_of"))

    def is_demo(self) -> bool:
        return self.meta("demo") == "true"

    # -- writing -----------------------------------------------------------------------------------
    def write(self, fn: Callable[[Tx], T], *, retries: int = 8, require_audit: bool = True) -> T:
        """Run ``fn(tx)`` as one transaction, retried whole on a DuckDB write conflict.

        Raises ValidationError (from ``fn``) untouched, with nothing written. A transaction that
        changes data must record its audit event; ``require_audit=False`` is only for bulk loads
        (the demo builder, migrations) that write their own events.
        """
        at = self.as_of()
        for attempt in range(retries + 1):
            cur = self._con.cursor()
            tx = Tx(cur, at)
            cur.execute("BEGIN TRANSACTION")
            try:
                result = fn(tx)
                if require_audit and not tx.events:
                    raise RuntimeError("a write without its audit event")
                cur.execute("COMMIT")
            except duckdb.TransactionException:
                _rollback(cur)
                if attempt == retries:
                    raise StoreError("数据正被其他人同时修改，多次重试仍未成功，请稍后再试。") from None
                time.sleep(random.uniform(0.005, 0.03) * (attempt + 1))
                continue
            except BaseException:
                _rollback(cur)
                raise
            finally:
                cur.close()
            with self._lock:
                self.generation += 1
                self.changed_at = clock.local_now()
            return result
        raise AssertionError("unreachable")

    def checkpoint(self) -> None:
        self._con.cursor().execute("CHECKPOINT")


def _last_modified(path: Path) -> datetime:
    """When the file (or its write-ahead log) was last written, as a local wall-clock time.

    Taken when the store is opened, before this process writes; from then on ``Store.write`` keeps
    ``changed_at`` (only this process can write: DuckDB locks the file). The wall screen uses it to say
    数据未更新 when nothing has changed for a long time.
    """
    stamps = [p.stat().st_mtime for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    if not stamps:
        return clock.local_now()
    return datetime.fromtimestamp(max(stamps), clock.TZ).replace(tzinfo=None, microsecond=0)


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:
        pass  # DuckDB already aborted the transaction
