"""DataFrame -> plotly Figure. One colour language: red overdue, orange <= 7 d, yellow <= 30 d, green.

Figures are built per call (never cached across users: they are mutable).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import clock

from dashboard.plotting import BLUE, GREY, layout  # noqa: F401  (BLUE, GREY: until the domains own their charts)

_layout = layout
