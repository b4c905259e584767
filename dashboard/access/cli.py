"""``python -m dashboard user add|list|disable|enable|reset`` — accounts from the server's shell.

The first administrator is made here (there is no default account or password anywhere). The password is asked
twice at the terminal and never taken on the command line (it would show in ``ps`` and the shell's history);
``--password-stdin`` reads it from standard input for a script. Like every command that writes, it needs the
app stopped (DuckDB lets one process hold the file): ``systemctl stop ankang-dashboard`` first. Written in the
history as the command line's operating-system user (roles.system()).
"""

from __future__ import annotations

import argparse
import getpass
import sys

import pandas as pd

from dashboard import clock, ingest, roles, settings, units
from dashboard.access import accounts
from dashboard.db import Store, ValidationError

__all__ = ["add_commands"]


def _password(args: argparse.Namespace, login: str) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"为 {login} 设置密码（至少 {accounts.MIN_PASSWORD} 位，含字母和数字）：")
    if getpass.getpass("再输入一次：") != first:
        print("两次输入的密码不一致，未保存。", file=sys.stderr)
        return None
    return first


def _scope(store: Store, args: argparse.Namespace) -> tuple[str | None, int | None]:
    unit = group = None
    if getattr(args, "county", None):
        unit = units.resolve(store, args.county)  # its name, code or an old name (旬阳县)
        if unit is None:
            raise ValidationError(f"没有名为“{args.county}”的县区")
    if getattr(args, "group", None):
        found = store.rows("SELECT id FROM groups WHERE CAST(id AS VARCHAR) = ? OR name = ?", [args.group] * 2)
        if not found:
            raise ValidationError(f"没有名为“{args.group}”的检查组（写组名或序号）")
        group = int(found[0][0])
    return unit, group


def _cmd_user(args: argparse.Namespace) -> int:
    store = Store.open(settings.db_path(), create=False)
    actor = roles.system()
    try:
        if args.action == "list":
            frame = accounts.user_list(store)
            if frame.empty:
                print("还没有用户。用 python -m dashboard user add 登录名 --name 姓名 --role 管理员 新增第一位管理员。")
            for row in frame.itertuples():
                where = next((w for w in (row.county, row.group_name) if isinstance(w, str)), "")
                state = "启用" if row.active else "停用"
                last = clock.format_datetime(row.last_sign_in) if pd.notna(row.last_sign_in) else "从未"
                print(ingest.printable(f"{row.login}\t{row.name}\t{row.role}\t{where}\t{state}\t上次登录 {last}"))
            return 0
        if args.action == "add":
            unit, group = _scope(store, args)
            password = _password(args, args.login)
            if password is None:
                return 1
            user = accounts.add_user(store, actor, login=args.login, name=args.name, role=args.role, password=password,
                                     unit_code=unit, group_id=group, phone=args.phone, must_change=args.must_change)
            print(f"已新增用户 {user.login}：{user.label}" + ("，首次登录须修改密码" if args.must_change else ""))
        elif args.action in ("disable", "enable"):
            accounts.set_active(store, actor, args.login, args.action == "enable", args.reason or "")
            print(f"已{'启用' if args.action == 'enable' else '停用'}用户 {args.login}")
        elif args.action == "reset":
            password = _password(args, args.login)
            if password is None:
                return 1
            accounts.reset_password(store, actor, args.login, password)
            print(f"已重置 {args.login} 的密码并解除锁定；该用户下次登录须修改密码")
        return 0
    except ValidationError as exc:
        print(f"未执行：{ingest.printable(exc)}", file=sys.stderr)
        return 1
    finally:
        store.close()


def add_commands(sub: argparse._SubParsersAction) -> None:
    p_user = sub.add_parser("user", help="accounts: add (the first administrator too), list, disable, enable, reset")
    actions = p_user.add_subparsers(dest="action", required=True)
    p_add = actions.add_parser("add", help="a new account (the password is asked at the terminal)")
    p_add.add_argument("login", help="登录名: lower-case letters, digits, . _ -")
    p_add.add_argument("--name", required=True, help="姓名")
    p_add.add_argument("--role", required=True, choices=roles.ROLES, help="角色")
    p_add.add_argument("--county", help="县区填报员: its county (name or code)")
    p_add.add_argument("--group", help="督查组: its group (name or number)")
    p_add.add_argument("--phone", help="手机")
    p_add.add_argument("--must-change", action="store_true", help="the person must change the password at first sign-in")
    p_add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    actions.add_parser("list", help="every account")
    for name, text in (("disable", "停用 (signs the person out everywhere)"), ("enable", "启用")):
        p = actions.add_parser(name, help=text)
        p.add_argument("login")
        p.add_argument("--reason", help="why (kept in the history)")
    p_reset = actions.add_parser("reset", help="a temporary password, to be changed at next sign-in; unlocks")
    p_reset.add_argument("login")
    p_reset.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p_user.set_defaults(func=_cmd_user)
