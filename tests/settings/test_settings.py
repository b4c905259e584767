"""Settings loaded once into a validated snapshot: every bad value is refused with a Chinese message naming
the variable (or the file and key) it came from; the file is read once, not per call; the entry script and
the CLI show the refusal at start instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import apptest

from dashboard import __main__ as cli
from dashboard import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    """No DASHBOARD_* variable from the machine, and no dashboard.toml but the test's own."""
    import os

    for name in [n for n in os.environ if n.startswith("DASHBOARD_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv(settings.CONFIG_VAR, str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")


def _config(tmp_path, monkeypatch, text: str) -> Path:
    path = tmp_path / "dashboard.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(settings.CONFIG_VAR, str(path))
    return path


@pytest.mark.parametrize("variable, value, named, why", [
    ("DASHBOARD_URGENCY_ORANGE_DAYS", "abc", "环境变量 DASHBOARD_URGENCY_ORANGE_DAYS", "应为整数"),
    ("DASHBOARD_URGENCY_ORANGE_DAYS", "-1", "环境变量 DASHBOARD_URGENCY_ORANGE_DAYS", "超出范围"),
    ("DASHBOARD_URGENCY_ORANGE_DAYS", "7.5", "环境变量 DASHBOARD_URGENCY_ORANGE_DAYS", "应为整数"),
    ("DASHBOARD_URGENCY_YELLOW_DAYS", "", "环境变量 DASHBOARD_URGENCY_YELLOW_DAYS", "应为整数"),
    ("DASHBOARD_URGENCY_YELLOW_DAYS", "5", "DASHBOARD_URGENCY_YELLOW_DAYS", "不能小于 urgency_orange_days"),
    ("DASHBOARD_REPORT_CUTOFF", "25:00", "环境变量 DASHBOARD_REPORT_CUTOFF", "16:00 形式的时间"),
    ("DASHBOARD_REPORT_CUTOFF", "16", "环境变量 DASHBOARD_REPORT_CUTOFF", "16:00 形式的时间"),
    ("DASHBOARD_REPORT_CUTOFF", "四点", "环境变量 DASHBOARD_REPORT_CUTOFF", "16:00 形式的时间"),
    ("DASHBOARD_MAP_CENTER", "安康", "环境变量 DASHBOARD_MAP_CENTER", "纬度,经度"),
    ("DASHBOARD_MAP_CENTER", "32.75", "环境变量 DASHBOARD_MAP_CENTER", "纬度,经度"),
    ("DASHBOARD_MAP_CENTER", "132.75,108.95", "环境变量 DASHBOARD_MAP_CENTER", "纬度,经度"),
    ("DASHBOARD_MAP_CENTER", "32.75,108.95,1", "环境变量 DASHBOARD_MAP_CENTER", "纬度,经度"),
    ("DASHBOARD_MAP_ZOOM", "eight", "环境变量 DASHBOARD_MAP_ZOOM", "应为整数"),
    ("DASHBOARD_KIOSK_EXCEPTIONS_FIRST", "maybe", "环境变量 DASHBOARD_KIOSK_EXCEPTIONS_FIRST", "是或否"),
    ("DASHBOARD_KIOSK_EXCEPTIONS_FIRST", "是", "环境变量 DASHBOARD_KIOSK_EXCEPTIONS_FIRST", "是或否"),
    ("DASHBOARD_AS_OF", "昨天", "环境变量 DASHBOARD_AS_OF", "2021-05-03 17:00 形式的时间"),
    ("DASHBOARD_SCORE_OVERDUE_HAZARD", "101", "环境变量 DASHBOARD_SCORE_OVERDUE_HAZARD", "超出范围：应为 0–100"),
    ("DASHBOARD_INTERVIEW_MIN_HANDOVER_RATE", "90%", "环境变量 DASHBOARD_INTERVIEW_MIN_HANDOVER_RATE", "应为数字"),
])
def test_a_bad_environment_value_is_refused_naming_its_variable(monkeypatch, variable, value, named, why):
    monkeypatch.setenv(variable, value)
    with pytest.raises(settings.SettingsError) as refused:
        settings.snapshot()
    assert named in str(refused.value) and why in str(refused.value), str(refused.value)


@pytest.mark.parametrize("text, named, why", [
    ("urgency_orange_days = 'abc'\n", "dashboard.toml 中的 urgency_orange_days", "应为整数"),
    ("urgency_orange_days = -1\n", "dashboard.toml 中的 urgency_orange_days", "超出范围"),
    ("report_cutoff = '25:00'\n", "dashboard.toml 中的 report_cutoff", "16:00 形式的时间"),
    ("map_center = [32.75, 108.95]\n", "dashboard.toml 中的 map_center", "纬度,经度"),
    ("kiosk_exceptions_first = 'maybe'\n", "dashboard.toml 中的 kiosk_exceptions_first", "是或否"),
    ("urgency_orange_days = 7\nurgency_orage_days = 3\n", "urgency_orage_days", "不是看板的设置"),
    ("urgency_orange_days = \n", "DASHBOARD_CONFIG", "无法读取"),        # not TOML
    ("[urgency]\norange = 7\n", "urgency", "不是看板的设置"),
])
def test_a_bad_config_file_is_refused_naming_the_file_and_key(tmp_path, monkeypatch, text, named, why):
    _config(tmp_path, monkeypatch, text)
    with pytest.raises(settings.SettingsError) as refused:
        settings.snapshot()
    assert named in str(refused.value) and why in str(refused.value), str(refused.value)


def test_a_missing_config_file_named_by_the_variable_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.CONFIG_VAR, str(tmp_path / "nowhere.toml"))
    with pytest.raises(settings.SettingsError, match="DASHBOARD_CONFIG.*不存在"):
        settings.snapshot()


def test_values_come_from_the_environment_then_the_file_then_the_default(tmp_path, monkeypatch):
    _config(tmp_path, monkeypatch, "urgency_orange_days = 5\nurgency_yellow_days = 20\nreport_cutoff = '15:30'\n"
                                   "kiosk_exceptions_first = false\n")
    monkeypatch.setenv("DASHBOARD_URGENCY_YELLOW_DAYS", " 25 ")
    assert (settings.get("urgency_orange_days"), settings.get("urgency_yellow_days")) == (5, 25)
    assert settings.get("kiosk_exceptions_first") is False and settings.get("map_zoom") == 8
    assert settings.report_cutoff().strftime("%H:%M") == "15:30" and settings.map_center() == (32.75, 108.95)


def test_the_file_is_read_once_not_per_call(tmp_path, monkeypatch):
    import os

    path = _config(tmp_path, monkeypatch, "urgency_orange_days = 5\n")
    reads = []
    original = settings._config_file
    monkeypatch.setattr(settings, "_config_file", lambda p: reads.append(p) or original(p))
    assert [settings.get("urgency_orange_days") for _ in range(200)] == [5] * 200
    for _ in range(50):
        settings.current(), settings.report_cutoff(), settings.db_path()
    assert len(reads) == 1
    # a changed file (or a changed DASHBOARD_* variable) is read again, once
    path.write_text("urgency_orange_days = 6\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [settings.get("urgency_orange_days") for _ in range(100)] == [6] * 100 and len(reads) == 2
    monkeypatch.setenv("DASHBOARD_URGENCY_YELLOW_DAYS", "40")
    assert [settings.get("urgency_yellow_days") for _ in range(100)] == [40] * 100 and len(reads) == 3


def test_the_entry_script_shows_the_refusal_instead_of_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "never_built.duckdb"))
    monkeypatch.setenv("DASHBOARD_URGENCY_ORANGE_DAYS", "abc")
    at = apptest.entry().run()
    assert not at.exception, at.exception
    shown = [e.value.replace("\\", "") for e in at.error]  # ui.plain escapes the markdown characters
    assert len(shown) == 1 and shown[0].startswith("设置有误，看板未启动：")
    assert "环境变量 DASHBOARD_URGENCY_ORANGE_DAYS 的值“abc”无效：应为整数" in shown[0]
    assert not at.metric and not at.sidebar.children  # nothing else ran
    assert not (tmp_path / "never_built.duckdb").exists()  # not even the demo build


def test_the_cli_returns_2_with_the_message(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DASHBOARD_REPORT_CUTOFF", "25:00")
    assert cli.main(["demo", "--out", str(tmp_path / "x.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：设置 环境变量 DASHBOARD_REPORT_CUTOFF 的值“25:00”无效") and "Traceback" not in err
    assert not (tmp_path / "x.duckdb").exists()
