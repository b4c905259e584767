"""Reading a styled ``st.dataframe`` back in AppTest: which colour each cell of a column is drawn in."""

from __future__ import annotations

import re


def cell_colours(frame, column: str, id_column: str) -> dict[str, str]:
    """id -> the CSS colour (``#rrggbb``) of its ``column`` cell, for every coloured cell of the AppTest
    dataframe element ``frame`` (read from the Styler's CSS in its proto)."""
    index = list(frame.value.columns).index(column)
    colours = {}
    for cells, colour in re.findall(r"([^{}]+)\{ color: (#[0-9a-f]{6})", frame.proto.arrow_data.styler.styles):
        for row, col in re.findall(r"_row(\d+)_col(\d+)", cells):
            if int(col) == index:
                colours[frame.value[id_column].iloc[int(row)]] = colour
    return colours
