"""The page kit: what every page does the same way.

- ``page(title, prefix)``: the header (title, 数据截至, scope, demo badge) and a ``PageContext`` with the
  store, the as-of time and date, the county scope and the page's key prefix.
- ``submit(key, write, success)``: run one write; a refusal shows its reason, a success its message, both as
  plain text (user text is never markup) and both where the user acted (``outcome(key)`` shows the message
  kept across the rerun that follows a success).
- ``action_form(lifecycle, name, record, ...)``: a lifecycle action's form, built from its ``Input`` specs.
- ``import_panel(...)``: template download, the file (and the choices made once for it) in one form, progress,
  the refusal table; the signed-in user imports, and a role that may not import sees one caption instead.
- ``row_picker`` (from ``ui.records``): pick a record by clicking its table row.
- ``loaded()`` and ``empty_state(missing, here=...)``: which kinds of record the store holds
  (``dashboard.contents``) and, for those a page needs that are still missing, what is missing and a link to
  where it is loaded — never a blank chart or a zero nobody measured (``loaded().figure(kind, value)`` is None,
  a "—", until the kind is loaded).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import streamlit as st

from dashboard import clock, contents, evidence, lifecycle, settings
from dashboard.db import Store, StoreError, ValidationError
from dashboard.ui import rights
from dashboard.ui.records import row_picker
from dashboard.ui.style import URGENCY_TEXT

__all__ = ["PageContext", "page", "submit", "outcome", "clear_outcome", "action_form", "import_panel",
           "row_picker", "urgency_style", "loaded", "empty_state", "no_data", "new_store_note"]

_OUTCOME = "kit.outcome."


@dataclass(frozen=True)
class PageContext:
    """What a page reads once at the top: the store, "now", the county scope and its key prefix."""

    store: Store
    as_of: datetime
    scope: tuple[str, ...]
    scope_label: str
    prefix: str

    @property
    def today(self) -> date:
        return self.as_of.date()

    def key(self, name: str) -> str:
        """A widget key in this page's namespace (``hazards.`` + name)."""
        return self.prefix + name


def page(title: str, prefix: str) -> PageContext:
    """Draw the page header and return the page's context."""
    from dashboard import ui

    ui.page_header(title)
    return PageContext(ui.store(), ui.as_of(), ui.scope(), ui.scope_label(), prefix)


def loaded() -> contents.Loaded:
    """Which kinds of record the store holds (``dashboard.contents``), read once per write generation and day."""
    from dashboard import ui

    return ui.cached(contents.loaded)(ui.as_of().date())


def _page_script(kind: contents.Kind) -> str:
    return f"app_pages/{kind.page}.py"  # every page's script is named by its url_path (streamlit_app.py)


def empty_state(missing: Sequence[contents.Kind], *, key: str, here: str | None = None, lead: str | None = None) -> bool:
    """For each kind in ``missing`` (``loaded().missing(...)``): 还没有…, where and how it is loaded, what it makes
    appear, and a link to that page (on the page itself, ``here`` = its url_path, it names the section instead);
    ``lead`` first, when the page needs to say why it needs them. Returns True when something is missing, so the
    page can leave out what would be blank or a fake zero."""
    from dashboard import ui

    if not missing:
        return False
    with st.container(border=True, key=f"empty-state-{key}"):
        if lead:
            st.markdown(ui.plain(lead))
        for kind in missing:
            st.markdown(f"**:material/inbox: 还没有{kind.noun}**")
            st.markdown(ui.plain(f"在{kind.where(here)}中{kind.how}。载入后显示{kind.feeds}。"))
            if kind.page != here:
                ui.link(_page_script(kind), f"去{kind.where()}", icon=":material/arrow_forward:")
    return True


def no_data(what: str, kinds: Sequence[contents.Kind]) -> None:
    """In place of a chart or a list drawn from ``kinds`` when none of them is loaded: its title and
    "暂无数据：还没有…" (the page's ``empty_state`` says where they are loaded), never an empty chart."""
    st.markdown(f"**{what}**")
    st.caption(f":material/inbox: 暂无数据：{contents.missing_text(kinds)}。")


def new_store_note(key: str) -> None:
    """On a page with nothing of its own to load (设置, 系统状态): when the store holds no records at all (a new
    store), one line saying so and a link to 数据管理, where every kind and its place are listed."""
    from dashboard import ui

    if loaded().nothing:
        with st.container(border=True, key=f"empty-state-{key}"):
            st.markdown(f"**:material/inbox: {contents.NOTHING_LOADED}**")
            st.markdown("隐患、重大火灾隐患单位、值班时段、督查组、火灾记录和专项整治任务各在其页面中载入，"
                        "“数据管理”页列出了每一类数据的载入位置。")
            ui.link("app_pages/data.py", "去“数据管理”查看各类数据的载入位置", icon=":material/arrow_forward:")


def outcome(key: str) -> None:
    """Show the success message a ``submit`` under ``key`` kept across its rerun (once)."""
    message = st.session_state.pop(_OUTCOME + key, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def clear_outcome(key: str) -> None:
    st.session_state.pop(_OUTCOME + key, None)


def submit(key: str, write: Callable[[], Any], success: Callable[[Any], str] | str, *,
           refused: str = "未执行", refused_note: str = "", rerun: bool = True) -> Any:
    """Run ``write()``; on a refusal (ValidationError) show "未执行：<reason>" (then ``refused_note``, e.g.
    "。所有设置均未改动。") here and return None; on success keep the message (``success(result)`` or a fixed
    text; plain text, user text escaped) for ``outcome(key)`` and rerun so every figure on the page follows
    the write. Returns the write's result when ``rerun`` is False."""
    from dashboard import ui

    st.session_state.pop(_OUTCOME + key, None)
    try:
        result = write()
    except ValidationError as exc:
        reason = str(exc)
        note = refused_note[1:] if refused_note.startswith("。") and reason.endswith(("。", "！", "？")) else refused_note
        st.error(f"{refused}：{ui.plain(reason)}{ui.plain(note) if note else ''}", icon=":material/block:")
        return None
    except StoreError as exc:  # busy, a conflict retried to the end, a full disk: said, nothing written
        st.error(f"未保存：{ui.plain(exc)}", icon=":material/error:")
        return None
    text = success(result) if callable(success) else success
    st.session_state[_OUTCOME + key] = ui.plain(text)
    if rerun:
        st.rerun()
    return result




def urgency_style(band: str | None, *, green: bool = False) -> str:
    """CSS for a countdown cell (``Countdown.urgency``) in its band's colour, bold: for
    ``frame.style.map(urgency_style, subset=[...])`` over a column of bands, or ``.apply`` with the bands
    beside the text. Green (期限充足) and no band (done, no deadline) stay plain unless ``green``."""
    color = URGENCY_TEXT.get(band) if isinstance(band, str) else None  # None / NaN: no band
    if color is None or (band == clock.GREEN and not green):
        return ""
    return f"color: {color}; font-weight: 700"


def _widget(spec: lifecycle.Input, record: Mapping[str, Any], today: date, key: str) -> Any:
    label = spec.label_of(record)
    default = spec.default_of(record, today)
    if spec.kind == lifecycle.DATE:
        return st.date_input(label, value=default, key=key, format="YYYY-MM-DD", help=spec.help)
    if spec.kind == lifecycle.LONG_TEXT:
        return st.text_area(label, value=default or "", key=key, help=spec.help, placeholder=spec.placeholder)
    if spec.kind in (lifecycle.NUMBER, lifecycle.INTEGER):
        integer = spec.kind == lifecycle.INTEGER
        cast = int if integer else float
        value = cast(default) if default is not None else (cast(spec.minimum) if spec.minimum is not None else None)
        bounds = {k: cast(v) for k, v in (("min_value", spec.minimum), ("max_value", spec.maximum)) if v is not None}
        return st.number_input(label, value=value, step=cast(spec.step or 1), key=key, help=spec.help, **bounds)
    if spec.kind == lifecycle.CHOICE:
        choices = spec.choices_of(record)
        index = min(spec.choice_index, len(choices) - 1) if choices else None
        return st.selectbox(label, choices, index=index, key=key, help=spec.help, placeholder=spec.placeholder or "请选择",
                            format_func=lambda choice: spec.choice_text(record, choice))
    if spec.kind == lifecycle.RADIO:
        return st.radio(label, spec.choices_of(record), horizontal=True, key=key, help=spec.help,
                        format_func=lambda choice: spec.choice_text(record, choice))
    return st.text_input(label, value=default or "", key=key, help=spec.help, placeholder=spec.placeholder)


def action_form(machine: lifecycle.Lifecycle, name: str, record: Mapping[str, Any], today: date, *,
                key: str, caption: str | None = None) -> dict | None:
    """The form of one lifecycle action, its fields drawn from the action's ``inputs``. Returns the typed
    fields when the form was submitted, else None. ``key`` must name the record (one record's typed values
    never prefill another's form)."""
    action = machine.action(name)
    with st.form(key + name, border=True):
        if caption:
            st.caption(caption)
        note = action.help_of(record, today)
        if note:
            st.caption(note)
        fields = {spec.key: _widget(spec, record, today, f"{key}{name}.{spec.key}") for spec in action.inputs}
        proof = evidence.need(machine.entity, name)
        if proof is not None:  # the step's photos and files (dashboard/evidence): judged by content when it runs
            files = evidence_uploader(proof.label, f"{key}{name}.{lifecycle.EVIDENCE}",
                                      required=proof.required is not None and proof.required(record) is not None)
        submitted = st.form_submit_button(f"确认{name}", type="primary", key=f"{key}{name}.submit")
    if not submitted:
        return None
    if proof is not None:
        fields[lifecycle.EVIDENCE] = [(f.name, f.getvalue()) for f in files or []]
    return fields


def evidence_uploader(label: str, key: str, *, required: bool = False):
    """Photos (a phone offers its camera) and PDF files for a step; the type is judged again by content."""
    limit = settings.get("evidence_max_mb")
    return st.file_uploader(label, type=["jpg", "jpeg", "png", "pdf"], accept_multiple_files=True, key=key,
                            help=f"JPEG、PNG 照片或 PDF，每个不超过 {limit} MB；照片中的位置信息在保存前删除"
                                 + ("。本步骤必须上传" if required else ""))


@dataclass(frozen=True)
class ImportResult:
    """What an import panel shows after a run: ``ok``; rows read, added, already present (or replaced, for
    an import that replaces what was there); the errors."""

    ok: bool
    rows: int
    added: int
    skipped: int
    errors: Any = None
    replaced: int = 0


def import_panel(key: str, *, run: Callable[..., ImportResult],
                 template: Callable[[], bytes] | None, template_name: str, note: str,
                 types: tuple[str, ...] = ("xlsx", "xls", "csv"), action: str = "导入",
                 kept: str = "数据库", done: Callable[[str, ImportResult], str] | None = None,
                 preview: Callable[..., Any] | None = None,
                 options: Callable[[str], dict] | None = None) -> None:
    """Template download, then one form (the file and the button: they travel together, no rerun per upload),
    a progress bar while reading, and afterwards either the success line or the refusal with its table of
    row / column / value / reason and its download. ``run(data, name, actor, progress)``, ``actor`` the
    signed-in user (``ui.user()``); ``done(file name, result)`` words the success line when the default
    (新增 / 已存在) does not fit.

    ``action``: the import's audit action (entity ``import``, its line in ``roles.RULES``: 导入隐患, 导入值班表,
    ``ImportKind.action``); a role that may not take it gets one caption saying why instead of the panel (the
    default, 导入, is the office's). The write is checked again when it runs.

    With ``preview(data, name, options=..., mapping=..., progress=...)`` (an object with ``columns``, ``rows``,
    ``notes``, ``unresolved``, ``fields``, ``mapping``, ``result``: see ``hazards.ImportPreview``) the button
    reads the file and shows how it will be stored first — each column, the first rows, what was inferred,
    the problems — with a dropdown for every unknown or ambiguous header; 确认导入 then runs
    ``run(data, name, actor, progress, options=..., mapping=...)``. ``options(key)`` draws the choices made
    once for the whole file inside the form (e.g. 检查组, 来源) and returns them."""
    from dashboard import ui

    if not rights.may_any("import", action):
        rights.note("导入")
        return
    if template is not None:
        st.download_button("下载导入模板", data=template, file_name=template_name, icon=":material/description:",
                           key=key + "template", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.caption(note)
    with st.form(key + "form", border=False):
        limit = int(settings.get("import_max_mb"))  # the server's own cap is server.maxUploadSize (config.toml)
        upload = st.file_uploader("选择文件", type=list(types), key=key + "upload", max_upload_size=limit,
                                  help=f"单个文件不超过 {limit} MB（设置 import_max_mb），"
                                       f"不超过 {int(settings.get('import_max_rows')):,} 行（设置 import_max_rows）。")
        chosen = options(key + "opt.") if options else {}
        start = st.form_submit_button("预览" if preview else "开始导入", type="primary", key=key + "start")
    if start:
        clear_outcome(key)
        st.session_state.pop(key + "errors", None)
        st.session_state.pop(key + "pending", None)
        st.session_state.pop(key + "manual", None)  # a new file (or new choices): its own mapping
        if upload is None:
            st.warning("请先选择要导入的文件。", icon=":material/upload_file:")
        elif preview is not None:
            st.session_state[key + "pending"] = (upload.name, upload.getvalue(), chosen)
            st.session_state[key + "previews"] = {}
        else:
            _run_import(key, run, upload.name, upload.getvalue(), done, {})
    pending = st.session_state.get(key + "pending")
    if pending and preview is not None:
        _preview_panel(key, pending, run, preview, done, kept)
    outcome(key)
    failed = st.session_state.get(key + "errors")
    if failed:
        name, errors = failed
        ui.import_refusal(name, errors, key=key + "errors_", kept=kept)


def _run_import(key: str, run, name: str, data: bytes, done, extra: dict) -> None:
    from dashboard import ui

    bar = st.progress(0.0, text="正在读取文件……")
    try:
        result = run(data, name, ui.user(), lambda f, text: bar.progress(min(max(f, 0.0), 1.0), text=text), **extra)
    except StoreError as exc:  # a refusal, or busy / a full disk: nothing written either way
        st.error(f"未导入：{ui.plain(exc)}", icon=":material/block:")
        return
    bar.empty()
    if result.ok:
        st.session_state.pop(key + "pending", None)
        st.session_state[_OUTCOME + key] = ui.plain(
            done(name, result) if done else
            f"导入完成：{name} 共 {result.rows} 行，新增 {result.added} 条，已存在未重复导入 {result.skipped} 条。")
        st.rerun()
    st.session_state[key + "errors"] = (name, result.errors)


_IGNORE = "（不导入）"


def _preview_panel(key: str, pending: tuple, run, preview, done, kept: str) -> None:
    """The preview of a chosen file: how each column is read (with a dropdown for the headers that need a
    hand), what was inferred, the first rows as stored, the problems; 确认导入 / 取消."""
    from dashboard import ui

    name, data, chosen = pending
    st.markdown(f"**导入预览：{ui.plain(name)}**（尚未写入）")
    manual: dict[str, str | None] = dict(st.session_state.get(key + "manual") or {})
    cache = st.session_state.setdefault(key + "previews", {})
    ident = repr(sorted(manual.items()))
    shown = cache.get(ident)
    if shown is None:
        bar = st.progress(0.0, text="正在读取文件……")
        try:
            shown = preview(data, name, options=chosen, mapping=manual or None,
                            progress=lambda f, text: bar.progress(min(max(f, 0.0), 1.0), text=text))
        except StoreError as exc:
            bar.empty()
            st.error(f"未导入：{ui.plain(exc)}", icon=":material/block:")
            return
        bar.empty()
        cache.clear()  # one file's preview at a time
        cache[ident] = shown
    for line in shown.notes:
        st.text("· " + line)
    if len(shown.columns):
        st.caption("每一列的读法（文件中的列名 → 导入为）：")
        st.dataframe(shown.columns, hide_index=True, width="stretch", key=key + "p.columns",
                     height=min(38 + 35 * len(shown.columns), 800))  # every column at once
    effective = dict(shown.mapping or {})
    if shown.unresolved or manual:
        st.caption("以下列名未能自动识别或有歧义，请指定它对应哪一项（选择会在导入成功后记住，下次同样表头的文件自动沿用）：")
        headers = [h for h, _ in shown.unresolved] + [h for h in manual if h not in {x for x, _ in shown.unresolved}]
        candidates = dict(shown.unresolved)
        picked_now: dict[str, str | None] = {}
        for header in headers:
            choices = [_IGNORE, *shown.fields]
            current = manual.get(header, effective.get(header))
            picked = st.selectbox(f"“{header}”对应", choices, index=choices.index(current) if current in choices else 0,
                                  key=key + "map." + header,
                                  help=("可能是：" + "、".join(candidates[header])) if candidates.get(header) else None)
            value = None if picked == _IGNORE else picked
            if value is not None or header in manual:
                picked_now[header] = value
        if picked_now != manual:  # a choice changed: read the file again with it
            st.session_state[key + "manual"] = picked_now
            st.rerun()
    if len(shown.rows):
        st.caption(f"前 {len(shown.rows)} 行将这样保存（共 {len(shown.result.rows):,} 行通过检查）：")
        st.dataframe(shown.rows, hide_index=True, width="stretch", key=key + "p.rows")
    errors = shown.result.errors
    if len(errors):
        ui.import_refusal(name, errors, key=key + "p.errors_", kept=kept)
    row = st.container(horizontal=True)
    confirm = row.button("确认导入", type="primary", key=key + "confirm", disabled=bool(len(errors)))
    if row.button("取消", key=key + "cancel"):
        for suffix in ("pending", "manual", "previews"):
            st.session_state.pop(key + suffix, None)
        st.rerun()
    if confirm:
        mapping = {**effective, **manual} if (manual or effective) else None
        _run_import(key, run, name, data, done, {"options": chosen, "mapping": mapping})
