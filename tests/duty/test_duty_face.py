"""dashboard.duty's public face: ``__all__`` names what exists, once, and keeps every name that code outside
the package uses (the wall, the overview, the ranking, the benchmarks)."""

import re
from pathlib import Path

from dashboard import duty

ROOT = Path(__file__).resolve().parents[2]


def test_all_names_what_exists_once():
    assert len(duty.__all__) == len(set(duty.__all__))
    assert [n for n in duty.__all__ if not hasattr(duty, n)] == []


def test_every_name_used_outside_the_package_is_public():
    used = set()
    for folder in ("dashboard", "app_pages", "scripts", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            if "dashboard/duty/" in path.as_posix():
                continue
            used |= set(re.findall(r"\bduty\.([A-Za-z_]\w*)", path.read_text(encoding="utf-8")))
    # duty.py in comments, the demo's dict named duty, the widget keys duty.day, duty.tab, duty.s., duty.r., duty.notice.,
    # duty.chase., duty.p., duty.i., duty.w., duty.d. (the page's sections)
    used -= {"py", "pop", "day", "tab", "s", "r", "notice", "chase", "p", "i", "w", "d"}
    assert sorted(n for n in used if n not in duty.__all__ and not n.startswith("_")) == []
