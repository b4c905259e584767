"""Import templates: the data sheet a caller's ``Field`` list describes, with dropdowns and an instruction
sheet (every column: required or not, what it accepts)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter

from dashboard.ingest.values import CODE, DATE, DATETIME, ENUM, NUMBER, PERCENT, PHONE, Field

__all__ = ["template_xlsx", "describe"]


def template_xlsx(
    fields: Sequence[Field],
    *,
    title: str,
    instructions: Sequence[str] = (),
    example: dict[str, Any] | None = None,
    data_rows: int = 1000,
) -> bytes:
    """An import template: a data sheet (headers, one example row, dropdowns for every ENUM) and a
    说明 sheet (every column: required or not, what it accepts). Choice lists live on a hidden sheet so
    long lists (units, sectors) are not limited by Excel's 255-character inline list."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("数据")
    guide = book.add_worksheet("填写说明")
    lists = book.add_worksheet("可选值")
    head = book.add_format({"bold": True, "bg_color": "#DDE3EA", "border": 1, "font_name": "宋体"})
    head_required = book.add_format({"bold": True, "bg_color": "#F8D7DA", "border": 1, "font_name": "宋体"})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    moment_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    text_fmt = book.add_format({"num_format": "@"})
    example = example or {}
    for col, spec in enumerate(fields):
        sheet.write_string(0, col, spec.header, head_required if spec.required else head)
        width = max(10, min(40, sum(2 if ord(c) > 0x2E7F else 1 for c in spec.header) + 4))
        sheet.set_column(col, col, width, date_fmt if spec.kind == DATE else moment_fmt if spec.kind == DATETIME
                         else text_fmt if spec.kind in (PHONE, CODE) else None)
        value = example.get(spec.key, spec.example)
        if isinstance(value, datetime):
            sheet.write_datetime(1, col, value, moment_fmt)
        elif isinstance(value, date):
            sheet.write_datetime(1, col, datetime.combine(value, datetime.min.time()), date_fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(1, col, value)
        elif value is not None:
            sheet.write_string(1, col, str(value))
        if spec.kind == ENUM and spec.choices:
            lists.write_string(0, col, spec.header)
            for r, choice in enumerate(spec.choices, start=1):
                lists.write_string(r, col, choice)
            letter = xlsxwriter.utility.xl_col_to_name(col)
            sheet.data_validation(1, col, data_rows, col, {
                "validate": "list",
                "source": f"=可选值!${letter}$2:${letter}${len(spec.choices) + 1}",
                "error_title": "请从下拉列表中选择",
                "error_message": f"{spec.header}只能填写下拉列表中的值。",
                "input_title": spec.header,
                "input_message": "请从下拉列表中选择",
            })
        elif spec.kind in (DATE, DATETIME):
            sheet.data_validation(1, col, data_rows, col, {
                "validate": "date", "criteria": "between",
                "minimum": datetime(1990, 1, 1), "maximum": datetime(2100, 12, 31),
                "error_title": "日期格式", "error_message": "请填写日期，如 2021-04-14。",
            })
    sheet.freeze_panes(1, 0)
    lists.hide()
    bold = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    guide.write_string(0, 0, title, bold)
    row = 1
    for line in instructions:
        guide.write_string(row, 0, line)
        row += 1
    row += 1
    for col, text in enumerate(("列名", "是否必填", "填写要求", "也可识别的列名")):
        guide.write_string(row, col, text, head)
    for spec in fields:
        row += 1
        guide.write_string(row, 0, spec.header)
        guide.write_string(row, 1, "必填" if spec.required else "选填")
        guide.write_string(row, 2, describe(spec), wrap)
        guide.write_string(row, 3, "、".join(spec.aliases))
    guide.set_column(0, 0, 22)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 70)
    guide.set_column(3, 3, 40)
    book.close()
    return buffer.getvalue()


def describe(spec: Field) -> str:
    """What a column accepts, in one Chinese sentence (template instruction sheet)."""
    if spec.kind == DATE:
        text = "日期，如 2021-04-14、2021/4/14 或 2021年4月14日"
    elif spec.kind == DATETIME:
        text = "日期和时间，如 2021-04-14 08:30 或 2021年4月14日8时30分（只写日期为当日0时）"
    elif spec.kind == NUMBER:
        text = "数字"
    elif spec.kind == PERCENT:
        text = "0–100 的整数，可写 60 或 60%（0–1 之间不带%的数为比例：0.6 即 60%，Excel 百分比格式的单元格即如此）"
    elif spec.kind == PHONE:
        text = "手机11位或座机（如 0915-3212345）"
    elif spec.kind == CODE:
        text = "18位统一社会信用代码"
    elif spec.kind == ENUM:
        text = "从下拉列表选择：" + "、".join(spec.choices)
        if spec.choice_aliases:
            text += "（也可识别：" + "、".join(spec.choice_aliases) + "）"
    else:
        text = f"文字，最多{spec.max_len}字"
    return f"{text}。{spec.note}" if spec.note else text
