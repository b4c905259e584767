"""Start the app as the office runs it: ``python -m scripts.serve`` (``make run``, deploy/ankang-dashboard.service).

The same server as ``streamlit run streamlit_app.py`` (the entry script, .streamlit/config.toml and static/
are found exactly as then), bound to the settings ``server_address`` (default 127.0.0.1, behind nginx) and
``server_port`` (8501), plus what a server left alone needs: the backup service (dashboard/backup/service.py)
starts with the server, so the daily backup and ``python -m dashboard backup`` work before anyone has opened
a page. A setting that cannot be used stops it at once with the reason (exit code 2).
"""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = ROOT / "streamlit_app.py"


@asynccontextmanager
async def lifespan(_app):
    from dashboard import backup, settings

    db = settings.db_path()
    backup.ensure_service(db)
    print(f"[serve] 数据库 {db}；备份目录 {backup.backup_dir(db)}；每日备份时间 "
          f"{settings.get('backup_time') or '（未设置，不自动备份）'}", flush=True)
    try:
        yield
    finally:
        backup.stop_service(db)


def main() -> int:
    import streamlit as st

    from dashboard import settings

    try:
        settings.snapshot()
    except settings.SettingsError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    address, port = settings.get("server_address"), settings.get("server_port")
    app = st.App(str(ENTRY), lifespan=lifespan)
    sys.argv = [str(ENTRY)]  # the entry script anchors config.toml, static/ and sys.path, as `streamlit run` does
    print(f"[serve] 看板地址 http://{address}:{port}", flush=True)
    app.run(config={"server.address": address, "server.port": port, "server.headless": True,
                    "server.maxUploadSize": int(settings.get("import_max_mb"))})  # Streamlit's cap = the import's
    return 0


if __name__ == "__main__":
    sys.exit(main())
