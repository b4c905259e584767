"""数据管理's backup section, and the app's backup service started with the app (the entry script calls
``keep_backups_running``). Backups themselves are dashboard/backup; this only shows and asks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import backup, clock
from dashboard.ui import kit

__all__ = ["keep_backups_running", "backups_section", "STALE_HOURS"]

STALE_HOURS = 26  # with a daily schedule, a newest backup older than this means a night was missed


@st.cache_resource(show_spinner=False, on_release=lambda service: backup.stop_service(service.db))
def _service(path: str) -> backup.Service:
    return backup.ensure_service(Path(path))


def keep_backups_running(db: Path) -> None:
    """The backup service of this process for ``db`` (the schedule, the CLI's requests): started once; a
    server started by scripts/serve.py already has it."""
    service = _service(str(Path(db).resolve()))
    if not service.running:  # stopped (e.g. its thread was asked to stop): start it again
        _service.clear()
        _service(str(Path(db).resolve()))


def _size(n: int) -> str:
    return f"{n / 1_048_576:,.1f} MB"


def _status(entry: backup.Backup) -> str:
    return entry.status if not entry.problem else f"{entry.status}：{entry.problem}"


def _table(entries: list[backup.Backup]) -> pd.DataFrame:
    now = clock.local_now()
    return pd.DataFrame({
        "备份": [e.name for e in entries],
        "时间": [clock.format_datetime(e.created_at) for e in entries],
        "距今": [backup.age_text(e.created_at, now) for e in entries],
        "方式": [e.reason for e in entries],
        "校验": [_status(e) for e in entries],
        "表": [len(e.tables) if e.verified else None for e in entries],
        "行数": [e.rows if e.verified else None for e in entries],
        "佐证材料": [(f"{e.evidence_files} 个文件" if e.manifest.get("evidence") else "未配置") if e.verified else ""
                 for e in entries],
        "大小": [_size(e.size_bytes) if e.verified else "" for e in entries],
    })


def backups_section(ctx: kit.PageContext) -> None:
    """备份: the newest backup and its age, 立即备份, every backup with its verification, 重新校验, how to restore."""
    from dashboard import ui

    key = ctx.key
    st.subheader("备份", divider="gray")
    directory = backup.backup_dir(ctx.store.path)
    at = backup.scheduled_time()
    schedule = f"每天 {at:%H:%M} 由运行中的看板自动备份" if at else "未设置自动备份（设置 backup_time）"
    st.caption(f"{schedule}；备份在服务器的备份目录中（设置 backup_dir），与数据库分开保存。{backup.describe()}"
               "备份时看板照常使用，修改不受影响。")

    if st.button("立即备份", type="primary", icon=":material/backup:", key=key("backup.now")):
        with st.spinner("正在备份并校验……"):
            try:
                made = backup.take(ctx.store, reason=backup.MANUAL)
            except backup.BackupError as exc:
                st.error(f"未备份：{ui.plain(exc)}", icon=":material/error:")
            else:
                evidence = f"，佐证材料 {made.evidence_files} 个文件" if made.manifest.get("evidence") else ""
                st.success(f"已备份并校验：{made.name}（{len(made.tables)} 张表，{made.rows:,} 行{evidence}，"
                           f"{_size(made.size_bytes)}）。", icon=":material/check_circle:")

    entries = backup.list_backups(directory)
    newest = next((e for e in entries if e.verified), None)
    if newest is None:
        st.warning("还没有已校验的备份。", icon=":material/warning:")
    elif at and (clock.local_now() - newest.created_at).total_seconds() > STALE_HOURS * 3600:
        st.warning(f"最新的已校验备份是 {backup.age_text(newest.created_at)}（{clock.format_datetime(newest.created_at)}）"
                   "，自动备份可能没有进行，请检查服务日志和磁盘空间。", icon=":material/warning:")
    else:
        st.info(f"最新备份：{newest.name}，{backup.age_text(newest.created_at)}，已校验。", icon=":material/verified:")
    if not entries:
        return
    st.dataframe(_table(entries), key=key("backups"), hide_index=True, width="stretch",
                 column_config={"行数": st.column_config.NumberColumn(format="localized"),
                                "校验": st.column_config.TextColumn(width="medium")})

    verified = [e for e in entries if e.status in (backup.VERIFIED, backup.DAMAGED)]
    if verified:
        with st.form(key("verify.form"), border=False):
            cols = st.columns([3, 1], vertical_alignment="bottom")
            name = cols[0].selectbox("重新校验一份备份（逐表核对行数和校验值、文件和佐证材料）",
                                     [e.name for e in verified], key=key("verify.name"))
            checked = cols[1].form_submit_button("重新校验", key=key("verify.submit"))
        if checked:
            with st.spinner("正在校验……"):
                result = backup.verify(directory / name)
            if result.verified:
                st.success(f"{name} 校验通过：{len(result.tables)} 张表、{result.rows:,} 行与备份时一致。",
                           icon=":material/check_circle:")
            else:
                st.error(f"{name} 校验未通过：{ui.plain(result.problem)}", icon=":material/error:")
    st.caption(f"恢复：在服务器上运行 `python -m dashboard restore 备份目录/{entries[0].name} --out 新数据库文件`，"
               "它只写入新文件并逐表校验，然后按提示切换（见 README 的 Running it for the office）。")
