"""A Plotly figure drawn as a PNG by kaleido with the server's Debian chromium, in a child process bounded by a
timeout (``chart_timeout_seconds``).

Why a child process: kaleido starts a browser and drives it; a browser that does not start, or a drawing that never
finishes, would hold the page's click (and a thread of the server) for as long as it hangs — kaleido's own timeout
covers the drawing only, not the browser's start. The child runs in a process group of its own and is killed with it
(the browser too) once the timeout has passed; the caller gets ``Drawn(None, why)`` and goes on without the chart.
A child that cannot be started (``OSError`` from ``Popen``: no interpreter, no memory, too many processes) is the
same: ``Drawn(None, why)``, never a traceback.

The child does not rely on its parent to end it: a server stopped (or killed) during a hung drawing would leave it
and its chromium running for ever, in a session of their own. It is given the limit on its command line and sets
its own alarm (the limit + ``_MARGIN`` seconds, so the parent, when alive, ends it first and says why); when it
rings, or whenever the child ends, it kills every process it started (found in /proc: kaleido's browser calls setsid,
so its process group is not enough).

The browser is the one ``BROWSER_PATH`` names (kaleido's variable), else ``chromium`` on the PATH; no browser is ever
downloaded. MathJax is off (kaleido would fetch it from a CDN: nothing leaves the machine).

Run as ``python -m dashboard.chart_image LIMIT``: reads ``{"figure": …, "width": …, "height": …, "scale": …}`` (JSON) on
stdin, writes the PNG on stdout; a failure is said on stderr with exit status 1.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass

from dashboard import logs, settings

__all__ = ["Drawn", "draw", "browser"]

PNG = b"\x89PNG\r\n\x1a\n"
_MARGIN = 2.0  # seconds the child gives itself beyond the parent's limit before its own alarm ends it


@dataclass(frozen=True)
class Drawn:
    """The PNG, or None and why not (Chinese, for the briefing and the page)."""

    png: bytes | None
    problem: str | None = None


def browser() -> str | None:
    """The chromium kaleido drives: ``BROWSER_PATH`` when set (even to a path that is not there: said as such)."""
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def draw(figure: dict, width: int, height: int, scale: float = 2, *, timeout: float | None = None) -> Drawn:
    """``figure`` (a Plotly figure's dict) as a PNG of ``width`` × ``height`` CSS pixels at ``scale``, drawn in a child
    process given ``timeout`` seconds (default: the ``chart_timeout_seconds`` setting)."""
    import plotly.utils

    limit = float(settings.get("chart_timeout_seconds") if timeout is None else timeout)
    path = browser()
    if not path:
        return _failed("服务器未安装 chromium", "no browser")
    payload = json.dumps({"figure": figure, "width": width, "height": height, "scale": scale},
                         cls=plotly.utils.PlotlyJSONEncoder).encode("utf-8")
    try:
        child = subprocess.Popen([sys.executable, "-m", "dashboard.chart_image", f"{limit:g}"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env={**os.environ, "BROWSER_PATH": path}, cwd=settings.PROJECT_ROOT,
                                 start_new_session=True)
    except OSError as exc:
        return _failed("绘图程序未能启动（见系统日志）", f"{type(exc).__name__}: {exc}")
    try:
        out, err = child.communicate(payload, timeout=limit)
    except subprocess.TimeoutExpired:
        _end(child)
        return _failed(f"绘图超过 {limit:g} 秒仍未完成，已停止（设置 chart_timeout_seconds）", f"timeout {limit:g}s")
    if child.returncode != 0 or not out.startswith(PNG):
        said = err.decode("utf-8", "replace").strip().splitlines()
        return _failed("绘图失败（见系统日志）", said[-1] if said else f"exit {child.returncode}")
    return Drawn(out)


def _end(child: subprocess.Popen) -> None:
    """Kill the child and everything it started, and reap it. kaleido's browser runs in a session of its own (its
    wrapper calls setsid), so the child's process group is not enough: every descendant is found in /proc first."""
    _kill([child.pid, *_descendants(child.pid)])
    try:
        child.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # a pipe still held by something we could not see: not waited for
        pass


def _kill(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _descendants(root: int) -> list[int]:
    """Every process under ``root`` (Linux /proc; none found elsewhere)."""
    parent_of = {}
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parent_of[int(entry.name)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):  # ended meanwhile
                continue
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parent_of.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _failed(problem: str, detail: str) -> Drawn:
    logs.event("chart_image", level="WARNING", problem=problem, error=detail[:300])
    return Drawn(None, problem)


def _late(signum: int, frame: object) -> None:
    """The child's own alarm: its drawing outlived the limit and nobody ended it (the parent gone, or stuck)."""
    _kill(_descendants(os.getpid()))
    os.write(2, "绘图超时，子进程自行结束\n".encode())
    os._exit(3)


def _main(argv: list[str] | None = None) -> int:
    """The child: the limit (seconds) as its one argument; the job on stdin, the PNG on stdout."""
    args = sys.argv[1:] if argv is None else argv
    limit = float(args[0]) if args else float(settings.get("chart_timeout_seconds"))
    signal.signal(signal.SIGALRM, _late)
    signal.setitimer(signal.ITIMER_REAL, limit + _MARGIN)
    try:
        import kaleido

        job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        try:
            png = kaleido.calc_fig_sync(job["figure"], opts={"format": "png", "width": job["width"],
                                                             "height": job["height"], "scale": job["scale"]},
                                        kopts={"mathjax": False})
        except Exception as exc:  # noqa: BLE001 — said to the parent, which goes on without the chart
            print(f"{type(exc).__name__}: {exc}"[:500], file=sys.stderr)
            return 1
        sys.stdout.buffer.write(png)
        return 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _kill(_descendants(os.getpid()))  # whatever kaleido left behind (its browser), however the drawing ended


if __name__ == "__main__":
    sys.exit(_main())
