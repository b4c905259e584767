"""The wall screen's rules: which view is on, what is new and needs eyes, whether the data is stale.

Kiosk mode (``?kiosk=1``) shows the existing pages, one at a time, from a playlist of views with a dwell
time each. The position in the playlist follows the wall clock (seconds since the epoch modulo the
cycle), so it needs no server state, survives a reconnect and keeps several screens in step.

"Exceptions first": at every refresh the screen takes the set of things that need eyes (``alerts``) and
compares it with the set it saw before; anything new (a major fire-hazard unit newly overdue, a county's
daily report now missing after the cut-off, a new incident of level 较大 or above, a new warning) makes
the screen jump to the view that shows it, and the item is marked 新 for a while.

The wall is drawn on one 16:9 canvas designed at 1920×1080 and scaled to the screen (``scale``): every size
below is in design px, so a 3840×2160 screen shows the same picture at twice the pixels. A list longer than its
space pages itself (``paging``): the pages share the view's dwell, so every row is shown within one dwell.

Everything here is a pure function or a read; the Streamlit side is dashboard/ui/kiosk.py (the machinery) and
dashboard/ui/wall/ (the views).
"""

from __future__ import annotations

from collections.abc import Iterable
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from dashboard import duty, fire_units, settings
from dashboard import scope as scopes
from dashboard.db import Store

__all__ = ["MIN_DWELL", "MAX_DWELL", "MIN_REFRESH", "MAX_REFRESH", "View", "VIEWS", "bind", "Stop", "parse_playlist",
           "parse_refresh", "position", "is_stale", "K_INCIDENT", "K_MISSING", "K_FIRE_OVERDUE", "K_WARNING",
           "KIND_ORDER", "KIND_VIEW", "SERIOUS_LEVELS", "incident_is_news", "Alert", "alerts", "new_alerts",
           "identity", "jump_target", "playlist_setting", "CANVAS_W", "CANVAS_H", "SIZES", "MINIMUM_PX", "scale",
           "screen_px", "Paging", "paging", "page_at", "page_rows", "seconds_to_flip", "board_widths",
           "FUTURE_SHARE", "contrast_ratio"]

MIN_DWELL, MAX_DWELL = 5, 3600  # seconds a view may stay on
MIN_REFRESH, MAX_REFRESH = 2, 3600  # seconds between refreshes


@dataclass(frozen=True)
class View:
    """A view of the wall: the name the playlist uses, and the page it shows, named by the ``url_path`` the
    page has in streamlit_app.py (``st.Page(..., url_path=...)``; the default page answers at the app's
    root, ``""``). A page's title can change freely; tests/kiosk/test_kiosk.py fails when a view names no
    page."""

    key: str  # the name used in the playlist (settings, ?views=)
    url_path: str  # the page's url_path, which binds the view to its page


VIEWS: dict[str, View] = {v.key: v for v in (
    View("overview", ""),  # 态势总览, the default page
    View("fire_units", "fire_units"),
    View("duty", "duty"),
    View("ranking", "ranking"),
    View("map", "map"),
)}


def bind(url_paths: Iterable[str]) -> dict[str, str]:
    """view key -> url_path, for the views whose page is among the app's ``url_paths`` (the others are left
    out of the playlist)."""
    known = set(url_paths)
    return {key: view.url_path for key, view in VIEWS.items() if view.url_path in known}


@dataclass(frozen=True)
class Stop:
    view: str
    seconds: int


def parse_playlist(text: str, views: dict[str, View] = VIEWS) -> list[Stop]:
    """``"overview:60,fire_units:30"`` -> stops. Raises ValueError with the Chinese reason."""
    stops = []
    for part in str(text).replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        key, _, seconds = part.partition(":")
        key = key.strip()
        if key not in views:
            known = "、".join(views)
            raise ValueError(f"轮播画面“{key}”不存在，可用的画面：{known}")
        try:
            dwell = int(seconds.strip())
        except ValueError:
            raise ValueError(f"画面“{key}”的停留时间须为整数秒，收到“{seconds.strip()}”") from None
        if not MIN_DWELL <= dwell <= MAX_DWELL:
            raise ValueError(f"画面“{key}”的停留时间须在 {MIN_DWELL}–{MAX_DWELL} 秒之间，收到 {dwell}")
        stops.append(Stop(key, dwell))
    if not stops:
        raise ValueError("轮播列表为空")
    return stops


def parse_refresh(text: str | int) -> int:
    """Seconds between refreshes. Raises ValueError with the Chinese reason."""
    try:
        seconds = int(str(text).strip())
    except ValueError:
        raise ValueError(f"刷新间隔须为整数秒，收到“{text}”") from None
    if not MIN_REFRESH <= seconds <= MAX_REFRESH:
        raise ValueError(f"刷新间隔须在 {MIN_REFRESH}–{MAX_REFRESH} 秒之间，收到 {seconds}")
    return seconds


def position(playlist: list[Stop], clock_seconds: float) -> tuple[int, float]:
    """(index of the view on screen, seconds until the next one) at ``clock_seconds`` since the epoch."""
    cycle = sum(s.seconds for s in playlist)
    at = clock_seconds % cycle
    for index, stop in enumerate(playlist):
        if at < stop.seconds:
            return index, stop.seconds - at
        at -= stop.seconds
    raise AssertionError("unreachable: at < cycle")


def is_stale(changed_at: datetime, now: datetime, minutes: int) -> bool:
    """True when the store has not changed for longer than ``minutes`` (exactly ``minutes`` is not stale)."""
    return now - changed_at > timedelta(minutes=minutes)


# -- exceptions first ---------------------------------------------------------------------------------
# Kinds, most urgent first: the jump goes to the view of the most urgent new alert.
K_INCIDENT, K_MISSING, K_FIRE_OVERDUE, K_WARNING = "incident", "missing", "fire_overdue", "warning"
KIND_ORDER = (K_INCIDENT, K_MISSING, K_FIRE_OVERDUE, K_WARNING)
KIND_VIEW = {K_INCIDENT: "duty", K_MISSING: "duty", K_FIRE_OVERDUE: "fire_units", K_WARNING: "duty"}
SERIOUS_LEVELS = (duty.LEVEL_LARGER, duty.LEVEL_MAJOR, duty.LEVEL_GRAVE)  # 较大 or above


def incident_is_news(level: str | None, deaths: int | float | None) -> bool:
    """An incident is news to the command room when it is 较大 or above, or when anyone died (a 一般事故
    with 2 deaths too)."""
    return level in SERIOUS_LEVELS or bool(deaths and deaths > 0)


@dataclass(frozen=True)
class Alert:
    kind: str
    key: str  # stable identity: the same thing seen again is not new
    text: str  # one Chinese line for the banner

    @property
    def view(self) -> str:
        return KIND_VIEW[self.kind]


def alerts(store: Store, as_of: datetime, scope: scopes.Scope = ()) -> list[Alert]:
    """Everything that needs eyes now, most urgent kind first."""
    today = as_of.date()
    found: list[Alert] = []
    figures = duty.day_figures(store, today, as_of, scope)
    for _, chain in figures.incidents.iterrows():
        if incident_is_news(chain["level"], chain["deaths"]):
            found.append(Alert(K_INCIDENT, str(chain["chain_id"]),
                               f"{chain['unit']} {chain['kind']}（{chain['level']}），死亡 {int(chain['deaths'])} 人"))
    if duty.period_on(store, today):
        for unit in figures.missing_units:
            found.append(Alert(K_MISSING, f"{unit}/{today}", f"{unit} {today:%m-%d} 值班报告已过截止时间仍未报送"))
    board = fire_units.board(store, today, scope)
    for _, unit in board[board["overdue_days"] > 0].iterrows():
        found.append(Alert(K_FIRE_OVERDUE, str(unit["id"]),
                           f"{unit['name']}（{unit['unit']}）重大火灾隐患已逾期 {int(unit['overdue_days'])} 天"))
    every = duty.warnings(store, as_of, scope)
    for _, warning in every[every["in_force"]].iterrows() if len(every) else ():
        found.append(Alert(K_WARNING, str(warning["id"]), f"{warning['level']} {warning['kind']}（{warning['issued_by']}）"))
    return sorted(found, key=lambda a: KIND_ORDER.index(a.kind))


def new_alerts(seen: set[str] | frozenset[str], current: list[Alert]) -> list[Alert]:
    """The alerts in ``current`` whose identity is not in ``seen`` (keys as ``kind:key``), in order."""
    return [a for a in current if identity(a) not in seen]


def identity(alert: Alert) -> str:
    return f"{alert.kind}:{alert.key}"


def jump_target(new: list[Alert]) -> str | None:
    """The view to jump to for these new alerts (the most urgent one's), or None."""
    return min(new, key=lambda a: KIND_ORDER.index(a.kind)).view if new else None


def playlist_setting() -> str:
    return str(settings.get("kiosk_playlist"))


# -- the canvas: one 16:9 design, scaled to the screen ---------------------------------------------------
CANVAS_W, CANVAS_H = 1920, 1080  # design px: the wall is laid out once, for this canvas
# Text sizes in design px (= screen px at 1920×1080), read across a command room (issue 14: from 5 m a
# 55-inch 1080p screen needs KPI numbers ≥ 72 px, table and label text ≥ 22 px, chart ticks ≥ 18 px).
SIZES = {"kpi": 76, "title": 30, "header": 40, "text": 24, "label": 22, "chart": 20, "small_chart": 18}
MINIMUM_PX = {"kpi": 72, "title": 22, "header": 22, "text": 22, "label": 22, "chart": 18, "small_chart": 18}


def scale(width: float, height: float) -> float:
    """The canvas's zoom on a ``width`` × ``height`` screen (CSS px): as large as fits both ways, so a 16:9
    screen is filled exactly and any other shape shows the whole canvas (letterboxed)."""
    return min(width / CANVAS_W, height / CANVAS_H)


def screen_px(design_px: float, width: float, height: float) -> float:
    """A design size as drawn on a ``width`` × ``height`` screen."""
    return design_px * scale(width, height)


# -- lists that page themselves ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Paging:
    rows: int
    pages: int
    per_page: int
    page_seconds: float  # how long each page stays on: the pages share the view's dwell


def paging(rows: int, capacity: int, dwell: float) -> Paging:
    """``rows`` in a space for ``capacity`` rows, during a view's ``dwell`` seconds: as few pages as needed,
    balanced (14 rows in a space of 11 are 7 + 7, not 11 + 3), each on for an equal share of the dwell, so
    every row is shown within one dwell of its view."""
    capacity = max(int(capacity), 1)
    pages = max(1, math.ceil(rows / capacity))
    per_page = math.ceil(rows / pages) if rows else capacity
    return Paging(rows, pages, per_page, dwell / pages)


def page_at(pager: Paging, elapsed: float) -> int:
    """The page (0-based) on screen ``elapsed`` seconds after the view came on (after its dwell the pages
    start again, e.g. when the view is the only one)."""
    return int(max(elapsed, 0) // pager.page_seconds) % pager.pages if pager.page_seconds > 0 else 0


def page_rows(pager: Paging, page: int) -> range:
    """The row positions on ``page``."""
    start = page * pager.per_page
    return range(min(start, pager.rows), min(start + pager.per_page, pager.rows))


def seconds_to_flip(pager: Paging, elapsed: float) -> float:
    """Seconds until the next page comes on (infinite for a single page)."""
    if pager.pages <= 1 or pager.page_seconds <= 0:
        return math.inf
    return pager.page_seconds - (max(elapsed, 0) % pager.page_seconds)


FUTURE_SHARE = 0.2  # the days still to come take at most this share of the duty board


def board_widths(width: float, past_days: int, future_days: int, *, unit_px: float = 170,
                 future_px: float = 92) -> tuple[float, float, float]:
    """(unit column, each day up to today, each day to come) in px for a duty board ``width`` wide: the days
    to come have nothing to show but their date, so they get a narrow column each, together at most
    ``FUTURE_SHARE`` of the board; the days up to today share the rest."""
    future = min(future_px, FUTURE_SHARE * width / future_days) if future_days else 0.0
    past = (width - unit_px - future * future_days) / past_days if past_days else 0.0
    return float(unit_px), past, future


def _luminance(color: str) -> float:
    value = color.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21; text needs 4.5)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
