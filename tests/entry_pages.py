"""Test helper: the pages the entry script declares, read from its source (no Streamlit run needed)."""

from __future__ import annotations

import ast
from pathlib import Path

ENTRY = Path(__file__).resolve().parents[1] / "streamlit_app.py"


def declared_pages() -> dict[str, str]:
    """url_path -> title of every ``st.Page(...)`` in streamlit_app.py, as Streamlit serves it: the default
    page at the root (""), every other page at the url_path it declares (each must declare one)."""
    pages = {}
    for node in ast.walk(ast.parse(ENTRY.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "st.Page":
            keywords = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
            path = "" if keywords.get("default") else keywords.get("url_path")
            assert path is not None, f"{ast.unparse(node)} declares no url_path"
            pages[path] = keywords["title"]
    return pages
