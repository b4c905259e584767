"""Signed-in sessions, kept in the server process: a random token (in the browser's cookie) → the login and when
it was last used. A session unused for ``session_idle_minutes`` is over; a page reload within that time keeps
the person signed in (the cookie is read from the page's request). A restart of the app signs everyone out.

Only the token's SHA-256 is held, so a dump of the process's memory does not hand out sessions either.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from dashboard import clock

__all__ = ["COOKIE", "start", "resume", "end", "end_user", "digest"]

COOKIE = "ankang_session"


@dataclass
class _Session:
    login: str
    last_used: datetime


_LOCK = threading.Lock()
_SESSIONS: dict[str, _Session] = {}


def digest(token: str) -> str:
    """What is kept of a secret token (a session's, a wall link's): its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start(login: str) -> str:
    """A new session for ``login``; returns its token (for the cookie)."""
    token = secrets.token_urlsafe(32)
    with _LOCK:
        _SESSIONS[digest(token)] = _Session(login, clock.local_now())
    return token


def resume(token: str | None, idle_minutes: float, now: datetime | None = None) -> str | None:
    """The login of the session ``token`` names, used again now; None when there is none or it was idle too long
    (an expired session is forgotten)."""
    if not token:
        return None
    now = now or clock.local_now()
    with _LOCK:
        session = _SESSIONS.get(digest(token))
        if session is None:
            return None
        if now - session.last_used > timedelta(minutes=idle_minutes):
            del _SESSIONS[digest(token)]
            return None
        session.last_used = now
        return session.login


def end(token: str | None) -> None:
    if token:
        with _LOCK:
            _SESSIONS.pop(digest(token), None)


def end_user(login: str) -> None:
    """Every session of ``login`` (a disabled account is signed out everywhere)."""
    with _LOCK:
        for key in [k for k, s in _SESSIONS.items() if s.login == login]:
            del _SESSIONS[key]
