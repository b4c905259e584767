"""Backups of the store while the app runs, their retention, and restoring one into a new file.

- ``copies``: ``take`` (a consistent copy made by the process holding the store, verified table by table
  against the live store at the same moment, with a manifest), ``list_backups`` / ``latest`` / ``verify``,
  ``restore`` (into a new file only, checked against the manifest).
- ``retention``: which backups are kept (``keep``: 7 daily, 4 weekly, 12 monthly and the last 24 hours, from
  the settings) and ``prune``.
- ``service``: the app's backup thread (the daily schedule, requests from ``python -m dashboard backup``).
"""

from dashboard.backup.copies import (COMMAND, DAMAGED, DB_FILE, EVIDENCE, FAILED, INCOMPLETE, MANIFEST, MANUAL,
                                     SCHEDULED, VERIFIED, Backup, BackupError, Restored, age_text, backup_dir,
                                     evidence_dir, figures_of_file, latest, list_backups, open_backup, restore, take,
                                     verify)
from dashboard.backup.retention import Rule, describe, keep, prune
from dashboard.backup.service import (Service, due, ensure_service, request_backup, request_dir, scheduled_time,
                                      service_alive, stop_service)

__all__ = [
    "take", "list_backups", "latest", "verify", "open_backup", "restore", "figures_of_file", "backup_dir",
    "evidence_dir", "age_text", "Backup", "Restored", "BackupError", "DB_FILE", "MANIFEST", "EVIDENCE",
    "VERIFIED", "FAILED", "INCOMPLETE", "DAMAGED", "MANUAL", "SCHEDULED", "COMMAND",
    "Rule", "keep", "prune", "describe",
    "Service", "ensure_service", "stop_service", "request_backup", "request_dir", "service_alive", "due",
    "scheduled_time",
]
