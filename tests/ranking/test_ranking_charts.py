"""The data behind the 县区排名 charts, as syrupy snapshots (refresh with --snapshot-update and read the diff):
the demo month's score bars (best at the top, coloured by band, the rank change beside each bar, the top
deductions on hover) and one unit's waterfall; and hand-made rows with every band and a floored score (the
floor's bar back up, the total at 0)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from snapshots import figure_data

from dashboard import clock
from dashboard import ranking as rk

AS_OF = datetime(2021, 5, 3, 17, 0)
MAY = rk.period_of(rk.MONTH, AS_OF.date(), AS_OF.date())
WEIGHTS = {r.setting: w for r, w in zip(rk.RULES, (2.0, 1.0, 3.0, 2.0, 1.0, 0.5, 2.0, 3.0))}


def test_score_bars_on_the_demo(demo_store, json_snapshot):
    frame = rk.table(demo_store, MAY, AS_OF)
    fig = rk.charts.score_bars(frame, title="2021年5月 县区得分")
    bars = fig.data[0]
    assert list(bars.y)[-1].startswith("第1 ") and list(bars.y)[0] == f"第{frame['rank'].iloc[-1]} {frame['unit'].iloc[-1]}"
    assert list(bars.marker.color) == [clock.URGENCY_COLORS[rk.band(s)] for s in frame["score"].iloc[::-1]]
    assert figure_data(fig) == json_snapshot


def test_waterfall_on_the_demo(demo_store, json_snapshot):
    frame = rk.table(demo_store, MAY, AS_OF).set_index("unit")
    row = frame.loc["汉滨区"].to_dict() | {"unit": "汉滨区"}
    fig = rk.charts.waterfall(rk.unit_lines(row, rk.weights(demo_store)), title="汉滨区 2021年5月 得分构成")
    assert fig.data[0].text[-1] == rk.points_text(row["score"])
    assert figure_data(fig) == json_snapshot


def _row(unit: str, rank: int, change: str, counts: dict) -> dict:
    row = {"unit": unit, "rank": rank, "change": change}
    taken = []
    for rule in rk.RULES:
        row[rule.key] = counts.get(rule.key, 0)
        row[rule.key + "_points"] = rk.deduction(row[rule.key], WEIGHTS[rule.setting])
        taken.append(row[rule.key + "_points"])
    return row | {"score": rk.score(taken), "floor": rk.floor_points(taken), "band": rk.band(rk.score(taken))}


ROWS = [_row("甲县", 1, "▲2", {}), _row("乙县", 2, "持平", {"overdue": 6}), _row("丙县", 3, "新", {"open_major": 35}),
        _row("丁县", 4, "▼2", {"overdue": 40, "open_major": 30, "report_missing": 2})]


def test_every_band_and_the_floor(json_snapshot):
    bars = rk.charts.score_bars(pd.DataFrame(ROWS), title="t", height=300)
    assert list(bars.data[0].marker.color) == [clock.URGENCY_COLORS[b] for b in (clock.RED, clock.ORANGE, clock.YELLOW,
                                                                                 clock.GREEN)]
    assert list(bars.data[0].text) == ["0分  ▼2", "65分  新", "88分  持平", "100分  ▲2"]
    floored = rk.charts.waterfall(rk.unit_lines(ROWS[3], WEIGHTS), title="t")
    assert list(floored.data[0].x) == ["基础分", "逾期未整改隐患", "未销号重大隐患", "值班缺报", "不低于0分保底", "得分"]
    assert list(floored.data[0].y) == [100.0, -80.0, -30.0, -2.0, 12.0, 0]
    assert figure_data(bars) == json_snapshot(name="bars")
    assert figure_data(floored) == json_snapshot(name="floored")
