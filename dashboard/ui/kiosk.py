"""The wall screen (``?kiosk=1``): its own compositions (dashboard/ui/wall/), one at a time, refreshed in place,
for hours.

- No sidebar, no navigation, no Streamlit chrome, no control of any kind: the wall draws its canvas
  (``wall.draw``), a fixed 16:9 picture zoomed to the screen, and never runs the page the URL names.
- A timer fragment (``run_every``) reruns the app every ``refresh`` seconds, or sooner when the view's dwell is
  over or a list on it turns its page: the figures are read again over the open connection, without reloading
  the browser page, and the next view comes on when its time has come (``dashboard.kiosk.position``, by the
  wall clock). Every view is on the canvas at every run, only the one on air visible, so a switch shows a view
  already drawn (its map included). The header says when the figures were read and whether the store has
  changed lately (数据未更新 after ``kiosk_stale_minutes``).
- Exceptions first: a new alert (``dashboard.kiosk.alerts``) brings its view on at once for one dwell and is
  marked 新 in the strip under the header for ``kiosk_new_minutes``.

Kiosk parameters come from the URL: ``kiosk``, ``views``, ``refresh``, ``exceptions`` and the county scope
``county``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import streamlit as st

from dashboard import clock, contents, kiosk, settings
from dashboard import ui
from dashboard.ui import kit, wall

SEEN, MARKED, OVERRIDE = "kiosk.seen", "kiosk.marked", "kiosk.override"  # session state keys



@dataclass
class Config:
    playlist: list[kiosk.Stop]
    refresh: int
    exceptions_first: bool
    new_minutes: int
    stale_minutes: int
    problems: list[str] = field(default_factory=list)  # URL values refused (the settings were used instead)


def config(known: set[str]) -> Config:
    """The kiosk's settings, each overridable by the URL; a refused URL value is reported, not fatal.
    Views whose page the app does not have (``known`` are those it has) are left out of the playlist."""
    problems = []
    try:
        playlist = kiosk.parse_playlist(st.query_params.get("views") or kiosk.playlist_setting())
    except ValueError as exc:
        problems.append(str(exc))
        playlist = kiosk.parse_playlist(kiosk.playlist_setting())
    playlist = [s for s in playlist if s.view in known] or [kiosk.Stop("overview", 60)]
    try:
        refresh = kiosk.parse_refresh(st.query_params.get("refresh") or settings.get("kiosk_refresh_seconds"))
    except ValueError as exc:
        problems.append(str(exc))
        refresh = int(settings.get("kiosk_refresh_seconds"))
    exceptions = st.query_params.get("exceptions")
    exceptions_first = settings.get("kiosk_exceptions_first") if exceptions is None else exceptions not in ("0", "false")
    return Config(playlist, refresh, bool(exceptions_first), int(settings.get("kiosk_new_minutes")),
                  int(settings.get("kiosk_stale_minutes")), problems)


def run(navigation: st.Page, pages: dict[str, list[st.Page]]) -> None:
    """The wall screen, whatever page ``navigation`` names: rotation, refresh, exceptions first."""
    views = bind_views(pages)
    _scope_from_url()
    cfg = config(set(views))
    now = time.time()
    index, left = kiosk.position(cfg.playlist, now)
    target, dwell = cfg.playlist[index].view, float(cfg.playlist[index].seconds)
    override = st.session_state.get(OVERRIDE)
    if override and override[1] > now:
        target, left, dwell = override[0], override[1] - now, float(override[2])
    jump = _exceptions(cfg, views)
    if jump:
        target, left, dwell = jump
    dwells = {s.view: float(s.seconds) for s in reversed(cfg.playlist)} | {target: dwell}
    frame = wall.Frame(ui.as_of(), ui.scope(), ui.scope_label(), target, dwell - left, dwells)
    flip = math.inf
    try:
        flip = wall.draw(frame, _header(cfg, views, left))
    finally:  # whatever happened, the wall runs again (a store back from a failure, a view fixed)
        _timer(min(float(cfg.refresh), left + 0.5, flip + 0.3))


def bind_views(pages: dict[str, list[st.Page]]) -> dict[str, st.Page]:
    """view key -> its page, by the page's ``url_path`` (``kiosk.View.url_path``), never by its title."""
    by_path = {page.url_path: page for section in pages.values() for page in section}
    return {key: by_path[path] for key, path in kiosk.bind(by_path).items()}


def _timer(seconds: float) -> None:
    """Rerun the whole app in ``seconds``: the figures are read again (and, when its dwell is over, the
    next view comes on) over the open connection, without reloading the browser page."""
    started = time.time()

    @st.fragment(run_every=seconds)
    def tick() -> None:
        if time.time() - started >= seconds - 0.05:  # not the first, inline run
            st.rerun(scope="app")

    tick()


def _scope_from_url() -> None:
    """The sidebar is not drawn on the wall: the county scope comes straight from the URL."""
    names = [n for n in st.query_params.get_all(ui.SCOPE_KEY) if n in ui.unit_options()]
    st.session_state[ui.SCOPE_KEY] = names


def _exceptions(cfg: Config, views: dict[str, st.Page]) -> tuple[str, float, float] | None:
    """Take the current alerts; remember new ones as marked; the jump to the most urgent new one's view
    (view, seconds left, dwell), or None."""
    current_alerts = ui.cached(kiosk.alerts)(ui.as_of(), ui.scope())
    seen: set[str] | None = st.session_state.get(SEEN)
    now = time.time()
    marked: dict[str, tuple[kiosk.Alert, float]] = {
        k: v for k, v in st.session_state.get(MARKED, {}).items() if v[1] > now
    }
    if seen is None:  # the first look is the baseline: what is already there is not new
        st.session_state[SEEN] = {kiosk.identity(a) for a in current_alerts}
        st.session_state[MARKED] = marked
        return None
    new = kiosk.new_alerts(seen, current_alerts)
    for alert in new:
        marked[kiosk.identity(alert)] = (alert, now + cfg.new_minutes * 60)
    st.session_state[SEEN] = seen | {kiosk.identity(a) for a in new}
    st.session_state[MARKED] = marked
    target = kiosk.jump_target(new) if cfg.exceptions_first else None
    if target not in views:
        return None
    dwell = next((s.seconds for s in cfg.playlist if s.view == target), 60)
    st.session_state[OVERRIDE] = (target, now + dwell, dwell)
    return target, float(dwell), float(dwell)


def _needs_eyes(current_alerts: list[kiosk.Alert]) -> str:
    """The calm line of the strip: how many things of each kind need eyes now."""
    words = {kiosk.K_INCIDENT: "起事故（较大以上或有死亡）", kiosk.K_MISSING: "个县区缺报",
             kiosk.K_FIRE_OVERDUE: "家重大火灾隐患单位逾期", kiosk.K_WARNING: "条预警生效"}
    counts = [f"{sum(a.kind == k for a in current_alerts)} {words[k]}" for k in kiosk.KIND_ORDER
              if any(a.kind == k for a in current_alerts)]
    return ("需关注：" + "　".join(counts)) if counts else "当前没有需要关注的异常"


def _header(cfg: Config, views: dict[str, st.Page], left: float) -> wall.Header:
    store = ui.store()
    read_at = clock.local_now()
    stale = None
    if kiosk.is_stale(store.changed_at, read_at, cfg.stale_minutes):
        minutes = int((read_at - store.changed_at).total_seconds() // 60)
        stale = f"数据未更新：最后变更于 {clock.format_datetime(store.changed_at)}（已 {minutes} 分钟）"
    marked = sorted(st.session_state.get(MARKED, {}).values(), key=lambda v: kiosk.KIND_ORDER.index(v[0].kind))
    titles = {s.view: views[s.view].title for s in cfg.playlist}
    calm = (f"{contents.NOTHING_LOADED}：各项数据在看板的各页面中载入" if kit.loaded().nothing  # not "no exception"
            else _needs_eyes(ui.cached(kiosk.alerts)(ui.as_of(), ui.scope())))
    return wall.Header(titles, f"{read_at:%H:%M:%S}", stale, store.is_demo(), cfg.refresh, left,
                       [alert.text for alert, _ in marked], calm, cfg.problems)
