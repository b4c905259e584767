"""The store: the only module that opens DuckDB.

Rules (DuckDB 2.0, see README "The store"):
- one read-write connection per process per file (`Store.open`; the app caches it with
  st.cache_resource); every query and every transaction takes its own ``cursor()``, because a
  connection shared between threads refuses concurrent calls;
- results are always fetched whole;
- every write is one transaction made by `Store.write(fn)`: ``fn(tx)`` runs inside BEGIN/COMMIT, must
  record at least one audit event with ``tx.audit(...)``. Writes to one file are taken one at a time in
  this process (a lock per file), so ids and versions read as max()+1 inside ``fn`` cannot collide; a
  DuckDB write conflict or a duplicate generated key (only possible from a writer outside that lock) is
  retried whole with backoff. Every write is logged (who, what, how long; dashboard/logs.py);
- schema changes only through numbered files in ``migrations/``; opening an older file upgrades it.
  A file that is not ours, not a database, corrupt (every table is read on open; see `table_digests`),
  newer, held by another process, or beside a write-ahead log that is not DuckDB's, is refused untouched
  with a `StoreError` whose message is Chinese and names the file, never the server path (the CLI
  adds the path: ``StoreError.path``).
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from dashboard import clock, logs, roles

__all__ = ["MIGRATIONS_DIR", "StoreError", "StoreInUse", "ValidationError", "migrations", "LATEST_VERSION", "Tx",
           "describe_audit_detail", "Store", "check_not_in_use", "table_digests", "WRITE_WAIT_SECONDS"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
T = TypeVar("T")


class StoreError(Exception):
    """A store problem the user must see as a clear Chinese sentence (never a traceback).

    The message names the file by its name only (pages must not show server paths); ``path`` holds
    the full path for the command line and the logs."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path


class StoreInUse(StoreError):
    """The file is held read-write by another process (a running app); ``pid`` is that process, if known."""

    def __init__(self, message: str, path: Path | None = None, pid: int | None = None):
        super().__init__(message, path)
        self.pid = pid


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
    """One open transaction: execute statements and record audit events.

    ``at`` is the as-of time the write is stamped with (pinned in the demo); ``recorded_at`` the real
    wall-clock time of this attempt, kept beside it in every audit event."""

    cursor: duckdb.DuckDBPyConnection
    at: datetime
    events: list[tuple] = field(default_factory=list)
    recorded_at: datetime | None = field(default_factory=clock.local_now)  # None: simulated history (demo)

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        return self.cursor.execute(sql, params or []).fetchall()

    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        return self.cursor.execute(sql, params or []).df()

    def one(self, sql: str, params: Sequence[Any] | dict | None = None) -> tuple | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def insert_df(self, table: str, frame: pd.DataFrame) -> None:
        """Bulk insert a DataFrame whose columns are named like the table's.

        Audit events inserted this way get this write's ``recorded_at`` unless the frame has its own."""
        if not re.fullmatch(r"[a-z_]+", table):
            raise ValueError(table)
        if table == "audit_events" and "recorded_at" not in frame.columns:
            frame = frame.assign(recorded_at=self.recorded_at)
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
        actor: roles.User,
        *,
        county: str | None = None,
        group: int | None = None,
        from_status: str | None = None,
        to_status: str | None = None,
        reason: str | None = None,
        detail: dict | None = None,
        at: datetime | None = None,
    ) -> None:
        """The write's audit line, and the check of who may write it: refused (ValidationError, the whole
        transaction rolled back) when ``actor``'s role may not take ``action`` on ``entity`` in ``county`` /
        ``group`` (dashboard/roles.py). Every write records one, so every write is checked here."""
        self.authorize(actor, entity, action, county=county, group=group)
        self.cursor.execute(
            "INSERT INTO audit_events (happened_at, recorded_at, actor, actor_login, entity, entity_id, action,"
            " from_status, to_status, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                at or self.at, self.recorded_at, actor.label, actor.login, entity, str(entity_id), action, from_status,
                to_status, reason, json.dumps(detail, ensure_ascii=False, default=_json_default) if detail else None,
            ],
        )
        self.events.append((entity, str(entity_id), action, actor.label))

    def authorize(self, actor: roles.User, entity: str, action: str, *, county: str | None = None,
                  group: int | None = None) -> None:
        """Refuse (ValidationError) what ``actor`` may not do; ``audit`` asks it for every line. A bulk write that
        inserts its audit lines itself (an import) asks it for every county / group it writes to."""
        if roles.refusal(actor, entity, action, county=county, group=group):
            raise ValidationError(roles.refusal(actor, entity, action, county=county, group=group,
                                                county_label=self._county(county)))

    def _county(self, code: str | None) -> str | None:
        """A county's name for a refusal (its code when the store has no such unit)."""
        if code is None:
            return None
        found = self.one("SELECT name FROM units WHERE code = ?", [code])
        return found[0] if found else code


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


# -- refusals: what is wrong, in Chinese, naming the file (never the server path) ----------------------
def _in_use(path: Path, text: str) -> StoreInUse:
    found = re.search(r"PID (\d+)", text)
    pid = int(found.group(1)) if found else None
    holder = f"（进程 {pid}）" if pid else ""
    return StoreInUse(f"数据库 {path.name} 正被另一个程序（通常是正在运行的看板）占用{holder}。"
                      "请在看板页面中操作，或先停止看板再运行命令。", path, pid)


def _corrupt(path: Path, where: str = "", *, opened: bool = False) -> StoreError:
    done = "请停止看板" if opened else "看板没有打开它，也没有改动它。请"
    return StoreError(f"数据库文件 {path.name} 已损坏{where}，{done}从备份恢复：python -m dashboard restore 备份 "
                      "--out 新文件，再把设置 db 指向新文件（见 README“备份与恢复”）。", path)


def _cannot_write(path: Path) -> StoreError:
    return StoreError(f"无法打开数据库 {path.name}：没有写权限或路径不可用。", path)


_OURS = {"schema_version", "meta", "audit_events"}  # every version of our schema has these three
_WAL_MAGIC = b"\x64\x00\x62\x65\x00"  # DuckDB 2.0's WAL opens with its WAL_VERSION entry (field 100 = 98, field 101)
WRITE_WAIT_SECONDS = 60.0  # longest a write waits for the one before it (a big import) before it is refused
_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(path: Path) -> threading.RLock:
    """The lock that takes the writes to one file one at a time, shared by every Store of that file."""
    key = str(path.resolve())
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.RLock())


def _check_file(path: Path) -> None:
    """Refuse, before DuckDB touches anything, what is not a DuckDB file, and a WAL that is not DuckDB's.

    DuckDB replays a write-ahead log it cannot read as nothing and overwrites it at the next write, so
    a damaged log (perhaps holding the last writes) would be lost without a word: it is refused here."""
    if path.is_dir():
        raise StoreError(f"数据库位置 {path.name} 是一个文件夹，不是数据库文件。请在设置 db（环境变量 DASHBOARD_DB）"
                         "中写数据库文件的路径，例如 data/dashboard.duckdb。", path)
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except PermissionError as exc:
        raise _cannot_write(path) from exc
    except OSError as exc:
        raise StoreError(f"无法读取数据库文件 {path.name}：{exc.strerror or '读取失败'}。", path) from exc
    if not head:
        raise StoreError(f"数据库文件 {path.name} 是空文件（0 字节），不是数据库，看板没有改动它。若它是复制失败留下的，"
                         "请从备份恢复；若要新建数据库，请先删除或移走它。", path)
    if head[8:12] != b"DUCK":
        raise StoreError(f"文件 {path.name} 不是 DuckDB 数据库文件，看板没有改动它。请检查设置 db 指向的文件。", path)
    wal = path.with_name(path.name + ".wal")
    try:
        with wal.open("rb") as fh:
            wal_head = fh.read(len(_WAL_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"无法读取数据库的预写日志 {wal.name}：{exc.strerror or '读取失败'}。", path) from exc
    if wal_head and wal_head != _WAL_MAGIC:
        raise _bad_wal(path, "不是 DuckDB 的预写日志（可能已损坏或被其他文件覆盖）")


def _bad_wal(path: Path, what: str) -> StoreError:
    wal = path.name + ".wal"
    return StoreError(
        f"数据库 {path.name} 旁的预写日志 {wal} {what}。其中可能有尚未写入数据库的最近修改，为免丢失，看板没有打开"
        f"数据库，也没有删除该日志。请先把 {path.name} 和 {wal} 一起复制保存，再把 {wal} 改名移走（例如 {wal}.bad）"
        "后重新启动：数据库将回到最近一次写入数据库文件时的状态；如需找回其后的修改，请从备份恢复。", path)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        text = str(exc)
        lower = text.lower()
        if "lock" in lower:
            raise _in_use(path, text) from exc
        if "wal does not match" in lower:
            raise _bad_wal(path, "不属于这个数据库文件") from exc
        if "permission" in lower or "read-only file system" in lower:
            raise _cannot_write(path) from exc
        if "version number" in lower or "storage version" in lower:
            raise StoreError(f"数据库文件 {path.name} 由另一版本的 DuckDB 写入，本程序无法读取，看板没有改动它。"
                             "请使用写入它的程序版本，或从备份恢复。", path) from exc
        if "different configuration" in lower:
            raise StoreError(f"数据库 {path.name} 已在本程序中以另一种方式打开（只读与读写不能同时）。", path) from exc
        logs.event("store_refused", level="ERROR", file=path.name, error=text[:500])
        raise _corrupt(path) from exc
    except OSError as exc:
        raise _cannot_write(path) from exc


def _main_tables(cur: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'"
        " AND NOT temporary ORDER BY table_name").fetchall()]


def table_digests(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """(rows, digest) of every table: the digest sums the hash of every value, so reading it reads every
    column's every block (DuckDB verifies each block's checksum as it reads: a damaged block raises) and two
    copies of a table with the same rows in any order have the same digest. 0.05 s on the scale-60 demo.

    Index blocks are not read here; DuckDB checks them when it first uses them (a write then fails with
    the same Chinese message, see `Store.write`)."""
    cur = con.cursor()
    digests = {}
    for table in _main_tables(cur):
        name = table.replace('"', '""')
        columns = [r[0] for r in cur.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'"
            " AND table_name = ? ORDER BY column_index", [table]).fetchall()]
        sums = ", ".join(f'coalesce(sum(hash("{c.replace(chr(34), chr(34) * 2)}")), 0)' for c in columns) or "0"
        row = cur.execute(f'SELECT count(*), {sums} FROM "{name}"').fetchone()
        digests[table] = (int(row[0]), int(sum(int(v) for v in row[1:]) % (1 << 64)))
    return digests


def _is_corruption(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "corrupt" in text or "checksum" in text or "could not read enough bytes" in text


def check_not_in_use(path: Path | str) -> None:
    """Raise StoreError (数据库正被另一个程序占用) when another process holds ``path`` read-write (a running
    app); nothing is changed. A missing file, or one that is not a database, is not in use."""
    path = Path(path)
    if not path.is_file():
        return
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise _in_use(path, str(exc)) from exc
        return
    con.close()


class Store:
    """One DuckDB file, opened read-write once per process (or read-only, for a health check)."""

    def __init__(self, path: Path, connection: duckdb.DuckDBPyConnection, migrations_dir: Path = MIGRATIONS_DIR,
                 *, read_only: bool = False):
        self.path = path
        self._con = connection
        self._migrations_dir = migrations_dir
        self._lock = threading.Lock()
        self._write_lock = _write_lock(path)
        self.read_only = read_only
        self.generation = 0  # bumped after every committed write; cache keys include it
        self.changed_at = clock.local_now()  # wall clock of the last committed write (see _last_modified)
        self.checked_at: datetime | None = None  # when the open's integrity check passed
        self.check_seconds: float | None = None

    # -- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, read_only: bool = False,
             migrations_dir: Path = MIGRATIONS_DIR) -> Store:
        """Open (``create``: or make) the store at ``path``: checked, read whole once, upgraded.

        Refused with a Chinese StoreError, the file left as it was: a folder, a file that is not a DuckDB
        database, a DuckDB file of someone else's (tables but none of ours), an empty DuckDB file unless
        ``create``, a damaged block, a write-ahead log that is not DuckDB's or not this file's, a newer
        schema, a file another process holds. ``read_only`` (the health check) opens without upgrading
        and refuses writes."""
        path = Path(path)
        started = time.perf_counter()
        if path.exists() or path.is_symlink():
            _check_file(path)
        elif not create or read_only:
            raise StoreError(f"数据库文件 {path.name} 不存在。请检查设置 db（环境变量 DASHBOARD_DB）。", path)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"无法创建数据库目录 {path.parent.name}：{exc.strerror or exc}。请检查路径和写权限。",
                                 path) from exc
        modified = _last_modified(path)  # before DuckDB touches the file
        con = _connect(path, read_only)
        try:
            store = cls._checked(path, con, create=create, read_only=read_only, migrations_dir=migrations_dir)
        except BaseException:
            con.close()
            raise
        store.changed_at = modified
        store.check_seconds = round(time.perf_counter() - started, 3)
        store.checked_at = clock.local_now()
        logs.event("store_open", file=path.name, schema_version=store.schema_version(), read_only=read_only,
                   seconds=store.check_seconds)
        return store

    @classmethod
    def _checked(cls, path: Path, con: duckdb.DuckDBPyConnection, *, create: bool, read_only: bool,
                 migrations_dir: Path) -> Store:
        try:
            tables = set(_main_tables(con.cursor()))
        except duckdb.Error as exc:
            raise _corrupt(path) from exc
        if not _OURS <= tables:
            if tables:
                named = "、".join(sorted(tables - _OURS)[:3] or sorted(tables)[:3])
                raise StoreError(f"文件 {path.name} 是别的程序的 DuckDB 数据库（其中有 {named} 等 {len(tables)} 张表，"
                                 "没有看板的数据），看板没有改动它。请检查设置 db 指向的文件；要新建看板的数据库，请指定一个"
                                 "新的文件名。", path)
            if not create or read_only:
                raise StoreError(f"数据库 {path.name} 是空的 DuckDB 数据库，还没有看板的数据。", path)
        store = cls(path, con, migrations_dir, read_only=read_only)
        store.verify()
        if read_only:
            store._refuse_newer()
            return store
        try:
            store.migrate()
        except StoreError:
            raise
        except duckdb.Error as exc:
            logs.event("store_refused", level="ERROR", file=path.name, error=str(exc)[:500])
            raise StoreError(f"数据库 {path.name} 无法升级到本程序的结构版本，看板没有打开它。请从备份恢复，"
                             "或联系维护人员。", path) from exc
        return store

    def close(self) -> None:
        self._con.close()

    def verify(self) -> dict[str, tuple[int, int]]:
        """Read every table whole (`table_digests`): (rows, digest) per table, or a Chinese StoreError saying
        the file is damaged. Done on every open; the health check does it again."""
        try:
            return table_digests(self._con)
        except duckdb.Error as exc:
            if _is_corruption(exc):
                logs.event("store_refused", level="ERROR", file=self.path.name, error=str(exc)[:500])
                raise _corrupt(self.path, "（读取数据时发现损坏的数据块）") from exc
            raise

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

    def _refuse_newer(self) -> int:
        current, latest = self.schema_version(), migrations(self._migrations_dir)[-1][0]
        if current > latest:
            raise StoreError(
                f"数据库 {self.path.name} 的结构版本为 {current}，高于本程序支持的 {latest}。"
                "它来自更新版本的看板，请升级程序后再打开，本程序不会改动它。", self.path
            )
        return current

    def migrate(self) -> list[int]:
        """Apply, in order, every known migration the file has not recorded, each in its own transaction.

        Not only those above the file's version: migrations written side by side can land out of order
        (0004 before 0003), and a file opened in between must still get the late one.
        """
        self._refuse_newer()
        done = self.applied_versions()
        applied = []
        for version, path in migrations(self._migrations_dir):
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
            logs.event("migration", file=self.path.name, version=version, migration=path.name)
        return applied

    # -- reading (a block found damaged after the open is the same Chinese StoreError) --------------
    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        with self._damage_said():
            return self._con.cursor().execute(sql, params or []).df()

    def rows(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        with self._damage_said():
            return self._con.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        with self._damage_said():
            row = self._con.cursor().execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def batches(self, sql: str, params: Sequence[Any] | None = None, rows: int = 8_192) -> Iterator[Any]:
        """The result ``rows`` at a time as Arrow record batches, on a cursor of its own: a large export reads
        its rows without holding them all (or a DataFrame's copies). Read it to the end (or close it)."""
        cursor = self._con.cursor()
        try:
            with self._damage_said():
                reader = cursor.sql(sql, params=list(params or [])).to_arrow_reader(rows)
                yield from reader
        finally:
            cursor.close()

    @contextmanager
    def _damage_said(self) -> Iterator[None]:
        try:
            yield
        except duckdb.Error as exc:
            if not _is_corruption(exc):
                raise
            logs.event("store_damaged", level="ERROR", file=self.path.name, error=str(exc)[:500])
            raise _corrupt(self.path, "（读取时发现损坏的数据块）", opened=True) from exc

    def audit_history(self, entity: str, entity_id: str) -> pd.DataFrame:
        """One record's audit events, oldest first: happened_at (the as-of time), recorded_at (the real time
        of the write; empty before it was kept and in the demo's history), actor, action, from/to status,
        reason, detail, id (the line's, which evidence points to)."""
        return self.query(
            "SELECT happened_at, recorded_at, actor, action, from_status, to_status, reason, detail, id FROM audit_events"
            " WHERE entity = ? AND entity_id = ? ORDER BY happened_at, id",
            [entity, str(entity_id)],
        )

    def last_write(self) -> tuple[datetime | None, datetime | None]:
        """(real time, as-of time) of the newest audit event; the real time is None before it was kept."""
        kept = self.scalar("SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database()"
                           " AND table_name = 'audit_events' AND column_name = 'recorded_at'")
        real = "max(recorded_at)" if kept else "NULL"  # an older file opened read-only (health) has no such column
        row = self.rows(f"SELECT {real}, max(happened_at) FROM audit_events")[0]
        return row[0], row[1]

    def meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", [key])

    def as_of(self) -> datetime:
        """The as-of time: setting override, the store's pin, or the clock (see clock.as_of)."""
        return clock.as_of(self.meta("as_of"))

    def is_demo(self) -> bool:
        return self.meta("demo") == "true"

    # -- writing -----------------------------------------------------------------------------------
    def write(self, fn: Callable[[Tx], T], *, retries: int = 8, require_audit: bool = True,
              wait: float = WRITE_WAIT_SECONDS) -> T:
        """Run ``fn(tx)`` as one transaction; writes to this file run one at a time.

        Raises ValidationError (from ``fn``) untouched, with nothing written. A DuckDB write conflict or a
        duplicate generated key (from a writer outside this process's lock, e.g. another cursor) is retried
        whole, up to ``retries`` times with growing, jittered pauses; then, like a write that waited more
        than ``wait`` seconds for its turn, a failed disk or a damaged block, it is refused with a Chinese
        StoreError, nothing written. A transaction that changes data must record its audit event;
        ``require_audit=False`` is only for bulk loads (the demo builder) that write their own events.
        Every outcome is logged (dashboard/logs.py): who, what, how long, how many attempts.
        """
        if self.read_only:
            raise StoreError(f"数据库 {self.path.name} 以只读方式打开，不能写入。", self.path)
        at = self.as_of()
        started = time.perf_counter()
        log: dict[str, Any] = {"file": self.path.name}
        if not self._write_lock.acquire(timeout=wait):
            logs.event("write", level="WARNING", outcome="busy", seconds=round(time.perf_counter() - started, 3), **log)
            raise StoreError(f"系统正忙：其他人的保存（如大批导入）{wait:g} 秒内仍未完成，本次没有保存，请稍后再试。",
                             self.path)
        try:
            log["waited"] = round(time.perf_counter() - started, 3)
            result, tx, attempts = self._attempts(fn, at, retries, require_audit, log, started)
        finally:
            self._write_lock.release()
        with self._lock:
            self.generation += 1
            self.changed_at = clock.local_now()
        logs.event("write", outcome="ok", attempts=attempts, seconds=round(time.perf_counter() - started, 3),
                   **_who_what(tx.events), **log)
        return result

    def _attempts(self, fn: Callable[[Tx], T], at: datetime, retries: int, require_audit: bool,
                  log: dict, started: float) -> tuple[T, Tx, int]:
        def failed(outcome: str, exc: BaseException, tx: Tx, level: str = "ERROR") -> None:
            logs.event("write", level=level, outcome=outcome, attempts=attempt + 1, error=str(exc)[:300],
                       seconds=round(time.perf_counter() - started, 3), **_who_what(tx.events), **log)

        for attempt in range(retries + 1):
            cur = self._con.cursor()
            tx = Tx(cur, at)
            try:
                cur.execute("BEGIN TRANSACTION")
                result = fn(tx)
                if require_audit and not tx.events:
                    raise RuntimeError("a write without its audit event")
                cur.execute("COMMIT")
                return result, tx, attempt + 1
            except (duckdb.TransactionException, duckdb.ConstraintException) as exc:
                _rollback(cur)
                retryable = isinstance(exc, duckdb.TransactionException) or "duplicate key" in str(exc).lower()
                if not retryable:
                    failed("failed", exc, tx)
                    raise
                if attempt == retries:
                    failed("conflict", exc, tx)
                    raise StoreError("数据正被其他人同时修改，多次重试仍未成功，本次没有保存，请稍后再试。",
                                     self.path) from exc
                time.sleep(min(0.2, 0.005 * 2 ** attempt) * random.uniform(0.5, 1.5))
            except ValidationError as exc:
                _rollback(cur)
                logs.event("write", outcome="refused", reason=str(exc)[:300],
                           seconds=round(time.perf_counter() - started, 3), **_who_what(tx.events), **log)
                raise
            except duckdb.Error as exc:
                _rollback(cur)
                failed("failed", exc, tx)
                if _is_corruption(exc):
                    raise _corrupt(self.path, "（写入时发现损坏的数据块），本次没有保存", opened=True) from exc
                if "no space left" in str(exc).lower() or "disk" in str(exc).lower() and "full" in str(exc).lower():
                    raise StoreError(f"磁盘空间不足，无法写入数据库 {self.path.name}，本次没有保存。请联系管理员清理磁盘。",
                                     self.path) from exc
                raise
            except BaseException as exc:
                _rollback(cur)
                failed("failed", exc, tx)
                raise
            finally:
                cur.close()
        raise AssertionError("unreachable")

    def checkpoint(self) -> None:
        self._con.cursor().execute("CHECKPOINT")


def _who_what(events: list[tuple]) -> dict[str, Any]:
    """The log fields of a write's audit events: who, and what (the first event, and how many)."""
    if not events:
        return {}
    entity, entity_id, action, actor = events[0]
    return {"actor": actor, "entity": entity, "entity_id": entity_id, "action": action, "events": len(events)}


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
