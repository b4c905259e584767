"""A `Content` with its 文号 and 成文日期 laid out as a GB/T 9704-2012 document (export's writers): the 版头 (发文机关
标志 in red, the 文号, the red rule), the title, 主送 (顶格), the text, the numbered items with their 黑体 leads, a
table where the content has one, 署名 and 成文日期, and the 版记 (抄送, 印发机关 and 印发日期)."""

from __future__ import annotations

from datetime import date

from dashboard import clock, export, settings
from dashboard.documents.kinds import Content

__all__ = ["render", "file_name"]


def render(content: Content, number: str, day: date, *, version: int = 1) -> bytes:
    """The .docx of ``content`` issued as ``number`` on ``day`` (its 成文日期 and 印发日期)."""
    office = str(settings.get("office_name"))
    doc = export.docx_document(author=office)
    doc.core_properties.title = content.title
    doc.core_properties.subject = number
    doc.core_properties.revision = version
    export.docx_masthead(doc, f"{office}文件" if not office.endswith("文件") else office, number)
    export.docx_title(doc, content.title)
    doc.add_paragraph()
    export.docx_lead(doc, f"{content.addressee}：", indent=False)
    for text in content.opening:
        export.docx_paragraph(doc, text)
    if content.table:
        export.docx_table(doc, content.table["headers"], content.table["rows"], widths_mm=content.table.get("widths_mm"),
                          center=tuple(i for i in range(len(content.table["headers"])) if i != 1))
    for lead, text in content.items:
        export.docx_lead(doc, lead, text)
    for text in content.closing:
        export.docx_paragraph(doc, text)
    dated = clock.format_cn_date(day)
    export.docx_signoff(doc, office, dated)
    export.docx_imprint(doc, content.copies, office, dated)
    return export.docx_bytes(doc)


def file_name(content: Content, number: str, day: date, version: int = 1) -> str:
    """安安委办督〔2021〕1号 关于对…的通知.docx (a reissue: …（第2版）.docx)."""
    again = f"（第{version}版）" if version > 1 else ""
    return export.file_name(number, f"{content.title}{again}", day=day, ext="docx")
