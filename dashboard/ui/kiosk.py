"""The wall screen (``?kiosk=1``): the existing pages, one at a time, refreshed in place, for hours.

- No sidebar, no navigation, no Streamlit chrome; big numbers. With ``&embed=true&embed_options=dark_theme``
  (the README's wall-screen address) Streamlit also draws its dark theme (``[theme.dark]`` in config.toml).
- A timer fragment (``run_every``) reruns the app every ``refresh`` seconds, or sooner when the current
  view's dwell time is over: the figures are read again over the open connection, without reloading
  the browser page, and the next view of the playlist comes on when its time has come
  (``dashboard.kiosk.position``, by the wall clock). The status bar shows when the figures were read and
  whether the store has changed lately (数据未更新 after ``kiosk_stale_minutes``). A page's own widgets
  cannot be kept inside a fragment that reruns the page script (Streamlit runs a page once per app run),
  so the whole app reruns; Streamlit only re-sends what changed, and the map's frame is kept.
- Exceptions first: a new alert (``dashboard.kiosk.alerts``) jumps to its view for one dwell and is
  marked 新 in the banner for ``kiosk_new_minutes``.
- A page marks what the wall does not need: controls inside ``ui.wall_hidden(...)`` are not shown, and
  ``ui.wall_end()`` stops the page there (details, forms, exports).

Kiosk parameters travel with every page switch: ``kiosk``, ``views``, ``refresh``, ``exceptions`` and the
county scope ``county``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import streamlit as st

from dashboard import clock, kiosk, settings
from dashboard import ui

CARRIED = ("views", "refresh", "exceptions")  # kiosk parameters carried from page to page
SEEN, MARKED, OVERRIDE = "kiosk.seen", "kiosk.marked", "kiosk.override"  # session state keys

CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer,
[class*="st-key-wall-hidden"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.8rem 2.2rem 1rem 2.2rem !important;
  max-width: 100% !important; }
html, body, [data-testid="stApp"] { font-size: 19px; }
h1 { font-size: 2.5rem !important; padding: 0.2rem 0 !important; }
h2, h3 { font-size: 1.9rem !important; }
[data-testid="stMetricValue"] { font-size: 3.6rem !important; font-weight: 700 !important; line-height: 1.1 !important; }
[data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
[data-testid="stMetricDelta"] { font-size: 1.2rem !important; }
[data-testid="stCaptionContainer"] { font-size: 1.05rem !important; }
[class*="st-key-kiosk-bar"] { font-size: 1.25rem; }
[class*="st-key-kiosk-bar"] p { margin: 0; }
</style>
"""


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


def _carried_params() -> dict[str, str | list[str]]:
    params: dict[str, str | list[str]] = {ui.WALL_KEY: "1"}
    for key in CARRIED:
        if st.query_params.get(key) is not None:
            params[key] = st.query_params[key]
    counties = st.query_params.get_all(ui.SCOPE_KEY)
    if counties:
        params[ui.SCOPE_KEY] = counties
    return params


def _go(page: st.Page) -> None:
    st.switch_page(page, query_params=_carried_params())


def run(navigation: st.Page, pages: dict[str, list[st.Page]]) -> None:
    """Show ``navigation`` (the page asked for) as the wall screen: rotation, refresh, exceptions first."""
    views = bind_views(pages)
    st.html(CSS)
    _scope_from_url()
    cfg = config(set(views))
    now = time.time()
    index, left = kiosk.position(cfg.playlist, now)
    target = cfg.playlist[index].view
    override = st.session_state.get(OVERRIDE)
    if override and override[1] > now:
        target, left = override[0], override[1] - now
    current = next((key for key, page in views.items() if page.url_path == navigation.url_path), None)
    if current != target:
        _go(views[target])
    _exceptions(cfg, current, views)
    _timer(min(float(cfg.refresh), left + 0.5))  # before the page: a page may st.stop() (ui.wall_end)
    _status_bar(cfg, views, current, left)
    navigation.run()


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


def _exceptions(cfg: Config, current: str | None, views: dict[str, st.Page]) -> None:
    """Take the current alerts; remember new ones as marked; jump to the most urgent new one's view."""
    current_alerts = ui.cached(kiosk.alerts)(ui.as_of(), ui.scope())
    seen: set[str] | None = st.session_state.get(SEEN)
    now = time.time()
    marked: dict[str, tuple[kiosk.Alert, float]] = {
        k: v for k, v in st.session_state.get(MARKED, {}).items() if v[1] > now
    }
    if seen is None:  # the first look is the baseline: what is already there is not new
        st.session_state[SEEN] = {kiosk.identity(a) for a in current_alerts}
        st.session_state[MARKED] = marked
        return
    new = kiosk.new_alerts(seen, current_alerts)
    for alert in new:
        marked[kiosk.identity(alert)] = (alert, now + cfg.new_minutes * 60)
    st.session_state[SEEN] = seen | {kiosk.identity(a) for a in new}
    st.session_state[MARKED] = marked
    target = kiosk.jump_target(new) if cfg.exceptions_first else None
    if target in views:
        dwell = next((s.seconds for s in cfg.playlist if s.view == target), 60)
        st.session_state[OVERRIDE] = (target, now + dwell)
        if target != current:
            _go(views[target])


def _status_bar(cfg: Config, views: dict[str, st.Page], current: str | None, left: float) -> None:
    """One line: the views with the current one highlighted, read time, freshness, the next view."""
    store = ui.store()
    read_at = clock.local_now()
    with st.container(key="kiosk-bar", horizontal=True, vertical_alignment="center", gap="medium"):
        for stop in cfg.playlist:
            title = views[stop.view].title
            if stop.view == current:
                st.badge(title, color="blue", icon=":material/tv:")
            else:
                st.caption(title)
        st.space("stretch")
        if kiosk.is_stale(store.changed_at, read_at, cfg.stale_minutes):
            minutes = int((read_at - store.changed_at).total_seconds() // 60)
            st.badge(f"数据未更新：最后变更于 {clock.format_datetime(store.changed_at)}（已 {minutes} 分钟）",
                     color="orange", icon=":material/warning:")
        else:
            st.badge("实时", color="green", icon=":material/radio_button_checked:")
        st.caption(f"读取于 {read_at:%H:%M:%S} · 每 {cfg.refresh} 秒刷新 · 约 {int(left)} 秒后切换")
    for problem in cfg.problems:
        st.warning(f"链接中的大屏参数有误，已按设置显示：{ui.plain(problem)}", icon=":material/link_off:")  # URL text
    marked = st.session_state.get(MARKED, {})
    if marked:
        lines = [f"**新** {ui.plain(alert.text)}" for alert, _ in marked.values()]
        st.error("　".join(lines), icon=":material/notification_important:")
