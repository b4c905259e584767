"""An empty store for an office's own data: ``python -m dashboard init --out FILE``.

Every migration applied and the county-level units of ``units_csv`` loaded (one audited write by the system
actor), nothing else: no hazards, fire units, fires, tasks, groups, duty periods or users, and no pinned as-of
time (now is the real clock) and no 演示数据 mark. Every page then shows what is missing and where it is loaded
(``dashboard.contents``); the first administrator is added with ``python -m dashboard user add`` and the data
with the imports (README, "Loading real data later").
"""

from __future__ import annotations

from pathlib import Path

from dashboard import contents, roles, units
from dashboard.db import Store, StoreError

__all__ = ["create", "next_steps"]


def create(path: Path | str, actor: roles.User | None = None) -> int:
    """Create the store at ``path`` (which must not exist) with only its units; returns how many units.

    Refused (StoreError, nothing created) when a file (or its write-ahead log) is already there: replacing a
    store is the caller's decision, taken before (the CLI's ``--force``)."""
    path = Path(path)
    for existing in (path, Path(f"{path}.wal")):
        if existing.exists() or existing.is_symlink():
            raise StoreError(f"文件 {existing.name} 已存在，没有新建数据库，原文件未改动。", path)
    store = Store.open(path, create=True)
    try:
        store.write(lambda tx: units.load_units(tx, actor or roles.system()))
        return int(store.scalar("SELECT count(*) FROM units"))
    finally:
        store.close()


def next_steps(path: Path | str) -> list[str]:
    """What to do after ``init``, as the command prints it (the README's "Loading real data later" in short)."""
    db = str(path)
    return [
        "下一步：",
        f"1. 让看板使用这个数据库：设置 DASHBOARD_DB={db}（或 dashboard.toml 中的 db），DASHBOARD_AS_OF 保持为空。",
        "2. 创建第一位管理员（再由管理员在“用户管理”页新增其他账号）：",
        f"   DASHBOARD_DB={db} python -m dashboard user add 登录名 --name 姓名 --role 管理员",
        "3. 启动看板（make run 或 systemctl start ankang-dashboard），登录后按以下顺序载入各类数据（先载入督查组，隐患清单中的检查组才能对应）：",
        *(f"   · {kind.noun}：{kind.where()}——{kind.how}" for kind in contents.KINDS),
        "   隐患清单也可在命令行导入：python -m dashboard import hazards 文件 [--group 第三组] [--source 来源]",
        "4. 每次导入都记录在“数据管理”的“导入记录”中，导错的可整批撤销。",
    ]
