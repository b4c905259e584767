"""Evidence (佐证材料): photos and files on the steps that need proof. ``files`` makes an upload fit to keep,
``rules`` says which step takes what and when it is required, ``store`` keeps and lists them. The generic lifecycle
(dashboard/lifecycle.py) prepares a step's uploads before its transaction, checks the rule and attaches them in it."""

from dashboard.evidence import files, rules, store
from dashboard.evidence.files import PDF, Prepared, prepare, sniff
from dashboard.evidence.rules import NEEDS, Need, need, refusal
from dashboard.evidence.store import attach, file, for_record, held

__all__ = ["files", "rules", "store", "PDF", "Prepared", "prepare", "sniff", "NEEDS", "Need", "need", "refusal",
           "attach", "file", "for_record", "held"]
