"""One way in for every kind of record: the same steps for a fire-unit list, a fire brigade's export, the task
list, a group's roster, as for a hazard list.

A domain declares its import as data (like a ``lifecycle.Lifecycle``)::

    IMPORT = ImportKind(kind="fire_units", label="重大火灾隐患单位", entity="fire_unit", reading=_reading,
                        write=_write, template_title="重大火灾隐患单位导入模板", instructions=(...))

``reading(store, options)`` says how a file is read (``Reading``: the fields and the hooks of
``ingest.parse_rows``: row rules, the key that finds a row twice, what the title or the upload's choices give,
what a rule infers); ``write(tx, batch)`` writes the rows that are new (and may replace rows that are there,
keeping them first with ``import_register.keep_before``), tracks them for the undo (``import_register.track``)
and says what it did (``Written``). Everything else is here, the same for every kind:

- ``preview(kind, store, data, name, options=, mapping=)``: the whole file read and checked, nothing written:
  how each column was read (列名一致 / 同义列名 / 包含 / 手工指定, and 未识别 / 有歧义 for the page's dropdowns),
  what the file did not say and where it was taken from, the first rows as they will be stored, the problems;
- ``run(kind, store, data, name, actor, options=, mapping=)``: the same reading, then ONE write: the import's
  register row and its original file (``import_register.record``), the kind's ``write``, a mapping made by hand
  remembered for the sender's next file with the same header row (``import_register.remember_mapping``) and the
  import's audit event ``导入<label>`` (``import_register.finish``, checked against the actor's role). One bad
  row and nothing is written; a file imported again adds nothing (the kind's ``write`` leaves rows already
  there alone); every import is listed in 数据管理 and can be undone whole;
- ``template(kind, store)``: the .xlsx template of the kind's fields; the page's panel is ``ui.kit.import_panel``
  and the command line ``python -m dashboard import <kind> FILE [--mapping FILE]``;
- ``enter(kind, store, values, actor)``: ONE record typed in a form (a kind with a ``Form``; the page's form is
  ``ui.entry.record_form``, drawn from ``form_fields``) — see ``enter``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard import import_register, jobs, roles
from dashboard.db import Store, Tx, ValidationError
from dashboard.ingest.headers import HOW_AMBIGUOUS, HOW_UNKNOWN, Layout
from dashboard.ingest.rows import HeaderError, ParseResult, column_letter, parse_file, parse_rows
from dashboard.ingest.templates import template_xlsx
from dashboard.ingest.values import DATE, Field, is_blank, normalize_choice, normalize_header, show_value

__all__ = ["Reading", "Batch", "Written", "ImportKind", "ImportPreview", "ImportOutcome", "PREVIEW_ROWS", "parse",
           "preview", "run", "template", "preview_frames", "read_mapping_file", "unit_in_title", "shown_value",
           "audit_rows", "county_given", "the_one", "Offer", "Form", "FormField", "Entered", "ENTRY_SOURCE",
           "form_fields", "enter"]

PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Offer:
    """What a form offers for a field a file writes as text: the store's own values (the groups' names, the task
    list's categories), and whether a new one may be typed instead (a new group on a roster, a new category)."""

    values: tuple[str, ...]
    new: bool = False


@dataclass
class Reading:
    """How one file of a kind is read: its fields and ``ingest.parse_rows``'s hooks (``row_check``, ``key``,
    ``fixed``, ``infer``, ``hints``). The hooks say what they took from the title, the upload's choices or a
    rule in ``notes`` (once per file) and ``inferred`` (per row: the rule's words -> rows), which the preview,
    the CLI and the register show (“rule：3 条”, or the count where the rule's text says ``{n}``). ``shown(row)``: a row as it will be stored, for the preview (default as read).
    ``needs``: columns a file must have although their cells may be blank (a missing 死亡人数 column is not a
    zero): each a tuple of field keys, one of which must be read from the file (or given for the whole file).
    ``offers``: field key -> ``Offer``, what a form offers to pick for a field (a file writes it as text)."""

    fields: list[Field]
    row_check: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None
    key: Callable[[dict[str, Any]], Any] | None = None
    fixed: Mapping[str, Any] | Callable[[Layout], Mapping[str, Any]] | None = None
    infer: Callable[[dict[str, Any], dict[str, Any]], list[tuple[str, str]]] | None = None
    hints: Mapping[str, str] | None = None
    shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    needs: tuple[tuple[str, ...], ...] = ()
    notes: list[str] = field(default_factory=list)
    inferred: Counter = field(default_factory=Counter)
    offers: dict[str, Offer] = field(default_factory=dict)


ENTRY_SOURCE = "逐条登记"  # how the history names a record typed in a form (a file's rows: 导入：file（第N行）)


@dataclass(frozen=True)
class Batch:
    """What a kind's ``write`` gets: the checked rows, their rows in the file, the import's id and who imports;
    ``entered``: one record typed in a form (``enter``), not a file's."""

    rows: list[dict[str, Any]]
    row_numbers: list[int]
    file_name: str
    import_id: int
    actor: roles.User
    options: Mapping[str, Any]
    entered: bool = False

    @property
    def source(self) -> str:
        """Where the rows came from, as the history says it: 导入：file, or 逐条登记."""
        return ENTRY_SOURCE if self.entered else f"导入：{self.file_name}"

    def reason(self, index: int) -> str:
        """The audit reason of the row at ``index``: the file and its row, as the history shows it (逐条登记 for
        a record typed in a form)."""
        return ENTRY_SOURCE if self.entered else f"导入：{self.file_name}（第{self.row_numbers[index]}行）"


@dataclass
class Written:
    """What a kind's ``write`` did: rows added, rows replaced (the rest were already there as the file says),
    the new records' ids, and the one county / group the rows are of (for a role that may import only its own)."""

    added: int = 0
    replaced: int = 0
    ids: list[str] = field(default_factory=list)
    county: str | None = None
    group: int | None = None


@dataclass(frozen=True)
class Form:
    """How a kind is typed one record at a time (``enter``; drawn by ``ui.entry.record_form``): the fields the form
    shows, in order (default: every field of the reading; a number a rule derives, like a task's 子项序号, is left
    out), those it marks （必填） besides the fields' own required ones (what a file may give another way — the
    group from its title or the upload's choice — a form must be told), and a short hint per field where a blank
    means something (不填为暗访) or the value is needed only sometimes (新的任务必填)."""

    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    hints: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class ImportKind:
    """One kind of record that can be imported (see the module's docstring), and typed one at a time when it
    has a ``form``."""

    kind: str                  # the register's kind and the CLI's word: fire_units, fires, tasks, ...
    label: str                 # the kind as people say it: 重大火灾隐患单位 (the audit action is 导入 + label)
    reading: Callable[[Store, Mapping[str, Any]], Reading]
    write: Callable[[Tx, Batch], Written]
    template_title: str
    instructions: tuple[str, ...] = ()
    example: Callable[[Store], dict[str, Any]] | None = None  # the template's example row (default: the fields')
    unit: str = "条"            # how its rows are counted in the messages: 条, 家, 人
    options: tuple[str, ...] = ()  # the choices made once for a whole file that ``reading`` reads: group, county…
    form: Form | None = None       # how one record is typed (``enter``); None: by file only

    @property
    def action(self) -> str:
        """The import's audit action (and its line in ``roles.RULES``): 导入重大火灾隐患单位."""
        return "导入" + self.label

    @property
    def entry_action(self) -> str:
        """The audit action of one record typed in the form (``enter``; its line in ``roles.RULES``): 登记督查组约谈记录."""
        return "登记" + self.label

    @property
    def template_name(self) -> str:
        return f"{self.label}导入模板.xlsx"


@dataclass
class ImportPreview:
    """How a file will be read, before anything is written: each column (file header -> field, or why not),
    the first rows as they will be stored, what was taken from the title, the upload choices or a rule, the
    errors (the import would be refused), and the headers that need a hand (未识别 / 有歧义)."""

    result: ParseResult
    columns: pd.DataFrame
    rows: pd.DataFrame
    notes: list[str]
    unresolved: list[tuple[str, tuple[str, ...]]]
    fields: list[str]
    mapping: dict[str, str | None] | None
    remembered: bool

    @property
    def ok(self) -> bool:
        return self.result.ok


@dataclass
class ImportOutcome:
    """What an import did: the parse result (errors: nothing written), rows added, replaced, already there."""

    result: ParseResult
    added: int = 0
    skipped: int = 0
    import_id: int | None = None
    ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was taken from the title, the choices or a rule
    replaced: int = 0

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def errors(self) -> pd.DataFrame:
        return self.result.errors


# -- reading ----------------------------------------------------------------------------------------------
@dataclass
class _Plan:
    mapping: dict[str, str | None] | None
    remembered: bool = False


def parse(kind: ImportKind, store: Store, data: bytes, file_name: str, *, options: Mapping[str, Any] | None = None,
          mapping: Mapping[str, str | None] | None = None,
          progress: Callable[[float, str], None] | None = None) -> tuple[ParseResult, Reading, _Plan]:
    """Read and check a whole file of ``kind``; nothing is written. A mapping saved for this header row before
    is used unless one is given (a choice made now wins)."""
    reading = kind.reading(store, dict(options or {}))
    plan = _Plan(dict(mapping) if mapping else None)
    if mapping:
        reading.notes.insert(0, "列的对应：按手工指定 " + "、".join(f"“{k}”→{v or '不导入'}" for k, v in mapping.items()))

    def remembered(layout: Layout) -> Mapping[str, str | None] | None:
        saved = import_register.saved_mapping(store, kind.kind, layout.signature)
        if saved:
            plan.remembered = plan.mapping is None
            plan.mapping = {**saved, **(plan.mapping or {})}
            reading.notes.append("列的对应：沿用上次为同样表头的文件手工指定的对应关系")
        return plan.mapping

    result = parse_file(data, file_name, reading.fields, row_check=reading.row_check, key=reading.key,
                        progress=progress, mapping=remembered, fixed=_needed(reading), infer=reading.infer,
                        hints=reading.hints)
    _tell_inferred(kind, reading)
    for row_no, why in result.skipped:
        reading.notes.append(f"第 {row_no} 行：{why}")
    return result, reading, plan


def _tell_inferred(kind: ImportKind, reading: Reading) -> None:
    """What a rule inferred, into ``reading.notes``: the rule's words, with {n} where the count goes."""
    for rule, count in sorted(reading.inferred.items()):
        reading.notes.append(rule.format(n=f"{count:,}") if "{n}" in rule else f"{rule}：{count:,} {kind.unit}")


def _needed(reading: Reading) -> Callable[[Layout], Mapping[str, Any]]:
    """``reading.fixed`` asked with the layout, and the layout refused (with it, for the preview's dropdowns) when
    a column ``reading.needs`` is missing."""
    header = {f.key: f.header for f in reading.fields}

    def fixed(layout: Layout) -> Mapping[str, Any]:
        given = dict((reading.fixed(layout) if callable(reading.fixed) else reading.fixed) or {})
        mapped = layout.mapped()
        for keys in reading.needs:
            if not any(k in mapped or not is_blank(given.get(k)) for k in keys):
                named = "”或“".join(header[k] for k in keys)
                raise HeaderError(f"表头（第{layout.header_index + 1}行）缺少“{named}”列（没有这一列不等于都是0）。"
                                  "请对照导入模板修改列名，或在预览中指定哪一列是它。", layout)
        return given

    return fixed


def preview(kind: ImportKind, store: Store, data: bytes, file_name: str, *, options: Mapping[str, Any] | None = None,
            mapping: Mapping[str, str | None] | None = None,
            progress: Callable[[float, str], None] | None = None) -> ImportPreview:
    """The whole file read and checked as ``run`` would, and shown (``ImportPreview``); nothing written.
    Reading a whole file is a heavy job (``jobs.heavy``) like the import itself."""
    with jobs.heavy("导入"):
        result, reading, plan = parse(kind, store, data, file_name, options=options, mapping=mapping,
                                      progress=progress)
    return preview_frames(result, reading.fields, reading.notes, plan.mapping, plan.remembered, reading.shown)


def preview_frames(result: ParseResult, fields: Sequence[Field], notes: list[str],
                   mapping: dict[str, str | None] | None, remembered: bool,
                   shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> ImportPreview:
    """The preview of a parse: each column's reading (and what the whole file was given), the first rows as
    stored (``shown``), the headers that need a hand."""
    label = {f.key: f.header for f in fields}
    layout = result.layout
    columns = pd.DataFrame(columns=["列", "文件中的列名", "读作", "方式"])
    unresolved: list[tuple[str, tuple[str, ...]]] = []
    if layout is not None:
        columns = pd.DataFrame({
            "列": [column_letter(c.index) for c in layout.columns],
            "文件中的列名": [c.header for c in layout.columns],
            "读作": [label[c.key] if c.key else "（不导入）" for c in layout.columns],
            "方式": [c.how + ("：" + "、".join(label[k] for k in c.candidates) if c.candidates else "")
                   for c in layout.columns],
        })
        unresolved = [(c.header, tuple(label[k] for k in c.candidates)) for c in layout.columns
                      if c.how in (HOW_UNKNOWN, HOW_AMBIGUOUS)]
        for key, value in result.fixed.items():
            if key not in layout.mapped():
                columns.loc[len(columns)] = ["—", "（文件中没有）", label[key], f"整个文件：{shown_value(value)}"]
    first = [shown(dict(row)) if shown else row for row in result.rows[:PREVIEW_ROWS]]
    keys = [k for k in label if any(row.get(k) is not None for row in first)]
    rows = pd.DataFrame([{label[k]: shown_value(row.get(k)) for k in keys} for row in first],
                        columns=[label[k] for k in keys])
    if result.rows:
        rows.insert(0, "行号", result.row_numbers[:PREVIEW_ROWS])
    return ImportPreview(result, columns, rows, notes, unresolved, [f.header for f in fields], mapping, remembered)


def shown_value(value: Any) -> Any:
    """A value as the preview shows it: dates as 2021-05-03, blanks as nothing."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else value


# -- writing ----------------------------------------------------------------------------------------------
def run(kind: ImportKind, store: Store, data: bytes, file_name: str, actor: roles.User,
        progress: Callable[[float, str], None] | None = None, *, options: Mapping[str, Any] | None = None,
        mapping: Mapping[str, str | None] | None = None) -> ImportOutcome:
    """Check the whole file, then write it in ONE transaction (see the module's docstring), or write nothing.
    ``options``: what was chosen once for the whole file at upload (the kind's own); ``mapping``: file header
    -> field header (None: not imported), remembered for the sender's next file with the same header row."""
    options = dict(options or {})
    with jobs.heavy("导入"):  # jobs.Busy (a ValidationError) when heavy_jobs_max imports/exports already run
        parse_progress = (lambda f, text: progress(0.9 * f, text)) if progress else None
        result, reading, plan = parse(kind, store, data, file_name, options=options, mapping=mapping,
                                      progress=parse_progress)
        if not result.ok:
            return ImportOutcome(result, notes=reading.notes)
        if progress:
            progress(0.92, f"正在写入 {len(result.rows):,} 行……")
        choices = {"mapping": dict(plan.mapping) if plan.mapping else None, "notes": reading.notes,
                   **{k: v for k, v in options.items() if not is_blank(v)}}

        def write(tx: Tx) -> ImportOutcome:
            import_id = import_register.record(
                tx, kind=kind.kind, label=kind.label, file_name=file_name, data=data, actor=actor,
                rows_total=len(result.rows), rows_added=0, choices=choices)
            batch = Batch(result.rows, result.row_numbers, file_name, import_id, actor, options)
            written = kind.write(tx, batch)
            if mapping and result.layout is not None and not plan.remembered:
                import_register.remember_mapping(tx, import_id, kind.kind, result.layout, dict(mapping), actor,
                                                 group_id=written.group)
            import_register.counts(tx, import_id, added=written.added, replaced=written.replaced)
            skipped = len(result.rows) - written.added - written.replaced
            import_register.finish(
                tx, import_id, kind.action, actor, county=written.county, group=written.group,
                detail={"file": file_name, "rows": len(result.rows), "added": written.added,
                        "replaced": written.replaced, "skipped": skipped, "mapping": choices["mapping"],
                        "inferred": reading.notes})
            return ImportOutcome(result, added=written.added, skipped=skipped, import_id=import_id,
                                 ids=written.ids, notes=reading.notes, replaced=written.replaced)

        done = store.write(write)
    if progress:
        progress(1.0, f"导入完成：新增 {done.added} {kind.unit}")
    return done


def template(kind: ImportKind, store: Store) -> bytes:
    """The kind's import template (.xlsx): headers, one example row, dropdowns, an instruction sheet."""
    reading = kind.reading(store, {})
    return template_xlsx(reading.fields, title=kind.template_title, instructions=kind.instructions,
                         example=kind.example(store) if kind.example else None)


# -- one record typed in a form ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FormField:
    """One input of a kind's form: its ``Field`` (kind, choices, length), whether the form marks it （必填）, what
    it offers to pick from the store, whether a date starts at today (a required date: the day of a visit, a
    change, a 约谈), and its hint."""

    field: Field
    required: bool
    offer: Offer | None = None
    today: bool = False
    hint: str | None = None

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def label(self) -> str:
        return self.field.header + ("（必填）" if self.required else "")


def form_fields(kind: ImportKind, store: Store, reading: Reading | None = None) -> list[FormField]:
    """The inputs of ``kind``'s form, in order (``Form.fields``, default every field), read from its ``Reading``."""
    if kind.form is None:
        raise ValueError(f"{kind.kind} has no form")
    reading = reading or kind.reading(store, {})
    by_key = {f.key: f for f in reading.fields}
    keys = kind.form.fields or tuple(by_key)
    out = []
    for key in keys:
        spec = by_key[key]
        required = spec.required or key in kind.form.required
        out.append(FormField(spec, required, reading.offers.get(key), today=required and spec.kind == DATE,
                             hint=kind.form.hints.get(key)))
    return out


@dataclass(frozen=True)
class Entered:
    """What ``enter`` wrote: its register entry (数据管理, undoable like an import), whether the record was added
    or an existing one updated (a task's progress, a member's phone), its ids, and how the messages name it."""

    import_id: int
    added: int
    replaced: int
    ids: list[str]
    named: str


_GUARD = "序号"  # the one-row grid's first column: a row counter (ignored) that keeps the row a row, never a
#                 heading line (one text alone) or a footer (a text starting 合计 / 注 / 说明 …)


def enter(kind: ImportKind, store: Store, values: Mapping[str, Any], actor: roles.User, *,
          options: Mapping[str, Any] | None = None) -> Entered:
    """ONE record typed in ``kind``'s form (field key -> the widget's value: text, a date, a number, a choice; a
    blank for what was left empty), stored exactly as the same row of a file would be.

    The values are read as a one-row sheet under the fields' own headers, by the same ``parse_rows`` and the
    kind's same hooks as a file (cell rules, row rules, inference, the key): a value a file would be refused for
    is refused here with the same Chinese words, naming the field (ValidationError, nothing written). Then ONE
    write, as ``run`` writes a file: the record goes into the import register as a one-row entry (file
    ``逐条登记-<label>.xlsx``, kept as the kind's template holding the typed row, so 数据管理 lists it, offers it
    for download and undoes it like any import — a record typed wrong is taken back the same way, and the
    kind's ``write`` tracks what it writes against an entry like any import), the kind's ``write`` (its rows'
    audit reason is 逐条登记) and the entry's audit event ``ImportKind.entry_action`` (登记 + label, checked
    against the actor's role, its county and group, as the import's). A record that is there already (the
    kind's own key, as a file imported again) is refused: nothing new, nothing written, not even the entry."""
    if kind.form is None:
        raise ValueError(f"{kind.kind} has no form")
    if not roles.may_any(actor, import_register.ENTITY, kind.entry_action):  # before reading: the role's own words
        raise ValidationError(roles.refusal(actor, import_register.ENTITY, kind.entry_action))
    options = dict(options or {})
    reading = kind.reading(store, options)
    inputs = form_fields(kind, store, reading)
    typed = {f.key: _typed(values.get(f.key)) for f in reading.fields}
    if all(v is None for v in typed.values()):
        raise ValidationError("请填写" + "、".join(i.field.header for i in inputs if i.required))
    grid = [[_GUARD, *(f.header for f in reading.fields)], [1, *(typed[f.key] for f in reading.fields)]]
    result = parse_rows(grid, reading.fields, row_check=reading.row_check, key=reading.key, fixed=_needed(reading),
                        infer=reading.infer, hints=reading.hints)
    problems = _problems(result, reading.fields, inputs, typed)
    if problems:
        raise ValidationError("；".join(problems))
    _tell_inferred(kind, reading)
    row = result.rows[0]
    named = "，".join(show_value(typed[i.key], 24).strip() for i in inputs if i.required and typed[i.key] is not None)
    file_name = f"{ENTRY_SOURCE}-{kind.label}.xlsx"
    data = template_xlsx(reading.fields, title=kind.template_title, instructions=kind.instructions, example=typed,
                         data_rows=1)

    def write(tx: Tx) -> Entered:
        import_id = import_register.record(
            tx, kind=kind.kind, label=kind.label, file_name=file_name, data=data, actor=actor, rows_total=1,
            rows_added=0, choices={"mapping": None, "entry": ENTRY_SOURCE, "notes": reading.notes,
                                   **{k: v for k, v in options.items() if not is_blank(v)}})
        written = kind.write(tx, Batch([row], [2], file_name, import_id, actor, options, entered=True))
        if not (written.added or written.replaced):
            raise ValidationError(f"已有同样的{kind.label}（{named}），没有新的内容，不重复登记")
        import_register.counts(tx, import_id, added=written.added, replaced=written.replaced)
        import_register.finish(tx, import_id, kind.entry_action, actor, county=written.county, group=written.group,
                               detail={"entry": ENTRY_SOURCE, "added": written.added, "replaced": written.replaced,
                                       "record": {f.header: shown_value(row.get(f.key)) for f in reading.fields
                                                  if not is_blank(shown_value(row.get(f.key)))}})
        return Entered(import_id, written.added, written.replaced, written.ids, named)

    return store.write(write)


def _typed(value: Any) -> Any:
    """A widget's value as a cell: what ``is_blank`` calls blank (None, NaN, blank text) is an empty cell."""
    return None if is_blank(value) else value


def _problems(result: ParseResult, fields: Sequence[Field], inputs: Sequence[FormField],
              typed: Mapping[str, Any]) -> list[str]:
    """Each problem of the one row as “field：reason”, in the form's order; a field the form requires but a file
    may give another way (the group from a title) refused as a blank required cell is (必填项为空), not with the
    file's advice."""
    header = {f.key: f.header for f in fields}
    found = [(str(c), str(r)) for c, r in zip(result.errors["列"], result.errors["原因"])]
    for i in inputs:
        if i.required and typed.get(i.key) is None and not i.field.required:
            found = [(c, r) for c, r in found if c != header[i.key]] + [(header[i.key], "必填项为空")]
    order = {header[i.key]: n for n, i in enumerate(inputs)}
    found.sort(key=lambda problem: order.get(problem[0], len(order)))
    return [f"{c}：{r}" if c else r for c, r in dict.fromkeys(found)]


def audit_rows(tx: Tx, actor: roles.User, entity: str, action: str, ids: Sequence[str], counties: Sequence[str | None],
               reasons: Sequence[str | None], *, to_status: str | None = None) -> None:
    """One audit event per written record, inserted at once (a fire brigade's year is hundreds of rows), each
    county checked against the actor's role first as ``Tx.audit`` checks one line."""
    for county in dict.fromkeys(counties):
        tx.authorize(actor, entity, action, county=county)
    if not ids:
        return
    tx.insert_df("audit_events", pd.DataFrame({
        "happened_at": tx.at, "actor": actor.label, "actor_login": actor.login, "entity": entity,
        "entity_id": [str(i) for i in ids], "action": action, "to_status": to_status, "reason": list(reasons)}))


# -- shared helpers of the kinds' readings ----------------------------------------------------------------
def read_mapping_file(text: str, fields: Sequence[Field]) -> dict[str, str | None]:
    """A ``--mapping`` file: a JSON object, file header -> field header (or null / "忽略" for a column not
    imported). ValueError (Chinese) naming what is wrong."""
    try:
        mapping = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"映射文件不是有效的 JSON（第 {exc.lineno} 行）：应为 {{\"文件中的列名\": \"字段列名\"}}") from None
    if not isinstance(mapping, dict):
        raise ValueError("映射文件应为 JSON 对象：{\"文件中的列名\": \"字段列名\"}")
    known = {normalize_header(f.header) for f in fields}
    for header, target in mapping.items():
        if target is not None and not isinstance(target, str):
            raise ValueError(f"映射文件中“{header}”的值应为字段列名或 null")
        if target is not None and normalize_header(target) not in known | {"忽略", "不导入", ""}:
            raise ValueError(f"映射文件中“{header}”对应的“{target}”不是可导入的列（可用：{'、'.join(f.header for f in fields)}）")
    return {str(k): v for k, v in mapping.items()}


def county_given(reading: Reading, aliases: Mapping[str, str], unit_names: Mapping[str, str],
                 chosen: str | None) -> Callable[[Layout], dict[str, Any]]:
    """The ``fixed`` hook of a kind whose rows say their county (field ``unit``) in a column, or not at all: the
    county the file's title names (``unit_in_title``), else the one ``chosen`` at upload, for the rows that leave
    it blank; said in ``reading.notes``."""

    def fixed(layout: Layout) -> dict[str, Any]:
        found = unit_in_title(layout.above, aliases, unit_names)
        if found is not None:
            reading.notes.append(f"县区：取自标题“{found[1]}” → {found[0]}"
                                 + ("（文件中未填的行）" if "unit" in layout.mapped() else ""))
            return {"unit": found[0]}
        if chosen:
            reading.notes.append(f"县区：导入时选择“{chosen}”（文件中未填的行）")
            return {"unit": chosen}
        return {}

    return fixed


def the_one(values: Iterable[Any]) -> Any:
    """The value all of ``values`` share, or None when they are none or several (a county, a group written)."""
    found = set(values)
    return found.pop() if len(found) == 1 else None


def unit_in_title(lines: Sequence[str], aliases: Mapping[str, str], unit_names: Mapping[str, str]) -> tuple[str, str] | None:
    """(county-level unit's name, the line) a file's title names, the one in brackets first
    (“……隐患问题清单（汉阴县）”, “2020年火灾统计表（旬阳县）”: old names through ``aliases``, name or alias -> code);
    None when no line names one."""
    ordered = sorted(aliases.items(), key=lambda item: -len(item[0]))
    for line in lines:
        text = normalize_choice(line)
        bracketed = re.findall(r"[(（]([^)）]+)[)）]", text)
        for part in [*bracketed, text]:
            found = [(part.find(alias), code) for alias, code in ordered if len(alias) >= 2 and alias in part]
            if found and min(found)[1] in unit_names:
                return unit_names[min(found)[1]], line
    return None
