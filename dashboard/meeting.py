"""Meeting snapshots (会议快照): any filtered view frozen with one click into a one-page Word briefing — the title
with the scope and filters, 数据截至, the figures, the top rows, the chart as an image — and kept (migration 0017)
so the figures discussed at a meeting can be shown again later exactly as they were, whatever changed since.

The chart is drawn by Plotly's kaleido with the server's Debian chromium (no browser is downloaded) in a child process
killed after ``chart_timeout_seconds`` (dashboard/chart_image.py); when it cannot be drawn (no chromium, a failure,
the timeout) the figures and the rows are frozen all the same, and the briefing and the page say why the chart is
missing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

import pandas as pd

from dashboard import chart_image, clock, export, roles, settings
from dashboard.db import Store, Tx, ValidationError

__all__ = ["ENTITY", "A_FREEZE", "Frozen", "chart_png", "briefing_docx", "chart_note", "take", "snapshots", "snapshot",
           "ROWS"]

ENTITY, A_FREEZE = "meeting_snapshot", "冻结快照"
ROWS = 15  # the top rows a briefing shows (one page)
CHART_SIZE = (1200, 560)


@dataclass(frozen=True)
class Frozen:
    """What the view showed. ``figures``: (label, value as shown); ``rows``: the top rows, as text."""

    page: str
    title: str
    scope: str
    filters: str
    as_of: datetime
    figures: tuple[tuple[str, str], ...]
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    link: str = ""

    def to_json(self, *, chart_problem: str | None = None) -> str:
        """What the snapshot keeps of the view (and, when its chart could not be drawn, why: ``chart_problem``)."""
        kept = {"scope": self.scope, "filters": self.filters, "figures": self.figures, "headers": self.headers,
                "rows": self.rows}
        if chart_problem:
            kept["chart_problem"] = chart_problem
        return json.dumps(kept, ensure_ascii=False)

    @classmethod
    def of(cls, page: str, title: str, scope: str, filters: str, as_of: datetime,
           figures: Sequence[tuple[str, object]], table: pd.DataFrame | None = None, link: str = "") -> "Frozen":
        rows: tuple = ()
        headers: tuple = ()
        if table is not None and len(table.columns):
            headers = tuple(str(c) for c in table.columns)
            rows = tuple(tuple("" if pd.isna(v) else str(v) for v in r) for r in table.head(ROWS).itertuples(index=False))
        return cls(page, title, scope, filters, as_of, tuple((str(k), _shown(v)) for k, v in figures), headers, rows,
                   link)


def _shown(value: object) -> str:
    """A figure as the briefing shows it: one not measured (None, NaN) is "—", never "None" or "nan"."""
    try:
        missing = value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array: shown as it is
        missing = False
    return "—" if missing else str(value)


def chart_png(figure) -> chart_image.Drawn:
    """The chart as a PNG (white background, the house fonts), drawn by kaleido in a child process bounded by
    ``chart_timeout_seconds`` (dashboard/chart_image.py); when it cannot be drawn here (no chromium, a failure, the
    timeout), no PNG and why."""
    drawn = figure.to_dict()
    layout = drawn.setdefault("layout", {})
    layout.update(paper_bgcolor="white", plot_bgcolor="white",
                  font={**layout.get("font", {}), "family": "Noto Sans CJK SC, sans-serif"})
    return chart_image.draw(drawn, CHART_SIZE[0], CHART_SIZE[1], scale=2)


def briefing_docx(frozen: Frozen, chart: bytes | None, taken_by: str, taken_at: datetime, *,
                  chart_problem: str | None = None) -> bytes:
    """The one-page briefing: title, 数据截至 and scope, the figures, the chart, the top rows. ``chart_problem``: the
    view had a chart that could not be drawn, and why (the briefing says so where the chart would be)."""
    document = export.docx_document(author=settings.get("office_name"))
    export.docx_title(document, frozen.title)
    export.docx_byline(document, f"数据截至 {clock.format_datetime(frozen.as_of)}",
                       f"{clock.format_datetime(taken_at)} 冻结")
    export.docx_paragraph(document, f"范围：{frozen.scope}；筛选：{frozen.filters or '无'}；冻结人：{taken_by}。",
                          size=export.SIZE_NAMES["四号"])
    export.docx_paragraph(document, "；".join(f"{k} {v}" for k, v in frozen.figures) + "。",
                          size=export.SIZE_NAMES["四号"])
    if chart:
        from docx.shared import Mm

        document.add_picture(BytesIO(chart), width=Mm(export.TEXT_AREA_MM[0]))
    elif chart_problem:
        export.docx_paragraph(document, f"（{chart_note(chart_problem)}）", size=export.SIZE_NAMES["小五"])
    if frozen.rows:
        export.docx_table(document, list(frozen.headers), [list(r) for r in frozen.rows], size=export.SIZE_NAMES["小五"])
    return export.docx_bytes(document)


def chart_note(problem: str) -> str:
    """What the briefing and the page say in place of a chart that could not be drawn."""
    return f"图表未能生成：{problem}。其余内容已照常冻结。"


def take(store: Store, frozen: Frozen, actor: roles.User, figure=None) -> int:
    """Freeze ``frozen`` (and ``figure``, a Plotly figure) with its briefing; returns the snapshot's number.
    ValidationError (Chinese) for an actor the rules refuse, before anything is drawn. A chart that cannot be drawn
    (no chromium, a failure, past ``chart_timeout_seconds``) never stops the snapshot: it is kept without it, the
    briefing says why, and so does the snapshot (``content["chart_problem"]``, shown on the page)."""
    refused = roles.refusal(actor, ENTITY, A_FREEZE)
    if refused:
        raise ValidationError(refused)
    now = clock.local_now()
    drawn = chart_png(figure) if figure is not None else chart_image.Drawn(None)
    docx = briefing_docx(frozen, drawn.png, actor.label, now, chart_problem=drawn.problem)
    content = frozen.to_json(chart_problem=drawn.problem)

    def write(tx: Tx) -> int:
        tx.authorize(actor, ENTITY, A_FREEZE)
        new_id = tx.one("INSERT INTO meeting_snapshots (page, title, as_of, taken_at, taken_by, link, content, chart, docx)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        [frozen.page, frozen.title, frozen.as_of, now, actor.label, frozen.link, content, drawn.png,
                         docx])[0]
        tx.audit(ENTITY, str(new_id), A_FREEZE, actor, detail={"page": frozen.page, "title": frozen.title})
        return int(new_id)

    return store.write(write)


def snapshots(store: Store) -> pd.DataFrame:
    return store.query("SELECT id, page, title, as_of, taken_at, taken_by, link FROM meeting_snapshots ORDER BY id DESC")


def snapshot(store: Store, snapshot_id: int) -> dict | None:
    """One snapshot as it was frozen: its fields, ``content`` decoded, ``chart`` and ``docx`` bytes."""
    frame = store.query("SELECT * FROM meeting_snapshots WHERE id = ?", [int(snapshot_id)])
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    row["content"] = json.loads(row["content"])
    row["chart"] = None if row["chart"] is None or (isinstance(row["chart"], float)) else bytes(row["chart"])
    row["docx"] = bytes(row["docx"])
    return row
