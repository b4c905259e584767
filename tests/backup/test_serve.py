"""The server as the office runs it (scripts/serve.py, the unit's ExecStart): bound to the settings' address and
port, its backup service up before anyone opens a page, a backup asked of it on the command line restoring
equal to the manifest; a bad setting stops it at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard import backup
from scripts import app_server

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _env(db: Path, **more) -> dict:
    env = {**os.environ, "DASHBOARD_DB": str(db), "PYTHONUNBUFFERED": "1", **more}
    env.pop("DASHBOARD_AS_OF", None)
    return env


def test_the_served_app_backs_up_on_request_before_any_page_is_opened(demo_db_path, tmp_path):
    db = tmp_path / "office.duckdb"
    shutil.copy(demo_db_path, db)
    port = app_server.free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "scripts.serve"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                              env=_env(db, DASHBOARD_SERVER_PORT=str(port), DASHBOARD_SERVER_ADDRESS="127.0.0.1"))
    try:
        deadline = time.monotonic() + 60
        while (backup.service_alive(db) or {}).get("pid") != server.pid:
            assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as resp:
            assert resp.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/app/static/wall.html", timeout=10) as resp:
            assert resp.status == 200  # static/ beside the entry script, as with `streamlit run`
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
        assert f"127.0.0.1:{port}" in listening and f"0.0.0.0:{port}" not in listening
        asked = subprocess.run([sys.executable, "-m", "dashboard", "backup"], cwd=ROOT, env=_env(db),
                               capture_output=True, text=True, timeout=300)
        assert asked.returncode == 0, asked.stderr
        assert f"进程 {server.pid}" in asked.stderr  # the server made it: the CLI cannot open the held file
        path = Path(asked.stdout.strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "已按命令行请求备份" in (tmp_path / "serve.log").read_text()
    out = tmp_path / "spare.duckdb"
    restored = subprocess.run([sys.executable, "-m", "dashboard", "restore", str(path), "--out", str(out)], cwd=ROOT,
                              env=_env(db), capture_output=True, text=True, timeout=300)
    assert restored.returncode == 0, restored.stderr
    made = backup.open_backup(path)
    assert backup.figures_of_file(out)["tables"] == made.tables
    assert made.tables == backup.figures_of_file(db)["tables"]  # nothing wrote meanwhile: the live store's now


def test_a_bad_port_stops_it_at_once(tmp_path):
    done = subprocess.run([sys.executable, "-m", "scripts.serve"], cwd=ROOT, capture_output=True, text=True,
                          env=_env(tmp_path / "x.duckdb", DASHBOARD_SERVER_PORT="80000"), timeout=60)
    assert done.returncode == 2 and "DASHBOARD_SERVER_PORT" in done.stderr and "1–65535" in done.stderr
