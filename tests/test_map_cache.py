"""The map built once per data (issue 18): a rerun that changed nothing builds no map and sends the component
the same arguments; a write to the store builds it again, with the change. What the component is sent equals
what ``st_folium`` would send for the same map (so streamlit-folium's frontend draws it as before)."""

from __future__ import annotations

import json
from datetime import date

import apptest
import pandas as pd
import pytest
import streamlit_folium
from apptest import open_page

from dashboard import hazards, maps, roles, vocab
from dashboard.ui import situation_map as ui_map
from dashboard.units import read_units_csv

app_db = apptest.app_db
PAGE = "app_pages/map.py"


def _map_args(at) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


@pytest.fixture
def builds(monkeypatch):
    """How many times a run built the situation map (the real builder, counted)."""
    calls = []
    real = maps.situation_map

    def counted(*args, **kwargs):
        calls.append(kwargs.get("selected"))
        return real(*args, **kwargs)

    monkeypatch.setattr(maps, "situation_map", counted)
    return calls


@pytest.mark.parametrize("page", [PAGE, None])  # 一张图 and the overview's copy
def test_a_rerun_that_changed_nothing_builds_nothing_and_sends_the_same(app_db, builds, page):
    at = open_page(page)
    first = _map_args(at)
    assert len(builds) == 1
    at.run()
    at.run()
    assert len(builds) == 1
    assert _map_args(at) == first
    # a second session (another screen) is drawn from the same build
    assert _map_args(open_page(page)) == first and len(builds) == 1


def test_other_arguments_are_other_maps(app_db, builds):
    at = open_page(PAGE)
    at.segmented_control(key="map.measure").set_value("逾期未整改").run()
    assert len(builds) == 2
    at.selectbox(key="map.county").set_value("白河县").run()
    assert builds[-1] == "白河县" and len(builds) == 3
    at.segmented_control(key="map.measure").set_value("未销号隐患").run()  # not seen with 白河县 selected
    at.selectbox(key="map.county").set_value(None).run()  # seen: 未销号隐患, nothing selected
    assert len(builds) == 4


def _point(script: str, hazard_id: str) -> dict:
    """One hazard's fields as the map's data carries them (hazards.js reads them the same way)."""
    start = script.index("window.dashHazards.add(")
    payload, _ = json.JSONDecoder().raw_decode(script, script.index("{", start))
    columns = {f["label"]: f["values"] if "values" in f else [f["names"][c] for c in f["codes"]]
               for f in payload["fields"]}
    i = columns["编号"].index(hazard_id)
    return {label: values[i] for label, values in columns.items()}


def test_a_write_to_the_store_changes_the_map(app_db, builds):
    at = open_page(PAGE)
    script = _map_args(at)["script"]
    from dashboard.ui import store

    current = store()
    (hazard_id, status), = current.rows(
        "SELECT id, status FROM hazards WHERE status = ? AND lat IS NOT NULL ORDER BY deadline, id LIMIT 1",
        [vocab.ST_PENDING])
    assert _point(script, hazard_id)["整改期限"] < "2021-07-01"
    hazards.act(current, hazard_id, hazards.A_EXTEND, {"new_deadline": date(2021, 7, 1), "reason": "设备到货延迟"},
                roles.system("测试员"))
    at.run()
    assert len(builds) == 2
    assert _point(_map_args(at)["script"], hazard_id)["整改期限"] == "2021-07-01"


def _small_map():
    units = read_units_csv()
    by_unit = pd.DataFrame({"unit_code": units["code"], "unit": units["name"], "open": 1, "overdue": 0,
                            "open_major": 0, "rate": 50.0})
    board = pd.DataFrame({
        "name": ["甲商场"], "unit": ["汉滨区"], "lat": [32.68], "lon": [109.02], "urgency": ["red"], "listed": [True],
        "listing_level": ["市级挂牌督办"], "listing_doc": ["安安委督〔2021〕3号"], "countdown": ["逾期3天"],
        "deadline": pd.to_datetime(["2021-04-30"]), "progress": [60], "status": ["整改中"], "resp_unit": ["甲公司"],
        "resp_person": ["张三"], "resp_phone": ["13900000000"]})
    points = pd.DataFrame({"id": ["YH1", "YH2"], "enterprise": ["某公司", "<b>乙</b>"], "unit": ["汉滨区"] * 2,
                           "level": ["一般隐患"] * 2, "status": ["整改中"] * 2,
                           "deadline": pd.to_datetime(["2021-05-10"] * 2), "lat": [32.7, 32.71], "lon": [109.0] * 2})
    return maps.situation_map(by_unit, units, "open", board, points, selected="白河县", zoom_on_click=True)


@pytest.mark.parametrize("returned", [[], ["last_active_drawing"]])
def test_the_component_gets_what_st_folium_would_send(monkeypatch, returned):
    sent = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.append(kwargs))
    streamlit_folium.st_folium(_small_map(), key="k", height=400, use_container_width=True, returned_objects=returned)
    (theirs,) = sent
    ours = ui_map.component_args(_small_map(), "k")
    assert ours.script == theirs["script"] and "window.dashHazards.add(" in ours.script
    assert ours.header == theirs["header"] and ours.html == theirs["html"] and ours.map_id == theirs["id"]
    assert list(ours.css_links) == theirs["css_links"] and list(ours.js_links) == theirs["js_links"]
    assert ours.hash_key == theirs["key"]
    assert {k: v for k, v in ours.defaults.items() if k in returned} == theirs["default"]
