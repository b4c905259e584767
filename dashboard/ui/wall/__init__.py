"""The wall screen's views, each a composition for the one 16:9 canvas (``canvas.py``), not a page with parts
hidden: 态势总览 (overview.py), 重大火灾隐患 (fire_units.py), 假期值班 (duty.py), 县区排名 (ranking.py), 一张图
(map.py). They read the same domain queries (``ui.cached``) and chart builders (``figures.cached``) as the pages.

``draw`` puts every view on the canvas at every run and shows only the one on air (the others are laid out but
invisible): a view, and above all its map, is drawn before it comes on, so a switch is instant and never blank.
The machinery around it (playlist, refresh, exceptions first) is dashboard/ui/kiosk.py.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard import clock, kiosk, settings
from dashboard.ui.wall import canvas, duty, fire_units, overview, ranking
from dashboard.ui.wall import map as map_view
from dashboard.ui.wall.canvas import Frame, esc

__all__ = ["COMPOSITIONS", "Header", "draw", "Frame"]

COMPOSITIONS = {"overview": overview, "fire_units": fire_units, "duty": duty, "ranking": ranking, "map": map_view}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Header:
    """What the header and the alert strip say."""

    titles: dict[str, str]  # view -> title, in playlist order
    read_at: str  # 读取于 hh:mm:ss
    stale: str | None  # the 数据未更新 text, or None (实时)
    demo: bool
    refresh: int
    left: float  # seconds until the next view
    new: Sequence[str]  # texts of the alerts marked 新
    needs_eyes: str  # the calm line: what needs eyes now
    problems: Sequence[str]  # URL values refused


def _header(frame: Frame, head: Header) -> str:
    chips = "".join(f'<span class="w-chip{" w-on" if key == frame.on_air else ""}">{esc(name)}</span>'
                    for key, name in head.titles.items())
    live = (f'<span class="w-badge w-stale">{esc(head.stale)}</span>' if head.stale
            else '<span class="w-badge w-live">实时</span>')
    demo = '<span class="w-badge w-demo">演示数据</span>' if head.demo else ""
    return (f'<div class="w-header" data-wall-view="{esc(frame.on_air)}">'
            f'<span class="w-city">{esc(settings.get("city_name"))}安全生产态势<br>{esc(frame.scope_label)}</span>'
            f'<span class="w-view">{esc(head.titles.get(frame.on_air, ""))}</span>'
            f'<span class="w-chips">{chips}</span>'
            f'<span class="w-right">{demo}<span>截至 {clock.format_datetime(frame.as_of)}</span>'
            f'<span>读取于 {esc(head.read_at)}</span>{live}<span>{int(head.left)}秒后切换</span></span></div>')


def _strip(frame: Frame, head: Header) -> str:
    """One line under the header: the alerts marked 新 (paged when there are more than fit), else what needs
    eyes now; a refused URL value is said here too."""
    if head.problems:
        return f'<div class="w-strip"><span class="w-problem">大屏链接参数有误，已按设置显示：{esc("；".join(head.problems))}</span></div>'
    if not head.new:
        return f'<div class="w-strip"><span class="w-quiet">{esc(head.needs_eyes)}</span></div>'
    pager, page = frame.page(frame.on_air, len(head.new), 1)
    shown = [head.new[i] for i in kiosk.page_rows(pager, page)]
    return (f'<div class="w-strip w-new" data-wall-new="{len(head.new)}">'
            + "".join(f'<span class="w-tag">新</span><span>{esc(text)}</span>' for text in shown)
            + (f'<span class="w-pager">{canvas.pager_text(pager, page)}</span>' if pager.pages > 1 else "")
            + "</div>")


def draw(frame: Frame, head: Header) -> float:
    """The whole wall; returns the seconds until a list on the view on air turns its page (inf: none)."""
    views = [key for key in head.titles if key in COMPOSITIONS]
    layout = [rule for key in COMPOSITIONS for rule in COMPOSITIONS[key].layout()]
    st.html(canvas.stylesheet()
            + f"<style>{''.join(layout)}\n.st-key-wall-view-{frame.on_air} {{ visibility: visible; }}</style>")
    st.html(canvas.FRAME_SCRIPT, unsafe_allow_javascript=True)
    with st.container(key="wall-canvas"):
        st.html(_header(frame, head) + _strip(frame, head))
        for key in views:
            with st.container(key=f"wall-view-{key}"):
                try:
                    COMPOSITIONS[key].draw(frame)
                except Exception:  # one view's failure must not stop the wall (nor its timer)
                    log.exception("wall view %s failed", key)
                    st.html(f'<div class="w-empty w-problem">“{esc(head.titles[key])}”暂时无法显示，稍后自动重试</div>')
    return min(frame.flips, default=math.inf)
