"""假期值班 on the wall: the day's figures across the top; the units × days board with every unit (the days still
to come in one narrow column); on the right whom to chase, the day's incidents and the warnings in force, each
list paging itself."""

from __future__ import annotations

import streamlit as st

from dashboard import clock, contents, duty, kiosk, settings, ui
from dashboard.ui import kit
from dashboard.ui.wall.canvas import (BODY_H, BODY_W, GAP, TITLE_H, Box, Column, Frame, Tile, esc, list_panel, missing,
                                      place, table, tiles, title)

VIEW = "duty"
TILES = Box(0, 0, BODY_W, 132)
BOARD = Box(0, TILES.h + GAP, 1250, BODY_H - TILES.h - GAP)
SIDE_X = BOARD.w + GAP
SIDE_W = BODY_W - SIDE_X
_SIDE_H = (BOARD.h - 2 * GAP) / 3
CHASE = Box(SIDE_X, BOARD.y, SIDE_W, _SIDE_H)
INCIDENTS = Box(SIDE_X, CHASE.y + _SIDE_H + GAP, SIDE_W, _SIDE_H)
WARNINGS = Box(SIDE_X, INCIDENTS.y + _SIDE_H + GAP, SIDE_W, _SIDE_H)
HEADER_H, LEGEND_H, ITEM_H = 62, 34, 72


def layout() -> list[str]:
    return [place("wall-du-tiles", TILES, framed=False), place("wall-du-board", BOARD), place("wall-du-chase", CHASE),
            place("wall-du-incidents", INCIDENTS), place("wall-du-warnings", WARNINGS)]


def draw(frame: Frame) -> None:
    today, scope = frame.today, frame.scope
    period_id = ui.cached(duty.default_period_id)(today)
    if period_id is None:
        not_loaded = kit.loaded().missing(contents.DUTY_PERIODS)  # no period at all, or none covering today
        with st.container(key="wall-du-board"):
            st.html(title("假期值班") + (missing(not_loaded) if not_loaded
                                         else '<div class="w-empty">当前不在假期值班时段</div>'))
        return
    period = ui.cached(duty.period)(period_id)
    start, end = clock.as_date(period["start_date"]), clock.as_date(period["end_date"])
    day = today if start <= today <= end else None
    figures = ui.cached(duty.day_figures)(day or today, frame.as_of, scope)
    _tiles(figures, in_period=day is not None)
    _board(frame, period)
    _chase(frame, figures)
    _incidents(frame, figures)
    _warnings(frame, figures)


def _tiles(f: duty.DayFigures, *, in_period: bool) -> None:
    missing, pending = len(f.missing_units), len(f.pending_units)
    missing_first = bool(f.missing_units) or not f.pending_units
    with st.container(key="wall-du-tiles"):
        st.html(tiles([
            Tile("今日已报送", f"{f.received}/{f.expected}", ui.tiles.reports_state(missing, pending, in_period=in_period)),
            Tile("缺报" if missing_first else "待报（未到截止）", missing if missing_first else pending,
                 ui.tiles.missing_state(missing) if missing_first else ui.tiles.reports_state(0, pending)),
            Tile("零报告", len(f.zero_units)),
            Tile("事故（事件）", f"{len(f.incidents)}起"),
            Tile("死亡 / 受伤", f"{f.deaths} / {f.injuries}", ui.tiles.deaths_state(f.deaths)),
            Tile("生效预警", len(f.warnings)),
        ], columns=6, height=TILES.h))


def _board(frame: Frame, period: dict) -> None:
    today = frame.today
    grid = ui.cached(duty.board)(clock.as_date(period["start_date"]), clock.as_date(period["end_date"]), frame.as_of,
                                 frame.scope)
    days = sorted(set(grid["day"]))
    past = [d for d in days if d <= today]
    future = [d for d in days if d > today]
    inner = BOARD.w - 2 * 18
    unit_w, day_w, future_w = kiosk.board_widths(inner, len(past), 1 if future else 0)
    columns = [Column("县区", unit_w)] + [Column(duty.day_label(d, today).replace("（今日）", " 今日"), day_w) for d in past]
    if future:
        columns.append(Column(f"{future[0]:%m-%d} 起", future_w))  # the days to come: one narrow column
    units = list(dict.fromkeys(grid["unit"]))
    cells = grid.set_index(["unit", "day"])
    rows, attrs = [], []
    for unit in units:
        row, attr = [esc(unit)], [""]
        for d in past:
            cell = cells.loc[(unit, d)]
            row.append(esc(cell["text"]))
            today_class = " w-today" if d == today else ""
            attr.append(f'class="w-cell{today_class}" style="background:{cell["color"]}"')
        if future:
            row.append("")
            attr.append('class="w-future"')
        rows.append(row)
        attrs.append(attr)
    row_h = (BOARD.h - TITLE_H - HEADER_H - LEGEND_H - 16) / max(len(units), 1)
    body = table(columns, rows, row_h=min(row_h, 70), cell_attrs=attrs)
    cutoff = settings.report_cutoff()
    legend = duty.board_legend().removeprefix("颜色：")
    with st.container(key="wall-du-board"):
        st.html(title(f"报送情况一览（{period['name']}）", note=f"每日 {cutoff:%H:%M} 截止")
                + body + f'<div class="w-note" style="padding-top:6px">{esc(legend)}</div>')


def _chase(frame: Frame, f: duty.DayFigures) -> None:
    chase = ui.cached(duty.chase_list)(frame.today, frame.as_of, frame.scope)
    calls = ui.cached(duty.chase_calls)(frame.today, settings.report_cutoff()).set_index("unit_code")

    def item(r) -> tuple[str, str]:
        called = (f"已催报{int(calls.loc[r.unit_code, 'calls'])}次" if r.unit_code in calls.index else "未催报")
        state = clock.RED if r.state == duty.S_MISSING else clock.YELLOW
        return (f'<b class="w-text-{state}">{esc(r.unit)}</b> {esc(r.overdue)} · {esc(called)}',
                esc(f"带班 {r.leader or ''} {r.leader_phone or ''} · 值班 {r.duty_phone or ''}"))

    list_panel(frame, VIEW, "wall-du-chase", f"需催报（{len(chase)}）", chase, CHASE, ITEM_H, item, "今日各县区均已报送")


def _incidents(frame: Frame, f: duty.DayFigures) -> None:
    def item(r) -> tuple[str, str]:
        dead = f'<b class="w-text-red">死亡 {int(r.deaths)}</b>' if r.deaths else "死亡 0"
        return (f"<b>{esc(r.unit)}</b> {esc(r.kind)} · {esc(r.level or '事件')}",
                f"{dead} · 受伤 {int(r.injuries)} · {esc(r.stage)} {clock.as_datetime(r.occurred_at):%H:%M}")

    list_panel(frame, VIEW, "wall-du-incidents", f"今日事故（事件）（{len(f.incidents)}）", f.incidents, INCIDENTS,
               ITEM_H, item, "今日无事故（事件）报告")


def _warnings(frame: Frame, f: duty.DayFigures) -> None:
    def item(r) -> tuple[str, str]:
        return (f"<b>{esc(r.level)}</b> {esc(r.kind)} · 至 {clock.as_datetime(r.valid_to):%m-%d %H:%M}",
                esc(r.unit_names))

    list_panel(frame, VIEW, "wall-du-warnings", f"生效预警（{len(f.warnings)}）", f.warnings, WARNINGS, ITEM_H, item,
               "当前没有生效的预警")

