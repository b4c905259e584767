"""Start and stop the app as a user would (``streamlit run streamlit_app.py``) on a free local port, and
the chromium the browser tests and benchmarks drive.

Used by the browser tests' fixtures and by the benchmarks (``scripts/bench_kiosk.py`` opens the wall by a wall link,
``scripts/bench_tabs.py`` signs in with an account of its own).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Debian's chromium, as the browser tests and benchmarks drive it (never `playwright install`)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def offline_guard(external: list[str]):
    """A Playwright route handler that lets requests to this machine through and aborts every other one,
    noting its URL in ``external`` (``page.route("**/*", offline_guard(external))``): how "works offline" is
    proven."""
    from urllib.parse import urlparse

    def guard(route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    return guard


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(db: Path, port: int, log: Path, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.Popen:
    """The app on ``db`` at http://127.0.0.1:<port>, once its health check answers."""
    environment = {**os.environ, "DASHBOARD_DB": str(db), "PYTHONUNBUFFERED": "1", **(env or {})}
    environment.pop("DASHBOARD_AS_OF", None)
    out = log.open("a")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT,
    )
    out.close()  # the child has its own handle
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early, see {log}")
    proc.kill()
    raise RuntimeError(f"streamlit did not start within {timeout:.0f} s, see {log}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def bench_account(db: Path) -> tuple[str, str]:
    """A new 市安委办 account for a benchmark on ``db`` (made before the app opens the file): (login, password), both
    random, the password never written anywhere."""
    import secrets

    from dashboard import access, roles
    from dashboard.db import Store

    login, password = f"bench-{secrets.token_hex(3)}", f"Bench-{secrets.token_hex(6)}-1"
    store = Store.open(db)
    try:
        access.add_user(store, roles.system("压测脚本"), login=login, name="压测", role=roles.OFFICE,
                        password=password, must_change=False)
    finally:
        store.close()
    return login, password


def wall_token(db: Path, label: str = "压测大屏") -> str:
    """A wall link's token on ``db`` (made before the app opens the file): ``?kiosk=1&wall=<token>``."""
    from dashboard import access, roles
    from dashboard.db import Store

    store = Store.open(db)
    try:
        return access.create_wall_link(store, roles.system("压测脚本"), label).token
    finally:
        store.close()


def sign_in(page, base_url: str, login: str, password: str, timeout: float = 60_000) -> None:
    """Sign ``page``'s browser context in through the sign-in page (its cookie then serves every tab)."""
    page.goto(base_url + "/", timeout=timeout)
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("当前用户：").wait_for(timeout=timeout)
    page.wait_for_function("document.cookie.includes('ankang_session=')", timeout=timeout)
