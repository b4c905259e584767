"""The documents of the major fire-hazard units: the public announcement (Excel, from the board frame the page
shows) and the one-page progress briefing (Word: the city's totals from the store, the list as the page shows it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard import clock, export, settings, vocab
from dashboard.db import Store
from dashboard.fire_units.queries import LISTED_ANY, board, filter_board, summary
from dashboard.scope import Scope

__all__ = ["ANNOUNCEMENT_COLUMNS", "announcement_frame", "announcement_xlsx", "briefing_docx"]

ANNOUNCEMENT_COLUMNS = (
    export.Column("no", "序号", 6),
    export.Column("unit", "县区", 10),
    export.Column("name", "单位名称", 30),
    export.Column("address", "地址", 28),
    export.Column("description", "重大火灾隐患", 44),
    export.Column("listing", "督办级别及文号", 26),
    export.Column("deadline", "整改期限", 12),
    export.Column("resp_unit", "整改责任单位", 28),
    export.Column("resp_person", "整改责任人", 10),
    export.Column("supervising_dept", "行业督办部门", 14),
    export.Column("fire_brigade", "属地消防大队", 20),
)


def _listing_text(level: str, doc: Any) -> str:
    if level == vocab.NOT_LISTED:
        return level
    return f"{level}（{doc}）" if isinstance(doc, str) and doc else level


def announcement_frame(board_frame: pd.DataFrame) -> pd.DataFrame:
    """The board with the announcement's own columns: 序号, 督办级别及文号, the deadline as a date."""
    frame = board_frame.copy()
    frame["no"] = range(1, len(frame) + 1)
    frame["listing"] = [_listing_text(lv, doc) for lv, doc in zip(frame["listing_level"], frame["listing_doc"])]
    frame["deadline"] = [clock.as_date(d) for d in frame["deadline"]]
    return frame


def announcement_xlsx(board_frame: pd.DataFrame, *, as_of: datetime, scope: Scope = (), scope_label: str = "全市",
                      listed: str = LISTED_ANY, statuses: Sequence[str] = (), overdue_only: bool = False) -> bytes:
    """The list in the layout of a public announcement: unit, hazard, deadline, responsible unit and person.
    ``board_frame`` is the board as the page shows it; the scope and filters that narrowed it go in the title."""
    frame = announcement_frame(board_frame)
    city = settings.get("city_name")
    narrowed = ([scope_label] if scope else []) + _filter_words(listed, statuses, overdue_only)
    return export.xlsx_table(
        frame, ANNOUNCEMENT_COLUMNS, made_at=as_of,
        title=export.filtered_title(f"{city}重大火灾隐患单位及整改责任公告", *narrowed),
        subtitle=f"共 {len(frame)} 家（已逾期的红色底纹）；数据截至 {clock.format_datetime(as_of)}",
        sheet_name="重大火灾隐患公告",
        highlight=list(frame["overdue_days"] > 0),
    )


# The briefing's table in 小五 across the 156 mm 版心 (two lines a unit: long names, the phone under the name)
BRIEFING_HEADERS = ("序号", "县区", "单位名称", "挂牌", "整改期限", "倒计时", "进度", "状态", "责任人及电话")
BRIEFING_WIDTHS_MM = (9, 18, 32, 9, 22, 17, 10, 15, 24)


def _filter_words(listed: str, statuses: Sequence[str], overdue_only: bool) -> list[str]:
    words = [] if listed == LISTED_ANY else [listed]
    return words + list(statuses) + (["已逾期"] if overdue_only else [])


def briefing_docx(store: Store, *, as_of: datetime, scope: Scope = (), scope_label: str = "全市",
                  listed: str = LISTED_ANY, statuses: Sequence[str] = (), overdue_only: bool = False) -> bytes:
    """A one-page Word progress briefing: the city's totals in a paragraph (always city-wide, read from the
    store whatever the page shows) and one compact table row per unit of the page's scope and filters,
    which the title names (``（旬阳市；已逾期）``) when they narrow the list."""
    today = as_of.date()
    city = board(store, today)
    frame = filter_board(board(store, today, scope), listed=listed, statuses=statuses, overdue_only=overdue_only)
    stats = summary(city)
    behind = int((city["milestones_behind"] > 0).sum())
    review = int((city["status"] == vocab.FU_REVIEW_REQUESTED).sum())
    narrowed = ([scope_label] if scope else []) + _filter_words(listed, statuses, overdue_only)
    doc = export.docx_document()
    suffix = f"（{'；'.join(narrowed)}）" if narrowed else ""
    export.docx_title(doc, f"{settings.get('city_name')}重大火灾隐患整改进展情况{suffix}")
    export.docx_byline(doc, str(settings.get("office_name")), clock.format_cn_date(as_of))
    overdue_names = "、".join(city.loc[city["overdue_days"] > 0, "name"]) or "无"
    listing = f"下表按当前范围和筛选（{'；'.join(narrowed)}）列出{len(frame)}家。" if narrowed else ""
    export.docx_paragraph(
        doc,
        f"截至{clock.format_cn_date(as_of)}，全市尚有重大火灾隐患单位{stats['unresolved']}家未销案，其中挂牌督办{stats['listed']}家，"
        f"已申请复查{review}家；已超过整改期限{stats['overdue']}家（{overdue_names}），整改节点滞后{behind}家。"
        f"{listing}请各责任单位按照倒排工期，确保全面彻底整改到位。",
    )
    rows = []
    for i, r in enumerate(frame.itertuples(), start=1):
        listing = "" if r.listing_level == vocab.NOT_LISTED else r.listing_level.replace("挂牌督办", "")
        rows.append([i, r.unit, r.name, listing, clock.format_date(clock.as_date(r.deadline)), r.countdown,
                     f"{int(r.progress)}%", r.status, f"{r.resp_person}\n{r.resp_phone or ''}".strip()])
    export.docx_table(doc, BRIEFING_HEADERS, rows, size=export.SIZE_NAMES["小五"], widths_mm=BRIEFING_WIDTHS_MM,
                      center=(0, 3, 6))
    return export.docx_bytes(doc)
