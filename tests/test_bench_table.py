"""make bench's table (scripts/bench.py) from hand-made figures: every line of issue #18 in order, a line not
measured in the run says —, "met" compares the least CPU time with the goal (the export: and its memory); and
the figures of several runs (scripts/bench_pages.summary: median wall, least CPU, median CPU). No benchmark runs
here."""

from __future__ import annotations

import pytest

from scripts import bench
from scripts.bench_pages import summary


def _figures(cpu: float, wall: float = 0.4, load: float = 9.0) -> bench.Figures:
    f = bench.Figures([1, 60, 700])
    page = {"cold": [1.0, 0.5, 0.5], "warm": [wall, cpu, cpu + 0.05]}
    f.pages = {s: {"": page, "map": page, "fire_units": page, "load": load} for s in (1, 60, 700)}
    f.ledger = {700: {"keyword": [0.5, cpu, cpu + 0.1], "warm": [0.1] * 3, "cold": [0.3] * 3, "mem_mb": 500}}
    f.peer = {700: {"keyword": [3.0, 0.6, 0.7], "warm": [2.0] * 3, "cold": [9.0] * 3, "mem_mb": 3700}}
    f.tabs, f.tabs_scale = {"tabs": 20, "ready": 20, "all_s": 12.0, "median_s": 10.0, "peak_mb": 550,
                            "cpu_s": 20.0}, 700
    f.extra = {bench.IMPORT_ROW: _io(8.0, rise=600), bench.EXPORT_ROW: _io(4.5, rise=300, csv=True)}
    return f


def _io(cpu: float, rise: float, wall: float = 6.0, load: float = 9.0, csv: bool = False) -> dict:
    """scripts/bench_io.measure's summary, by hand."""
    figures = {"figure": [wall, cpu, cpu + 0.3], "rows": 108_720, "rise_mb": rise, "peak_mb": rise + 200,
               "size_mb": 48.3, "load": load}
    return figures | ({"csv": [3.0, 2.5, 2.6]} if csv else {})


@pytest.mark.parametrize("cpu, met", [(0.05, "yes"), (0.25, "NO")])
def test_the_table(capsys, cpu, met):
    bench.print_table(_figures(cpu))
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ") and "---" not in line]
    rows = {line.split(" | ")[0][2:]: line.split(" | ") for line in lines[1:]}
    assert list(rows) == [r.what for r in bench.ROWS]
    assert rows["态势总览 warm, 109k / 1.27M"][3].rstrip(" |") == ("yes" if cpu <= 0.3 else "NO")
    assert rows["重大火灾隐患 warm, 1.8k / 109k / 1.27M"][3].rstrip(" |") == met           # goal 0.1 s
    assert "pandas peer 3.00 s (0.60 s CPU" in rows["隐患台账, a new keyword at 1.27M"][2]
    assert rows["20 browser tabs opening 态势总览 at once"][3].rstrip(" |") == "yes"
    assert rows[bench.IMPORT_ROW][3].rstrip(" |") == "yes"
    assert rows[bench.EXPORT_ROW][2].startswith("6.00 s (4.50 s CPU, median 4.80), 108,720 rows; memory +300 MB")
    assert rows[bench.EXPORT_ROW][3].rstrip(" |") == "yes"


@pytest.mark.parametrize("cpu, wall, load, rise, met", [
    (4.5, 6.0, 9.0, 300, "yes"),
    (12.0, 14.0, 9.0, 300, "NO"),                                   # CPU over 10 s on a busy machine
    (12.0, 8.0, 1.0, 300, "yes (wall time, the machine quiet)"),    # wall within 10 s on a quiet one
    (4.5, 6.0, 9.0, 501, "NO"),                                     # fast, but over 500 MB
])
def test_the_export_line_judges_time_and_memory(capsys, cpu, wall, load, rise, met):
    f = _figures(0.05)
    f.extra[bench.EXPORT_ROW] = _io(cpu, rise, wall=wall, load=load)
    bench.print_table(f)
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("| " + bench.EXPORT_ROW))
    assert row.split(" | ")[3].rstrip(" |") == met


def test_a_line_not_measured_in_this_run_says_so(capsys):
    f = _figures(0.05)
    f.extra = {}  # make bench --skip import,export
    bench.print_table(f)
    bench.print_io(f)
    out = capsys.readouterr().out
    rows = {line.split(" | ")[0][2:]: line.split(" | ") for line in out.splitlines() if line.startswith("| ")}
    assert rows[bench.IMPORT_ROW][2:] == ["—", "— |"] and rows[bench.EXPORT_ROW][2:] == ["—", "— |"]
    assert "Files in and out" not in out


def test_the_files_section(capsys):
    bench.print_io(_figures(0.05))
    out = capsys.readouterr().out
    assert "| Excel export of 108,720 rows | 108,720 | 48.3 MB | 6.00 s | 4.50 / 4.80 s | 300 MB | 500 MB |" in out
    assert "| the same set as CSV | 108,720 | | 3.00 s | 2.50 / 2.60 s | | |" in out


@pytest.mark.parametrize("load, met", [(1.0, "yes (wall time, the machine quiet)"), (5.0, "NO")])
def test_wall_time_counts_when_the_machine_is_quiet(capsys, load, met):
    bench.print_table(_figures(0.12, wall=0.08, load=load))      # goal 0.1 s: CPU over it, wall within
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("| 重大火灾隐患"))
    assert row.split(" | ")[3].rstrip(" |") == met


def test_summary_of_runs():
    assert summary([(0.5, 0.2), (0.3, 0.1), (0.4, 0.4)]) == [0.4, 0.1, 0.2]
    assert summary([(1.25, 0.75)]) == [1.25, 0.75, 0.75]


@pytest.mark.parametrize("all_s, cpu_s, peak, whole, share", [
    (12.0, 20.0, 550, "yes", "yes"),
    (130.0, 13.5, 599, "NO", "yes"),    # the tabs wait on Chromium; the server keeps up
    (130.0, 40.0, 599, "NO", "NO"),     # 20 s of each of the 2 cores: the server itself is too slow
    (12.0, 20.0, 650, "NO", "NO"),      # over 600 MB
])
def test_the_tabs_are_judged_whole_and_by_the_servers_share(capsys, monkeypatch, all_s, cpu_s, peak, whole, share):
    monkeypatch.setattr(bench.os, "cpu_count", lambda: 2)
    f = _figures(0.05)
    f.tabs.update(all_s=all_s, cpu_s=cpu_s, peak_mb=peak, browser_cpu_s=197.0)
    bench.print_table(f)
    rows = [line.split(" | ") for line in capsys.readouterr().out.splitlines() if "tabs" in line or "share" in line]
    assert [row[3].rstrip(" |") for row in rows] == [whole, share]
    assert "Chromium 197.0 s CPU drawing them" in rows[0][2]
