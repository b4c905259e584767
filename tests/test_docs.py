"""The README keeps up with the code: every setting and every page is documented."""

import re
from pathlib import Path

from dashboard.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    for setting in SETTINGS:
        assert f"`{setting.name}`" in README and f"`{setting.env_var}`" in README, setting.name


def test_every_page_is_in_the_readme():
    entry = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    titles = re.findall(r'st\.Page\("[^"]+", title="([^"]+)"', entry)
    assert titles
    for title in titles:
        assert f"**{title}**" in README, title


def test_readme_shows_the_two_commands():
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()
