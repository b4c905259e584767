"""The wall screen's rules: which view is on, what is new and needs eyes, whether the data is stale.

Kiosk mode (``?kiosk=1``) shows the existing pages, one at a time, from a playlist of views with a dwell
time each. The position in the playlist follows the wall clock (seconds since the epoch modulo the
cycle), so it needs no server state, survives a reconnect and keeps several screens in step.

"Exceptions first": at every refresh the screen takes the set of things that need eyes (``alerts``) and
compares it with the set it saw before; anything new (a major fire-hazard unit newly overdue, a county's
daily report now missing after the cut-off, a new incident of level 较大 or above, a new warning) makes
the screen jump to the view that shows it, and the item is marked 新 for a while.

Everything here is a pure function or a read; the Streamlit side is dashboard/ui/kiosk.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dashboard import duty, fire_units, settings
from dashboard import scope as scopes
from dashboard.db import Store

__all__ = ["MIN_DWELL", "MAX_DWELL", "MIN_REFRESH", "MAX_REFRESH", "View", "VIEWS", "bind", "Stop", "parse_playlist",
           "parse_refresh", "position", "is_stale", "K_INCIDENT", "K_MISSING", "K_FIRE_OVERDUE", "K_WARNING",
           "KIND_ORDER", "KIND_VIEW", "SERIOUS_LEVELS", "incident_is_news", "Alert", "alerts", "new_alerts",
           "identity", "jump_target", "playlist_setting"]

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
