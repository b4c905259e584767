"""Command line: ``python -m dashboard <command>``.

Commands write through the same Store as the app. DuckDB lets one process hold a file read-write,
so a command that writes while the app runs is refused with a clear message (StoreError).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import logs, roles, settings
from dashboard.db import StoreError, check_not_in_use


def _make_room(out: Path, force: bool) -> bool:
    """Before a command builds a new store at ``out``: True when it may (no file there, or ``force``: the old
    file and its write-ahead log removed); False, with the reason printed and nothing changed, otherwise."""
    wal = Path(f"{out}.wal")
    if not (out.exists() or wal.exists()):
        return True
    if not force:
        print(f"文件已存在：{out}。没有覆盖，原文件未改动。如确需用新的数据库替换它（原有数据将全部丢失），"
              "请先备份，再加 --force。", file=sys.stderr)
        return False
    check_not_in_use(out)  # never replace the file a running app holds (its writes would vanish)
    out.unlink(missing_ok=True)
    wal.unlink(missing_ok=True)
    return True


def _cmd_demo(args: argparse.Namespace) -> int:
    from dashboard import demo

    out = Path(args.out) if args.out else settings.db_path()
    if out.exists() and args.if_missing:
        print(f"数据库已存在，未重建：{out}")
        return 0
    if not _make_room(out, args.force):
        return 2
    summary = demo.build(out, scale=args.scale)
    print(f"演示数据已生成：{out}（{summary}）")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    from dashboard import new_store

    out = Path(args.out)
    if not _make_room(out, args.force):
        return 2
    count = new_store.create(out)
    print(f"已新建空数据库：{out}（{count} 个县区，没有任何业务数据）")
    print("\n".join(new_store.next_steps(out)))
    return 0


def import_kinds() -> dict:
    """Every kind ``import`` takes: the CLI's word -> the domain's ``ingest.ImportKind``."""
    from dashboard import fire_units, fires, groups, hazards, tasks

    return {kind.kind: kind for kind in (hazards.HAZARDS_IMPORT, fire_units.UNITS_IMPORT, fire_units.PLANS_IMPORT,
                                         fires.FIRES_IMPORT, tasks.TASKS_IMPORT, groups.ROSTER_IMPORT,
                                         groups.VISITS_IMPORT, groups.CHANGES_IMPORT, groups.INTERVIEWS_IMPORT)}


def _cmd_import(args: argparse.Namespace) -> int:
    from dashboard import ingest
    from dashboard.db import Store, ValidationError
    from dashboard.ingest import kinds

    path = Path(args.file)
    name = ingest.printable(path.name)  # cell values and names never reach the terminal as escape codes
    if not path.is_file():
        print(f"错误：找不到文件 {ingest.printable(path)}", file=sys.stderr)
        return 2
    too_big = ingest.size_refusal(path.stat().st_size)  # before reading it into memory
    if too_big:
        print(f"未导入：{name}：{too_big}", file=sys.stderr)
        return 1
    kind = import_kinds()[args.kind]
    options = {k: getattr(args, k) for k in ("group", "source", "county") if getattr(args, k)}
    unused = [f"--{k}" for k in options if k not in kind.options]
    if unused:
        takes = "、".join(f"--{k}" for k in kind.options) or "无"
        print(f"错误：{'、'.join(unused)} 不用于{kind.label}文件（可用的选项：{takes}）", file=sys.stderr)
        return 2
    store = Store.open(settings.db_path(), create=False)
    try:
        mapping = None
        if args.mapping:
            try:
                mapping = kinds.read_mapping_file(Path(args.mapping).read_text(encoding="utf-8-sig"),
                                                  kind.reading(store, {}).fields)
            except (OSError, UnicodeDecodeError) as exc:
                print(f"错误：无法读取映射文件 {ingest.printable(args.mapping)}（{ingest.printable(exc)}）", file=sys.stderr)
                return 2
            except ValueError as exc:
                print(f"错误：{ingest.printable(exc)}", file=sys.stderr)
                return 2
        outcome = kinds.run(kind, store, path.read_bytes(), path.name, roles.system(), options=options, mapping=mapping)
    except ValidationError as exc:  # an unknown group, or every heavy-job slot taken
        print(f"未导入：{ingest.printable(exc)}", file=sys.stderr)
        return 1
    finally:
        store.close()
    for note in outcome.notes:  # what the file did not say and was taken from its title, the options or a rule
        print(f"说明：{ingest.printable(note)}")
    if not outcome.ok:
        print(f"未导入：{name} 有 {len(outcome.errors)} 处问题，整个文件未导入，数据库没有改动。", file=sys.stderr)
        print(ingest.errors_text(outcome.errors), file=sys.stderr, end="")
        return 1
    unit = kind.unit
    replaced = f"，更新 {outcome.replaced} {unit}" if outcome.replaced else ""
    print(f"导入完成：{name} 共 {len(outcome.result.rows)} 行，新增 {outcome.added} {unit}{replaced}，"
          f"已存在未重复导入 {outcome.skipped} {unit}（导入记录 {outcome.import_id}）。")
    return 0


def _cmd_imports(args: argparse.Namespace) -> int:
    """``imports list`` (newest first) and ``imports undo ID --reason`` (written as the command line's user)."""
    from dashboard import clock, import_register, ingest
    from dashboard.db import Store, ValidationError

    store = Store.open(settings.db_path(), create=False)
    try:
        if args.action == "list":
            entries = import_register.imports(store, limit=args.limit)
            if not entries:
                print("还没有导入记录。")
            for e in entries:
                done = (f"{e.status}（{clock.format_datetime(e.undone_at)} {e.undone_by}：{e.undo_reason}）"
                        if e.undone_at else e.status)
                replaced = f"，替换 {e.rows_replaced}" if e.rows_replaced else ""
                print(ingest.printable(
                    f"{e.id}\t{e.label}\t{e.file_name}\t{e.actor}\t{clock.format_datetime(e.imported_at)}\t"
                    f"共 {e.rows_total} 行，新增 {e.rows_added}{replaced}\t{done}\t{e.mapping_text}"))
            return 0
        try:
            counts = import_register.undo(store, args.id, roles.system(), args.reason)
        except ValidationError as exc:
            print(f"未撤销：{ingest.printable(exc)}", file=sys.stderr)
            return 1
        print(f"已撤销第 {args.id} 号导入：" + "，".join(f"{table} {n} 行" for table, n in counts.items()))
        return 0
    finally:
        store.close()


def _cmd_health(args: argparse.Namespace) -> int:
    from dashboard import health

    path = Path(args.db) if args.db else settings.db_path()
    report = health.of_path(path)
    print("\n".join(report.lines()))
    print(f"数据库文件：{path.resolve()}")
    if logs.configured_path():
        print(f"运行日志：{logs.configured_path()}")
    return 0 if report.healthy else 1


def _log_beside(args: argparse.Namespace) -> None:
    """Log to the configured file, beside the database this command works on."""
    target = args.out if args.command in ("demo", "init") else getattr(args, "db", None)
    try:
        logs.configure(logs.default_path(Path(target) if target else None))
    except OSError:
        pass  # a command never fails for want of a log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="安康市安全生产态势看板 命令行")
    sub = parser.add_subparsers(dest="command", required=True)

    p_demo = sub.add_parser("demo", help="build the deterministic demo database")
    p_demo.add_argument("--out", help="database file (default: the db setting)")
    p_demo.add_argument("--scale", type=int, default=1, help="multiply the hazards (700 gives over 1M rows)")
    p_demo.add_argument("--if-missing", action="store_true", help="do nothing if the file exists")
    p_demo.add_argument("--force", action="store_true", help="replace an existing file")
    p_demo.set_defaults(func=_cmd_demo)

    p_init = sub.add_parser("init", help="create an empty store (the county-level units only) for real data")
    p_init.add_argument("--out", required=True, help="the new database file")
    p_init.add_argument("--force", action="store_true", help="replace an existing file (its data is lost)")
    p_init.set_defaults(func=_cmd_init)

    p_import = sub.add_parser("import", help="import a spreadsheet (same validation as the app)")
    p_import.add_argument("kind", choices=list(import_kinds()), help="what the file holds: hazards (隐患清单), "
                          "fire_units (重大火灾隐患单位), fire_unit_plans (整改节点/倒排工期), fires (火灾记录), tasks (专项整治任务及进展), "
                          "groups (督查组名单), group_visits (督查检查记录), group_changes (人员变更备案), "
                          "group_interviews (约谈记录)")
    p_import.add_argument("file", help=".xlsx, .xls or .csv (UTF-8 or GBK)")
    p_import.add_argument("--group", help="检查组 for the whole file (name, 第三组 or 3) where the file does not say it "
                                          "(hazards and the groups' records)")
    p_import.add_argument("--source", help="来源 for the whole file (e.g. 进驻式暗访督查) where the file does not say it")
    p_import.add_argument("--county", help="县区 for the whole file (fire_units, fires) where neither a column nor "
                                           "the title says it")
    p_import.add_argument("--mapping", help='JSON file: {"file header": "field header" or null} for headers '
                                            "not recognised; remembered for the next file with the same header row")
    p_import.set_defaults(func=_cmd_import)

    p_imports = sub.add_parser("imports", help="the import register: list the imports, undo one")
    imports_sub = p_imports.add_subparsers(dest="action", required=True)
    p_list = imports_sub.add_parser("list", help="every import, newest first (id, kind, file, who, when, rows, "
                                                 "status, mapping)")
    p_list.add_argument("--limit", type=int, default=500)
    p_undo = imports_sub.add_parser("undo", help="take a whole import back (refused when its rows changed since)")
    p_undo.add_argument("id", type=int, help="the import's id (imports list)")
    p_undo.add_argument("--reason", required=True, help="why (recorded in the history)")
    p_imports.set_defaults(func=_cmd_imports)

    from dashboard.access.cli import add_commands as add_user_commands  # user add|list|disable|enable|reset
    from dashboard.backup.cli import add_commands as add_backup_commands  # backup, restore

    add_user_commands(sub)
    add_backup_commands(sub)

    p_health = sub.add_parser("health", help="check the store, backups, disk and log; exit 1 when unhealthy")
    p_health.add_argument("--db", help="database file (default: the db setting)")
    p_health.set_defaults(func=_cmd_health)

    args = parser.parse_args(argv)
    try:
        settings.snapshot()
        _log_beside(args)
        return args.func(args)
    except settings.SettingsError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        if exc.path is not None:
            print(f"文件：{Path(exc.path).resolve()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
