"""The shared modules' public faces: ``__all__`` names what exists, and every public top-level name is in it
(a new public function must be added there, or be given a leading underscore)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

MODULES = ["clock", "numbers", "settings", "stored_settings", "scope", "units", "vocab", "db", "export", "ingest",
           "kiosk", "tasks", "documents"]


def _public_top_level(module) -> set[str]:
    path = Path(module.__file__)
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names.update(n.id for n in ([target] if isinstance(target, ast.Name) else getattr(target, "elts", []))
                             if isinstance(n, ast.Name))
    return {n for n in names if not n.startswith("_") and n not in ("T",)}


@pytest.mark.parametrize("name", MODULES)
def test_all_names_what_exists_and_every_public_name(name):
    module = importlib.import_module(f"dashboard.{name}")
    assert len(module.__all__) == len(set(module.__all__)), "a name twice in __all__"
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert not missing, f"dashboard.{name}.__all__ names what does not exist: {missing}"
    if not Path(module.__file__).name == "__init__.py":
        left_out = _public_top_level(module) - set(module.__all__)
        assert not left_out, f"dashboard.{name}: public names not in __all__: {sorted(left_out)}"


def test_no_star_import_breaks():
    for name in MODULES:
        namespace: dict = {}
        exec(f"from dashboard.{name} import *", namespace)  # noqa: S102 - our own modules
