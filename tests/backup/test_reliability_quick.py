"""The reliability scripts, short: the README's figures come from the long runs (make bench-reliability)."""

import pytest

from dashboard.db import Store
from scripts import bench_reliability, bench_reliability_backup, bench_reliability_kill

pytestmark = pytest.mark.slow


def test_concurrent_sessions_lose_nothing_duplicate_nothing_and_see_no_traceback(tmp_path):
    store = Store.open(bench_reliability.demo_copy(tmp_path))
    try:
        figures = bench_reliability.writes(store, sessions=12, seconds=3)
    finally:
        store.close()
    assert figures.acked > 30
    assert (figures.lost, figures.duplicated, figures.errors, figures.unaccounted_events) == (0, 0, [], 0)


def _tables_of_a_new_store(path) -> int:
    store = Store.open(path)
    try:
        return store.scalar("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal"
                            " AND database_name = current_database()")
    finally:
        store.close()


def test_a_backup_asked_of_the_running_app_under_load_restores_equal_to_that_moment(tmp_path):
    figures = bench_reliability_backup.run(tmp_path, sessions=8, seconds=8)
    # every table the migrations make (27 before 0010's users and wall_links), restored equal
    assert figures.tables == figures.tables_equal == _tables_of_a_new_store(tmp_path / "new.duckdb") >= 29
    assert figures.partial == 0 and figures.errors == 0
    done, total = figures.before_present.split("/")
    assert done == total and int(total) > 0
    absent, after = figures.after_absent.split("/")
    assert absent == after
    assert figures.ok


def test_kill_minus_nine_leaves_the_store_whole(tmp_path):
    figures = bench_reliability_kill.run(tmp_path, cycles=2)
    assert figures.opened == figures.kills == {"writer": 2, "import": 2, "server": 2}
    assert figures.refused == []
    assert figures.acked > 0 and (figures.lost, figures.partial, figures.duplicated) == (0, 0, 0)
    assert figures.imports_partial == 0 and figures.imports_acked_lost == 0
    assert figures.imports_whole + figures.imports_absent == 2
    assert figures.backups_claimed_bad == 0
