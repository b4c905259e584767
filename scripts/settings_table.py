"""The README's settings table from dashboard.settings.SETTINGS.

``python -m scripts.settings_table`` prints it; ``--write`` replaces the table in README.md in place.
"""

import re
import sys

from dashboard.settings import PROJECT_ROOT, SETTINGS

HEADER = "| setting | environment variable | default | what it does |"


def table() -> str:
    lines = [HEADER, "|---|---|---|---|"]
    for s in SETTINGS:
        default = str(s.default).replace(str(PROJECT_ROOT) + "/", "")
        editable = f" (设置 page: {s.group} · {s.label}, {s.minimum:g}–{s.maximum:g})" if s.editable else ""
        lines.append(f"| `{s.name}` | `{s.env_var}` | `{default}` | {s.help}{editable} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    if "--write" not in sys.argv:
        print(table(), end="")
        return
    readme = PROJECT_ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(HEADER) + r"\n(?:\|.*\n)+")
    if not pattern.search(text):
        sys.exit("README.md has no settings table to replace")
    readme.write_text(pattern.sub(lambda _: table(), text, count=1), encoding="utf-8")


if __name__ == "__main__":
    main()
