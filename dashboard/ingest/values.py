"""Importable columns (``Field``) and the pure value parsers: a cell as people type it -> a clean value, or a
ValueError whose message (Chinese) goes into the error table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

__all__ = ["Marker", "PartialDate", "marker_of", "EXCEL_EPOCH", "SERIAL_RANGE", "DEFAULT_MAX_LEN", "TEXT", "DATE", "ENUM", "NUMBER", "PHONE", "CODE",
           "DATETIME", "PERCENT", "parse_percent", "chinese_number", "chinese_numeral", "numbered", "group_number", "Field", "normalize_text", "normalize_header", "normalize_choice", "parse_date", "parse_datetime",
           "parse_number",
           "parse_phone", "parse_credit_code", "parse_choice", "parse_value", "is_blank", "show_value",
           "control_characters", "printable"]

EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_RANGE = (20000, 80000)  # 1954 … 2119: numbers outside are not taken for dates
DEFAULT_MAX_LEN = 2000

TEXT, DATE, ENUM, NUMBER, PHONE, CODE = "text", "date", "enum", "number", "phone", "code"
PERCENT = "percent"  # 0–100: 60, “60%”, or a share 0–1 without a % sign (0.6: an Excel percentage cell)
DATETIME = "datetime"  # a moment: 2020-06-11 04:36, 2020年6月11日4时36分, an Excel date-time (a date alone: 0:00)


@dataclass(frozen=True)
class Field:
    """One importable column.

    ``key`` is the caller's name for the value; ``header`` the Chinese header of the template;
    ``aliases`` other headers accepted; ``choices`` the exact allowed values of an ENUM and
    ``choice_aliases`` other spellings mapped to one of them; ``note`` goes into the template's
    instruction sheet. ``carry``: a blank cell is the value of the row above, as a cell merged down over
    several rows reads (a group or category written once for its rows); ``heading``: the same, and a line with
    nothing but one text (a merged heading across the table, “一、危险化学品安全专项整治”) gives the value for the
    rows below it instead of being a row. ``year_from``: the field whose date completes a date typed without
    its year, or "" for the year the title names.
    """

    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    choice_aliases: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    max_len: int = DEFAULT_MAX_LEN
    note: str = ""
    example: Any = None
    markers: tuple[str, ...] = ()      # words that make a cell a ``Marker`` (e.g. 立即整改 in a deadline column)
    year_from: str | None = None       # a date typed without its year takes it from this field of the row
    carry: bool = False                # a blank cell takes the value above it (a cell merged down over rows)
    heading: bool = False              # also written as a heading line over its rows (“一、危险化学品…”), see rows


# -- normalization ---------------------------------------------------------------------------------
def normalize_text(value: Any) -> str:
    """Full-width to half-width (NFKC: also non-breaking and ideographic spaces to plain ones), runs of spaces
    and tabs to one space, trimmed."""
    text = unicodedata.normalize("NFKC", value if isinstance(value, str) else str(value))
    if "  " in text or "\t" in text:
        text = _SPACE_RUN.sub(" ", text)
    return text.strip()


_SPACE_RUN = re.compile(r"[ \t]+")


def normalize_header(value: Any) -> str:
    """How headers are compared: NFKC, no whitespace, no required-marks or bracketed hints."""
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    text = text.replace("*", "").replace("（必填）", "").replace("(必填)", "").replace("必填", "")
    return text


def normalize_choice(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


@dataclass(frozen=True)
class Marker:
    """A cell holding one of its field's ``markers`` words instead of a value (e.g. 整改期限 “立即整改”); the
    caller's ``infer`` step decides what it means."""

    text: str


@dataclass(frozen=True)
class PartialDate:
    """A date typed without its year (“5月28日前”, “5月底”): the row's ``year_from`` field supplies it."""

    month: int
    day: int | None  # None: the month's last day (底 / 末)

    def on_or_after(self, start: date) -> date:
        """The first such date on or after ``start``: a deadline is never before the day it was set."""
        for year in (start.year, start.year + 1):
            day = self.in_year(year)
            if day >= start:
                return day
        return self.in_year(start.year + 1)

    def in_year(self, year: int) -> date:
        if self.day is None:
            return (date(year + (self.month == 12), self.month % 12 + 1, 1) - timedelta(days=1))
        try:
            return date(year, self.month, self.day)
        except ValueError:
            raise ValueError(f"日期不存在（{year}年{self.month}月{self.day}日）") from None


# -- value parsers (pure) ---------------------------------------------------------------------------
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*\d{1,2}[:时].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


# "2021年5月28日前", "5月底之前", "2021-05-28止": the words after a deadline say "by", not another date
_DATE_SUFFIX = re.compile(r"\s*(?:之前|以前|为止|前|止|内)$")
_MONTH_END = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:底|末|份底|下旬末)$")
_YEAR_PART = re.compile(r"^(\d{4})\s*年\s*(底|末|年底|年末|上半年|年中)$")  # 2021年底 → 12-31, 2021年上半年 → 06-30
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")


def parse_date(value: Any, *, partial: bool = False) -> date | PartialDate:
    """A date as people type or Excel stores it; ValueError with a Chinese message otherwise.

    A trailing 前 / 之前 / 以前 / 止 / 为止 is dropped (a deadline typed “2021年5月28日前” is 2021-05-28);
    “2021年5月底” is the month's last day, “2021年底” the year's, “2021年上半年” its 30 June. With ``partial`` a date without its year (“5月28日”, “5月底前”) is
    a ``PartialDate`` for the caller to complete; without it, it is refused as missing its year."""
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    if isinstance(value, bool):
        raise ValueError("不是日期")
    if isinstance(value, (time, timedelta)):  # a time cell, or a negative serial a reader took for one
        raise ValueError("无法识别的日期（不是有效的Excel日期：单元格只有时间，或是超出范围的日期）")
    if isinstance(value, (int, float)):
        return _serial_date(float(value))
    text = _DATE_SUFFIX.sub("", normalize_text(value))
    part = _YEAR_PART.match(text)
    if part:
        return _in_range(date(int(part.group(1)), *((6, 30) if part.group(2) in ("上半年", "年中") else (12, 31))))
    end = _MONTH_END.match(text)
    short = None if end else _MONTH_DAY.match(text)
    if end or short:
        year = end.group(1) if end else None
        month = int(end.group(2) if end else short.group(1))
        day = None if end else int(short.group(2))
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            raise ValueError(f"日期不存在（{month}月{day or ''}{'日' if day else '底'}）")
        if year:
            return _in_range(PartialDate(month, day).in_year(int(year)))
        if partial:
            PartialDate(month, day).in_year(2024)  # a day no month has (2月30日) is refused here
            return PartialDate(month, day)
        raise ValueError("日期缺少年份，请写成 2021年5月28日 这样的完整日期")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                day_typed = date(year, month, day)
            except ValueError:
                raise ValueError(f"日期不存在（{year}年{month}月{day}日）") from None
            return _in_range(day_typed)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _serial_date(float(text))
    raise ValueError("无法识别的日期，请写成 2021-04-14、2021/4/14 或 2021年4月14日")


# the time after a date: "… 04:36", "…T04:36:00", "…4时36分", "…4点"
_TIME_TAIL = re.compile(r"^(?P<day>.+?[日号\d])\s*(?:T|\s)?\s*(?P<h>\d{1,2})\s*[:时点]\s*"
                        r"(?:(?P<m>\d{1,2})\s*(?:[:分]\s*(?:(?P<s>\d{1,2})(?:\.\d+)?\s*秒?)?)?)?$")


def parse_datetime(value: Any) -> datetime:
    """A moment as people type or Excel stores it (a date-time cell, a serial number with its fraction of a
    day, “2020-06-11 04:36”, “2020/6/11 4:36:00”, “2020年6月11日4时36分”); a date alone is its 0:00. ValueError
    with a Chinese message otherwise."""
    if isinstance(value, datetime):
        _in_range(value.date())
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime.combine(_in_range(value), time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        day = _serial_date(float(value))
        seconds = round((float(value) - int(float(value))) * 86400)
        return datetime.combine(day, time()) + timedelta(seconds=seconds)
    if isinstance(value, (time, timedelta, bool)):
        return datetime.combine(parse_date(value), time())  # refused there, in its words
    text = normalize_text(value)
    tail = _TIME_TAIL.match(text)
    if tail is None:
        day = parse_date(text)
        return datetime.combine(day, time())  # type: ignore[arg-type]
    hour, minute, second = int(tail["h"]), int(tail["m"] or 0), int(tail["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"时间不存在（{hour}:{minute:02d}）")
    day = parse_date(tail["day"])
    return datetime.combine(day, time(hour, minute, second))  # type: ignore[arg-type]


def _in_range(day: date) -> date:
    """The same years as Excel serial numbers are taken for (1954 … 2119): a date far outside is a typo or a
    number Excel showed as a date."""
    first, last = EXCEL_EPOCH + timedelta(days=SERIAL_RANGE[0]), EXCEL_EPOCH + timedelta(days=SERIAL_RANGE[1])
    if not first <= day <= last:
        raise ValueError(f"日期超出范围（{day:%Y-%m-%d}），应在{first.year}年至{last.year}年之间")
    return day


def _serial_date(number: float) -> date:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise ValueError("无法识别的日期（数字不是有效的Excel日期）")
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("不是数字")
    if isinstance(value, (int, float)):
        return float(value)
    text = normalize_text(value).replace(",", "")
    text = re.sub(r"\s*(万元|万|元)$", "", text)
    try:
        number = float(text)
    except ValueError:
        raise ValueError("不是数字") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("不是数字")
    return number


_NUMERALS = "零一二三四五六七八九十"


def chinese_number(text: str) -> int | None:
    """12 for "12" or "十二", 3 for "三", 21 for "二十一"; None for anything else (up to 99)."""
    text = normalize_text(text)
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _NUMERALS for ch in text):
        return None
    if "十" not in text:
        return _NUMERALS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_NUMERALS.index(tens) if tens else 1) * 10 + (_NUMERALS.index(ones) if ones else 0)


def chinese_numeral(number: int) -> str:
    """“三” for 3, “十二” for 12, “二十一” for 21 (1–99): how a list numbers its groups and categories."""
    if number <= 10:
        return _NUMERALS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")


_GROUP_NUMBER = re.compile(r"第\s*([0-9]+|[一二三四五六七八九十]+)\s*(?:暗访)?(?:督查|检查)?(?:小)?组")


def group_number(text: Any) -> int | None:
    """The number of the inspection group a text names: 3 for “第三组”, “第3督查组”, “……第三暗访督查组（驻石泉县）隐患
    清单”; None when it names none."""
    match = _GROUP_NUMBER.search(normalize_text(text))
    return chinese_number(match.group(1)) if match else None


# “一、…”, “（二）…”, “第三类 …”, “1.…”, “2、…”, “(3)…”, “4．…”: a list's own numbering in front of a text
_NUMBERED = re.compile(r"^\s*(?:第\s*([0-9一二三四五六七八九十]+)\s*[类项条个]?|[(（]\s*([0-9一二三四五六七八九十]+)\s*[)）]"
                       r"|([0-9一二三四五六七八九十]+)\s*[、.．,，:：)）](?!\d))\s*")


def numbered(text: Any) -> tuple[int | None, str]:
    """(the number a list wrote in front of a text, the text without it): “一、危险化学品…” → (1, “危险化学品…”),
    “（2）化工园区…” → (2, “化工园区…”); (None, text) when it has none."""
    text = normalize_text(text)
    match = _NUMBERED.match(text)
    if match is None or match.end() >= len(text):
        return None, text
    number = chinese_number(next(g for g in match.groups() if g))
    return (number, text[match.end():].strip()) if number is not None else (None, text)


def parse_percent(value: Any) -> int:
    """A percentage 0–100 as typed: 60, “60%”, or a share from 0 to 1 without a % sign (0.6, and 1 for 100%: how
    Excel stores a cell formatted as a percentage); ValueError (Chinese) otherwise."""
    if isinstance(value, bool):
        raise ValueError("不是百分比")
    text = normalize_text(value)
    sign = text.endswith("%")
    try:
        number = float(text.removesuffix("%").strip())
    except ValueError:
        raise ValueError("应为 0–100 的整数（可写 60、60% 或 0.6）") from None
    if not sign and 0 <= number <= 1:
        number = round(number * 100, 6)
    if not (number.is_integer() and 0 <= number <= 100):
        raise ValueError("应为 0–100 的整数（可写 60、60% 或 0.6）")
    return int(number)


_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def parse_phone(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_text(value).replace(" ", "").replace("－", "-").replace("—", "-")
    if not _PHONE.match(text):
        raise ValueError("电话号码格式不对（手机11位，座机如 0915-3212345）")
    return text


_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def parse_credit_code(value: Any) -> str:
    text = normalize_text(value).replace(" ", "").upper()
    if not _CREDIT_CODE.match(text):
        raise ValueError("统一社会信用代码应为18位数字或大写字母")
    return text


def parse_choice(value: Any, choices: Sequence[str], aliases: dict[str, str] | None = None) -> str:
    """The canonical choice for ``value`` (exact after normalization, or through an alias)."""
    key = normalize_choice(value)
    for choice in choices:
        if normalize_choice(choice) == key:
            return choice
    for alias, target in (aliases or {}).items():
        if normalize_choice(alias) == key:
            return target
    shown = "、".join(choices[:12]) + ("……" if len(choices) > 12 else "")
    raise ValueError(f"不是可选值之一（可选：{shown}）")


def marker_of(spec: Field, raw: Any) -> Marker | None:
    """The ``Marker`` a text cell is for ``spec`` (it holds one of the field's marker words), or None."""
    if spec.markers and isinstance(raw, str):
        text = normalize_choice(raw)
        for word in spec.markers:
            if word in text:
                return Marker(text)
    return None


def parse_value(spec: Field, raw: Any) -> Any:
    """The clean value of one cell for ``spec``; ValueError (Chinese) when it does not fit."""
    marker = marker_of(spec, raw)
    if marker is not None:
        return marker
    if spec.kind == DATE:
        return parse_date(raw, partial=spec.year_from is not None)
    if spec.kind == DATETIME:
        return parse_datetime(raw)
    if spec.kind == NUMBER:
        return parse_number(raw)
    if spec.kind == PERCENT:
        return parse_percent(raw)
    if spec.kind == PHONE:
        return parse_phone(raw)
    if spec.kind == CODE:
        return parse_credit_code(raw)
    if spec.kind == ENUM:
        return parse_choice(raw, spec.choices, spec.choice_aliases)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (datetime, date)):
        raw = raw.strftime("%Y-%m-%d")
    return normalize_text(raw)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()  # str.strip knows every Unicode space (full-width, non-breaking)
    return isinstance(value, float) and value != value


def show_value(value: Any, limit: int = 60) -> str:
    """A cell as shown in the error table (long cells shortened)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.strftime("%Y-%m-%d %H:%M") if value.time() != datetime.min.time() else value.strftime("%Y-%m-%d")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return text if len(text) <= limit else text[:limit] + f"……（共{len(text)}字）"


# Control characters that no typed text holds: C0 but tab / line feed / carriage return, DEL, C1. A NUL read
# from a file would otherwise be stored and come back in an Excel export as "_x0000_".
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_characters(text: str) -> list[str]:
    """The control characters in ``text``, named as people can look them up (``NUL``, ``U+001B``...)."""
    found = dict.fromkeys(_CONTROL.findall(text))
    return ["NUL" if ch == "\x00" else f"U+{ord(ch):04X}" for ch in found]


# Terminal escape sequences (CSI ``ESC [ ... final``, OSC ``ESC ] ... BEL/ST``, two-character ``ESC x``) and
# the single-character C1 introducers (CSI U+009B, OSC U+009D...).
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]"            # CSI: colours, cursor moves, clearing
                      r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
                      r"|\x1b[@-_]"                          # two-character escapes
                      r"|[\x9b\x9d][^\x07\x1b@-~]*[@-~\x07]?")  # the C1 forms of CSI and OSC
_PRINT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(value: Any) -> str:
    """``value`` as text safe to print on a terminal: escape sequences (colours, cursor moves, window titles)
    and control characters removed, so a cell cannot repaint or retitle the administrator's terminal."""
    text = _ESCAPES.sub("", str(value))
    return _PRINT_CONTROL.sub("", text)
