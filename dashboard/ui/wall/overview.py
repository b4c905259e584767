"""态势总览 on the wall: the map in the middle (over 40% of the canvas), the hazard and duty figures and the weekly
trend on the left, the fire-unit figures and the 14 units' countdowns (paged) on the right."""

from __future__ import annotations

import streamlit as st

from dashboard import contents, duty, fire_units, hazards, ui
from dashboard.ui import kit
from dashboard.ui.situation_map import situation_map
from dashboard.ui.wall import charts
from dashboard.ui.wall.canvas import (BODY_H, BODY_W, GAP, MAP_ZOOM, TITLE_H, Box, Frame, Tile, list_panel, missing,
                                      place, tiles, title, zoomed)
from dashboard.ui.wall.fire_units import unit_item

VIEW = "overview"
SIDE_W = 440
MAP_BOX = Box(SIDE_W + GAP, 0, BODY_W - 2 * SIDE_W - 2 * GAP, BODY_H)
LEFT_TILES = Box(0, 0, SIDE_W, 5 * 96 + 4 * 12)
TREND = Box(0, LEFT_TILES.h + GAP, SIDE_W, BODY_H - LEFT_TILES.h - GAP)
RIGHT_X = BODY_W - SIDE_W
RIGHT_TILES = Box(RIGHT_X, 0, SIDE_W, 4 * 96 + 3 * 12)
COUNTDOWN = Box(RIGHT_X, RIGHT_TILES.h + GAP, SIDE_W, BODY_H - RIGHT_TILES.h - GAP)
ROW_H = 76  # two lines: the countdown and county, the unit's name


def layout() -> list[str]:
    return [place("wall-ov-tiles-l", LEFT_TILES, framed=False), place("wall-ov-trend", TREND),
            place("wall-ov-map", MAP_BOX), zoomed("wall-zoom-ov", MAP_BOX.w - 38),
            place("wall-ov-tiles-r", RIGHT_TILES, framed=False),
            place("wall-ov-countdown", COUNTDOWN)]


def draw(frame: Frame) -> None:
    today, scope = frame.today, frame.scope
    stats = ui.cached(hazards.summary)(today, scope)
    board = ui.cached(fire_units.board)(today, scope)
    fire = fire_units.summary(board)
    received, expected = ui.cached(duty.reports_received)(today, scope)
    period = ui.cached(duty.period_on)(today)
    day = ui.cached(duty.day_figures)(today, frame.as_of, scope) if period else None
    have, HAZARDS, FIRE_UNITS = kit.loaded(), contents.HAZARDS, contents.FIRE_UNITS  # not loaded: "—", no chart

    with st.container(key="wall-ov-tiles-l"):
        st.html(tiles([
            Tile("未销号隐患", have.figure(HAZARDS, f"{stats['open']:,}")),
            Tile("逾期未整改", have.figure(HAZARDS, f"{stats['overdue']:,}"),
                 have.figure(HAZARDS, ui.tiles.overdue_state(stats["overdue"]))),
            Tile("未销号重大隐患", have.figure(HAZARDS, f"{stats['open_major']:,}")),
            Tile("隐患整改率", ui.percent(stats["rectification_rate"])),
            Tile("今日值班报告", f"{received}/{expected}" if period else None,  # none expected outside a period
                 day and ui.tiles.reports_state(len(day.missing_units), len(day.pending_units))),
        ], columns=1, height=LEFT_TILES.h, rows_layout=True))
    with st.container(key="wall-ov-trend"):
        st.html(title("每周隐患发现与销号") + ("" if have.has(HAZARDS) else missing([HAZARDS])))
        if have.has(HAZARDS):
            trend = ui.cached(hazards.weekly_trend)(today, scope)
            size = int(TREND.w - 38), int(TREND.h - TITLE_H - 12)
            charts.show(charts.cached_trend(trend, today, *size))
    with st.container(key="wall-ov-map"):
        st.html(title("各县区未销号隐患分布"))
        with st.container(key="wall-zoom-ov"):
            situation_map(today, scope, key="wallmap.overview", measure="open",
                          height=int((MAP_BOX.h - TITLE_H - 14) / MAP_ZOOM), collapsed_layers=True)
    with st.container(key="wall-ov-tiles-r"):
        nearest = None if fire["nearest_days"] is None else f"{fire['nearest_days']}天"
        st.html(tiles([
            Tile("未销案重大火灾隐患单位", have.figure(FIRE_UNITS, fire["unresolved"])),
            Tile("其中挂牌督办", have.figure(FIRE_UNITS, fire["listed"])),
            Tile("已逾期", have.figure(FIRE_UNITS, fire["overdue"]),
                 have.figure(FIRE_UNITS, ui.tiles.overdue_state(fire["overdue"]))),
            Tile("最近整改期限", nearest, ui.tiles.deadline_state(fire["nearest_days"])),
        ], columns=1, height=RIGHT_TILES.h, rows_layout=True))
    list_panel(frame, VIEW, "wall-ov-countdown", "重大火灾隐患整改倒计时", board, COUNTDOWN, ROW_H, unit_item,
               "没有未销案的重大火灾隐患单位", have.missing(FIRE_UNITS))
