"""make bench's table (scripts/bench.py) from hand-made figures: every line of issue #18 in order, a line not
measured yet says pending, "met" compares the least CPU time with the goal; and the figures of several runs
(scripts/bench_pages.summary: median wall, least CPU, median CPU). No benchmark runs here."""

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
    return f


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
    assert rows["import 100,000 rows (.xlsx)"][2] == "pending (part B)"


@pytest.mark.parametrize("load, met", [(1.0, "yes (wall time, the machine quiet)"), (5.0, "NO")])
def test_wall_time_counts_when_the_machine_is_quiet(capsys, load, met):
    bench.print_table(_figures(0.12, wall=0.08, load=load))      # goal 0.1 s: CPU over it, wall within
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("| 重大火灾隐患"))
    assert row.split(" | ")[3].rstrip(" |") == met


def test_summary_of_runs():
    assert summary([(0.5, 0.2), (0.3, 0.1), (0.4, 0.4)]) == [0.4, 0.1, 0.2]
    assert summary([(1.25, 0.75)]) == [1.25, 0.75, 0.75]
