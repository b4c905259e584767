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


def record_first_report(at, *, unit: str, occurred: time, received: time, reported: time, place: str, kind: str,
                        deaths: int = 0, injuries: int = 0, prefix: str = "duty."):
    """Fill 假期值班's incident form (its tab open) with a 初报 on the as-of day and press 记录 (AppTest); the
    signed-in user records it."""
    at.radio(key=prefix + "i.stage").set_value("初报").run()
    at.selectbox(key=prefix + "i.unit").set_value(unit)
    for name, moment in (("occ_time", occurred), ("rec_time", received), ("rep_time", reported)):
        at.time_input(key=prefix + "i." + name).set_value(moment)
    at.text_input(key=prefix + "i.place").set_value(place)
    at.text_input(key=prefix + "i.kind").set_value(kind)
    at.number_input(key=prefix + "i.deaths").set_value(deaths)
    at.number_input(key=prefix + "i.injuries").set_value(injuries)
    return at.button(key=prefix + "i.submit").click().run()
