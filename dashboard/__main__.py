"""Command line: ``python -m dashboard <command>``.

Commands write through the same Store as the app. DuckDB lets one process hold a file read-write,
so a command that writes while the app runs is refused with a clear message (StoreError).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import settings
from dashboard.db import StoreError


def _cmd_demo(args: argparse.Namespace) -> int:
    from dashboard import demo

    out = Path(args.out) if args.out else settings.db_path()
    if out.exists():
        if args.if_missing:
            print(f"数据库已存在，未重建：{out}")
            return 0
        if not args.force:
            print(f"文件已存在：{out}。如需覆盖请加 --force。", file=sys.stderr)
            return 2
        out.unlink()
        Path(str(out) + ".wal").unlink(missing_ok=True)
    summary = demo.build(out, scale=args.scale)
    print(f"演示数据已生成：{out}（{summary}）")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="安康市安全生产态势看板 命令行")
    sub = parser.add_subparsers(dest="command", required=True)

    p_demo = sub.add_parser("demo", help="build the deterministic demo database")
    p_demo.add_argument("--out", help="database file (default: the db setting)")
    p_demo.add_argument("--scale", type=int, default=1, help="multiply the hazards (700 gives over 1M rows)")
    p_demo.add_argument("--if-missing", action="store_true", help="do nothing if the file exists")
    p_demo.add_argument("--force", action="store_true", help="replace an existing file")
    p_demo.set_defaults(func=_cmd_demo)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except StoreError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
