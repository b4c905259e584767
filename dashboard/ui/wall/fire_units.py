"""重大火灾隐患 on the wall: six tiles across, then the units most urgent first — the table on the left and their
milestones (倒排工期) on the right, the same units on both, paging together through all of them."""

from __future__ import annotations

import streamlit as st

from dashboard import contents, vocab
from dashboard import fire_units as fu
from dashboard.fire_units import rules
from dashboard import ui
from dashboard.ui import kit
from dashboard.ui.wall import charts
from dashboard.ui.wall.canvas import (BODY_H, BODY_W, GAP, TITLE_H, Box, Column, Frame, Tile, capacity, esc, missing,
                                      pill, place, table, tiles, title)

VIEW = "fire_units"
TILES = Box(0, 0, BODY_W, 164)
TABLE = Box(0, TILES.h + GAP, 1190, BODY_H - TILES.h - GAP)
GANTT = Box(TABLE.w + GAP, TABLE.y, BODY_W - TABLE.w - GAP, TABLE.h)
HEADER_H, ROW_H, MAX_ROW_H = 40, 60, 84
COLUMNS = [Column("倒计时", 150), Column("单位名称", 330), Column("县区", 150), Column("挂牌督办", 180),
           Column("进度", 100, numeric=True), Column("责任人及电话", 240)]


def unit_item(r) -> tuple[str, str]:
    """A unit of ``fire_units.board`` as a wall list item: countdown pill, county, 挂牌督办; the unit's name below."""
    return f"{pill(r.countdown, r.urgency)} {esc(r.unit)}{' · 挂牌督办' if r.listed else ''}", esc(r.name)


def layout() -> list[str]:
    return [place("wall-fu-tiles", TILES, framed=False), place("wall-fu-table", TABLE), place("wall-fu-gantt", GANTT)]


def draw(frame: Frame) -> None:
    today = frame.today
    board = ui.cached(fu.board)(today, frame.scope)
    stats = fu.summary(board)
    behind, escalate = int((board["milestones_behind"] > 0).sum()), int(board["escalate"].sum())
    have, FIRE_UNITS = kit.loaded(), contents.FIRE_UNITS  # no unit at all: every figure "—", the lists say so
    not_loaded = have.missing(FIRE_UNITS)
    with st.container(key="wall-fu-tiles"):
        st.html(tiles([
            Tile("未销案单位", have.figure(FIRE_UNITS, stats["unresolved"])),
            Tile("挂牌督办", have.figure(FIRE_UNITS, stats["listed"])),
            Tile("已逾期", have.figure(FIRE_UNITS, stats["overdue"]),
                 have.figure(FIRE_UNITS, ui.tiles.overdue_state(stats["overdue"]))),
            Tile("节点滞后", have.figure(FIRE_UNITS, behind), have.figure(FIRE_UNITS, ui.tiles.overdue_state(behind))),
            Tile("应提级督办", have.figure(FIRE_UNITS, escalate), have.figure(FIRE_UNITS, ui.tiles.overdue_state(escalate)),
                 sub=f"挂牌满{rules.escalation_months()}个月未销案"),
            Tile("待复查", have.figure(FIRE_UNITS, int((board["status"] == vocab.FU_REVIEW_REQUESTED).sum()))),
        ], columns=6, height=TILES.h))
    shown, pager, page = frame.paged(VIEW, board, capacity(TABLE.h, ROW_H, HEADER_H))
    row_h = min(MAX_ROW_H, (TABLE.h - TITLE_H - HEADER_H - 14) / max(len(shown), 1))
    with st.container(key="wall-fu-table"):
        rows = [[pill(r.countdown, r.urgency), esc(r.name), esc(r.unit),
                 esc(r.listing_level if r.listed else "—"), f"{int(r.progress)}%",
                 esc(f"{r.resp_person} {'' if r.resp_phone is None or r.resp_phone != r.resp_phone else r.resp_phone}")]
                for r in shown.itertuples()]
        body = (missing(not_loaded) if not_loaded else table(COLUMNS, rows, row_h=row_h) if len(board)
                else '<div class="w-empty">没有未销案的重大火灾隐患单位</div>')
        st.html(title("整改清单" if not_loaded else f"整改清单（{len(board)} 家，最紧急的在前）", pager, page) + body)
    with st.container(key="wall-fu-gantt"):
        st.html(title("倒排工期：计划与实际", pager, page) + (missing(not_loaded) if not_loaded else ""))
        if len(shown):
            marks = ui.cached(fu.milestones)(today, frame.scope)
            size = int(GANTT.w - 38), int(GANTT.h - TITLE_H - 12)
            charts.show(charts.cached_gantt(marks, shown, today, *size))

