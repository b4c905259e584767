"""Taking, listing, verifying and restoring backups of the store.

A backup is a directory ``backup-YYYYMMDD-HHMMSS/`` (real Asia/Shanghai time) in the backup directory:
- ``dashboard.duckdb``: a complete DuckDB file, written by the process that holds the store with
  ``ATTACH 'copy' AS b; BEGIN; <figures of every table>; COPY FROM DATABASE live TO b; COMMIT``. One read
  transaction: DuckDB's snapshot isolation gives the copy and the figures the same moment, and writers are
  not blocked (measured: scripts/bench_reliability_backup.py).
- ``evidence/``: the evidence files (setting ``evidence_dir``), when there is such a directory.
- ``manifest.json``: when, why, from which file, and per table its row count and content hash (the sum of
  DuckDB's ``hash()`` of every row, so row order does not matter), the sequences' positions, the file's
  SHA-256 and every evidence file's SHA-256. Written only after the copy was opened and every figure
  matched the live store's at that moment, then the directory is renamed from ``….partial`` to its name:
  a directory with that name is a verified backup. A failed attempt leaves ``….failed/manifest.json``
  saying why (shown on 数据管理), never a half copy that looks whole.

``restore`` copies a backup into a NEW file, checks it against the manifest and never overwrites anything.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from dashboard import clock, logs, roles, settings
from dashboard.db import Store, ValidationError

__all__ = ["BackupError", "Backup", "Restored", "DB_FILE", "MANIFEST", "EVIDENCE", "VERIFIED", "FAILED", "INCOMPLETE",
           "DAMAGED", "MANUAL", "SCHEDULED", "COMMAND", "backup_dir", "evidence_dir", "take", "list_backups", "latest",
           "verify", "open_backup", "restore", "figures_of_file", "age_text"]

DB_FILE = "dashboard.duckdb"
MANIFEST = "manifest.json"
EVIDENCE = "evidence"
FORMAT = 1
PREFIX = "backup-"
PARTIAL, FAILED_SUFFIX = ".partial", ".failed"
_NAME = re.compile(r"^backup-(\d{8}-\d{6})(?:-\d+)?(\.partial|\.failed)?$")

# status of a backup, as 数据管理 shows it
VERIFIED, FAILED, INCOMPLETE, DAMAGED = "已校验", "失败", "未完成", "已损坏"
# why it was taken
MANUAL, SCHEDULED, COMMAND = "页面手动", "定时", "命令行"

_ONE_AT_A_TIME = threading.Lock()  # the page's button, the schedule and the CLI's requests share one process


class BackupError(Exception):
    """A backup or restore that did not happen; the message (Chinese) says why and what was left as it was.
    Messages from ``take`` name no server path (数据管理 shows them); ``path`` holds it for the CLI."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Backup:
    """One entry of the backup directory, as its manifest (or its absence) describes it."""

    path: Path
    created_at: datetime
    status: str
    reason: str = ""
    problem: str = ""
    manifest: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    @property
    def tables(self) -> dict[str, dict]:
        return self.manifest.get("tables", {})

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.tables.values())

    @property
    def size_bytes(self) -> int:
        database = self.manifest.get("database") or {}
        evidence = self.manifest.get("evidence") or {}
        return int(database.get("bytes", 0)) + int(evidence.get("bytes", 0))

    @property
    def evidence_files(self) -> int:
        return int((self.manifest.get("evidence") or {}).get("files", 0))


@dataclass(frozen=True)
class Restored:
    """A restore that was written and checked: the new file and what it holds."""

    out: Path
    backup: Backup
    tables: int
    rows: int
    seconds: float
    evidence_out: Path | None = None


# -- where ---------------------------------------------------------------------------------------------------
def backup_dir(db: Path | None = None) -> Path:
    """The configured backup directory (setting ``backup_dir``), else ``backups/`` beside the database file."""
    configured = str(settings.get("backup_dir")).strip()
    if configured:
        return Path(configured)
    return Path(db or settings.db_path()).parent / "backups"


def evidence_dir() -> Path | None:
    """The evidence files' directory (setting ``evidence_dir``), None when not set."""
    configured = str(settings.get("evidence_dir")).strip()
    return Path(configured) if configured else None


# -- figures: per table, its rows and a content hash ---------------------------------------------------------
def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _figures(cur: duckdb.DuckDBPyConnection, database: str) -> dict[str, Any]:
    """Every table's row count and content hash, the sequences' positions and the schema version, as one
    reader of ``database`` sees it (inside the caller's transaction)."""
    names = [r[0] for r in cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' AND NOT internal"
        " ORDER BY table_name", [database]).fetchall()]
    tables = {}
    for name in names:
        rows, digest = cur.execute(
            f"SELECT count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM {_quote(database)}.main.{_quote(name)} t"
        ).fetchall()[0]
        tables[name] = {"rows": int(rows), "hash": digest}
    sequences = {name: value for name, value in cur.execute(
        "SELECT sequence_name, last_value FROM duckdb_sequences() WHERE database_name = ? ORDER BY 1",
        [database]).fetchall()}
    version = None
    if "schema_version" in tables:
        version = cur.execute(f"SELECT max(version) FROM {_quote(database)}.main.schema_version").fetchall()[0][0]
    return {"tables": tables, "sequences": sequences, "schema_version": version}


def figures_of_file(path: Path) -> dict[str, Any]:
    """The figures of a DuckDB file nobody holds (a backup or a restored copy), opened read-only."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise BackupError(f"无法打开 {path}：{_reason(exc)}") from exc
    try:
        return _figures(con.cursor(), con.execute("SELECT current_database()").fetchall()[0][0])
    except duckdb.Error as exc:
        raise BackupError(f"读取 {path} 时出错（文件可能已损坏）：{_reason(exc)}") from exc
    finally:
        con.close()


def _differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """What differs between two sets of figures, in Chinese (empty when equal)."""
    problems = []
    want, got = expected.get("tables", {}), found.get("tables", {})
    for name in sorted(set(want) | set(got)):
        if name not in got:
            problems.append(f"缺少表 {name}")
        elif name not in want:
            problems.append(f"多出表 {name}")
        elif want[name]["rows"] != got[name]["rows"]:
            problems.append(f"表 {name} 行数 {got[name]['rows']}，应为 {want[name]['rows']}")
        elif want[name]["hash"] != got[name]["hash"]:
            problems.append(f"表 {name} 内容校验值不符")
    # DuckDB sequences are not transactional: a write during the copy may move one on after the figures were
    # read. A copy whose sequence stands at or past the recorded position only skips numbers; one behind it could
    # hand out an id again, which is what this refuses.
    want_seq, got_seq = expected.get("sequences", {}), found.get("sequences", {})
    if any(name not in got_seq or (got_seq[name] or 0) < (value or 0) for name, value in want_seq.items()):
        problems.append("序列位置不符")
    return problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _reason(exc: BaseException) -> str:
    """An OS or DuckDB error as a short Chinese reason."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "磁盘空间不足"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "没有写权限"
        if exc.errno in (errno.EEXIST, errno.ENOTDIR):
            return "路径上已有同名的文件（不是目录）"
        if exc.errno == errno.ENOENT:
            return "路径不存在"
        return exc.strerror or str(exc)
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "No space left" in text:
        return "磁盘空间不足"
    return text


# -- taking one ----------------------------------------------------------------------------------------------
def _snapshot_copy(store: Store, target: Path) -> dict[str, Any]:
    """Copy the live store into the new file ``target`` in one read transaction; the live store's figures at
    that same moment. Writers go on meanwhile (DuckDB's MVCC: a reader does not block them)."""
    # One transaction must span reading the live store and writing the copy, which the Store's public
    # methods (a cursor per statement) cannot give: the backup takes its own cursor of the store's connection.
    cur = store._con.cursor()  # noqa: SLF001
    alias = "backup_" + uuid.uuid4().hex[:12]
    literal = "'" + str(target).replace("'", "''") + "'"
    cur.execute(f"ATTACH {literal} AS {alias}")
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            database = cur.execute("SELECT current_database()").fetchall()[0][0]
            source = _figures(cur, database)
            cur.execute(f"COPY FROM DATABASE {_quote(database)} TO {alias}")
            cur.execute("COMMIT")
        except BaseException:
            try:
                cur.execute("ROLLBACK")
            except duckdb.Error:
                pass
            raise
    finally:
        try:
            cur.execute(f"DETACH {alias}")
        finally:
            cur.close()
    return source


def _free_name(directory: Path, created: datetime) -> str:
    base = f"{PREFIX}{created:%Y%m%d-%H%M%S}"
    name, n = base, 1
    while any((directory / (name + suffix)).exists() for suffix in ("", PARTIAL, FAILED_SUFFIX)):
        n += 1
        name = f"{base}-{n}"
    return name


def _copy_evidence(source: Path, target: Path) -> dict[str, Any]:
    """Copy the evidence directory; each copied file's size and SHA-256."""
    if not source.is_dir():
        raise BackupError(f"佐证材料目录 {source.name} 不存在或不是目录（设置 evidence_dir）", source)
    shutil.copytree(source, target)
    files = {}
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        files[path.relative_to(target).as_posix()] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
    return {"source": str(source), "files": len(files), "bytes": sum(f["bytes"] for f in files.values()),
            "sha256": {k: v["sha256"] for k, v in files.items()}}


def _write_json(path: Path, data: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, path)


def take(store: Store, to: Path | str | None = None, *, reason: str = MANUAL,
         evidence: Path | None | bool = True, actor: roles.User | None = None) -> Backup:
    """Back the store up into ``to`` (default: the backup directory), verify the copy, and return it.

    ``actor``: the person who asked (a page's 立即备份), refused (ValidationError) when the role may not — a backup
    writes no record, so no audit line checks it; None is the app itself (the schedule, the command line).

    Runs in the process that holds the store (the app; or the CLI when no app does). ``evidence``: True =
    the configured evidence directory (if any), a path = that one, None/False = none. Backups in the
    backup directory are pruned afterwards (retention settings). Raises BackupError, leaving a ``.failed``
    record that says why; the live store is only read.
    """
    from dashboard.backup.retention import prune

    if actor is not None and roles.refusal(actor, "backup", "立即备份"):
        raise ValidationError(roles.refusal(actor, "backup", "立即备份"))
    directory = Path(to) if to is not None else backup_dir(store.path)
    evidence_source = evidence_dir() if evidence is True else (Path(evidence) if evidence else None)
    with _ONE_AT_A_TIME:
        created = clock.local_now()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            name = _free_name(directory, created)
            work = directory / (name + PARTIAL)
            work.mkdir()
        except OSError as exc:
            raise BackupError(f"无法在备份目录中创建备份：{_reason(exc)}。数据库没有任何改动。", directory) from exc
        manifest: dict[str, Any] = {
            "format": FORMAT, "name": name, "created_at": created.isoformat(sep=" "), "reason": reason,
            "source": str(store.path), "as_of": store.meta("as_of"), "demo": store.is_demo(),
            "duckdb_version": duckdb.__version__,
        }
        started, started_epoch = time.perf_counter(), time.time()
        try:
            source = _snapshot_copy(store, work / DB_FILE)
            # started: when the copy began (Unix time), so a measurement can line writes up against it
            manifest["timings"] = {"started": round(started_epoch, 3),
                                   "copy_seconds": round(time.perf_counter() - started, 3)}
            checked = time.perf_counter()
            copied = figures_of_file(work / DB_FILE)
            problems = _differences(source, copied)
            if problems:
                raise BackupError("备份文件与数据库不一致：" + "；".join(problems[:5]))
            manifest.update(schema_version=source["schema_version"], tables=source["tables"],
                            sequences=source["sequences"],
                            database={"file": DB_FILE, "bytes": (work / DB_FILE).stat().st_size,
                                      "sha256": _sha256(work / DB_FILE)})
            manifest["evidence"] = _copy_evidence(evidence_source, work / EVIDENCE) if evidence_source else None
            manifest["timings"]["verify_seconds"] = round(time.perf_counter() - checked, 3)
            manifest.update(status=VERIFIED, verified_at=clock.local_now().isoformat(sep=" "))
            _write_json(work / MANIFEST, manifest)
            final = directory / name
            os.rename(work, final)
        except BaseException as exc:
            problem = str(exc) if isinstance(exc, BackupError) else f"备份失败：{_reason(exc)}"
            _record_failure(work, manifest, problem)
            logs.event("backup", level="ERROR", outcome="failed", name=name, reason=reason, file=store.path.name,
                       error=problem, seconds=round(time.perf_counter() - started, 3))
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise BackupError(f"{problem}。数据库没有任何改动。", directory) from exc
    made = _read(final)
    logs.event("backup", outcome="ok", name=name, reason=reason, file=store.path.name, tables=len(made.tables),
               rows=made.rows, bytes=made.size_bytes, evidence_files=made.evidence_files,
               seconds=round(time.perf_counter() - started, 3), **manifest["timings"])
    if to is None:
        removed = prune(directory)
        if removed:
            logs.event("backup_pruned", removed=[p.name for p in removed])
    return made


def _record_failure(work: Path, manifest: dict, problem: str) -> None:
    """Replace the half-made copy by a ``.failed`` directory holding only the manifest with the reason."""
    failed = work.with_name(work.name[: -len(PARTIAL)] + FAILED_SUFFIX)
    try:
        shutil.rmtree(work, ignore_errors=True)
        failed.mkdir(exist_ok=True)
        _write_json(failed / MANIFEST, {**manifest, "status": FAILED, "problem": problem})
    except OSError:
        pass  # the disk may be what failed: the error raised says why


# -- reading the directory -----------------------------------------------------------------------------------
def _created_from_name(name: str) -> datetime | None:
    match = _NAME.match(name)
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S") if match else None


def _read(path: Path) -> Backup:
    """The entry at ``path`` as the page lists it; cheap (reads the manifest and the file's size, no hashing)."""
    created = _created_from_name(path.name) or datetime.fromtimestamp(path.stat().st_mtime)
    if path.name.endswith(PARTIAL):
        return Backup(path, created, INCOMPLETE, problem="备份未完成（进行中，或被中断）")
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Backup(path, created, DAMAGED, problem="缺少或无法读取 manifest.json")
    created = _parse_time(manifest.get("created_at")) or created
    reason = manifest.get("reason", "")
    if path.name.endswith(FAILED_SUFFIX) or manifest.get("status") != VERIFIED:
        return Backup(path, created, FAILED, reason, manifest.get("problem", "备份失败"), manifest)
    database = path / DB_FILE
    size = (manifest.get("database") or {}).get("bytes")
    if not database.is_file() or database.stat().st_size != size:
        return Backup(path, created, DAMAGED, reason, "备份文件缺失或大小与记录不符", manifest)
    return Backup(path, created, VERIFIED, reason, "", manifest)


def _parse_time(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def list_backups(directory: Path | None = None) -> list[Backup]:
    """Every backup (and failed or unfinished attempt) in the directory, newest first."""
    directory = Path(directory) if directory is not None else backup_dir()
    if not directory.is_dir():
        return []
    found = [_read(p) for p in directory.iterdir() if p.is_dir() and _NAME.match(p.name)]
    return sorted(found, key=lambda b: (b.created_at, b.name), reverse=True)


def latest(directory: Path | None = None) -> Backup | None:
    """The newest verified backup, or None."""
    return next((b for b in list_backups(directory) if b.verified), None)


def open_backup(path: Path | str) -> Backup:
    """The backup named by its directory, its manifest.json or its dashboard.duckdb."""
    path = Path(path)
    if path.is_file() and path.name in (MANIFEST, DB_FILE):
        path = path.parent
    if not path.is_dir() or not (path / MANIFEST).is_file():
        raise BackupError(f"{path} 不是备份目录（应含 {MANIFEST} 和 {DB_FILE}）")
    return _read(path)


def verify(path: Path | str) -> Backup:
    """Check a backup in full: the file's SHA-256, every table's rows and hash, every evidence file.
    Returns the backup with status VERIFIED or DAMAGED (``problem`` says what differs)."""
    backup = open_backup(path)
    if not backup.verified:
        return backup
    problems = _check_files(backup)
    if problems:
        return Backup(backup.path, backup.created_at, DAMAGED, backup.reason, "；".join(problems[:5]), backup.manifest)
    return backup


def _check_files(backup: Backup, database: Path | None = None) -> list[str]:
    manifest = backup.manifest
    database = database or backup.path / DB_FILE
    if _sha256(database) != manifest["database"]["sha256"]:
        return ["数据库文件的 SHA-256 与记录不符（文件被改动或损坏）"]
    try:
        problems = _differences(manifest, figures_of_file(database))
    except BackupError as exc:
        return [str(exc)]
    evidence = manifest.get("evidence") or {}
    for relative, digest in (evidence.get("sha256") or {}).items():
        copy = backup.path / EVIDENCE / relative
        if not copy.is_file():
            problems.append(f"缺少佐证材料 {relative}")
        elif _sha256(copy) != digest:
            problems.append(f"佐证材料 {relative} 与记录不符")
    return problems


# -- restoring -----------------------------------------------------------------------------------------------
def restore(source: Path | str, out: Path | str, *, live: Path | None = None,
            evidence_out: Path | str | None = None) -> Restored:
    """Restore a backup into the NEW file ``out`` and check it against the manifest.

    Refused (nothing written) when ``out`` exists (or its .wal does), when it is the live store ``live``
    (default: the configured one), or when the backup is not a verified one or does not match its manifest.
    The file appears under its name only once it has been checked. ``evidence_out``: a new directory for the
    backup's evidence files.
    """
    started = time.perf_counter()
    backup = open_backup(source)
    if not backup.verified:
        raise BackupError(f"备份 {backup.path} 不能用于恢复：{backup.status}（{backup.problem}）")
    out = Path(out)
    live = Path(live) if live is not None else settings.db_path()
    if out.resolve() == live.resolve():
        raise BackupError(f"{out} 是看板正在使用的数据库：恢复只写入新文件，不会覆盖它。请指定另一个 --out 文件名。")
    if out.exists() or out.with_name(out.name + ".wal").exists():
        raise BackupError(f"{out} 已存在：恢复只写入新文件，不会覆盖任何文件。请指定另一个文件名。")
    evidence_target = Path(evidence_out) if evidence_out else None
    if evidence_target and evidence_target.exists():
        raise BackupError(f"{evidence_target} 已存在：佐证材料只恢复到新目录。")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法创建 {out.parent}：{_reason(exc)}") from exc
    temporary = out.with_name(f".{out.name}.restoring-{os.getpid()}")
    try:
        shutil.copyfile(backup.path / DB_FILE, temporary)
        problems = _check_files(backup, temporary)
        if problems:
            raise BackupError("备份与其记录不符，未恢复：" + "；".join(problems[:5]))
        _place(temporary, out)
    except OSError as exc:
        raise BackupError(f"恢复失败：{_reason(exc)}。没有写入 {out}。") from exc
    finally:
        temporary.unlink(missing_ok=True)
    if evidence_target and backup.manifest.get("evidence"):
        shutil.copytree(backup.path / EVIDENCE, evidence_target)
    logs.event("restore", outcome="ok", backup=backup.name, out=out.name, tables=len(backup.tables), rows=backup.rows,
               seconds=round(time.perf_counter() - started, 3))
    return Restored(out, backup, len(backup.tables), backup.rows, time.perf_counter() - started,
                    evidence_target if backup.manifest.get("evidence") else None)


def _place(temporary: Path, out: Path) -> None:
    """Give the checked file its name without ever replacing a file that appeared meanwhile."""
    try:
        os.link(temporary, out)  # fails if out exists
    except FileExistsError:
        raise BackupError(f"{out} 已存在：恢复只写入新文件，不会覆盖任何文件。") from None
    except OSError:  # a file system without hard links
        if out.exists():
            raise BackupError(f"{out} 已存在：恢复只写入新文件，不会覆盖任何文件。") from None
        os.rename(temporary, out)


def age_text(created: datetime, now: datetime | None = None) -> str:
    """How long ago, in Chinese: 刚刚 / 5 分钟前 / 3 小时前 / 2 天前."""
    seconds = ((now or clock.local_now()) - created).total_seconds()
    if seconds < 60:
        return "刚刚"
    if seconds < 3600:
        return f"{int(seconds // 60)} 分钟前"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)} 小时前"
    return f"{int(seconds // 86400)} 天前"
