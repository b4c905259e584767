"""Snapshot helpers (syrupy): the data behind a chart and the configuration of a table, as JSON.

Refresh after an intended change with ``.venv/bin/python -m pytest --snapshot-update <tests>`` and read the
diff of ``__snapshots__/`` before committing it. Branca and Plotly ids are random, so maps are asserted on
their layers and features instead.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from syrupy.extensions.json import JSONSnapshotExtension


def figure_data(fig: go.Figure) -> dict:
    """A figure trimmed to what it shows: its traces and its layout, without Plotly's template."""
    spec = json.loads(fig.to_json())
    layout = {k: v for k, v in spec.get("layout", {}).items() if k != "template"}
    return {"data": spec.get("data", []), "layout": layout}


@pytest.fixture
def json_snapshot(snapshot):
    """``assert figure_data(fig) == json_snapshot``: a readable .json file per snapshot."""
    return snapshot.use_extension(JSONSnapshotExtension)
