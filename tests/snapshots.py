"""Snapshot helpers (syrupy): the data behind a chart and the configuration of a table, as JSON.

Refresh after an intended change with ``.venv/bin/python -m pytest --snapshot-update <tests>`` and read the
diff of ``__snapshots__/`` before committing it. Branca and Plotly ids are random, so maps are asserted on
their layers and features instead.
"""

from __future__ import annotations

import base64
import json

import numpy as np

import plotly.graph_objects as go
import pytest
from syrupy.extensions.json import JSONSnapshotExtension


def _plain(value):
    """Numbers as numbers: Plotly 6+ writes numeric arrays as base64 typed arrays ({"dtype", "bdata"}), which
    make unreadable snapshot diffs; decode them into lists."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def figure_data(fig: go.Figure) -> dict:
    """A figure trimmed to what it shows: its traces and its layout, without Plotly's template, arrays as lists."""
    spec = json.loads(fig.to_json())
    layout = {k: v for k, v in spec.get("layout", {}).items() if k != "template"}
    return _plain({"data": spec.get("data", []), "layout": layout})


@pytest.fixture
def json_snapshot(snapshot):
    """``assert figure_data(fig) == json_snapshot``: a readable .json file per snapshot."""
    return snapshot.use_extension(JSONSnapshotExtension)
