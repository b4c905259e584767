"""Every page's KPI tiles through ``ui.kpi`` with a state in the one colour language (issue 12 item 5): the
demo's 逾期 39, 已逾期 3, 缺报 4 are red; 0 of a kind is green; plain totals stay plain; thresholds from
the settings. Read through the entry script with AppTest: a tile's state is in its container's key."""

from __future__ import annotations

from pathlib import Path

import pytest

import apptest
from apptest import open_page

app_db = apptest.app_db
ROOT = Path(__file__).resolve().parents[2]


def tiles(at) -> dict[str, tuple[str, str | None]]:
    """label -> (value as shown, state) for every metric on the page; a metric outside a tile is state '—'."""
    found: dict[str, tuple[str, str | None]] = {}

    def walk(node, state="—"):
        block_id = getattr(getattr(node, "proto", None), "id", "") if type(node).__name__ == "Block" else ""
        if "-kpi-" in block_id:
            name = block_id.split("-kpi-", 1)[1].split("-", 1)[0]
            state = None if name == "plain" else name
        if type(node).__name__ == "Metric":
            found[node.label] = (node.value, state)
        for child in getattr(node, "children", {}).values():
            walk(child, state)

    walk(at._tree)
    return found


def states(at) -> dict[str, str | None]:
    return {label: state for label, (_, state) in tiles(at).items()}


def test_overview_tiles(app_db):
    assert tiles(open_page(None)) == {
        "未销号隐患": ("345", None), "逾期未整改": ("39", "red"), "未销号重大隐患": ("64", None),
        "隐患整改率": ("81.0%", None), "未销案重大火灾隐患单位": ("14", None), "其中挂牌督办": ("5", None),
        "已逾期": ("3", "red"), "最近整改期限": ("3天", "orange"),  # the countdown band: 3 days left
        "今日值班报告": ("8/12", "red"),  # 17:00, past the 16:00 cut-off: 4 missing
    }


def test_ledger_tiles_follow_the_filter(app_db):
    assert states(open_page("app_pages/hazards.py"))["逾期未整改"] == "red"
    closed = tiles(open_page("app_pages/hazards.py", {"hazards.status": "已销号"}))
    assert closed["逾期未整改"] == ("0", "green")
    assert closed["筛选结果"][1] is None


def test_fire_unit_tiles(app_db):
    assert states(open_page("app_pages/fire_units.py")) == {
        "未销案单位": None, "挂牌督办": None, "已逾期": "red", "节点滞后": "red", "应提级督办": "green", "待复查": None}


def test_duty_tiles(app_db):
    found = tiles(open_page("app_pages/duty.py"))
    assert found["今日已报送"] == ("8/12", "red") and found["缺报"] == ("4", "red")
    assert found["死亡 / 受伤"] == ("0 / 1", None) and found["零报告"][1] is None
    early = tiles(open_page("app_pages/duty.py", {"duty.day": "2021-05-02"}))  # a past day, every unit reported?
    assert early["5月2日已报送"][1] in ("green", "red")
    assert early["缺报"][1] == ("green" if early["缺报"][0] == "0" else "red")


def test_group_tiles(app_db):
    found = tiles(open_page("app_pages/groups.py"))
    assert found["建议约谈"] == ("4 / 12 组", "red")
    assert found["书面移交县区政府"] == ("96.2%", "green") and found["书面移交市安委办"] == ("94.3%", "green")


def test_group_share_tiles_follow_the_handover_rule(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_INTERVIEW_MIN_HANDOVER_RATE", "0.95")
    found = states(open_page("app_pages/groups.py"))
    assert (found["书面移交县区政府"], found["书面移交市安委办"]) == ("green", "red")  # 94.3% < 95%


def test_task_and_map_tiles(app_db):
    assert states(open_page("app_pages/tasks.py"))["已逾期"] == "red"
    assert states(open_page("app_pages/map.py")) == {
        "未销号隐患": None, "逾期未整改": "red", "未销号重大隐患": None, "隐患整改率": None, "重大火灾隐患单位": None}


def test_the_thresholds_are_settings(app_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_TILE_RED_OVERDUE", "5")
    monkeypatch.setenv("DASHBOARD_TILE_RED_MISSING", "5")
    assert states(open_page("app_pages/fire_units.py"))["已逾期"] == "orange"  # 3 overdue, red from 5
    assert states(open_page("app_pages/hazards.py"))["逾期未整改"] == "red"  # 39
    assert states(open_page("app_pages/duty.py"))["缺报"] == "orange"  # 4 missing, red from 5


@pytest.mark.parametrize("page", [None, "app_pages/map.py", "app_pages/hazards.py", "app_pages/fire_units.py",
                                  "app_pages/duty.py", "app_pages/groups.py", "app_pages/fires.py",
                                  "app_pages/tasks.py"])
def test_every_figure_on_every_page_is_a_tile(app_db, page):
    found = tiles(open_page(page))
    assert found and all(state != "—" for _, state in found.values()), found


def test_no_page_draws_a_metric_of_its_own():
    drawn = [path.relative_to(ROOT).as_posix() for folder in ("app_pages", "dashboard")
             for path in (ROOT / folder).rglob("*.py") if ".metric(" in path.read_text(encoding="utf-8")]
    assert drawn == ["dashboard/ui/tiles.py"]
