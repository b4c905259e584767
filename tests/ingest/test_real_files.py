"""The real-shaped corpus (tests/data/import/real/make_real.py: 22 lists as groups and county offices fill them
in Excel / WPS) end to end: through the CLI, each file on a fresh copy of the demo store gives its expected
outcome (rows added, or its refusal with nothing written), says what it inferred, and adds nothing when
imported again; a hand-made mapping is remembered for the next file with the same header row; and through the
隐患台账 page (AppTest): the preview shows each column's reading, what was inferred and the first rows, an
ambiguous header is mapped with its dropdown, and 确认导入 writes the file."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import apptest
import pytest
from apptest import open_page

from dashboard.__main__ import main as cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "import" / "real"))
from make_real import EXPECTED, write_real  # noqa: E402

app_db = apptest.app_db
PAGE = "app_pages/hazards.py"
KEY = "hazards.import."


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real")
    write_real(folder)
    return folder


@pytest.fixture
def store_path(demo_db_path, tmp_path, monkeypatch):
    copy = tmp_path / "store.duckdb"
    shutil.copy(demo_db_path, copy)
    monkeypatch.setenv("DASHBOARD_DB", str(copy))
    return copy


def _count(path) -> int:
    return apptest.sql(path, "SELECT count(*) FROM hazards")[0][0]


def _args(real: Path, name: str) -> list[str]:
    case = EXPECTED[name]
    args = ["import", "hazards", str(real / name), *case.options]
    if case.mapping is not None:
        args += ["--mapping", str(real / (name + ".mapping.json"))]
    return args


def test_the_corpus_has_twenty_files_of_every_kind():
    assert len(EXPECTED) >= 20
    suffixes = {Path(n).suffix for n in EXPECTED}
    assert suffixes == {".xlsx", ".xls", ".csv"}
    assert sum(case.refused is not None for case in EXPECTED.values()) >= 5


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_through_the_cli(real, store_path, capsys, name):
    case = EXPECTED[name]
    before = _count(store_path)
    code = cli(_args(real, name))
    out, err = capsys.readouterr()
    if case.refused is not None:
        assert code == 1 and "未导入" in err and case.refused in err, err
        assert _count(store_path) == before
        return
    assert code == 0, err
    assert f"新增 {case.added} 条" in out, out
    for said in case.inferred:
        assert said in out, out
    assert _count(store_path) == before + case.added
    assert cli(_args(real, name)) == 0  # again: nothing added twice
    assert "新增 0 条" in capsys.readouterr().out
    assert _count(store_path) == before + case.added


def test_a_mapping_made_by_hand_is_remembered_for_the_senders_next_file(real, store_path, capsys):
    assert cli(_args(real, "r08_第七组_一列两项.xlsx")) == 1  # the ambiguous header: 单位名称 missing
    capsys.readouterr()
    assert cli(_args(real, "r09_第七组_手工指定.xlsx")) == 0  # mapped by hand (--mapping)
    capsys.readouterr()
    saved = apptest.sql(store_path, "SELECT kind, mapping FROM import_mappings")
    assert saved == [("hazards", '{"单位名称/隐患部位": "单位名称"}')]
    # the same header row again, without a mapping: read the remembered way (its rows are already there)
    assert cli(_args(real, "r08_第七组_一列两项.xlsx")) == 0
    out = capsys.readouterr().out
    assert "沿用上次" in out and "新增 0 条" in out and "已存在未重复导入 3 条" in out


def test_cli_options_are_checked(real, store_path, capsys, tmp_path):
    name = "r22_选择检查组.xlsx"
    assert cli(["import", "hazards", str(real / name), "--group", "第十三组"]) == 1
    assert "找不到检查组“第十三组”" in capsys.readouterr().err
    assert cli(["import", "hazards", str(real / name), "--group", "4", "--source", "道听途说"]) == 1
    assert "不是可选值" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"单位名称/隐患部位": "公司"}', encoding="utf-8")
    assert cli(["import", "hazards", str(real / name), "--mapping", str(bad)]) == 2
    assert "不是可导入的列" in capsys.readouterr().err
    assert _count(store_path) == apptest.sql(store_path, "SELECT count(*) FROM hazards")[0][0]


# -- the page ---------------------------------------------------------------------------------------------------
def _preview(at, path: Path, *, group=None, source=None):
    if group:
        at.selectbox(key=KEY + "opt.group").set_value(group)
    if source:
        at.selectbox(key=KEY + "opt.source").set_value(source)
    at.file_uploader(key=KEY + "upload").set_value((path.name, path.read_bytes(), "application/octet-stream"))
    at = at.button(key=KEY + "start").click().run()
    assert not at.exception, at.exception
    return at


def _confirm(at):
    button = next(b for b in at.button if b.key == KEY + "confirm")
    assert not button.disabled
    at = button.click().run()
    assert not at.exception, at.exception
    return at


_PAGE_FILES = ["r01_第二组_汉阴县_两行表头.xlsx", "r04_部门检查_GBK.csv", "r05_第十组_老式xls.xls", "r06_第六组_月底.xlsx",
               "r15_县安委办台账_WPS空格.xlsx", "r18_第十一组_日期单元格_分组表头.xlsx", "r12_县区自查_选择来源.xlsx"]


@pytest.mark.parametrize("name", _PAGE_FILES)
def test_files_through_the_page_preview_then_confirm(real, app_db, name):
    case = EXPECTED[name]
    options = dict(zip(case.options[::2], case.options[1::2]))
    before = _count(app_db)
    at = _preview(open_page(PAGE), real / name, source=options.get("--source"))
    assert _count(app_db) == before  # the preview writes nothing
    texts = [t.value for t in at.text]
    for said in case.inferred:
        assert any(said in t for t in texts), texts
    frames = [d.value for d in at.dataframe]
    columns = next(f for f in frames if "文件中的列名" in f.columns)
    rows = next(f for f in frames if "行号" in f.columns and "单位名称" in f.columns)
    assert len(rows) == min(case.added, 20)
    at = _confirm(at)
    assert any(f"新增 {case.added} 条" in s.value for s in at.success), [s.value for s in at.success]
    assert _count(app_db) == before + case.added
    if name.startswith("r01"):
        reading = dict(zip(columns["文件中的列名"], columns["读作"]))
        assert reading["被检查单位名称"] == "单位名称" and reading["隐患问题描述"] == "隐患描述"
        assert reading["检查时间"] == "发现时间" and reading["序号"] == "（不导入）"


def test_an_ambiguous_header_is_mapped_on_the_page_and_remembered(real, app_db):
    before = _count(app_db)
    at = _preview(open_page(PAGE), real / "r08_第七组_一列两项.xlsx")
    assert any("缺少必填列：单位名称" in str(d.value) for d in at.dataframe)
    assert next(b for b in at.button if b.key == KEY + "confirm").disabled
    choose = at.selectbox(key=KEY + "map.单位名称/隐患部位")
    assert "单位名称" in choose.options and "隐患部位" in choose.options
    at = choose.set_value("单位名称").run()
    assert not at.exception
    columns = next(d.value for d in at.dataframe if "文件中的列名" in d.value.columns)
    assert dict(zip(columns["文件中的列名"], columns["读作"]))["单位名称/隐患部位"] == "单位名称"
    at = _confirm(at)
    assert _count(app_db) == before + 3
    assert apptest.sql(app_db, "SELECT mapping FROM import_mappings") == [('{"单位名称/隐患部位": "单位名称"}',)]
    # the sender's next file with that header: read the remembered way at once
    at = _preview(open_page(PAGE), real / "r09_第七组_手工指定.xlsx")
    assert any("沿用上次" in t.value for t in at.text)
    assert not next(b for b in at.button if b.key == KEY + "confirm").disabled


def test_a_file_without_source_is_refused_until_one_is_chosen(real, app_db):
    at = _preview(open_page(PAGE), real / "r11_县区自查_无来源.xlsx")
    assert any("请在导入时选择来源" in str(d.value) for d in at.dataframe)
    at = _preview(at, real / "r11_县区自查_无来源.xlsx", source="企业自查自报")
    before = _count(app_db)
    at = _confirm(at)
    assert _count(app_db) == before + 3
