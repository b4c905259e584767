"""Local accounts: add, disable, reset, change a password, sign in with a lockout; the wall's read-only links.

Passwords are kept only as Argon2id hashes (argon2-cffi's defaults: memory-hard, salted, the parameters in the
hash so a later default still verifies older hashes); a password is never stored, logged or put in an audit line.
There is no default password anywhere: the first administrator is made with ``python -m dashboard user add``.

Every change is a write with its audit line (entity ``user`` / ``wall_link``), checked by the rule table like any
other (dashboard/roles.py: only a 管理员 manages users). A person's own sign-in, failure, lockout and password
change are audited as that person. Lockout and expiry run on the real clock, not the store's as-of time (the
demo's is pinned in 2021).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard import clock, roles, settings
from dashboard.access import sessions
from dashboard.db import Store, Tx, ValidationError

__all__ = ["USER_ENTITY", "WALL_ENTITY", "A_SIGN_IN", "A_FAILED", "A_LOCKED", "A_SIGN_OUT", "A_ADD", "A_DISABLE", "A_ENABLE",
           "A_RESET", "A_CHANGE", "A_EDIT", "SignInRefused", "SignedIn", "sign_out", "password_problem", "add_user", "edit_user",
           "set_active", "reset_password", "change_password", "sign_in", "get_user", "user_list", "count_users",
           "DEMO_ACCOUNTS", "demo_password_file", "add_demo_accounts", "create_wall_link", "revoke_wall_link", "wall_user", "wall_links", "WallLink", "user_events", "group_options"]

USER_ENTITY, WALL_ENTITY = "user", "wall_link"
A_SIGN_IN, A_FAILED, A_LOCKED, A_SIGN_OUT = "登录", "登录失败", "账号锁定", "退出登录"
A_ADD, A_DISABLE, A_ENABLE, A_RESET, A_CHANGE, A_EDIT = "新增用户", "停用用户", "启用用户", "重置密码", "修改密码", "修改用户"
A_LINK_ADD, A_LINK_REVOKE = "新增大屏链接", "停用大屏链接"
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
_LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")

class SignInRefused(ValidationError):
    """A refused sign-in: the Chinese reason, the same for an unknown login and a wrong password."""


def password_problem(password: str, login: str = "") -> str | None:
    """None when ``password`` is acceptable, else why not (Chinese)."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位"
    if not any(c.isdigit() for c in password) or not any(c.isalpha() for c in password):
        return "密码须同时包含字母和数字"
    if login and login.lower() in password.lower():
        return "密码不能包含登录名"
    return None


def _hash(password: str, login: str) -> str:
    problem = password_problem(password, login)
    if problem:
        raise ValidationError(problem)
    return _HASHER.hash(password)


def _login(text: Any) -> str:
    login = str(text or "").strip().lower()
    if not login or not set(login) <= _LOGIN_CHARS or len(login) > 40:
        raise ValidationError("登录名只能用小写字母、数字和 . _ -，不超过 40 位")
    return login


def _scope(tx: Tx, role: str, unit_code: str | None, group_id: int | None) -> tuple[str | None, int | None]:
    """The county / group a role acts for: required for 县区填报员 / 督查组, none for the others."""
    if role not in roles.ROLES:
        raise ValidationError(f"角色应为：{'、'.join(roles.ROLES)}")
    if role == roles.CLERK:
        if not unit_code or not tx.one("SELECT 1 FROM units WHERE code = ?", [unit_code]):
            raise ValidationError("县区填报员须选择所属县区")
        return unit_code, None
    if role == roles.GROUP:
        if group_id is None or not tx.one("SELECT 1 FROM groups WHERE id = ?", [int(group_id)]):
            raise ValidationError("督查组账号须选择所属检查组")
        return None, int(group_id)
    return None, None


def _row(tx: Tx, login: str) -> dict | None:
    frame = tx.query("SELECT * FROM users WHERE login = ?", [login])
    return None if frame.empty else frame.iloc[0].to_dict()


def _user_of(row: dict, names: dict[str, str] | None = None) -> roles.User:
    group = None if pd.isna(row.get("group_id")) else int(row["group_id"])
    unit = None if pd.isna(row.get("unit_code")) else row["unit_code"]
    where = (names or {}).get(unit) if unit else ((names or {}).get(f"group:{group}") if group is not None else None)
    return roles.User(login=row["login"], name=row["name"], role=row["role"], unit_code=unit, group_id=group,
                      county_name=where)


def _names(tx_or_store: Tx | Store) -> dict[str, str]:
    """County code -> name and "group:<id>" -> group name, for a user's label; one query."""
    read = tx_or_store.execute if isinstance(tx_or_store, Tx) else tx_or_store.rows
    return dict(read("SELECT code, name FROM units UNION ALL SELECT 'group:' || id, name FROM groups"))


def _may_self(tx: Tx, user: roles.User, action: str) -> None:
    """Refuse (ValidationError, Chinese) a person's own ``action`` their role may not take: a wall link, or no
    user at all (未登录), before anything of theirs is read."""
    tx.authorize(user, USER_ENTITY, action, county=getattr(user, "unit_code", None),
                 group=getattr(user, "group_id", None))


def _audit_self(tx: Tx, user: roles.User, action: str, **kwargs: Any) -> None:
    _may_self(tx, user, action)
    tx.audit(USER_ENTITY, user.login, action, user, county=user.unit_code, group=user.group_id, **kwargs)


# -- managing accounts (管理员) ------------------------------------------------------------------------------
def add_user(store: Store, actor: roles.User, *, login: str, name: str, role: str, password: str,
             unit_code: str | None = None, group_id: int | None = None, phone: str | None = None,
             must_change: bool = True) -> roles.User:
    """A new account; ``must_change``: the person sets their own password at first sign-in."""
    login = _login(login)
    name = str(name or "").strip()
    if not name:
        raise ValidationError("请填写姓名")
    hashed = _hash(password, login)

    def write(tx: Tx) -> roles.User:
        if _row(tx, login):
            raise ValidationError(f"登录名 {login} 已存在")
        unit, group = _scope(tx, role, unit_code, group_id)
        now = clock.local_now()
        tx.execute("INSERT INTO users (login, name, role, unit_code, group_id, phone, password_hash, must_change,"
                   " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [login, name, role, unit, group, (phone or "").strip() or None, hashed, must_change, now, now])
        tx.audit(USER_ENTITY, login, A_ADD, actor, detail={"name": name, "role": role, "unit_code": unit,
                                                           "group_id": group})
        return _user_of(_row(tx, login), _names(tx))

    return store.write(write)


def edit_user(store: Store, actor: roles.User, login: str, *, name: str, role: str, unit_code: str | None = None,
              group_id: int | None = None, phone: str | None = None) -> None:
    def write(tx: Tx) -> None:
        row = _existing(tx, login)
        unit, group = _scope(tx, role, unit_code, group_id)
        if not str(name or "").strip():
            raise ValidationError("请填写姓名")
        changes = {"name": str(name).strip(), "role": role, "unit_code": unit, "group_id": group,
                   "phone": (phone or "").strip() or None}
        before = {k: (None if pd.isna(row[k]) else row[k]) for k in changes}
        if before == changes:
            raise ValidationError("没有改动")
        _refuse_last_admin(tx, row, role=role)
        tx.execute("UPDATE users SET name = ?, role = ?, unit_code = ?, group_id = ?, phone = ?, updated_at = ?"
                   " WHERE login = ?", [*changes.values(), clock.local_now(), row["login"]])
        tx.audit(USER_ENTITY, row["login"], A_EDIT, actor, detail={"before": before, "after": changes})

    store.write(write)


def _existing(tx: Tx, login: str) -> dict:
    row = _row(tx, str(login or "").strip().lower())
    if row is None:
        raise ValidationError(f"没有登录名为 {login} 的用户")
    return row


def _refuse_last_admin(tx: Tx, row: dict, *, role: str | None = None, active: bool | None = None) -> None:
    """The last active 管理员 cannot be disabled or given another role: nobody could manage users after."""
    if row["role"] != roles.ADMIN or not row["active"]:
        return
    if (role is not None and role != roles.ADMIN) or active is False:
        others = tx.one("SELECT count(*) FROM users WHERE role = ? AND active AND login <> ?",
                        [roles.ADMIN, row["login"]])[0]
        if not others:
            raise ValidationError("这是唯一可用的管理员账号，不能停用或改为其他角色；请先新增另一名管理员")


def set_active(store: Store, actor: roles.User, login: str, active: bool, reason: str = "") -> None:
    def write(tx: Tx) -> None:
        row = _existing(tx, login)
        if bool(row["active"]) == active:
            raise ValidationError(f"用户 {row['login']} 已{'启用' if active else '停用'}")
        _refuse_last_admin(tx, row, active=active)
        tx.execute("UPDATE users SET active = ?, failed_count = 0, locked_until = NULL, updated_at = ? WHERE login = ?",
                   [active, clock.local_now(), row["login"]])
        tx.audit(USER_ENTITY, row["login"], A_ENABLE if active else A_DISABLE, actor, reason=reason.strip() or None)

    store.write(write)
    if not active:
        sessions.end_user(str(login).strip().lower())


def reset_password(store: Store, actor: roles.User, login: str, new_password: str) -> None:
    """An administrator sets a temporary password; the person must change it at the next sign-in. Unlocks, and
    signs the account out everywhere (whoever held the old password's session is out)."""
    def write(tx: Tx) -> str:
        row = _existing(tx, login)
        hashed = _hash(new_password, row["login"])
        tx.execute("UPDATE users SET password_hash = ?, must_change = TRUE, failed_count = 0, locked_until = NULL,"
                   " updated_at = ? WHERE login = ?", [hashed, clock.local_now(), row["login"]])
        tx.audit(USER_ENTITY, row["login"], A_RESET, actor)
        return row["login"]

    reset = store.write(write)
    sessions.end_user(reset)


def change_password(store: Store, user: roles.User, old_password: str, new_password: str) -> None:
    """The signed-in person's own change: the old password first."""
    if new_password == old_password:
        raise ValidationError("新密码不能与原密码相同")

    # Both hashings before the write (they never hold the other writes up); the verdict is used only if the
    # hash read then is still the account's. A wrong old password counts as a failed sign-in (``_failure``): a
    # screen left signed in cannot be used to guess the password, and the lock signs the account out.
    login = user.login if isinstance(user, roles.User) else None  # anything else is refused in the write
    read = store.scalar("SELECT password_hash FROM users WHERE login = ?", [login]) if login else None
    right = read is not None and _verify(read, old_password)
    hashed = _hash(new_password, login) if right else None
    outcome: dict[str, str] = {}

    def write(tx: Tx) -> None:
        _may_self(tx, user, A_CHANGE)
        row = _existing(tx, user.login)
        if row["password_hash"] != read:
            raise ValidationError("密码刚被修改或重置，请重新登录后再试")
        if not right:
            locked = _failure(tx, row, user, clock.local_now(), "原密码错误")
            outcome["refused"] = locked or "原密码不正确"
            outcome["locked"] = "yes" if locked else ""
            return
        tx.execute("UPDATE users SET password_hash = ?, must_change = FALSE, failed_count = 0, updated_at = ?"
                   " WHERE login = ?", [hashed, clock.local_now(), row["login"]])
        _audit_self(tx, user, A_CHANGE)

    store.write(write)  # the failure's count and audit line are kept: the refusal is raised after the commit
    if outcome.get("locked"):
        sessions.end_user(user.login)
    if "refused" in outcome:
        raise ValidationError(outcome["refused"])


def _failure(tx: Tx, row: dict, user: roles.User, now: datetime, what: str) -> str | None:
    """A wrong password counted against the account (signing in, or the old one when changing it): audited, and
    after ``sign_in_max_failures`` in a row the account locked for ``sign_in_lock_minutes``. Returns the lock's
    words when this failure locked it, else None."""
    max_failures = int(settings.get("sign_in_max_failures"))
    lock = timedelta(minutes=int(settings.get("sign_in_lock_minutes")))
    failures = int(row["failed_count"]) + 1
    if failures < max_failures:
        tx.execute("UPDATE users SET failed_count = ? WHERE login = ?", [failures, row["login"]])
        _audit_self(tx, user, A_FAILED, reason=f"{what}（第 {failures} 次）")
        return None
    until = now + lock
    tx.execute("UPDATE users SET failed_count = 0, locked_until = ? WHERE login = ?", [until, row["login"]])
    _audit_self(tx, user, A_LOCKED, reason=f"连续 {failures} 次{what}")
    return f"连续 {failures} 次{what}，账号已锁定 {int(lock.total_seconds() // 60)} 分钟（至 {until:%H:%M}）"


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


# -- signing in --------------------------------------------------------------------------------------------
_REFUSED = "登录名或密码不正确"
_DUMMY_HASH: list[str] = []  # made at the first unknown login (hashing takes as long as a sign-in)


def _refused(max_failures: int, lock: timedelta) -> str:
    """The answer to an unknown login and to a wrong password alike: it never says whether the login exists."""
    return f"{_REFUSED}（连续 {max_failures} 次密码错误将锁定账号 {int(lock.total_seconds() // 60)} 分钟）"


def _verify_nothing(password: str) -> None:
    """An unknown login's password checked against a hash of nothing: its answer takes as long as a known one's."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_HASHER.hash(secrets.token_hex(16)))
    _verify(_DUMMY_HASH[0], password)


@dataclass(frozen=True)
class SignedIn:
    user: roles.User
    must_change: bool


def sign_in(store: Store, login: str, password: str, *, now: datetime | None = None) -> SignedIn:
    """The account's user when the password is right and the account active and not locked; else SignInRefused.

    Every attempt is audited: 登录, 登录失败 (an unknown login is written as the sign-in page's), 账号锁定 when
    ``sign_in_max_failures`` in a row lock it for ``sign_in_lock_minutes``. The refusal does not say whether the
    login exists, neither in its words nor in its time (an unknown login's password is hashed too); a locked or
    disabled account says so (the person needs an administrator). ``now``: the real
    time of the attempt (default the clock's; a test passes the time a lock has run out)."""
    login = str(login or "").strip().lower()
    max_failures = int(settings.get("sign_in_max_failures"))
    lock = timedelta(minutes=int(settings.get("sign_in_lock_minutes")))
    now = now or clock.local_now()
    outcome: dict[str, Any] = {}
    # The password is hashed before the write (about 0.3 s of Argon2), so the hashing never holds the other
    # writes up; inside the write the verdict is used only if the hash read then is still the account's.
    read = store.scalar("SELECT password_hash FROM users WHERE login = ?", [login]) if login else None
    if read is None:
        _verify_nothing(password)  # an unknown login takes as long as a known one
    verdict = {read: _verify(read, password)} if read is not None else {}

    def write(tx: Tx) -> None:
        row = _row(tx, login) if login else None
        if row is None:
            # not the typed text (it may be a password typed in the wrong box): a short fingerprint to tell tries apart
            tx.audit(USER_ENTITY, f"未知登录名#{hashlib.sha256(login.encode()).hexdigest()[:8]}" if login else "（空）",
                     A_FAILED, roles.system("登录页"), reason="登录名不存在")
            outcome["refused"] = _refused(max_failures, lock)
            return
        user = _user_of(row, _names(tx))
        if not row["active"]:
            _audit_self(tx, user, A_FAILED, reason="账号已停用")
            outcome["refused"] = "该账号已停用，请联系管理员"
            return
        locked_until = row["locked_until"]
        if locked_until is not None and not pd.isna(locked_until) and _stamp(locked_until) > now:
            _audit_self(tx, user, A_FAILED, reason="账号锁定中")
            outcome["refused"] = f"连续登录失败次数过多，账号已锁定至 {_stamp(locked_until):%H:%M}，请稍后再试或联系管理员"
            return
        right = verdict[row["password_hash"]] if row["password_hash"] in verdict else _verify(row["password_hash"], password)
        if not right:
            outcome["refused"] = _failure(tx, row, user, now, "密码错误") or _refused(max_failures, lock)
            return
        tx.execute("UPDATE users SET failed_count = 0, locked_until = NULL, last_sign_in = ? WHERE login = ?",
                   [now, login])
        _audit_self(tx, user, A_SIGN_IN)
        outcome["signed_in"] = SignedIn(user, bool(row["must_change"]))

    store.write(write)  # the failure's count and audit line are kept: the refusal is raised after the commit
    if "refused" in outcome:
        raise SignInRefused(outcome["refused"])
    return outcome["signed_in"]


def _stamp(value: Any) -> datetime:
    return pd.Timestamp(value).to_pydatetime()


def sign_out(store: Store, user: roles.User) -> None:
    store.write(lambda tx: _audit_self(tx, user, A_SIGN_OUT))


# -- reading -----------------------------------------------------------------------------------------------
def get_user(store: Store, login: str) -> roles.User | None:
    """The active account's user (None when there is none or it is disabled): asked at every page run, so a
    disabled account or a changed role takes effect at once."""
    frame = store.query("SELECT * FROM users WHERE login = ? AND active", [str(login or "").strip().lower()])
    return None if frame.empty else _user_of(frame.iloc[0].to_dict(), _names(store))


def count_users(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM users WHERE active"))


def user_list(store: Store) -> pd.DataFrame:
    """Every account for 用户管理 (never the hash)."""
    return store.query(
        "SELECT u.login, u.name, u.role, n.name AS county, g.name AS group_name, u.phone, u.active, u.must_change,"
        " u.locked_until, u.last_sign_in, u.created_at FROM users u LEFT JOIN units n ON n.code = u.unit_code"
        " LEFT JOIN groups g ON g.id = u.group_id ORDER BY u.active DESC, u.role, u.login")


# -- the demo's accounts ---------------------------------------------------------------------------------------
DEMO_ACCOUNTS = (  # login, name, role, county (县区填报员), group's county (督查组)
    ("admin", "刘晓东", roles.ADMIN, None, None),
    ("office", "陈建华", roles.OFFICE, None, None),
    ("duty", "张伟", roles.DUTY, None, None),
    ("hanbin", "李娜", roles.CLERK, "汉滨区", None),
    ("group1", "赵强", roles.GROUP, None, "汉滨区"),
    ("leader", "王建国", roles.LEADER, None, None),
)


def demo_password_file(db: Path) -> Path:
    """Beside a demo store: the demo accounts' password, made at random by ``add_demo_accounts`` and shown on the
    sign-in page while the store is the demo. Never in the store, never in the code."""
    return db.with_name(db.name + ".demo-password")


def add_demo_accounts(store: Store) -> str:
    """One account per role for the demo, all with one random password, written beside the store (0600)."""
    password = f"Demo-{secrets.token_hex(4)}-{secrets.randbelow(90) + 10}"
    actor = roles.system("演示数据")
    codes = dict(store.rows("SELECT name, code FROM units"))
    groups = dict(store.rows("SELECT unit_code, id FROM groups"))
    for login, name, role, county, group_county in DEMO_ACCOUNTS:
        add_user(store, actor, login=login, name=name, role=role, password=password, unit_code=codes.get(county),
                 group_id=groups.get(codes.get(group_county)), must_change=False)
    target = demo_password_file(Path(store.path))
    target.unlink(missing_ok=True)
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as out:
        out.write(password + "\n")  # readable by the app's user only, from the first byte
    return password


# -- the wall's links ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WallLink:
    id: int
    label: str
    token: str  # shown once, when made


def create_wall_link(store: Store, actor: roles.User, label: str) -> WallLink:
    """A read-only link for a wall PC (``?kiosk=1&wall=<token>``); only the token's SHA-256 is kept."""
    label = str(label or "").strip()
    if not label:
        raise ValidationError("请填写大屏名称（如：指挥中心大屏）")
    token = secrets.token_urlsafe(24)

    def write(tx: Tx) -> int:
        tx.authorize(actor, WALL_ENTITY, A_LINK_ADD)  # before its name goes into the link's row
        new_id = tx.one("INSERT INTO wall_links (label, token_hash, created_at, created_by) VALUES (?, ?, ?, ?)"
                        " RETURNING id", [label, sessions.digest(token), clock.local_now(), actor.label])[0]
        tx.audit(WALL_ENTITY, str(new_id), A_LINK_ADD, actor, detail={"label": label})
        return new_id

    return WallLink(store.write(write), label, token)


def revoke_wall_link(store: Store, actor: roles.User, link_id: int) -> None:
    def write(tx: Tx) -> None:
        tx.authorize(actor, WALL_ENTITY, A_LINK_REVOKE)  # before its name goes into the link's row
        found = tx.one("SELECT label FROM wall_links WHERE id = ? AND revoked_at IS NULL", [int(link_id)])
        if not found:
            raise ValidationError("该大屏链接不存在或已停用")
        tx.execute("UPDATE wall_links SET revoked_at = ?, revoked_by = ? WHERE id = ?",
                   [clock.local_now(), actor.label, int(link_id)])
        tx.audit(WALL_ENTITY, str(link_id), A_LINK_REVOKE, actor, detail={"label": found[0]})

    store.write(write)


def wall_user(store: Store, token: str | None) -> roles.User | None:
    """The wall's read-only user for a link's token still in force, else None."""
    if not token:
        return None
    found = store.rows("SELECT id, label FROM wall_links WHERE token_hash = ? AND revoked_at IS NULL",
                       [sessions.digest(str(token))])
    if not found:
        return None
    link_id, label = found[0]
    return roles.User(login=f"wall:{link_id}", name=label, role=roles.WALL)


def wall_links(store: Store) -> pd.DataFrame:
    return store.query("SELECT id, label, created_at, created_by, revoked_at, revoked_by FROM wall_links ORDER BY id")


def user_events(store: Store, limit: int = 200) -> pd.DataFrame:
    """The newest account events (sign-ins, failures, lockouts, changes by administrators, wall links)."""
    return store.query(
        "SELECT coalesce(recorded_at, happened_at) AS at, actor, entity_id, action, reason FROM audit_events"
        " WHERE entity IN (?, ?) ORDER BY id DESC LIMIT ?", [USER_ENTITY, WALL_ENTITY, int(limit)])


def group_options(store: Store) -> dict[str, int]:
    """Group name -> id, for choosing a 督查组 account's group."""
    return dict(store.rows("SELECT name, id FROM groups ORDER BY id"))
