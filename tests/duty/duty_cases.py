"""What the duty tests share: the demo's as-of time and days, unit codes, and counting rows."""

from datetime import date, datetime, time

AS_OF = datetime(2021, 5, 3, 17, 0)  # the demo's pin: day 3 of the May Day holiday
CUTOFF = time(16, 0)
MAY1, MAY2, MAY3, MAY4, MAY5 = (date(2021, 5, d) for d in (1, 2, 3, 4, 5))
LANGAO, ZHENPING, HANBIN, XUNYANG = "610925", "610927", "610902", "610981"


def count(store, sql, params=()):
    return store.scalar(sql, list(params))


def roster_xlsx(rows) -> bytes:
    """A roster workbook as an office keeps it: a title row above the header, 值班员 for 值班人员."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2021年五一假期值班表"])
    sheet.append(["值班日期", "县区", "带班领导", "职务", "带班领导电话", "值班员", "值班人员电话", "值班电话"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
