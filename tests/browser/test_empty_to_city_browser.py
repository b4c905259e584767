"""From the empty start to a loaded city in chromium, as an office does it (README "Loading real data later"): the
store made by ``python -m dashboard init`` and its first account by ``python -m dashboard user add`` (both the
command line, the app stopped), the app started on it, and a 市安委办 user signed in who loads one real-shaped
file of each kind through the pages — the groups' roster, a group's visits, the changes on file and the 约谈 on
督查组评价, a group's own hazard list on 隐患台账, the city's fire-unit list and a county's milestone plan on
重大火灾隐患, the brigade's export on 火灾统计, the task list on 专项整治 — each chosen, previewed (its columns' reading)
and confirmed, and a holiday period added on 假期值班. Then every page shows the loaded city: no kind's empty state
left, its figures measured, the map drawn; the overview's and each page's figures equal what the store holds
(read from the file once the app is stopped). Screenshots (tests/browser/artifacts/empty/): city_start (the overview
before anything is loaded) and city_overview at 1366×768, city_wall at 1920×1080.

The files are the corpus's (tests/data/import/real/); those that name records only the demo has (groups 第五组 …,
the demo's fire units) name this store's instead, cell for cell, their layout kept (``_renamed``)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from browser_helpers import ARTIFACTS, MAP_FRAME, assert_cjk_glyphs, wait_idle
from conftest import guarded_context, sign_in
from test_wall_browser import MAP_DRAWN, ON_AIR

from dashboard import clock, contents, vocab
from dashboard.db import Store
from scripts import app_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import" / "real"))
from make_real import write_real  # noqa: E402
from make_real_kinds import write_kinds  # noqa: E402

SHOTS = ARTIFACTS / "empty"
LOGIN, PASSWORD = "office", "Chengshi2026load"  # a test account's, on a throwaway store
ROOT = Path(__file__).resolve().parents[2]

# (page, the expander of its import, file, names this store has instead of the demo's)
IMPORTS = (
    ("groups", "导入督查组名单", "g01_督查组名单_分组标题行.xlsx", {}),
    ("groups", "导入暗访检查记录", "g02_督查检查记录_标题组别.xlsx", {}),
    ("groups", "导入人员变更备案记录", "g03_人员变更备案_GBK.csv", {"第五组": "第一组", "第九组": "第二组", "第十二组": "第二组"}),
    ("groups", "导入约谈记录", "g04_约谈记录_县区名.xlsx", {"紫阳县": "汉滨区", "白河": "汉阴"}),
    ("hazards", "导入隐患清单", "r01_第二组_汉阴县_两行表头.xlsx", {}),
    ("fire_units", "导入重大火灾隐患单位清单", "f02_重大火灾隐患_全市汇总_两行表头.xlsx", {}),
    ("fire_units", "导入整改节点", "f04_倒排工期_合并单元格.xlsx", {"旬阳市蜀河镇古镇老街木结构连片民居": "旬阳市神河镇商贸综合楼",
                                                            "恒口示范区兴隆综合市场": "汉阴县城关镇兴隆商场"}),
    ("fires", "导入火灾记录", "h01_火灾_汉滨区大队导出_元.xlsx", {}),
    ("tasks", "导入专项整治任务清单", "t01_专项整治_任务清单_分组标题行.xlsx", {}),
)
PAGES = ("", "map", "hazards", "fire_units", "duty", "ranking", "groups", "fires", "tasks", "data")


def _renamed(path: Path, names: dict[str, str], out: Path) -> Path:
    """The file with each of ``names`` (a cell's whole text, trailing spaces aside) written as this store names it."""
    if not names:
        return path
    if path.suffix == ".csv":
        text = path.read_bytes().decode("gbk")
        for old, new in names.items():
            text = text.replace(f",{old},", f",{new},").replace(f"\r\n{old},", f"\r\n{new},")
        out.write_bytes(text.encode("gbk"))
        return out
    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip() in names:
                cell.value = cell.value.replace(cell.value.strip(), names[cell.value.strip()])
    book.save(out)
    return out


def _cli(*args: str, db: Path, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env={**os.environ, "DASHBOARD_DB": str(db)}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def init_store(tmp_path) -> Path:
    """``python -m dashboard init`` and the first account by ``user add`` (README, "Loading real data later")."""
    db = tmp_path / "dashboard.duckdb"
    _cli("init", "--out", str(db), db=db)
    said = _cli("user", "add", LOGIN, "--name", "办公室丙", "--role", "市安委办", "--password-stdin", db=db,
                stdin=PASSWORD + "\n")
    assert said.startswith(f"已新增用户 {LOGIN}")
    return db


def _metrics(page) -> dict[str, str]:
    labels = page.locator('[data-testid="stMetric"] [data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetric"] [data-testid="stMetricValue"]').all_inner_texts()
    return {label.strip(): value.strip() for label, value in zip(labels, values)}


TITLES = {"": "态势总览", "map": "一张图", "hazards": "隐患台账", "fire_units": "重大火灾隐患", "duty": "假期值班",
          "ranking": "县区排名", "groups": "督查组评价", "fires": "火灾统计", "tasks": "专项整治", "data": "数据管理"}


def _open(page, base: str, path: str) -> None:
    """The page by its link in the sidebar (the session kept, as a person moves between pages), else by its address."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href="{base}/{path}"]')
    if link.count() and link.first.is_visible():
        link.first.click()
        page.wait_for_url(f"{base}/{path}")
    else:
        page.goto(f"{base}/{path}")
    page.locator("h1").filter(has_text=TITLES[path]).first.wait_for()
    wait_idle(page)
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="detached")  # every element drawn


_WATCH_RUN = """() => { window.__ran = false; const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'running') window.__ran = true; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""


def _press(page, button) -> None:
    """Click ``button`` and see the app start a run for it; a click that started none (under load the final CI saw
    预览, then 确认导入, pressed while the page was being redrawn and nothing follow) is pressed again, at most
    twice more. Only a click that started no run is repeated, so nothing is ever done twice."""
    for _ in range(3):
        wait_idle(page)
        page.evaluate(_WATCH_RUN)
        button.click()
        try:
            page.wait_for_function("window.__ran === true", timeout=15_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("pressed three times, the app never started a run")


def _load(page, base: str, where: str, panel_title: str, path: Path) -> str:
    """Choose ``path`` in the panel, preview it, confirm; the success line."""
    if not page.url.rstrip("/").endswith("/" + where):
        _open(page, base, where)
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=panel_title).first
    if panel.locator("details").first.get_attribute("open") is None:
        panel.locator("summary").first.click()
    with page.expect_response(lambda r: "/_stcore/upload_file/" in r.url and r.request.method == "PUT") as sent:
        panel.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    assert sent.value.ok, sent.value.status  # the file is on the server before 预览 asks for it
    panel.locator('[data-testid="stFileChipIconSpinner"]').wait_for(state="detached")
    _press(page, panel.get_by_role("button", name="预览"))
    panel.get_by_text("导入预览：" + path.name).wait_for(timeout=60_000)
    wait_idle(page)
    panel.locator('[data-testid="stDataFrame"]').first.wait_for(state="attached")  # how each column was read
    confirm = panel.get_by_role("button", name="确认导入")
    assert confirm.is_enabled(), f"{path.name}: the preview found problems"
    _press(page, confirm)
    done = page.get_by_text(f"导入完成：{path.name} 共 ").first
    done.wait_for(state="attached", timeout=60_000)  # in its panel, which a page drawn anew may show folded
    wait_idle(page)
    return done.text_content()


def _expected(store: Store, today) -> dict[str, dict[str, str]]:
    """The figures each page must show, counted in the store's tables (not through the code the pages use)."""
    def n(sql: str, *params) -> int:
        return int(store.scalar(sql, list(params)) or 0)

    h_open = f"FROM hazards WHERE status <> '{vocab.ST_CLOSED}'"
    u_open = f"FROM fire_units WHERE status <> '{vocab.FU_CLOSED}'"
    hazards = {"open": n(f"SELECT count(*) {h_open}"), "overdue": n(f"SELECT count(*) {h_open} AND deadline < ?", today),
               "major": n(f"SELECT count(*) {h_open} AND level = '{vocab.LEVEL_MAJOR}'")}
    units = {"open": n(f"SELECT count(*) {u_open}"),
             "listed": n(f"SELECT count(*) {u_open} AND listing_level <> '{vocab.NOT_LISTED}'"),
             "overdue": n(f"SELECT count(*) {u_open} AND deadline < ?", today),
             "behind": n(f"SELECT count(DISTINCT m.fire_unit_id) FROM fire_unit_milestones m JOIN fire_units u"
                         f" ON u.id = m.fire_unit_id WHERE u.status <> '{vocab.FU_CLOSED}' AND m.actual_date IS NULL"
                         f" AND m.planned_date < ?", today)}
    reports = f"{n('SELECT count(*) FROM duty_reports WHERE report_date = ?', today)}/{n('SELECT count(*) FROM units')}"
    year = "FROM fire_incidents WHERE year(occurred_at) = (SELECT max(year(occurred_at)) FROM fire_incidents)"
    return {
        "": {"未销号隐患": str(hazards["open"]), "逾期未整改": str(hazards["overdue"]), "未销号重大隐患": str(hazards["major"]),
             "未销案重大火灾隐患单位": str(units["open"]), "其中挂牌督办": str(units["listed"]), "已逾期": str(units["overdue"]),
             "今日值班报告": reports},
        "map": {"未销号隐患": str(hazards["open"]), "重大火灾隐患单位": str(units["open"])},
        "hazards": {"筛选结果": str(n("SELECT count(*) FROM hazards")), "未销号": str(hazards["open"]),
                    "逾期未整改": str(hazards["overdue"])},
        "fire_units": {"未销案单位": str(units["open"]), "挂牌督办": str(units["listed"]), "已逾期": str(units["overdue"]),
                       "节点滞后": str(units["behind"])},
        "duty": {"今日已报送": reports},
        "groups": {"暗访检查": f"{n('SELECT count(*) FROM inspections WHERE covert')} 次",
                   "检查企业": f"{n('SELECT count(DISTINCT enterprise) FROM inspections WHERE covert')} 家",
                   "发现隐患": f"{n('SELECT count(*) FROM hazards WHERE group_id IS NOT NULL')} 条"},
        "fires": {"火灾起数": str(n(f"SELECT count(*) {year}")), "死亡人数": str(n(f"SELECT sum(deaths) {year}")),
                  "受伤人数": str(n(f"SELECT sum(injuries) {year}")),
                  "直接经济损失（万元）": f"{store.scalar(f'SELECT sum(direct_loss) {year}'):.2f}"},
        "tasks": {"任务子项": str(n("SELECT count(*) FROM tasks")), "未启动": str(n("SELECT count(*) FROM tasks WHERE status = '未启动'"))},
    }


def test_an_empty_start_becomes_a_city_through_the_pages(browser, init_store, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    files = {**write_real(tmp_path / "real"), **write_kinds(tmp_path / "real")}
    port = app_server.free_port()
    proc = app_server.start(init_store, port, tmp_path / "streamlit.log")
    base = f"http://127.0.0.1:{port}"
    context = guarded_context(browser, viewport={"width": 1366, "height": 768})
    seen: dict[str, dict[str, str]] = {}
    said: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, base, LOGIN, PASSWORD)
        wait_idle(page)
        page.get_by_text("还没有隐患记录").first.wait_for()
        page.screenshot(path=str(SHOTS / "city_start.png"))

        for where, title, name, names in IMPORTS:
            said.append(_load(page, base, where, title, _renamed(files[name], names, tmp_path / name)))

        _open(page, base, "duty")  # the period form under the page's empty state
        today = clock.local_now().date()
        page.get_by_label("时段名称").fill("元旦")
        page.get_by_label("简称（用于日报标题）").fill("元旦")
        for label, day in (("开始日期", today - timedelta(days=1)), ("结束日期", today + timedelta(days=1))):
            page.get_by_role("spinbutton", name=f"year, {label}").click()  # the segments advance as they fill
            page.keyboard.type(f"{day:%Y%m%d}")
        page.get_by_role("button", name="添加值班时段").click()
        page.get_by_text("已添加值班时段“元旦”").wait_for()

        for path in PAGES:
            _open(page, base, path)
            body = page.locator('[data-testid="stMain"]').inner_text()
            missing = [kind.noun for kind in contents.KINDS if f"还没有{kind.noun}" in body]
            assert missing == [] and contents.NO_RANKING not in body, (path, missing)
            assert page.locator('[data-testid="stException"]').count() == 0, path
            seen[path] = _metrics(page)
            if path in ("", "map"):
                frame = page.frame_locator(MAP_FRAME).first
                frame.locator("path.leaflet-interactive").first.wait_for()
                assert frame.locator("path.leaflet-interactive").count() >= 10, path  # the counties, drawn
            if path == "":  # its charts drawn too (the weekly trend, the ranking)
                page.wait_for_function("document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= 2")
                assert_cjk_glyphs(page)
                page.screenshot(path=str(SHOTS / "city_overview.png"))

        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(base + "/app/static/wall.html?refresh=60&exceptions=0&views=overview:120")
        page.wait_for_function(ON_AIR, timeout=60_000)
        page.wait_for_function(MAP_DRAWN, arg="overview", timeout=60_000)
        page.wait_for_timeout(1000)  # drawn
        page.screenshot(path=str(SHOTS / "city_wall.png"))
        wall = page.evaluate("() => document.querySelector('.st-key-wall-view-overview').innerText")
    except Exception:
        page.screenshot(path=str(SHOTS / "city_failure.png"), full_page=True)  # what the page showed then
        print((tmp_path / "streamlit.log").read_text(encoding="utf-8", errors="replace")[-3000:])
        raise
    finally:
        context.close()
        app_server.stop(proc)
    assert context.external == [], f"the page tried to reach outside the machine: {context.external}"
    assert "还没有" not in wall and "暂无" not in wall, wall[:300]

    store = Store.open(init_store)  # the app stopped: the store is ours to read
    try:
        want = _expected(store, today)
        registered = store.rows("SELECT file_name, rows_added FROM imports WHERE undone_at IS NULL ORDER BY id")
    finally:
        store.close()
    assert [name for name, _ in registered] == [name for _, _, name, _ in IMPORTS]
    for (name, added), line in zip(registered, said):
        assert f"{name} 共 " in line and f"新增 {added} " in line and added > 0, line
    for path, figures in want.items():
        assert {label: seen[path].get(label) for label in figures} == figures, path
    for label in ("未销号隐患", "逾期未整改", "未销号重大隐患", "今日值班报告", "未销案重大火灾隐患单位", "其中挂牌督办", "已逾期"):
        assert f"{label}\n{want[''][label]}\n" in wall, (label, wall[:400])  # the wall's tiles: the same counts
    assert want[""]["未销号隐患"] != "0" and want[""]["未销案重大火灾隐患单位"] != "0"  # a city, not zeros
    kpis = [v for k, v in seen[""].items() if k != "最近整改期限"]  # every unit overdue: no deadline ahead
    assert "—" not in kpis, seen[""]
