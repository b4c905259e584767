"""``python -m dashboard backup [--to DIR] [--list]`` and ``python -m dashboard restore BACKUP --out NEW_DB``.

``backup``: when an app holds the database (its backup service answers), the app makes the backup and this
waits for it; otherwise this process opens the store and makes it. The last line printed is the backup's
path, so a script can take it with ``tail -1``.
``restore``: into a new file only, checked against the backup's manifest; prints how to switch to it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import settings
from dashboard.backup.copies import (COMMAND, BackupError, backup_dir, list_backups, restore, take)
from dashboard.backup.service import request_backup
from dashboard.db import Store

__all__ = ["add_commands"]

SERVICE = "ankang-dashboard"  # the systemd unit (deploy/ankang-dashboard.service)


def _size(n: int) -> str:
    return f"{n / 1_048_576:,.1f} MB"


def _cmd_backup(args: argparse.Namespace) -> int:
    db = settings.db_path()
    if args.list:
        return _list(Path(args.to) if args.to else backup_dir(db))
    if not db.exists():
        print(f"错误：数据库文件 {db} 不存在，没有可备份的内容。", file=sys.stderr)
        return 2
    to = Path(args.to) if args.to else None
    try:
        made = request_backup(db, to, wait=args.wait, waiting=lambda text: print(text, file=sys.stderr))
        if made is None:  # no app holds the file: take it here
            store = Store.open(db, create=False)
            try:
                made = take(store, to, reason=COMMAND)
            finally:
                store.close()
    except BackupError as exc:
        print(f"错误：{exc}" + (f"（{exc.path}）" if exc.path else ""), file=sys.stderr)
        return 1
    timings = made.manifest.get("timings", {})
    evidence = f"，佐证材料 {made.evidence_files} 个文件" if made.manifest.get("evidence") else ""
    print(f"备份完成并已校验：{len(made.tables)} 张表 {made.rows:,} 行{evidence}，{_size(made.size_bytes)}，"
          f"复制 {timings.get('copy_seconds', 0):.2f} 秒、校验 {timings.get('verify_seconds', 0):.2f} 秒。")
    print(made.path)
    return 0


def _list(directory: Path) -> int:
    entries = list_backups(directory)
    if not entries:
        print(f"{directory} 中没有备份。")
        return 0
    for entry in entries:
        detail = f"{len(entry.tables)} 张表 {entry.rows:,} 行 {_size(entry.size_bytes)}" if entry.verified else entry.problem
        print(f"{entry.created_at:%Y-%m-%d %H:%M:%S}  {entry.status}  {entry.reason or '-'}  {detail}  {entry.path}")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    live = settings.db_path()
    out = Path(args.out)
    try:
        done = restore(Path(args.backup), out, live=live, evidence_out=Path(args.evidence_out) if args.evidence_out else None)
    except BackupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    made = done.backup
    print(f"已恢复到 {done.out}：{done.tables} 张表 {done.rows:,} 行，与备份时（{made.created_at:%Y-%m-%d %H:%M:%S}，"
          f"{made.reason}）的校验值一致，用时 {done.seconds:.1f} 秒。正在使用的数据库 {live} 未被改动。")
    if done.evidence_out:
        print(f"佐证材料已恢复到 {done.evidence_out}（把设置 evidence_dir 指向它，或把它移到原佐证材料目录）。")
    elif made.manifest.get("evidence"):
        print(f"此备份含佐证材料（{made.evidence_files} 个文件），在 {made.path / 'evidence'}；"
              "如需恢复请加 --evidence-out 新目录。")
    print("切换到恢复的数据库：")
    print(f"  1. 停止看板：sudo systemctl stop {SERVICE}")
    print(f"  2. 在 /etc/{SERVICE}.env 中设置 DASHBOARD_DB={done.out.resolve()}")
    print(f"     （或者：把原来的 {live} 及其旁边的 .wal 移走保存，再把 {done.out.resolve()} 移到 {live}）")
    print(f"  3. 启动看板：sudo systemctl start {SERVICE}，在“数据管理”页核对数据截至时间和最新记录。")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``backup`` and ``restore`` on the CLI's subparsers."""
    p_backup = sub.add_parser("backup", help="back the database up (the running app does it if it holds the file)")
    p_backup.add_argument("--to", help="directory for the backup (default: the backup_dir setting)")
    p_backup.add_argument("--list", action="store_true", help="list the backups and their verification status")
    p_backup.add_argument("--wait", type=float, default=600, help="seconds to wait for the running app (default 600)")
    p_backup.set_defaults(func=_cmd_backup)

    p_restore = sub.add_parser("restore", help="restore a backup into a NEW database file and verify it")
    p_restore.add_argument("backup", help="the backup directory (or its manifest.json / dashboard.duckdb)")
    p_restore.add_argument("--out", required=True, help="the new database file (must not exist)")
    p_restore.add_argument("--evidence-out", help="a new directory for the backup's evidence files")
    p_restore.set_defaults(func=_cmd_restore)
