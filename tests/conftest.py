"""Shared fixtures: the demo store, built once per session.

- ``demo_db_path``: the path of a demo database (``demo.build``, scale 1) built once per session. Treat it
  as read-only; copy it before writing (or use ``demo_store``).
- ``demo_store``: a fresh copy of that file per test, opened as a `Store` and closed afterwards;
  ``module_demo_store`` the same, one per test module.
"""

from __future__ import annotations

import shutil

import pytest

from dashboard import demo
from dashboard.db import Store


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Streamlit's caches are process-wide: each test starts and ends without them (which also closes
    the stores that AppTest runs opened)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo.build(path)
    return path


def _opened_copy(demo_db_path, copy):
    shutil.copy(demo_db_path, copy)
    store = Store.open(copy)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def demo_store(demo_db_path, tmp_path):
    yield from _opened_copy(demo_db_path, tmp_path / "demo_copy.duckdb")


@pytest.fixture(scope="module")
def module_demo_store(demo_db_path, tmp_path_factory):
    """One copy of the demo for a whole module, for tests that only read it or prepare what each acts on."""
    yield from _opened_copy(demo_db_path, tmp_path_factory.mktemp("module_demo") / "demo_copy.duckdb")


from snapshots import json_snapshot  # noqa: E402,F401  (a fixture for every test folder)
