"""dashboard.backup's public face: each module's ``__all__`` names every public name it has, and the package
re-exports what other code uses (health asks latest / list_backups / backup_dir)."""

import importlib

import pytest
from test_public_faces import _public_top_level

from dashboard import backup

MODULES = ["copies", "retention", "service", "cli"]


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_is_in_all(name):
    module = importlib.import_module(f"dashboard.backup.{name}")
    assert not [n for n in module.__all__ if not hasattr(module, n)]
    assert _public_top_level(module) - set(module.__all__) <= {"FORMAT", "PREFIX", "PARTIAL", "FAILED_SUFFIX",
                                                                "UNFINISHED_HOURS", "SERVICE", "POLL_SECONDS",
                                                                "ALIVE_SECONDS", "SCHEDULE_CHECK_SECONDS",
                                                                "STARTUP_GRACE_SECONDS", "RETRY_MINUTES",
                                                                "STALE_REQUEST_SECONDS"}


def test_the_package_face():
    assert len(backup.__all__) == len(set(backup.__all__))
    assert all(hasattr(backup, n) for n in backup.__all__)
    for name in ("take", "restore", "latest", "list_backups", "backup_dir", "verify", "keep", "prune", "due",
                 "ensure_service", "request_backup", "service_alive"):
        assert name in backup.__all__
