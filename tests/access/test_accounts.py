"""Local accounts (dashboard/access): managing them (add, edit, disable, enable, reset, a person's own password,
the last administrator kept), signing in (success, failure, lockout after ``sign_in_max_failures`` and unlock
after ``sign_in_lock_minutes``, every attempt audited), sessions ending when idle, the wall's links, the demo's
accounts, the ``python -m dashboard user`` command on a new store, and no password anywhere in clear: not in
the store's file, not in the log."""

from __future__ import annotations

import hashlib
import io
import shutil
import stat
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from dashboard import logs, roles
from dashboard.__main__ import main as cli
from dashboard.access import accounts, sessions
from dashboard.db import Store, ValidationError

ADMIN = roles.User("admin", "刘晓东", roles.ADMIN)  # the demo's administrator (who may: test_role_matrix.py)
HANBIN = "610902"
PASSWORD = "Hanbin-2021-ok"


def _add(store, login="clerk1", *, role=roles.CLERK, password=PASSWORD, **more):
    scope = {"unit_code": HANBIN} if role == roles.CLERK else {"group_id": 1} if role == roles.GROUP else {}
    return accounts.add_user(store, ADMIN, login=login, name="王小丽", role=role, password=password,
                             **{**scope, **more})


def _row(store, login):
    return store.query("SELECT * FROM users WHERE login = ?", [login]).iloc[0]


def _unlocked(row) -> bool:
    return pd.isna(row["locked_until"])


def _events(store, login):
    return store.rows("SELECT action, actor_login, reason FROM audit_events WHERE entity = 'user' AND entity_id = ?"
                      " ORDER BY id", [login])


# -- passwords and logins ------------------------------------------------------------------------------------
@pytest.mark.parametrize("password, login, problem", [
    ("Abcdefgh12", "", None),
    ("中文密码也可以用12345", "", None),
    ("Abc12", "", "密码至少 10 位"),
    ("abcdefghijk", "", "密码须同时包含字母和数字"),
    ("12345678901", "", "密码须同时包含字母和数字"),
    ("xhanbin2021x", "hanbin", "密码不能包含登录名"),
    ("xHANBIN2021x", "hanbin", "密码不能包含登录名"),
])
def test_password_problem(password, login, problem):
    assert accounts.password_problem(password, login) == problem


@pytest.mark.parametrize("changes, problem", [
    ({"login": "Li Na"}, "登录名只能用小写字母、数字和 . _ -"),
    ({"login": "李娜"}, "登录名只能用小写字母、数字和 . _ -"),
    ({"login": "x" * 41}, "不超过 40 位"),
    ({"login": "   "}, "登录名只能用"),
    ({"name": "  "}, "请填写姓名"),
    ({"password": "short1"}, "密码至少 10 位"),
    ({"role": "局长"}, "角色应为：管理员、市安委办、值班员、县区填报员、督查组、领导"),
    ({"role": roles.WALL}, "角色应为"),  # the wall is a link, never an account
    ({"unit_code": None}, "县区填报员须选择所属县区"),
    ({"unit_code": "999999"}, "县区填报员须选择所属县区"),
    ({"login": "admin"}, "登录名 admin 已存在"),
])
def test_a_bad_account_is_refused_and_nothing_written(demo_store, changes, problem):
    before = demo_store.rows("SELECT * FROM users ORDER BY login")
    fields = {"login": "clerk1", "name": "王小丽", "role": roles.CLERK, "password": PASSWORD, "unit_code": HANBIN,
              **changes}
    with pytest.raises(ValidationError, match=problem):
        accounts.add_user(demo_store, ADMIN, **fields)
    assert demo_store.rows("SELECT * FROM users ORDER BY login") == before


def test_a_group_account_needs_its_group(demo_store):
    with pytest.raises(ValidationError, match="督查组账号须选择所属检查组"):
        _add(demo_store, "group9", role=roles.GROUP, group_id=None)
    with pytest.raises(ValidationError, match="督查组账号须选择所属检查组"):
        _add(demo_store, "group9", role=roles.GROUP, group_id=99)
    user = _add(demo_store, "group9", role=roles.GROUP, group_id=3)
    assert (user.group_id, user.unit_code, user.county_name) == (3, None, "第三暗访督查组（驻石泉县）")


# -- managing accounts ---------------------------------------------------------------------------------------
def test_add_keeps_a_hash_the_scope_and_an_audit_line_without_the_password(demo_store):
    user = _add(demo_store, " Clerk1 ", phone=" 13900001111 ")
    assert user == roles.User("clerk1", "王小丽", roles.CLERK, unit_code=HANBIN, county_name="汉滨区")
    row = _row(demo_store, "clerk1")
    assert row["password_hash"].startswith("$argon2id$") and PASSWORD not in row["password_hash"]
    assert (row["phone"], bool(row["must_change"]), bool(row["active"]), row["failed_count"]) == (
        "13900001111", True, True, 0)
    (action, by, detail), = demo_store.rows(
        "SELECT action, actor_login, detail FROM audit_events WHERE entity = 'user' AND entity_id = 'clerk1'")
    assert (action, by) == (accounts.A_ADD, "admin") and "password" not in detail and PASSWORD not in detail
    assert accounts.get_user(demo_store, "CLERK1 ") == user  # found as typed at the sign-in page
    assert "password_hash" not in accounts.user_list(demo_store).columns


def test_edit_changes_role_and_scope_and_keeps_before_and_after(demo_store):
    _add(demo_store)
    accounts.edit_user(demo_store, ADMIN, "clerk1", name="王小丽", role=roles.DUTY, unit_code=HANBIN, phone="")
    user = accounts.get_user(demo_store, "clerk1")
    assert (user.role, user.unit_code) == (roles.DUTY, None)  # a 值班员 has no county: the scope goes
    detail = demo_store.scalar("SELECT detail FROM audit_events WHERE entity_id = 'clerk1' AND action = ?",
                               [accounts.A_EDIT])
    assert '"before": {' in detail and '"role": "县区填报员"' in detail and '"role": "值班员"' in detail
    with pytest.raises(ValidationError, match="没有登录名为 nobody 的用户"):
        accounts.edit_user(demo_store, ADMIN, "nobody", name="x", role=roles.DUTY)


def test_disable_signs_out_everywhere_and_refuses_sign_in_until_enabled(demo_store):
    _add(demo_store, must_change=False)
    token = sessions.start("clerk1")
    assert sessions.resume(token, 30) == "clerk1"
    accounts.set_active(demo_store, ADMIN, "clerk1", False, "调离")
    assert sessions.resume(token, 30) is None and accounts.get_user(demo_store, "clerk1") is None
    with pytest.raises(accounts.SignInRefused, match="该账号已停用，请联系管理员"):
        accounts.sign_in(demo_store, "clerk1", PASSWORD)
    with pytest.raises(ValidationError, match="用户 clerk1 已停用"):
        accounts.set_active(demo_store, ADMIN, "clerk1", False)
    accounts.set_active(demo_store, ADMIN, "clerk1", True)
    assert accounts.sign_in(demo_store, "clerk1", PASSWORD).user.login == "clerk1"
    assert [a for a, _, _ in _events(demo_store, "clerk1")] == [
        accounts.A_ADD, accounts.A_DISABLE, accounts.A_FAILED, accounts.A_ENABLE, accounts.A_SIGN_IN]
    assert _events(demo_store, "clerk1")[1][2] == "调离"


def test_the_last_administrator_cannot_be_disabled_or_demoted(demo_store):
    refused = "这是唯一可用的管理员账号，不能停用或改为其他角色；请先新增另一名管理员"
    with pytest.raises(ValidationError, match=refused):
        accounts.set_active(demo_store, ADMIN, "admin", False)
    with pytest.raises(ValidationError, match=refused):
        accounts.edit_user(demo_store, ADMIN, "admin", name="刘晓东", role=roles.OFFICE)
    accounts.edit_user(demo_store, ADMIN, "admin", name="刘晓东（信息科）", role=roles.ADMIN)  # still one: fine
    _add(demo_store, "admin2", role=roles.ADMIN)
    accounts.set_active(demo_store, ADMIN, "admin2", False)  # a disabled one does not count
    with pytest.raises(ValidationError, match=refused):
        accounts.set_active(demo_store, ADMIN, "admin", False)
    accounts.set_active(demo_store, ADMIN, "admin2", True)
    accounts.set_active(demo_store, ADMIN, "admin", False)  # another is there now
    assert accounts.count_users(demo_store) == 6


def test_reset_sets_a_temporary_password_to_change_and_unlocks(demo_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_SIGN_IN_MAX_FAILURES", "2")
    _add(demo_store, must_change=False)
    for _ in range(2):
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(demo_store, "clerk1", "Wrong-pass-123")
    assert not _unlocked(_row(demo_store, "clerk1"))
    accounts.reset_password(demo_store, ADMIN, "clerk1", "Temp-pass-4567")
    row = _row(demo_store, "clerk1")
    assert (bool(row["must_change"]), row["failed_count"], _unlocked(row)) == (True, 0, True)
    with pytest.raises(accounts.SignInRefused, match="登录名或密码不正确"):
        accounts.sign_in(demo_store, "clerk1", PASSWORD)  # the old one is gone
    assert accounts.sign_in(demo_store, "clerk1", "Temp-pass-4567").must_change is True
    with pytest.raises(ValidationError, match="密码至少 10 位"):
        accounts.reset_password(demo_store, ADMIN, "clerk1", "short1")


def test_a_reset_ends_the_persons_sessions(demo_store):
    """A reset is what an administrator does when a password may be known to another: whoever is signed in with it
    is signed out, and the person signs in again with the temporary one (and must change it)."""
    _add(demo_store, must_change=False)
    token = sessions.start("clerk1")
    accounts.reset_password(demo_store, ADMIN, "clerk1", "Temp-pass-4567")
    assert sessions.resume(token, 30) is None
    assert accounts.sign_in(demo_store, "clerk1", "Temp-pass-4567").must_change is True


@pytest.mark.parametrize("old, new, problem", [
    ("Wrong-pass-123", "Brand-new-pass-9", "原密码不正确"),
    (PASSWORD, PASSWORD, "新密码不能与原密码相同"),
    (PASSWORD, "tooshort1", "密码至少 10 位"),
    (PASSWORD, "clerk1-and-more-1", "密码不能包含登录名"),
])
def test_a_refused_change_of_ones_own_password_changes_nothing(demo_store, old, new, problem):
    user = _add(demo_store)
    before = _row(demo_store, "clerk1")["password_hash"]
    with pytest.raises(ValidationError, match=problem):
        accounts.change_password(demo_store, user, old, new)
    assert _row(demo_store, "clerk1")["password_hash"] == before


def test_ones_own_password_change_ends_must_change_and_is_audited_as_oneself(demo_store):
    user = _add(demo_store)
    assert accounts.sign_in(demo_store, "clerk1", PASSWORD).must_change is True
    accounts.change_password(demo_store, user, PASSWORD, "Brand-new-pass-9")
    signed = accounts.sign_in(demo_store, "clerk1", "Brand-new-pass-9")
    assert signed.must_change is False and signed.user == user
    assert _events(demo_store, "clerk1")[-2][:2] == (accounts.A_CHANGE, "clerk1")


def test_a_wrong_old_password_counts_as_a_failed_sign_in_and_locks_and_signs_out(demo_store, monkeypatch):
    """A screen left signed in cannot be used to guess the password: each wrong old password is counted and
    audited like a failed sign-in, and the lock ends the person's sessions."""
    monkeypatch.setenv("DASHBOARD_SIGN_IN_MAX_FAILURES", "3")
    user = _add(demo_store, must_change=False)
    token = sessions.start("clerk1")
    before = _row(demo_store, "clerk1")["password_hash"]
    said = []
    for attempt in ("Wrong-pass-11", "Wrong-pass-22", "Wrong-pass-33"):
        with pytest.raises(ValidationError) as refused:
            accounts.change_password(demo_store, user, attempt, "Brand-new-pass-9")
        said.append(str(refused.value))
    assert said[:2] == ["原密码不正确"] * 2 and said[2].startswith("连续 3 次原密码错误，账号已锁定 15 分钟")
    row = _row(demo_store, "clerk1")
    assert row["password_hash"] == before and not _unlocked(row)
    assert sessions.resume(token, 60) is None
    assert [(a, r) for a, _, r in _events(demo_store, "clerk1")][-3:] == [
        (accounts.A_FAILED, "原密码错误（第 1 次）"), (accounts.A_FAILED, "原密码错误（第 2 次）"),
        (accounts.A_LOCKED, "连续 3 次原密码错误")]
    with pytest.raises(accounts.SignInRefused, match="账号已锁定"):
        accounts.sign_in(demo_store, "clerk1", PASSWORD)


# -- signing in ----------------------------------------------------------------------------------------------
def test_sign_in_is_case_blind_to_the_login_and_audited(demo_store):
    _add(demo_store, must_change=False)
    signed = accounts.sign_in(demo_store, "  CLERK1 ", PASSWORD)
    assert signed == accounts.SignedIn(roles.User("clerk1", "王小丽", roles.CLERK, unit_code=HANBIN,
                                                  county_name="汉滨区"), False)
    assert _row(demo_store, "clerk1")["last_sign_in"] is not None
    assert _events(demo_store, "clerk1")[-1] == (accounts.A_SIGN_IN, "clerk1", None)
    accounts.sign_out(demo_store, signed.user)
    assert _events(demo_store, "clerk1")[-1][:2] == (accounts.A_SIGN_OUT, "clerk1")


@pytest.mark.parametrize("login, password", [("nobody", PASSWORD), ("", PASSWORD), ("clerk1", ""),
                                             ("clerk1", PASSWORD.lower())])
def test_a_wrong_login_or_password_gets_one_answer_that_tells_nothing(demo_store, login, password):
    _add(demo_store)
    with pytest.raises(accounts.SignInRefused) as refused:
        accounts.sign_in(demo_store, login, password)
    assert str(refused.value).startswith("登录名或密码不正确")  # the same whether the login exists or not


def test_the_answer_is_the_same_for_an_unknown_login_and_a_wrong_password(demo_store):
    """Nothing in the answer tells whether the login exists (a count of the tries left would)."""
    _add(demo_store, must_change=False)
    said = set()
    for login in ("nobody", "clerk1"):
        with pytest.raises(accounts.SignInRefused) as refused:
            accounts.sign_in(demo_store, login, "Wrong-pass-123")
        said.add(str(refused.value))
    assert said == {"登录名或密码不正确（连续 5 次密码错误将锁定账号 15 分钟）"}


def test_an_unknown_login_is_audited_as_the_sign_in_page(demo_store):
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(demo_store, "mallory", "whatever-123")
    known_as = "未知登录名#" + hashlib.sha256(b"mallory").hexdigest()[:8]  # not as typed (it may be a password)
    assert _events(demo_store, known_as) == [(accounts.A_FAILED, "system:登录页", "登录名不存在")]


def test_failures_lock_the_account_and_the_lock_runs_out(demo_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_SIGN_IN_MAX_FAILURES", "3")
    monkeypatch.setenv("DASHBOARD_SIGN_IN_LOCK_MINUTES", "15")
    _add(demo_store, must_change=False)
    t0 = datetime(2026, 12, 2, 9, 0)
    said = []
    for minute in range(3):
        with pytest.raises(accounts.SignInRefused) as refused:
            accounts.sign_in(demo_store, "clerk1", f"Wrong-pass-{minute}1", now=t0 + timedelta(minutes=minute))
        said.append(str(refused.value))
    assert said == ["登录名或密码不正确（连续 3 次密码错误将锁定账号 15 分钟）"] * 2 + [
        "连续 3 次密码错误，账号已锁定 15 分钟（至 09:17）"]
    for late in (timedelta(minutes=2, seconds=1), timedelta(minutes=16, seconds=59)):  # locked: even the right one
        with pytest.raises(accounts.SignInRefused, match="账号已锁定至 09:17"):
            accounts.sign_in(demo_store, "clerk1", PASSWORD, now=t0 + late)
    assert accounts.sign_in(demo_store, "clerk1", PASSWORD, now=t0 + timedelta(minutes=17, seconds=1)).user.login == \
        "clerk1"
    assert [(a, r) for a, _, r in _events(demo_store, "clerk1")][1:] == [
        (accounts.A_FAILED, "密码错误（第 1 次）"), (accounts.A_FAILED, "密码错误（第 2 次）"),
        (accounts.A_LOCKED, "连续 3 次密码错误"), (accounts.A_FAILED, "账号锁定中"), (accounts.A_FAILED, "账号锁定中"),
        (accounts.A_SIGN_IN, None)]
    row = _row(demo_store, "clerk1")
    assert row["failed_count"] == 0 and _unlocked(row)


def test_a_success_starts_the_count_again(demo_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_SIGN_IN_MAX_FAILURES", "3")
    _add(demo_store, must_change=False)
    for attempt in ("Wrong-pass-11", "Wrong-pass-22", PASSWORD, "Wrong-pass-33", "Wrong-pass-44"):
        try:
            accounts.sign_in(demo_store, "clerk1", attempt)
        except accounts.SignInRefused:
            pass
    assert accounts.sign_in(demo_store, "clerk1", PASSWORD).user.login == "clerk1"  # 2 + 2 failures: not locked


def test_the_lockout_defaults_are_five_failures_and_fifteen_minutes():
    from dashboard import settings

    assert (settings.by_name("sign_in_max_failures").default, settings.by_name("sign_in_lock_minutes").default) == (
        5, 15)


# -- sessions -------------------------------------------------------------------------------------------------
def test_a_session_ends_after_its_idle_time_and_use_keeps_it_alive():
    start = datetime(2026, 12, 2, 9, 0)
    token = sessions.start("office")
    assert sessions.resume(token, 30, now=start) == "office"
    assert sessions.resume(token, 30, now=start + timedelta(minutes=29)) == "office"  # used: idle from here
    assert sessions.resume(token, 30, now=start + timedelta(minutes=58)) == "office"
    assert sessions.resume(token, 30, now=start + timedelta(minutes=88, seconds=1)) is None  # idle 30 min 1 s
    assert sessions.resume(token, 30, now=start + timedelta(minutes=89)) is None  # and forgotten
    assert sessions.resume(None, 30) is None and sessions.resume("not-a-token", 30) is None


def test_signing_out_ends_only_that_session():
    first, second = sessions.start("duty"), sessions.start("duty")
    assert first != second
    sessions.end(first)
    assert sessions.resume(first, 30) is None and sessions.resume(second, 30) == "duty"
    sessions.end_user("duty")
    assert sessions.resume(second, 30) is None


def test_a_session_keeps_only_the_tokens_hash():
    token = sessions.start("office")
    assert token not in repr(sessions._SESSIONS) and sessions.digest(token) in sessions._SESSIONS
    sessions.end(token)


# -- the wall's links ----------------------------------------------------------------------------------------
def test_a_wall_link_reads_as_the_wall_until_revoked(demo_store):
    link = accounts.create_wall_link(demo_store, ADMIN, " 指挥中心大屏 ")
    wall = accounts.wall_user(demo_store, link.token)
    assert wall == roles.User(f"wall:{link.id}", "指挥中心大屏", roles.WALL) and not wall.writes
    assert demo_store.scalar("SELECT count(*) FROM wall_links WHERE token_hash = ?", [link.token]) == 0  # a hash
    assert accounts.wall_user(demo_store, link.token + "x") is None and accounts.wall_user(demo_store, "") is None
    accounts.revoke_wall_link(demo_store, ADMIN, link.id)
    assert accounts.wall_user(demo_store, link.token) is None
    with pytest.raises(ValidationError, match="该大屏链接不存在或已停用"):
        accounts.revoke_wall_link(demo_store, ADMIN, link.id)
    with pytest.raises(ValidationError, match="请填写大屏名称"):
        accounts.create_wall_link(demo_store, ADMIN, "  ")
    frame = accounts.wall_links(demo_store)
    assert list(frame["created_by"]) == ["刘晓东（管理员）"] and list(frame["revoked_by"]) == ["刘晓东（管理员）"]


# -- the demo's accounts ---------------------------------------------------------------------------------------
def test_the_demo_has_one_account_per_role_with_the_password_beside_the_file(demo_db_path, tmp_path):
    password_file = accounts.demo_password_file(demo_db_path)
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    password = password_file.read_text(encoding="utf-8").strip()
    assert accounts.password_problem(password) is None
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_path, copy)
    store = Store.open(copy)
    try:
        signed = {login: accounts.sign_in(store, login, password).user for login, *_ in accounts.DEMO_ACCOUNTS}
    finally:
        store.close()
    assert sorted(u.role for u in signed.values()) == sorted(roles.ROLES)
    assert (signed["hanbin"].unit_code, signed["group1"].group_id) == (HANBIN, 1)
    assert password.encode() not in copy.read_bytes()


# -- the command line ---------------------------------------------------------------------------------------
def _user_cli(monkeypatch, capsys, *args, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = cli(["user", *args])
    finally:
        logs.stop()
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def new_store(tmp_path, monkeypatch, capsys):
    """A store as ``python -m dashboard init`` makes it, the CLI pointed at it."""
    path = tmp_path / "office.duckdb"
    try:
        assert cli(["init", "--out", str(path)]) == 0
    finally:
        logs.stop()
    capsys.readouterr()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    return path


def test_the_first_administrator_and_the_others_from_the_command_line(new_store, monkeypatch, capsys):
    code, out, _ = _user_cli(monkeypatch, capsys, "list")
    assert code == 0 and "还没有用户" in out
    code, out, _ = _user_cli(monkeypatch, capsys, "add", "admin", "--name", "刘晓东", "--role", "管理员",
                             "--password-stdin", stdin="First-chief-2026\n")
    assert code == 0 and out.strip() == "已新增用户 admin：刘晓东（管理员）"
    code, out, _ = _user_cli(monkeypatch, capsys, "add", "hanbin", "--name", "李娜", "--role", "县区填报员", "--county",
                             "汉滨区", "--must-change", "--password-stdin", stdin="Clerk-start-0101\n")
    assert code == 0 and out.strip() == "已新增用户 hanbin：李娜（县区填报员，汉滨区），首次登录须修改密码"
    code, _, err = _user_cli(monkeypatch, capsys, "add", "weak", "--name", "弱", "--role", "领导", "--password-stdin",
                             stdin="short\n")
    assert code == 1 and err.strip() == "未执行：密码至少 10 位"
    code, _, err = _user_cli(monkeypatch, capsys, "add", "x1", "--name", "某", "--role", "县区填报员", "--county",
                             "不存在县", "--password-stdin", stdin="Whatever-2026\n")
    assert code == 1 and "没有名为“不存在县”的县区" in err
    code, out, _ = _user_cli(monkeypatch, capsys, "list")
    lines = sorted(line.split("\t") for line in out.strip().splitlines())
    assert [line[:5] for line in lines] == [["admin", "刘晓东", "管理员", "", "启用"],
                                          ["hanbin", "李娜", "县区填报员", "汉滨区", "启用"]]
    assert all(line[5] == "上次登录 从未" for line in lines)

    code, _, err = _user_cli(monkeypatch, capsys, "disable", "admin")
    assert code == 1 and "唯一可用的管理员" in err
    code, out, _ = _user_cli(monkeypatch, capsys, "disable", "hanbin", "--reason", "调岗")
    assert code == 0 and out.strip() == "已停用用户 hanbin"
    assert "停用" in _user_cli(monkeypatch, capsys, "list")[1].splitlines()[-1]
    code, out, _ = _user_cli(monkeypatch, capsys, "enable", "hanbin")
    assert code == 0 and out.strip() == "已启用用户 hanbin"
    code, out, _ = _user_cli(monkeypatch, capsys, "reset", "hanbin", "--password-stdin", stdin="Clerk-temp-0202\n")
    assert code == 0 and "已重置 hanbin 的密码并解除锁定" in out

    store = Store.open(new_store)
    try:
        assert accounts.sign_in(store, "admin", "First-chief-2026").must_change is False
        assert accounts.sign_in(store, "hanbin", "Clerk-temp-0202").must_change is True
        command_line = roles.system().label
        assert store.rows("SELECT action, actor FROM audit_events WHERE entity = 'user' AND actor <> ?"
                          " AND action NOT IN ('登录') ORDER BY id", [command_line]) == []  # the CLI's, named
        assert [a for (a,) in store.rows("SELECT action FROM audit_events WHERE actor = ? AND entity = 'user'"
                                         " ORDER BY id", [command_line])] == [
            accounts.A_ADD, accounts.A_ADD, accounts.A_DISABLE, accounts.A_ENABLE, accounts.A_RESET]
    finally:
        store.close()


@pytest.mark.parametrize("scope, said", [
    (["--role", "县区填报员", "--county", "汉滨区"], "已新增用户 someone：某人（县区填报员，汉滨区）"),
    (["--role", "县区填报员", "--county", "610902"], "已新增用户 someone：某人（县区填报员，汉滨区）"),
    (["--role", "县区填报员", "--county", "旬阳县"], "已新增用户 someone：某人（县区填报员，旬阳市）"),  # its old name
    (["--role", "督查组", "--group", "3"], "已新增用户 someone：某人（督查组，第三暗访督查组（驻石泉县））"),
])
def test_the_command_line_takes_a_county_or_group_as_people_write_it(demo_db_path, tmp_path, monkeypatch, capsys,
                                                                    scope, said):
    shutil.copy(demo_db_path, tmp_path / "demo.duckdb")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "demo.duckdb"))
    code, out, err = _user_cli(monkeypatch, capsys, "add", "someone", "--name", "某人", *scope, "--password-stdin",
                               stdin="Some-body-2026\n")
    assert (code, out.strip(), err) == (0, said, "")


def test_the_command_line_refuses_two_different_typed_passwords(new_store, monkeypatch, capsys):
    typed = iter(["First-chief-2026", "First-chief-2062"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    try:
        code = cli(["user", "add", "admin", "--name", "刘晓东", "--role", "管理员"])
    finally:
        logs.stop()
    assert code == 1 and "两次输入的密码不一致，未保存" in capsys.readouterr().err
    store = Store.open(new_store)
    try:
        assert accounts.count_users(store) == 0
    finally:
        store.close()


# -- no password in clear, anywhere ---------------------------------------------------------------------------
def test_no_password_is_stored_or_logged_in_clear(new_store, monkeypatch, capsys):
    """Every way a password goes in (the CLI's add and reset, the domain's add, reset, sign-in right and wrong,
    a change of one's own): afterwards, the store's file (checkpointed and closed, its log folded in) and every
    log file are read as bytes and none holds any of them."""
    secrets = {"admin": "Clear-chief-7391", "reset": "Clear-reset-5528", "office": "Clear-room-8264",
               "office2": "Clear-desk2-1937", "wrong": "Clear-wrong-4410", "own": "Clear-ownnew-6603",
               "temp": "Clear-temp-2275"}
    assert _user_cli(monkeypatch, capsys, "add", "admin", "--name", "刘晓东", "--role", "管理员", "--password-stdin",
                     stdin=secrets["admin"] + "\n")[0] == 0
    assert _user_cli(monkeypatch, capsys, "add", "duty", "--name", "张伟", "--role", "值班员", "--password-stdin",
                     stdin=secrets["temp"] + "\n")[0] == 0
    assert _user_cli(monkeypatch, capsys, "reset", "duty", "--password-stdin", stdin=secrets["reset"] + "\n")[0] == 0
    log_file = logs.configure(logs.default_path(new_store))  # as the app logs beside its store
    store = Store.open(new_store)
    try:
        admin = accounts.sign_in(store, "admin", secrets["admin"]).user
        office = accounts.add_user(store, admin, login="office", name="陈建华", role=roles.OFFICE,
                                   password=secrets["office"])
        accounts.reset_password(store, admin, "office", secrets["office2"])
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(store, "office", secrets["wrong"])
        accounts.sign_in(store, "office", secrets["office2"])
        accounts.change_password(store, office, secrets["office2"], secrets["own"])
        assert accounts.sign_in(store, "office", secrets["own"]).user == office
        store.checkpoint()
    finally:
        store.close()
        logs.stop()
    files = [p for p in new_store.parent.rglob("*") if p.is_file()]  # the store (and any .wal), every log
    assert new_store in files and log_file in files and b'"event": "write"' in log_file.read_bytes()
    assert b"$argon2id$" in new_store.read_bytes()  # the hashes are there: the file was read as stored
    for path in files:
        data = path.read_bytes()
        for name, secret in secrets.items():
            assert secret.encode() not in data, f"{name}'s password in clear in {path.name}"


def test_an_unknown_login_is_not_kept_as_typed(demo_store):
    """A password typed into the login box by mistake must not land in the audit, the page or the log in clear."""
    from dashboard.access import accounts as acc

    with pytest.raises(acc.SignInRefused):
        acc.sign_in(demo_store, "Secret-Typed-1234", "whatever")
    ids = [r[0] for r in demo_store.rows("SELECT entity_id FROM audit_events WHERE entity = 'user' AND action = '登录失败'")]
    assert ids and all("secret" not in i.lower() for i in ids) and ids[-1].startswith("未知登录名#")
