"""Test helper: read the data behind a Plotly chart as AppTest sees it (Plotly 7 sends typed arrays)."""

import base64
import json

import numpy as np


def decode(value):
    """A plain list from a figure array, whether a list or Plotly's {"dtype", "bdata"} typed array."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value)


def chart_specs(at) -> list[dict]:
    """Every plotly_chart on the AppTest page as its figure dict (data and layout)."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
