"""The local test gateway (tests/sms_gateway.py) configured for a test, closed after it."""

from __future__ import annotations

import pytest
from sms_gateway import Gateway


@pytest.fixture
def gateway_at(monkeypatch):
    """``gateway_at(fail, delay, hold=, retries=)``: a local gateway the app is pointed at (see Gateway); a held one
    gets a timeout long enough to be held, not timed out."""
    made = []

    def start(fail: int = 0, delay: float = 0.0, *, hold: bool = False, retries: int = 2) -> Gateway:
        gw = Gateway(fail, delay, hold=hold)
        made.append(gw)
        monkeypatch.setenv("DASHBOARD_SMS_GATEWAY_URL", gw.url)
        monkeypatch.setenv("DASHBOARD_SMS_RETRIES", str(retries))
        if hold:
            monkeypatch.setenv("DASHBOARD_SMS_TIMEOUT_SECONDS", "120")
        return gw

    yield start
    for gw in made:
        gw.close()
