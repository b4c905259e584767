"""数据管理 through the entry script: 立即备份 makes a verified backup that the list then shows; 重新校验 finds a
damaged one; the app's backup service is running for the store while the app is."""

import json
import time

import apptest
from apptest import open_page

from dashboard import backup

app_db = apptest.app_db
PAGE = "app_pages/data.py"


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_backup_now_makes_a_verified_backup_the_list_shows(app_db):
    at = open_page(PAGE)
    assert [w.body for w in at.warning] == ["还没有已校验的备份。"]
    _button(at, "立即备份").click().run()
    assert not at.exception
    made = backup.list_backups(app_db.parent / "backups")
    assert len(made) == 1 and made[0].verified and made[0].reason == backup.MANUAL
    tables = apptest.sql(app_db, "SELECT count(*) FROM duckdb_tables() WHERE NOT temporary")[0][0]
    assert len(made[0].tables) == tables and at.success[0].body.startswith(f"已备份并校验：{made[0].name}（{tables} 张表")
    table = at.dataframe[0].value
    assert list(table["备份"]) == [made[0].name]
    assert list(table["校验"]) == ["已校验"] and list(table["距今"]) == ["刚刚"]
    assert table["行数"][0] == made[0].rows == sum(
        apptest.sql(app_db, f'SELECT count(*) FROM "{t}"')[0][0] for t in made[0].tables)
    assert not at.warning and at.info[0].body.startswith(f"最新备份：{made[0].name}")


def test_reverify_reports_a_damaged_backup(app_db):
    at = open_page(PAGE)
    _button(at, "立即备份").click().run()
    made = backup.latest(app_db.parent / "backups")
    manifest = json.loads((made.path / backup.MANIFEST).read_text(encoding="utf-8"))
    manifest["tables"]["hazards"]["hash"] = "1"  # as if the copy no longer matched what was recorded
    manifest["database"]["sha256"] = backup.copies._sha256(made.path / backup.DB_FILE)
    (made.path / backup.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    at.selectbox(key="data.verify.name").select(made.name)
    at.button(key="data.verify.submit").click().run()
    assert at.error[0].body == f"{made.name} 校验未通过：表 hazards 内容校验值不符"


def test_the_backup_service_runs_while_the_app_does(app_db):
    open_page(PAGE)
    deadline = time.monotonic() + 10
    while backup.service_alive(app_db) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    beat = backup.service_alive(app_db)
    assert beat is not None and beat["db"] == str(app_db.resolve())


def test_a_stale_newest_backup_is_a_warning(app_db):
    from dashboard.db import Store

    store = Store.open(app_db)
    try:
        made = backup.take(store, app_db.parent / "backups", evidence=None)
    finally:
        store.close()
    old = made.path.with_name("backup-20200101-020000")
    made.path.rename(old)
    manifest = json.loads((old / backup.MANIFEST).read_text(encoding="utf-8"))
    manifest["created_at"] = "2020-01-01 02:00:00"
    (old / backup.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    at = open_page(PAGE)
    assert at.warning[0].body.startswith("最新的已校验备份是 ") and "（2020-01-01 02:00）" in at.warning[0].body
    assert list(at.dataframe[0].value["佐证材料"]) == ["未配置"]

