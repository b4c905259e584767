"""The county-level units (reference data from data/units.csv) and name/alias resolution.

Another city swaps data/units.csv (and the GeoJSON) and changes the city name in settings.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pandas as pd

from dashboard import roles, settings
from dashboard.db import Store, Tx

__all__ = ["read_units_csv", "load_units", "ensure_units", "normalize", "all_units", "alias_map", "resolve"]


def read_units_csv(path: Path | None = None) -> pd.DataFrame:
    """The units file as rows: code, name, kind, lat, lon, sort_order, aliases (list)."""
    path = Path(path or settings.get("units_csv"))
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    frame = pd.DataFrame(rows)
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    frame["sort_order"] = frame["sort_order"].astype(int)
    frame["aliases"] = frame["aliases"].fillna("").map(lambda s: [a for a in s.split("|") if a])
    return frame


def load_units(tx: Tx, actor: roles.User, path: Path | None = None) -> int:
    """Insert or refresh the units and their aliases from the CSV inside ``tx``; returns the count."""
    frame = read_units_csv(path)
    for row in frame.itertuples():
        # ON CONFLICT with a target: DuckDB refuses INSERT OR REPLACE on a table with a second unique key.
        tx.execute(
            "INSERT INTO units (code, name, kind, lat, lon, sort_order) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, lat = excluded.lat,"
            " lon = excluded.lon, sort_order = excluded.sort_order",
            [row.code, row.name, row.kind, row.lat, row.lon, row.sort_order],
        )
        for alias in [row.name, row.code, *row.aliases]:
            tx.execute("INSERT OR REPLACE INTO unit_aliases VALUES (?, ?)", [normalize(alias), row.code])
    tx.audit("units", "all", "载入县区名录", actor, detail={"units": len(frame), "file": str(path or settings.get("units_csv"))})
    return len(frame)


def ensure_units(store: Store, actor: roles.User | None = None) -> None:
    """A new store gets the units of data/units.csv, so every page has its 12 units from the start."""
    if not store.scalar("SELECT count(*) FROM units"):
        store.write(lambda tx: load_units(tx, actor or roles.system("系统")))


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC), spaces removed: how people's typing is compared."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def all_units(store: Store) -> pd.DataFrame:
    """code, name, kind, lat, lon, sort_order in display order."""
    return store.query("SELECT code, name, kind, lat, lon, sort_order FROM units ORDER BY sort_order")


def alias_map(store: Store) -> dict[str, str]:
    """Normalized alias -> unit code (names and codes included)."""
    return dict(store.rows("SELECT alias, unit_code FROM unit_aliases"))


def resolve(store_or_map: Store | dict[str, str], text: str) -> str | None:
    """The unit code for a name, code or alias as typed, or None."""
    mapping = store_or_map if isinstance(store_or_map, dict) else alias_map(store_or_map)
    return mapping.get(normalize(text))
