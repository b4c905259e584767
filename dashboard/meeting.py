"""Meeting snapshots (会议快照): any filtered view frozen with one click into a one-page Word briefing — the title
with the scope and filters, 数据截至, the figures, the top rows, the chart as an image — and kept (migration 0017)
so the figures discussed at a meeting can be shown again later exactly as they were, whatever changed since.

The chart is drawn by Plotly's kaleido with the server's Debian chromium (no browser is downloaded); a server
without chromium freezes the figures and the rows, and the briefing says the chart could not be drawn.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

import pandas as pd

from dashboard import clock, export, logs, roles, settings
from dashboard.db import Store, Tx, ValidationError

__all__ = ["ENTITY", "A_FREEZE", "Frozen", "chart_png", "briefing_docx", "take", "snapshots", "snapshot", "ROWS"]

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

    def to_json(self) -> str:
        return json.dumps({"scope": self.scope, "filters": self.filters, "figures": self.figures,
                           "headers": self.headers, "rows": self.rows}, ensure_ascii=False)

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


def chart_png(figure) -> bytes | None:
    """The chart as a PNG (white background, the house fonts), or None when it cannot be drawn here."""
    if figure is None:
        return None
    browser = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        return None
    os.environ.setdefault("BROWSER_PATH", browser)
    try:
        import plotly.io as pio

        drawn = figure.to_dict()
        layout = drawn.setdefault("layout", {})
        layout.update(paper_bgcolor="white", plot_bgcolor="white",
                      font={**layout.get("font", {}), "family": "Noto Sans CJK SC, sans-serif"})
        return pio.to_image(drawn, format="png", width=CHART_SIZE[0], height=CHART_SIZE[1], scale=2)
    except Exception as exc:  # a chart the server cannot draw never stops the snapshot
        logs.event("meeting_chart", level="WARNING", error=str(exc)[:300])
        return None


def briefing_docx(frozen: Frozen, chart: bytes | None, taken_by: str, taken_at: datetime, *,
                  chart_wanted: bool = True) -> bytes:
    """The one-page briefing: title, 数据截至 and scope, the figures, the chart, the top rows. ``chart_wanted``: the
    view had a chart (when it could not be drawn, the briefing says so)."""
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
    elif chart_wanted:
        export.docx_paragraph(document, "（图表未能生成：服务器未安装 chromium 或绘图失败，见系统日志。）",
                              size=export.SIZE_NAMES["小五"])
    if frozen.rows:
        export.docx_table(document, list(frozen.headers), [list(r) for r in frozen.rows], size=export.SIZE_NAMES["小五"])
    return export.docx_bytes(document)


def take(store: Store, frozen: Frozen, actor: roles.User, figure=None) -> int:
    """Freeze ``frozen`` (and ``figure``, a Plotly figure) with its briefing; returns the snapshot's number.
    ValidationError (Chinese) for an actor the rules refuse, before anything is drawn."""
    refused = roles.refusal(actor, ENTITY, A_FREEZE)
    if refused:
        raise ValidationError(refused)
    now = clock.local_now()
    chart = chart_png(figure)
    docx = briefing_docx(frozen, chart, actor.label, now, chart_wanted=figure is not None)

    def write(tx: Tx) -> int:
        tx.authorize(actor, ENTITY, A_FREEZE)
        new_id = tx.one("INSERT INTO meeting_snapshots (page, title, as_of, taken_at, taken_by, link, content, chart, docx)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        [frozen.page, frozen.title, frozen.as_of, now, actor.label, frozen.link, frozen.to_json(), chart,
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
