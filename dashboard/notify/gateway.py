"""The SMS / 政务短信 gateway: one HTTP POST per message, the body from the ``sms_gateway_body`` template with the
phone and the message filled in (JSON-escaped), a 2xx answer is sent. A failure (an error status, no answer in
``sms_timeout_seconds``, a refused connection) is tried again ``sms_retries`` times, a little later each time;
then it is 发送失败 with the last answer. Nothing is sent when ``sms_gateway_url`` is empty (``configured()``).
Only the standard library: the gateway is on the intranet, its contract one POST.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from dashboard import settings

__all__ = ["Outcome", "configured", "send", "SENT", "FAILED"]

SENT, FAILED = "已发送", "发送失败"


@dataclass(frozen=True)
class Outcome:
    status: str      # SENT / FAILED
    attempts: int
    response: str    # the gateway's answer (status and the start of its body), or why there was none

    @property
    def ok(self) -> bool:
        return self.status == SENT


def configured() -> bool:
    return bool(str(settings.get("sms_gateway_url")).strip())


def _body(phone: str, message: str) -> bytes:
    template = str(settings.get("sms_gateway_body"))
    escaped = {k: json.dumps(v, ensure_ascii=False)[1:-1] for k, v in (("phone", phone), ("message", message))}
    return template.replace("{phone}", escaped["phone"]).replace("{message}", escaped["message"]).encode("utf-8")


def send(phone: str, message: str, *, pause: float = 0.5,
         on_retry: Callable[[int, str], None] | None = None, go_on: Callable[[], bool] | None = None) -> Outcome:
    """POST one message; retried on failure (``pause`` seconds, doubling). ``on_retry(attempt, answer)`` is told of
    each failed attempt that will be tried again (the page shows 失败，将重试); ``go_on()``, asked after the pause
    before each retry, False: no further attempt (发送失败 with the attempts made: an officer phoned instead)."""
    url = str(settings.get("sms_gateway_url")).strip()
    retries = int(settings.get("sms_retries"))
    timeout = float(settings.get("sms_timeout_seconds"))
    answer = ""
    for attempt in range(1, retries + 2):
        request = urllib.request.Request(url, data=_body(phone, message), method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                text = reply.read(500).decode("utf-8", "replace")
                return Outcome(SENT, attempt, f"HTTP {reply.status} {text}".strip())
        except urllib.error.HTTPError as exc:
            answer = f"HTTP {exc.code} {exc.read(300).decode('utf-8', 'replace')}".strip()
        except (urllib.error.URLError, OSError) as exc:  # refused, timed out, no route
            answer = f"无应答：{getattr(exc, 'reason', exc)}"
        if attempt <= retries:
            if on_retry is not None:
                on_retry(attempt, answer)
            time.sleep(pause * 2 ** (attempt - 1))
            if go_on is not None and not go_on():
                return Outcome(FAILED, attempt, answer)
    return Outcome(FAILED, retries + 1, answer)
