"""数据管理's sections: 导入记录 (every import with its original file, 撤销导入; dashboard/import_register.py) and
备份, and the app's backup service started with the app (the entry script calls ``keep_backups_running``).
Backups themselves are dashboard/backup, the register dashboard/import_register; this only shows and asks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import backup, clock, contents, import_register
from dashboard.db import ValidationError
from dashboard.ui import kit, rights

__all__ = ["keep_backups_running", "contents_section", "imports_section", "backups_section", "STALE_HOURS"]

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

    if not rights.may_any("backup", "立即备份"):  # asked again by backup.take (it writes no record to audit)
        rights.note("立即备份")
    elif st.button("立即备份", type="primary", icon=":material/backup:", key=key("backup.now")):
        with st.spinner("正在备份并校验……"):
            try:
                made = backup.take(ctx.store, reason=backup.MANUAL, actor=ui.user())
            except (backup.BackupError, ValidationError) as exc:  # refused for the role, or the copy failed
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


def contents_section(ctx: kit.PageContext) -> None:
    """数据概况: which kinds of record the store holds and, for each still missing, where it is loaded, in the order
    to load them (a new store from ``python -m dashboard init``: all of them)."""
    st.subheader("数据概况", divider="gray")
    have = kit.loaded()
    present = [k.noun for k in contents.KINDS if have.has(k)]
    if present:
        st.caption("已载入：" + "、".join(present) + "。")
    kit.empty_state(have.missing(), key="data", lead=(
        "这是新建的空数据库，还没有载入任何业务数据。请按以下顺序载入（先载入督查组，隐患清单中的检查组才能对应）；"
        "每次导入都记在下方“导入记录”中，导错的可整批撤销。" if have.nothing else None))


def _imports_table(entries: list[import_register.ImportRecord]) -> pd.DataFrame:
    return pd.DataFrame({
        "编号": [e.id for e in entries],
        "类型": [e.label for e in entries],
        "文件": [e.file_name for e in entries],
        "导入人": [e.actor for e in entries],
        "导入时间": [clock.format_datetime(e.imported_at) for e in entries],
        "行数": [e.rows_total for e in entries],
        "新增": [e.rows_added for e in entries],
        "替换": [e.rows_replaced for e in entries],
        "状态": [e.status for e in entries],
        "撤销": [f"{clock.format_datetime(e.undone_at)} {e.undone_by}：{e.undo_reason}" if e.undone_at else ""
               for e in entries],
        "列的对应与选择": [_reading_text(e) for e in entries],
    })


def _reading_text(e: import_register.ImportRecord) -> str:
    """How the rows were read: the file's columns and choices, or 逐条登记 for a record typed in a form
    (``ingest.kinds.enter``: a one-row entry, its original the kind's template holding the typed row)."""
    entry = (e.choices or {}).get("entry")
    return f"{entry}（表单）" if entry else e.mapping_text


def _entry_label(e: import_register.ImportRecord) -> str:
    # no status here: a keyed selectbox keeps showing the label it had when the choice was made (after 撤销)
    return f"第 {e.id} 号 · {e.label} · {e.file_name} · {clock.format_datetime(e.imported_at)}"


def imports_section(ctx: kit.PageContext) -> None:
    """导入记录: every import newest first (kind, file, who, when, rows, status, the mapping used), the
    original file of one, and 撤销导入 (a reason, a confirmation; a refusal says which rows changed)."""
    from dashboard import ui

    key = ctx.key
    st.subheader("导入记录", divider="gray")
    st.caption("每次导入（隐患清单、值班表）都记下文件原件、导入人、时间、行数和列的对应；导错时可整批撤销：导入的记录"
               "连同其历史一并删除，被替换的值班安排恢复原样。导入后已有后续操作或修改的，不能撤销。"
               "在页面表单中逐条登记的专项整治任务、督查组成员、暗访检查、变更备案和约谈记录也各记一次（逐条登记），同样可以撤销。")
    kit.outcome(key("imports.undo"))
    entries = ui.cached(import_register.imports)()
    if not entries:
        st.caption("还没有导入记录。各类数据在哪里载入，见上方“数据概况”。")
        return
    st.dataframe(_imports_table(entries), key=key("imports"), hide_index=True, width="stretch",
                 column_config={"文件": st.column_config.TextColumn(width="medium"),
                                "列的对应与选择": st.column_config.TextColumn(width="large")})
    by_id = {e.id: e for e in entries}
    chosen = st.selectbox("选择一次导入", list(by_id), key=key("imports.pick"),
                          format_func=lambda i: _entry_label(by_id[i]))
    entry = by_id[chosen]
    if entry.sha256:  # read from the store only when clicked (a file may be 20 MB)
        st.download_button(f"下载原件：{ui.plain(entry.file_name)}", data=lambda: import_register.original(ctx.store, entry.id)[1],
                           file_name=entry.file_name, icon=":material/download:", key=key(f"imports.file.{entry.id}"))
    else:
        st.caption("这次导入早于导入登记功能，没有保存原件。")
    if entry.undone_at is not None:
        st.caption(ui.plain(f"已于 {clock.format_datetime(entry.undone_at)} 由 {entry.undone_by} 撤销：{entry.undo_reason}"))
        return
    if not rights.may_any(import_register.ENTITY, import_register.A_UNDO):
        rights.note("撤销导入")
        return
    with st.form(key(f"imports.undo.form.{entry.id}"), border=True):
        st.markdown(f"**撤销第 {entry.id} 号导入**")
        st.caption(ui.plain(f"{entry.label}：{entry.file_name}，新增 {entry.rows_added} 条"
                            + (f"、替换 {entry.rows_replaced} 条" if entry.rows_replaced else "")
                            + "。撤销后这些记录及其历史将被删除（被替换的恢复原样），导入记录保留并标为已撤销。"))
        reason = st.text_input("撤销原因", key=key("imports.undo.reason"))
        sure = st.checkbox("我已确认要撤销这次导入的全部记录", key=key("imports.undo.sure"))
        go = st.form_submit_button("撤销导入", type="primary", icon=":material/undo:", key=key("imports.undo.submit"))
    if go:
        if not sure:
            st.warning("请先勾选确认，再撤销。", icon=":material/warning:")
            return
        kit.submit(key("imports.undo"), lambda: import_register.undo(ctx.store, entry.id, ui.user(), reason),
                   lambda counts: f"已撤销第 {entry.id} 号导入（{entry.file_name}）：删除或恢复 "
                                  f"{sum(n for t, n in counts.items() if t != 'audit_events'):,} 条记录。",
                   refused="未撤销")
