"""一张图 on the wall: the map of the city, large, counties coloured by open hazards and named; beside it the
city's figures and the major fire-hazard units with their countdowns (paged)."""

from __future__ import annotations

import streamlit as st

from dashboard import contents, fire_units, hazards, ui
from dashboard.ui import kit
from dashboard.ui.situation_map import situation_map
from dashboard.ui.wall.canvas import (BODY_H, BODY_W, GAP, MAP_ZOOM, TITLE_H, Box, Frame, Tile, list_panel, place,
                                      tiles, title, zoomed)
from dashboard.ui.wall.fire_units import unit_item

VIEW = "map"
MAP_BOX = Box(0, 0, 1250, BODY_H)
SIDE_X = MAP_BOX.w + GAP
TILES = Box(SIDE_X, 0, BODY_W - SIDE_X, 5 * 88 + 4 * 10)
UNITS = Box(SIDE_X, TILES.h + GAP, BODY_W - SIDE_X, BODY_H - TILES.h - GAP)
ROW_H = 76  # two lines: the countdown and county, the unit's name


def layout() -> list[str]:
    return [place("wall-mp-map", MAP_BOX), zoomed("wall-zoom-mp", MAP_BOX.w - 38), place("wall-mp-tiles", TILES, framed=False),
            place("wall-mp-units", UNITS)]


def draw(frame: Frame) -> None:
    today, scope = frame.today, frame.scope
    by_unit = ui.cached(hazards.by_unit)(today, scope)
    board = ui.cached(fire_units.board)(today, scope)
    total = by_unit[["total", "open", "overdue", "open_major", "closed"]].sum()
    rate = hazards.rate(int(total["closed"]), int(total["total"]))
    have, HAZARDS, FIRE_UNITS = kit.loaded(), contents.HAZARDS, contents.FIRE_UNITS  # not loaded: "—"
    with st.container(key="wall-mp-map"):
        st.html(title(f"{frame.scope_label}隐患分布：县区颜色越深未销号隐患越多", note="圆点为重大火灾隐患单位（颜色为紧急程度）"))
        with st.container(key="wall-zoom-mp"):
            situation_map(today, scope, key="wallmap.map", measure="open",
                          height=int((MAP_BOX.h - TITLE_H - 14) / MAP_ZOOM), collapsed_layers=True)
    with st.container(key="wall-mp-tiles"):
        st.html(tiles([
            Tile("未销号隐患", have.figure(HAZARDS, f"{int(total['open']):,}")),
            Tile("逾期未整改", have.figure(HAZARDS, f"{int(total['overdue']):,}"),
                 have.figure(HAZARDS, ui.tiles.overdue_state(int(total["overdue"])))),
            Tile("未销号重大隐患", have.figure(HAZARDS, f"{int(total['open_major']):,}")),
            Tile("隐患整改率", ui.percent(rate)),
            Tile("重大火灾隐患单位", have.figure(FIRE_UNITS, len(board)),
                 sub=have.figure(FIRE_UNITS, f"挂牌督办 {int(board['listed'].sum())} 家")),
        ], columns=1, height=TILES.h, rows_layout=True))
    list_panel(frame, VIEW, "wall-mp-units", f"重大火灾隐患单位（{len(board)} 家）" if have.has(FIRE_UNITS)
               else "重大火灾隐患单位", board, UNITS, ROW_H, unit_item, "没有未销案的重大火灾隐患单位",
               have.missing(FIRE_UNITS))
