"""文号 (发文字号): 发文机关代字〔year〕N号 (GB/T 9704-2012 §7.2.4: the year in full in 六角括号, the number without
第 or leading zeros, followed by 号). One sequence per 代字 and year: kinds configured with the same 代字 share it, so a
文号 can never be given twice. The next number is read as max()+1 inside the issuing write (`Store.write` takes one
write at a time per file and the register's UNIQUE constraints catch any writer outside it), so numbers are gapless,
as the office's register of outgoing documents expects (a SEQUENCE would leave a gap at every refused issue)."""

from __future__ import annotations

import re
from typing import NamedTuple

from dashboard.db import Tx, ValidationError

__all__ = ["DocNumber", "format_number", "parse_number", "check_prefix", "next_seq"]

_NUMBER = re.compile(r"^(?P<prefix>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


class DocNumber(NamedTuple):
    prefix: str
    year: int
    seq: int

    @property
    def text(self) -> str:
        return format_number(self.prefix, self.year, self.seq)


def check_prefix(prefix: str) -> str:
    """The 代字 as configured, stripped; refused (ValidationError) when empty or holding brackets or spaces."""
    text = (prefix or "").strip()
    if not text or re.search(r"[〔〕\[\]\s]", text) or text[-1].isdigit():
        raise ValidationError(f"发文机关代字“{text}”不可用：应为汉字简称（如 安安委办督），不含括号、空格，不以数字结尾。")
    return text


def format_number(prefix: str, year: int, seq: int) -> str:
    """安安委办督〔2026〕3号."""
    if seq < 1 or not 1000 <= year <= 9999:
        raise ValueError((year, seq))
    return f"{check_prefix(prefix)}〔{year}〕{seq}号"


def parse_number(text: str) -> DocNumber | None:
    """The parts of a 文号 written as `format_number` writes it, else None."""
    found = _NUMBER.match((text or "").strip())
    return DocNumber(found["prefix"], int(found["year"]), int(found["seq"])) if found else None


def next_seq(tx: Tx, prefix: str, year: int) -> int:
    """The next number of ``prefix`` in ``year``, inside the issuing transaction."""
    row = tx.one("SELECT coalesce(max(seq), 0) + 1 FROM documents WHERE prefix = ? AND year = ?", [prefix, year])
    return int(row[0])
