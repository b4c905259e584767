"""A local SMS / 政务短信 gateway for the tests: a real HTTP server on 127.0.0.1 (nothing leaves the machine), the
contract ``dashboard/notify/gateway.py`` speaks (one POST a message, JSON body, a 2xx answer is sent)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Gateway:
    """A local gateway: answers 200, or ``fail`` times 500 before it does (``fail=-1``: always 500). A slow one:
    ``delay`` seconds before each answer, or ``hold``: no answer at all until the test calls ``release()``."""

    def __init__(self, fail: int = 0, delay: float = 0.0, hold: bool = False):
        self.received: list[dict] = []
        self.answered = 0
        self.fail = fail
        self.delay = delay  # seconds before each answer (a slow gateway)
        self._released = threading.Event()
        if not hold:
            self._released.set()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                owner.received.append(body)
                time.sleep(owner.delay)
                owner._released.wait(120)
                failing = owner.fail == -1 or owner.fail > 0
                if owner.fail > 0:
                    owner.fail -= 1
                self.send_response(500 if failing else 200)
                self.end_headers()
                self.wfile.write(b'{"code": 1, "msg": "busy"}' if failing else b'{"code": 0}')
                owner.answered += 1

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"

    def release(self):
        self._released.set()

    def close(self):
        self._released.set()
        self.server.shutdown()
