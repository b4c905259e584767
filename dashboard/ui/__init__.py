"""The only Streamlit code inside the package: the cached store, cached queries, the sidebar scope,
the page header with 数据截至 and the 演示数据 badge, KPI tiles.

Pages call these helpers and the domain modules; they never touch DuckDB themselves.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import streamlit as st

from dashboard import clock, settings
from dashboard import units as unit_names
from dashboard.db import Store, StoreError
from dashboard.ui import style, tiles  # noqa: F401  (tiles: the state rules, ui.tiles.overdue_state …)
from dashboard.ui.tiles import kpi, kpi_row  # noqa: F401  (every page's tiles: ui.kpi_row / ui.kpi)
from dashboard.ui.signin import user  # noqa: F401  (the signed-in user: ui.user())

T = TypeVar("T")
SCOPE_KEY = "county"  # the sidebar county scope; also its URL query parameter (?county=汉滨区)
WALL_KEY = "kiosk"  # ?kiosk=1 shows the wall screen instead of the pages (dashboard/ui/kiosk.py, ui/wall/)


@st.cache_resource(show_spinner=False, on_release=Store.close)  # clearing the cache closes the file
def _open_store(path: str) -> Store:
    if not Path(path).exists():
        from dashboard import demo

        with st.spinner("首次启动：正在生成演示数据库……"):
            demo.build(Path(path))
    store = Store.open(path)
    unit_names.ensure_units(store)
    return store


def store() -> Store:
    """The process's one Store for the configured file; a refused file stops the page with its message."""
    try:
        return _open_store(str(settings.db_path().resolve()))
    except StoreError as exc:
        st.error(f"无法打开数据库：{exc}", icon=":material/error:")
        st.stop()
        raise  # unreachable: st.stop() raises


_CACHEABLE: dict[str, Callable[..., Any]] = {}


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(func_key: str, path: str, generation: int, args: tuple, kwargs: tuple) -> Any:
    return _CACHEABLE[func_key](store(), *args, **dict(kwargs))


def cached(func: Callable[..., T]) -> Callable[..., T]:
    """``func(store, *args)`` cached per database file and write generation, called as ``f(*args)``.

    Every committed write bumps ``Store.generation``, so no cache needs clearing by hand after a write.
    Arguments must be hashable by st.cache_data (dates, strings, tuples). Results are copies.
    """
    func_key = f"{func.__module__}.{func.__qualname__}"
    _CACHEABLE[func_key] = func

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        current = store()
        return _cached_call(func_key, str(current.path), current.generation, args, tuple(sorted(kwargs.items())))

    return wrapper


def as_of() -> datetime:
    return store().as_of()


def unit_options() -> dict[str, str]:
    """Unit name -> code, in display order."""
    frame = cached(unit_names.all_units)()
    return dict(zip(frame["name"], frame["code"]))


def sidebar(page: st.Page | None = None) -> None:
    """The shared sidebar: the as-of time and the county scope (bound to the URL). ``page`` is the page
    about to run (st.navigation's answer): arriving on it by a link, the scope follows that link's URL."""
    if page is not None:
        _scope_follows_link(page.url_path)
    current = as_of()
    with st.sidebar:
        st.markdown(f"**数据截至** {clock.format_datetime(current)}")
        st.multiselect(
            "县区范围",
            options=list(unit_options()),
            key=SCOPE_KEY,
            bind="query-params",
            placeholder="全市（全部县区）",
            help="选择后本页所有数字、图表和地图只统计所选县区；链接中带有所选范围，可直接发送。",
        )


_LAST_PAGE = "ui.last_page"  # the page the previous run showed, to tell a page change from a rerun


def _scope_follows_link(url_path: str) -> None:
    """Arriving on another page in the app, the scope is the one the URL carries, exactly as when the same
    link is opened cold. Streamlit itself keeps the sidebar widget's value from the page before (for a
    widget that exists on both pages, session state wins over the URL), so a link to ``?county=汉滨区``
    would otherwise open scoped to 全市. A URL without ``county`` (the navigation menu) keeps the scope."""
    previous = st.session_state.get(_LAST_PAGE)
    st.session_state[_LAST_PAGE] = url_path
    carried = [name for name in st.query_params.get_all(SCOPE_KEY) if name in unit_options()]
    if previous not in (None, url_path) and carried and carried != list(st.session_state.get(SCOPE_KEY) or []):
        st.session_state[SCOPE_KEY] = carried


def link_params(params: dict[str, Any] | None = None, scope: list[str] | tuple[str, ...] | None = None
                ) -> dict[str, Any]:
    """Query parameters for a link to another page: ``params`` plus the county scope (the current one
    unless ``scope`` names others), so the page opens as the same link opened cold would."""
    names = list(st.session_state.get(SCOPE_KEY) or []) if scope is None else list(scope)
    carried = {k: v for k, v in (params or {}).items() if k != SCOPE_KEY}
    return {**carried, SCOPE_KEY: names} if names else carried


def link(page: str | st.Page, label: str, params: dict[str, Any] | None = None, *,
         scope: list[str] | tuple[str, ...] | None = None, **page_link_args: Any):
    """``st.page_link`` to another page that carries the county scope (see ``link_params``). Every link
    between pages goes through here; the arriving page takes the scope from the URL (``sidebar``)."""
    return st.page_link(page, label=label, query_params=link_params(params, scope) or None, **page_link_args)


def page_url(url_path: str, params: dict[str, Any] | None = None) -> str:
    """A relative address of a page with its query (the scope first, then ``params`` in order), for links
    in tables (``st.column_config.LinkColumn``): ``page_url("hazards", {"hazards.id": ""})`` ends with
    ``hazards.id=`` so a value can be appended."""
    query = link_params(None) | dict(params or {})
    return url_path + ("?" + urlencode(query, doseq=True) if query else "")


def scope() -> tuple[str, ...]:
    """The selected unit codes (empty = the whole city)."""
    names = st.session_state.get(SCOPE_KEY) or []
    options = unit_options()
    return tuple(options[n] for n in names if n in options)


def scope_label() -> str:
    names = st.session_state.get(SCOPE_KEY) or []
    return "全市" if not names else "、".join(names)


def page_header(title: str) -> None:
    """Title, 数据截至 and, while the demo is loaded, the 演示数据 badge."""
    current = store()
    style.inject()  # the house CSS (widths, tiles' state colours): once per run, on every page
    st.title(title)
    line = st.container(horizontal=True, vertical_alignment="center")
    with line:
        if current.is_demo():
            st.badge("演示数据", icon=":material/science:", color="orange")
        st.caption(f"数据截至 {clock.format_datetime(current.as_of())} · 范围：{scope_label()}")


# A row that wraps on a narrow window instead of squeezing (buttons keep their whole label):
# ``with st.container(**ui.WRAP_ROW):`` or ``row = st.container(**ui.WRAP_ROW)``.
WRAP_ROW: dict[str, Any] = {"horizontal": True, "wrap": True, "gap": "small", "vertical_alignment": "bottom"}


def wide_columns(name: str, spec, **columns_args: Any):
    """``st.columns(spec)`` side by side only on a wide screen (``style.WIDE_PX``, e.g. the 1920 px wall) and stacked
    below it: for a pair whose parts each need most of a laptop's width (a chart beside a wide table)."""
    with st.container(key="wide-columns-" + re.sub(r"[^\w-]", "-", name)):
        return st.columns(spec, **columns_args)


def on_wall() -> bool:
    """True on the wall screen (``?kiosk=1``, see dashboard/ui/kiosk.py)."""
    return st.query_params.get(WALL_KEY) in ("1", "true", "yes")


PROGRESS_COLOR = "#1f77b4"  # plotting.BLUE, the theme's primary: neutral (red is overdue / missing only)


def progress_column(label: str | None = None, *, format: str = "%d%%", width: Any = None, help: str | None = None):
    """A 0–100 progress bar in a table, neutral blue at every value: a bar is not an urgency, and 100% or
    已完成 is no alarm (the bars used to take the theme's red primary). Urgency lives in the countdown."""
    return st.column_config.ProgressColumn(label, min_value=0, max_value=100, format=format, width=width, help=help,
                                           color=PROGRESS_COLOR)


def fit_width(values, *, minimum: int = 60, maximum: int = 320) -> int:
    """A table column's width in px for its longest text (a CJK character about 14 px, a Latin one about 8, plus the
    cell's padding), within [minimum, maximum]: names are shown whole instead of cut at the 200 px of "medium"."""
    def px(text: str) -> int:
        return sum(14 if ord(ch) > 0x2E80 else 8 for ch in text)
    longest = max((px(str(v)) for v in values if v is not None and v == v), default=0)  # v == v: not NaN
    return max(minimum, min(maximum, longest + 24))


def plain(text) -> str:
    """User text inside a Streamlit message, label or badge: markdown characters escaped, so it shows
    exactly as typed (Streamlit messages render markdown; user text is never markup)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", str(text))


def import_refusal(file_name: str, errors, *, key: str, kept: str = "数据库") -> None:
    """A refused import: what happened, the table of row / column / value / reason, and its download."""
    from dashboard import ingest

    st.error(f"“{plain(file_name)}”有 {len(errors)} 处问题，整个文件未导入，{kept}没有任何改动。请修改后重新导入。",
             icon=":material/error:")
    st.dataframe(errors, hide_index=True, width="stretch", key=key + "table")
    st.download_button("下载问题清单", data=ingest.errors_csv(errors), file_name=f"导入问题清单_{file_name}.csv",
                       mime="text/csv", key=key + "csv", icon=":material/download:", on_click="ignore")


def percent(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f}%"
