"""Plotly figures built once for the data they draw.

Building a Plotly figure validates every property it sets: the 重大火灾隐患 Gantt takes about a third of that
page's warm rerun, 隐患台账's three breakdowns a quarter of its. A figure is a pure function of the frames
and values it is given, which (like every cached read, ``ui.cached``) stay the same between writes. So a page
asks ``figures.cached(build)(*args)``: the figure built by ``build(*args)`` the first time these arguments
(frames hashed by content) and these settings (colours and bands come from them) are seen, the same object
afterwards, in any session. Only for builders that read nothing but their arguments and the settings.

The figure is shared: never change it after it is returned (``st.plotly_chart`` only reads it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from dashboard import settings

__all__ = ["cached"]

F = TypeVar("F")
_BUILDERS: dict[str, Callable[..., Any]] = {}


@st.cache_resource(show_spinner=False, max_entries=256)
def _built(key: str, args: tuple, kwargs: tuple, settings_values: dict) -> Any:  # the settings: only the key
    return _BUILDERS[key](*args, **dict(kwargs))


def cached(build: Callable[..., F]) -> Callable[..., F]:
    """``build`` with its result kept per argument values (hashable by Streamlit: frames, dates, strings)."""
    key = f"{build.__module__}.{build.__qualname__}"
    _BUILDERS[key] = build

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> F:
        return _built(key, args, tuple(sorted(kwargs.items())), settings.snapshot().values)

    return wrapper
