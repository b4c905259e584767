"""The day's 值班日报 (Word and Excel) and the board matrix (Excel), composed from dashboard.export's writers.

The summary paragraph is a pure function of the day's figures (`summary_text`), so it is tested on its own;
the documents only lay it out.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboard import clock, export, ingest, settings
from dashboard.duty._figures import DayFigures
from dashboard.duty._incidents import LEVEL_ORDER
from dashboard.duty._timeliness import S_MISSING, duration_text, status_text
from dashboard.export import Column

UNIT_HEADERS = ("序号", "县区", "报送情况", "报送时间", "当日情况", "主要内容", "带班领导", "值班人员")
BLANK_NAME = "＿＿＿＿＿＿"


def cn_time(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日{moment.hour}时{moment.minute:02d}分" if moment.minute else \
        f"{moment.month}月{moment.day}日{moment.hour}时"


def title(period: dict | None) -> str:
    """安康市“五一”假期安全生产值班日报 (city from settings, holiday short name from the period)."""
    holiday = f"“{period['short_name']}”假期" if period else ""
    return f"{settings.get('city_name')}{holiday}安全生产值班日报"


def day_number(period: dict | None, day: date) -> int | None:
    if not period:
        return None
    return (day - period["start_date"]).days + 1


def _names(units: list[str]) -> str:
    return "、".join(units)


def summary_text(figures: DayFigures, period: dict | None = None) -> str:
    """The summary paragraph: reports received, 零报告 count, missing units, incidents by level with
    casualties, warnings in force, key matters."""
    f = figures
    cutoff = settings.report_cutoff()
    n = day_number(period, f.day)
    when = f"{f.day.month}月{f.day.day}日" + (f"（假期第{n}天）" if n else "")
    parts = [f"{when}，应报送值班信息{f.expected}个县区，已报送{f.received}个"]
    if f.received:
        detail = f"其中按时报送{f.on_time}个"
        if f.late_units:
            detail += f"、迟报{len(f.late_units)}个（{_names(f.late_units)}）"
        parts[0] += f"，{detail}"
        parts[0] += f"；零报告{len(f.zero_units)}个" + (f"（{_names(f.zero_units)}）" if f.zero_units else "")
        parts[0] += f"，有情况报告{len(f.situation_units)}个"
    if f.missing_units:
        parts[0] += f"；截至{cutoff:%H:%M}仍未报送（缺报）{len(f.missing_units)}个：{_names(f.missing_units)}"
    if f.pending_units:
        parts[0] += f"；尚未报送{len(f.pending_units)}个（{cutoff:%H:%M}截止）：{_names(f.pending_units)}"
    text = parts[0] + "。"

    chains = f.incidents
    if chains.empty:
        text += "当日未接报生产安全事故（事件）。"
    else:
        harmless = no_harm(chains)
        by_level = []
        for level in LEVEL_ORDER:
            rows = chains[(chains["level"] == level) & ~harmless]
            if len(rows):
                by_level.append(f"{level}{len(rows)}起")
        if harmless.any():
            by_level.append(f"未造成伤亡和损失的险情{int(harmless.sum())}起")
        text += (f"当日接报生产安全事故（事件）{len(chains)}起（{'、'.join(by_level)}），"
                 f"共造成{f.deaths}人死亡、{f.injuries}人受伤（其中重伤{f.serious_injuries}人）")
        missing_people = int(chains["missing"].sum())
        text += (f"、{missing_people}人失踪" if missing_people else "") + "。"
        late = chains[chains["late"] == True]  # noqa: E712 - pandas mask; None means "not a 初报"
        if len(late):
            text += f"超时报告{len(late)}起（{_names(list(late['unit']))}）。"

    if f.warnings.empty:
        text += "当前无生效的预警信息。" if f.is_today else "当日无生效的预警信息。"
    else:
        items = [f"{w.kind}{w.level}" for w in f.warnings.itertuples()]
        lead = "当前生效预警" if f.is_today else "当日生效预警"
        text += f"{lead}{len(items)}条：{'、'.join(items)}。"
    if f.key_matters:
        text += "重要事项：" + "；".join(f"{u}{m.rstrip('。；;')}" for u, m in f.key_matters) + "。"
    else:
        text += "无其他重要事项。"
    return text


def no_harm(chains: pd.DataFrame) -> pd.Series:
    """Chains without casualties, missing persons or loss (险情): no accident level is stated for them."""
    return (chains["deaths"] + chains["injuries"] + chains["serious_injuries"] + chains["missing"] == 0) & \
        (chains["direct_loss"] == 0)


def unit_rows(rows: pd.DataFrame) -> list[list[str]]:
    """One table row per unit: 序号, 县区, 报送情况, 报送时间, 当日情况, 主要内容, 带班领导, 值班人员."""
    out = []
    for i, r in enumerate(rows.itertuples(), start=1):
        status = status_text(r.state, r.minutes)
        submitted = ""
        if not pd.isna(r.first_submitted_at):
            submitted = f"{pd.Timestamp(r.first_submitted_at):%m-%d %H:%M}"
            if not pd.isna(r.versions) and int(r.versions) > 1:
                submitted += f"（更正{int(r.versions) - 1}次，最后{pd.Timestamp(r.submitted_at):%m-%d %H:%M}）"
        content = "" if ingest.is_blank(r.details) else str(r.details)
        if not ingest.is_blank(r.key_matters):
            content += f"重要事项：{r.key_matters}"
        leader = " ".join(str(x) for x in (r.leader, r.leader_title, r.leader_phone) if not ingest.is_blank(x))
        officer = " ".join(str(x) for x in (r.officer, r.officer_phone) if not ingest.is_blank(x))
        out.append([str(i), r.unit, status, submitted, "" if ingest.is_blank(r.situation) else r.situation, content,
                    leader, officer])
    return out


def _incident_line(i: int, c) -> str:
    occurred = pd.Timestamp(c.occurred_at).to_pydatetime()
    place = c.place if str(c.place).startswith(c.unit) else f"{c.unit}{c.place}"
    line = (f"{i}. {cn_time(occurred)}，{place}发生{c.kind}"
            f"（{c.stage}，共{int(c.entries)}次报告），")
    casualties = [f"{int(c.deaths)}人死亡" if c.deaths else "", f"{int(c.injuries)}人受伤" if c.injuries else "",
                  f"{int(c.missing)}人失踪" if c.missing else ""]
    casualties = "、".join(x for x in casualties if x)
    line += f"造成{casualties}" if casualties else "未造成人员伤亡"
    if c.serious_injuries:
        line += f"（其中重伤{int(c.serious_injuries)}人）"
    if c.direct_loss:
        line += f"，直接经济损失{c.direct_loss:g}万元"
    if casualties or c.direct_loss or c.serious_injuries:
        line += f"，按伤亡和损失属{c.level}"
    if not pd.isna(c.report_minutes):
        line += f"；事发至初报用时{duration_text(int(c.report_minutes))}" + ("，超过时限" if c.late else "")
    line += "。"
    if not ingest.is_blank(c.measures):
        line += f"已采取措施：{c.measures}。"
    return line


# The Word 日报 is one A4 page (GB/T 9704 layout): after the title block, one form table in 五号, the units'
# grid in 小五. Its columns (mm) fill the 156 mm 版心; the form's labels span 序号 + 县区, their text the rest.
DOCX_HEADERS = ("序号", "县区", "报送情况", "报送时间", "当日情况", "带班领导", "值班人员")
DOCX_WIDTHS_MM = (9, 20, 21, 17, 15, 38, 36)
FORM_SPANS = (2, 5)


def _docx_unit_rows(rows: pd.DataFrame, day: date) -> list[list[str]]:
    """The units' grid of the Word 日报, one line per unit so that the 日报 stays one page: what was reported,
    the duty leader with his post, the officer with his phone (the reports' own text and the leader's phone
    are in the Excel 日报; incidents and key matters have their rows in the form)."""
    out = []
    for i, r in enumerate(rows.itertuples(), start=1):
        submitted = ""
        if not pd.isna(r.first_submitted_at):
            first = pd.Timestamp(r.first_submitted_at)
            submitted = f"{first:%H:%M}" if first.date() == day else f"{first:%m-%d %H:%M}"
            if not pd.isna(r.versions) and int(r.versions) > 1:
                submitted += f"（更正{int(r.versions) - 1}次）"
        leader = " ".join(str(x) for x in (r.leader, r.leader_title) if not ingest.is_blank(x))
        officer = " ".join(str(x) for x in (r.officer, r.officer_phone) if not ingest.is_blank(x))
        out.append([str(i), r.unit, status_text(r.state, r.minutes), submitted,
                    "" if ingest.is_blank(r.situation) else r.situation, leader, officer])
    return out


def _warning_line(i: int, w) -> str:
    return (f"{i}. {w.issued_by}发布{w.kind}{w.level}（{clock.format_datetime(pd.Timestamp(w.valid_from))}至"
            f"{clock.format_datetime(pd.Timestamp(w.valid_to))}），范围：{w.unit_names}。{w.content}")


def daily_docx(figures: DayFigures, rows: pd.DataFrame, period: dict | None, *,
               leader: str = "", officer: str = "") -> bytes:
    """The 值班日报 as one page of Word in the official layout: title, issue number, the office and the date
    over a red rule, then one form: 总体情况 (the summary), 各县区报送情况 (the units' grid), 事故（事件）,
    预警信息, 重要事项, and the line of the duty leader, the officer and 数据截至."""
    doc = export.docx_document()
    export.docx_title(doc, title(period))
    n = day_number(period, figures.day)
    if n:
        export.docx_paragraph(doc, f"第{n}期", align="center", indent=False)
    export.docx_byline(doc, str(settings.get("office_name")), clock.format_cn_date(figures.day))
    form_size, grid_size = export.SIZE_NAMES["五号"], export.SIZE_NAMES["小五"]
    label = (export.HEADING_FONT, export.TABLE_FONT)
    table = export.docx_grid(doc, DOCX_WIDTHS_MM)

    def form_row(name: str, lines: list[str]) -> None:
        export.docx_add_row(table, [name, "\n".join(lines)], spans=FORM_SPANS, size=form_size, font=label,
                            align=("center", "justify"))

    form_row("总体情况", [summary_text(figures, period)])
    export.docx_add_row(table, ["各县区报送情况"], spans=(len(DOCX_WIDTHS_MM),), size=form_size,
                        font=export.HEADING_FONT, align="center")
    export.docx_add_row(table, DOCX_HEADERS, size=grid_size, font=export.HEADING_FONT, align="center")
    for values in _docx_unit_rows(rows, figures.day):
        export.docx_add_row(table, values, size=grid_size, align=["center", "left", "left", "left", "center", "left",
                                                                   "left"])
    form_row("事故（事件）", [_incident_line(i, c) for i, c in enumerate(figures.incidents.itertuples(), start=1)]
             or ["当日未接报生产安全事故（事件）。"])
    form_row("预警信息", [_warning_line(i, w) for i, w in enumerate(figures.warnings.itertuples(), start=1)]
             or ["无生效的预警信息。"])
    form_row("重要事项", [f"{unit}：{matter}" for unit, matter in figures.key_matters] or ["无。"])
    export.docx_add_row(
        table, [f"带班领导：{leader.strip() or BLANK_NAME}　　值班员：{officer.strip() or BLANK_NAME}"
                f"　　数据截至：{clock.format_datetime(figures.as_of)}"],
        spans=(len(DOCX_WIDTHS_MM),), size=form_size, align="right")
    return export.docx_bytes(doc)


UNIT_COLUMNS = [Column(f"c{i}", h) for i, h in enumerate(UNIT_HEADERS)]


def daily_xlsx(figures: DayFigures, rows: pd.DataFrame, period: dict | None) -> bytes:
    """The 值班日报's per-unit table as Excel; the summary paragraph is the subtitle row."""
    table = pd.DataFrame(unit_rows(rows), columns=[c.key for c in UNIT_COLUMNS])
    missing = [r.state == S_MISSING for r in rows.itertuples()]
    return export.xlsx_table(
        table, UNIT_COLUMNS, title=f"{title(period)}（{clock.format_cn_date(figures.day)}）", made_at=figures.as_of,
        subtitle=summary_text(figures, period), sheet_name="值班日报", highlight=missing)


def board_xlsx(texts: pd.DataFrame, *, period: dict | None, as_of: datetime, scope_label: str = "全市") -> bytes:
    """The board matrix (units × days) as Excel; units with a missing report are highlighted; a scoped board
    names its scope in the title."""
    frame = texts.reset_index()
    columns = [Column(c, c) for c in frame.columns]
    missing = [any(str(v).startswith(S_MISSING) for v in row[1:]) for row in frame.itertuples(index=False)]
    name = period["name"] if period else ""
    return export.xlsx_table(
        frame, columns, title=export.filtered_title(f"{settings.get('city_name')}{name}值班信息报送情况", scope_label),
        made_at=as_of,
        subtitle=f"每日报送截止时间 {settings.report_cutoff():%H:%M} · 数据截至 {clock.format_datetime(as_of)}"
                 " · 红色行：有缺报",
        sheet_name="报送情况", highlight=missing)
