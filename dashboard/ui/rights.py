"""What the signed-in user may do on a page, asked of the same rules every write is checked against
(dashboard/roles.py; ``Tx.audit`` refuses the rest). A page draws a form only when ``may_any`` says the role can
take that action somewhere, offers a record's actions filtered by ``may`` (the record's county and group), and
where it hides a section says why in one quiet caption (``note``). Hiding is a courtesy: a page that forgot to
hide a button still cannot write, the domain refuses.

- ``user()``: the signed-in user (``ui.user()``).
- ``may(entity, action, county=, group=)``: this user may take ``action`` on a record of that county / group.
- ``may_any(entity, action)``: the role may take it on some record (a 县区填报员 its own county's).
- ``may_any_of((entity, action), ...)``: any of them: a section of several forms is drawn when one of them may be.
- ``offered(entity, actions, record)``: the ``actions`` the user may take on ``record`` (its ``unit_code`` and
  ``group_id``), in their order.
- ``note(what)``: “您的角色（领导）只能查看，不能修改。” or why this role cannot ``what``.
- ``own_county()`` / ``own_group()``: the county / group a scoped role acts in (None for the others).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from dashboard import roles

__all__ = ["user", "may", "may_any", "may_any_of", "offered", "note", "reason", "own_county", "own_group"]


def user() -> roles.User:
    from dashboard.ui import signin

    return signin.user()


def may(entity: str, action: str, *, county: str | None = None, group: Any = None) -> bool:
    return roles.allowed(user(), entity, action, county=county, group=_group(group))


def may_any(entity: str, action: str) -> bool:
    return roles.may_any(user(), entity, action)


def may_any_of(*writes: tuple[str, str]) -> bool:
    return any(may_any(entity, action) for entity, action in writes)


def offered(entity: str, actions: Iterable[str], record: Mapping[str, Any]) -> list[str]:
    """The ``actions`` (e.g. the lifecycle's available ones) this user may take on ``record``, in their order."""
    return [a for a in actions
            if may(entity, a, county=record.get("unit_code"), group=record.get("group_id"))]


def reason(what: str = "", *, elsewhere: bool = False) -> str:
    """Why the signed-in user sees no control for ``what`` (e.g. “修改设置”), as one sentence. ``elsewhere``: the
    role may do it, but not on this record (another county's or group's)."""
    current = user()
    if not current.writes:
        return f"您的角色（{current.role}）只能查看，不能修改。"
    if elsewhere:
        where = {"county": "本县区", "group": "本组"}.get(roles.SCOPED.get(current.role, ""), "本人负责")
        return f"您的角色（{current.role}）只能处理{where}的记录，这一条只能查看。"
    return (f"您的角色（{current.role}）不能{what or '修改'}；"
            f"{current.role}的权限是{roles.ROLE_NOTES.get(current.role, '只读')}。")


def note(what: str = "", *, elsewhere: bool = False) -> None:
    """One quiet caption where a section is hidden: why (see ``reason``)."""
    st.caption(f":material/lock: {reason(what, elsewhere=elsewhere)}")


def own_county() -> str | None:
    """The county code a 县区填报员 acts in (None for a role that is not kept to one county)."""
    current = user()
    return current.unit_code if roles.SCOPED.get(current.role) == "county" else None


def own_group() -> int | None:
    """The group id a 督查组 acts for (None for a role that is not kept to one group)."""
    current = user()
    return _group(current.group_id) if roles.SCOPED.get(current.role) == "group" else None


def _group(value: Any) -> int | None:
    try:
        return None if value is None or value != value else int(value)  # NaN / <NA> from a frame: none
    except (TypeError, ValueError):
        return None
