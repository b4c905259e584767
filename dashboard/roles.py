"""Who may do what: the roles, the acting user, and the rule every write is checked against.

Pure rules, no store: ``refusal(user, entity, action, county=..., group=...)`` is None when the user's role allows
``action`` on a record of ``entity`` in that county / group, else the Chinese reason. The check is made where
every write has to pass: ``Tx.audit`` (dashboard/db.py) refuses the audit line, and with it the whole
transaction, for a user the rule does not allow. A write path cannot forget it (a transaction without its audit
line is refused too), and a page that forgot to hide a button still cannot write. Pages ask ``allowed`` to hide
what the user cannot do.

Scope follows the role, not the rule: a 县区填报员 acts only on its own county's records, a 督查组 only on its own
group's; a write that does not say its county (or group) is refused for them.

The actors that are not people signed in on a page are named too: ``system(name)`` for the command line (the
operating-system user who ran it) and the background jobs; ``SYSTEM`` may do every write.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass

ADMIN, OFFICE, DUTY, CLERK, GROUP, LEADER, WALL, SYSTEM = (
    "管理员", "市安委办", "值班员", "县区填报员", "督查组", "领导", "大屏", "系统")
ROLES = (ADMIN, OFFICE, DUTY, CLERK, GROUP, LEADER)  # the roles a person's account can have (大屏 is a link)
ROLE_NOTES = {
    ADMIN: "用户与设置",
    OFFICE: "除用户管理外的全部写操作",
    DUTY: "各县区的值班报送、事故信息、预警、调度和值班表",
    CLERK: "本县区的值班日报、事故信息，本县区隐患和重大火灾隐患单位的整改进度",
    GROUP: "本组的隐患：登记、导入、书面移交",
    LEADER: "查看全部，不能修改",
}
SCOPED = {CLERK: "county", GROUP: "group"}  # roles that act only inside their own county / group

ANY = "*"  # every action of the entity

# (entity, action) → the roles allowed, besides SYSTEM. Default: nobody. Entities are the audit entities of the
# domains (their ENTITY constants); actions their audit action names.
RULES: dict[tuple[str, str], frozenset[str]] = {}


def _allow(entity: str, actions: Iterable[str] | str, *roles: str) -> None:
    for action in [actions] if isinstance(actions, str) else actions:
        RULES[(entity, action)] = frozenset(roles)


# hazards: registered and handed over by their group (or the office); rectified by their county; judged by the office
_allow("hazard", ("登记", "即查即改销号", "书面移交"), OFFICE, GROUP)
_allow("hazard", ("开始整改", "提交整改完成"), OFFICE, CLERK)
_allow("hazard", ("复核合格", "复核不通过", "延期", "挂牌督办", "执法措施", "复查发现反弹"), OFFICE)
# major fire-hazard units: progress by their county, decisions by the office
_allow("fire_unit", ("更新进度", "节点完成", "申请复查"), OFFICE, CLERK)
_allow("fire_unit", ANY, OFFICE)
# holiday duty: reports and incidents by the county, the duty officer or the office
_allow("duty_report", ANY, OFFICE, DUTY, CLERK)
_allow("incident", ANY, OFFICE, DUTY, CLERK)
_allow("warning", ANY, OFFICE, DUTY)
_allow("dispatch", ANY, OFFICE, DUTY)
_allow("duty_roster", ANY, OFFICE, DUTY)
_allow("duty_period", ANY, OFFICE)
_allow("notification", ANY, OFFICE, DUTY)  # deadline reminders to the persons responsible (a chase is a dispatch)
_allow("task", ANY, OFFICE)
_allow("document", ANY, OFFICE)
_allow("meeting_snapshot", ANY, OFFICE, DUTY)  # a meeting's frozen view, kept; never a change to the records
_allow("group", ANY, OFFICE)
_allow("fire", ANY, OFFICE)
_allow("setting", ANY, ADMIN, OFFICE)
_allow("import", ("导入隐患",), OFFICE, GROUP)
_allow("import", ("导入值班表",), OFFICE, DUTY)
_allow("import", ("导入重大火灾隐患单位", "导入重大火灾隐患整改节点", "导入火灾记录", "导入专项整治", "导入督查组",
                   "导入督查检查记录", "导入督查组人员变更备案", "导入督查组约谈记录"), OFFICE)
# one record typed in a kind's form (ingest.kinds.enter): a one-row entry of the register, the same roles as its import
_allow("import", ("登记专项整治", "登记督查组", "登记督查检查记录", "登记督查组人员变更备案", "登记督查组约谈记录"), OFFICE)
_allow("import", ANY, OFFICE)
_allow("user", ANY, ADMIN)
_allow("user", ("登录", "登录失败", "账号锁定", "退出登录", "修改密码"), *ROLES)  # one's own, written as oneself
_allow("wall_link", ANY, ADMIN)
_allow("units", ANY, ADMIN)
_allow("backup", ANY, ADMIN, OFFICE)  # 立即备份 on 数据管理 (no record written: backup.take asks it of its actor)


# Which pages a role sees (url_path; "" is 态势总览). A 县区填报员 sees its own pages and the city pages the office
# shares (setting clerk_shared_pages); the others every page but these, kept to their roles.
_CLERK_OWN = {"clerk", "account"}
_PAGES_FOR = {"users": {ADMIN}, "clerk": {CLERK, OFFICE, DUTY, ADMIN}}


def sees_page(user: "User", url_path: str, shared: Iterable[str] = ("overview",)) -> bool:
    """Whether the navigation offers ``url_path`` to ``user``: a 县区填报员 its phone page, its account and the
    ``shared`` city pages (``overview`` is 态势总览, at the root); 用户管理 only to a 管理员."""
    kept = user.role in _PAGES_FOR.get(url_path, {user.role})  # 用户管理 stays the 管理员's whatever is shared
    if user.role == CLERK:
        return kept and (url_path in _CLERK_OWN or (url_path or "overview") in set(shared))
    return kept


@dataclass(frozen=True)
class User:
    """The one acting: a signed-in account, a wall link, or a system actor (the CLI, a background job)."""

    login: str
    name: str
    role: str
    unit_code: str | None = None  # a 县区填报员's county
    group_id: int | None = None  # a 督查组's group
    county_name: str | None = None  # for messages: the county's or group's name as people say it

    @property
    def label(self) -> str:
        """How the audit line and the pages name the user: 姓名（角色，县区）."""
        where = f"，{self.county_name}" if self.county_name else ""
        return f"{self.name}（{self.role}{where}）"

    @property
    def writes(self) -> bool:
        return self.role not in (LEADER, WALL)


def system(name: str | None = None) -> User:
    """The command line or a background job, named by what ran it (default: the operating-system user)."""
    who = name or f"命令行（{_os_user()}）"
    return User(login=f"system:{who}", name=who, role=SYSTEM)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no name for the uid (a container): say so rather than guess
        return "未知系统用户"


def _roles_for(entity: str, action: str) -> frozenset[str]:
    return RULES.get((entity, action), RULES.get((entity, ANY), frozenset()))


def refusal(user: object, entity: str, action: str, *, county: str | None = None,
            group: int | None = None, county_label: str | None = None) -> str | None:
    """None when ``user`` may take ``action`` on a record of ``entity`` in ``county`` / ``group``, else why not."""
    if not isinstance(user, User):
        return "未登录或操作人不明，不能保存。请先登录。"
    if user.role == SYSTEM:
        return None
    if user.role not in _roles_for(entity, action):
        return f"{user.label}无权执行“{action}”：{user.role}的权限是{ROLE_NOTES.get(user.role, '只读')}。"
    scope = SCOPED.get(user.role)
    if scope == "county" and (county is None or county != user.unit_code):
        where = county_label or county or "未注明县区的记录"
        return f"{user.label}只能操作本县区的记录，不能对{where}执行“{action}”。"
    if scope == "group" and (_int(group) is None or _int(group) != _int(user.group_id)):  # NaN / text: no group
        return f"{user.label}只能操作本组的隐患，不能对其他检查组的记录执行“{action}”。"
    return None


def allowed(user: object, entity: str, action: str, *, county: str | None = None, group: int | None = None) -> bool:
    return refusal(user, entity, action, county=county, group=group) is None


def may_any(user: object, entity: str, action: str) -> bool:
    """Whether the role may take ``action`` on some record of ``entity`` (own county/group for scoped roles)."""
    return isinstance(user, User) and (user.role == SYSTEM or user.role in _roles_for(entity, action))


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
