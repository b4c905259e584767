"""The hazard ledger's import columns without a store (units from data/units.csv, one group per unit)."""

import pandas as pd
import pytest

from dashboard import hazards, units


@pytest.fixture(scope="module")
def hazard_fields():
    frame = units.read_units_csv()
    aliases = {units.normalize(a): code for code, name, al in zip(frame["code"], frame["name"], frame["aliases"])
               for a in [name, *al]}
    groups = pd.DataFrame({"id": range(1, len(frame) + 1), "unit_code": frame["code"],
                           "name": [f"第{i}暗访督查组（驻{n}）" for i, n in enumerate(frame["name"], 1)]})
    return hazards.import_fields(frame[["code", "name"]], aliases, groups)
