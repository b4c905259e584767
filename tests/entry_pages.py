"""Test helper: the pages the entry script declares, read from its source (no Streamlit run needed)."""

from __future__ import annotations

import ast
from pathlib import Path

ENTRY = Path(__file__).resolve().parents[1] / "streamlit_app.py"


def _literal(node: ast.expr):
    """A keyword's value when it is written as a literal; None when it is computed (e.g. ``default=not clerk_home``:
    the default page depends on the signed-in role)."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def declared_pages() -> dict[str, str]:
    """url_path -> title of every ``st.Page(...)`` in streamlit_app.py, as Streamlit serves it to a user whose
    default page is 态势总览 (every role but 县区填报员): the default page at the root (""), the only one that
    declares no url_path; every other page at the url_path it declares."""
    pages = {}
    for node in ast.walk(ast.parse(ENTRY.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "st.Page":
            keywords = {k.arg: _literal(k.value) for k in node.keywords}
            path = "" if keywords.get("default") is True else keywords.get("url_path", "")
            assert path not in pages, f"{ast.unparse(node)}: a second page at /{path}"
            pages[path] = keywords["title"]
    return pages
