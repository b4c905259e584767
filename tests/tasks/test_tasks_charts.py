"""The data behind the 专项整治 charts, as syrupy snapshots (refresh with --snapshot-update and read the diff):
the demo's progress by category and by lead department, and a small hand-made frame with every colour."""

from __future__ import annotations

from datetime import date

import pandas as pd
from snapshots import figure_data

from dashboard import tasks
from dashboard.tasks import charts

TODAY = date(2021, 5, 3)


def test_category_progress_on_the_demo(demo_store, json_snapshot):
    frame = tasks.task_list(demo_store, TODAY)
    assert figure_data(charts.category_progress(tasks.by_category(frame))) == json_snapshot


def test_department_progress_on_the_demo(demo_store, json_snapshot):
    frame = tasks.task_list(demo_store, TODAY)
    assert figure_data(charts.department_progress(tasks.by_department(frame))) == json_snapshot


def test_every_colour_and_label(json_snapshot):
    departments = pd.DataFrame({"department": ["市住建局", "市公安局", "市教育局"], "items": [3, 2, 1],
                                "mean_progress": [20.0, 62.5, 100.0], "done": [0, 1, 1], "overdue": [2, 0, 0]})
    fig = charts.department_progress(departments, height=300)
    assert list(fig.data[0].marker.color) == [charts.RED, charts.BLUE, charts.GREEN]
    assert list(fig.data[0].text) == ["20.0%　完成0/3　逾期2项", "62.5%　完成1/2", "100.0%　完成1/1"]
    assert figure_data(fig) == json_snapshot
