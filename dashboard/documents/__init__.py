"""Numbered documents (公文) of the office in the GB/T 9704-2012 layout: 挂牌督办通知书 (a hazard or a major
fire-hazard unit), 督查通报 (one group's or every group's findings for an evaluation period), 约谈通知书 (a group
flagged 建议约谈), 催报通知 (a county missing its daily duty report).

- ``numbering``  the 文号: 代字〔year〕N号, one gapless sequence per 代字 and year, allocated inside the write
- ``kinds``      what each kind says, composed from the owning domains' public functions (no SQL)
- ``layout``     the .docx (export's GB/T 9704 writers: 版头, 主送, items, 署名 and 成文日期, 版记)
- ``register``   issuing, reissuing (same 文号, a new version), listing a record's documents, the files as issued;
                 ``issue_in`` / ``reissue_in`` do it inside a transaction the caller holds
- ``listing``    挂牌督办 with its 挂牌督办通知书 in one transaction (the notice's 文号 is the listing's 督办文号;
                 省级: the province's, typed)
"""

from dashboard.documents.kinds import (
    K_BULLETIN,
    K_CHASE,
    K_INTERVIEW,
    K_LISTING,
    KINDS,
    S_COUNTY,
    S_FIRE_UNIT,
    S_GROUP,
    S_GROUPS,
    S_HAZARD,
    SUBJECT_NAMES,
    Content,
    Kind,
    compose,
    government,
    group_occasion,
    window_of,
)
from dashboard.documents.layout import file_name, render
from dashboard.documents.listing import Listed, list_with_notice, listing_done_text
from dashboard.documents.numbering import DocNumber, check_prefix, format_number, next_seq, parse_number
from dashboard.documents.register import (
    A_ISSUE,
    A_REISSUE,
    ENTITY,
    Issued,
    document,
    for_record,
    for_subjects,
    held_in,
    issue,
    issue_in,
    prefix_of,
    reissue,
    reissue_in,
    version_file,
    versions,
)

__all__ = [
    "K_LISTING", "K_BULLETIN", "K_INTERVIEW", "K_CHASE", "KINDS", "Kind", "S_HAZARD", "S_FIRE_UNIT", "S_GROUP",
    "S_GROUPS", "S_COUNTY", "SUBJECT_NAMES", "Content", "compose", "government", "group_occasion", "window_of",
    "render", "file_name", "DocNumber", "format_number", "parse_number", "check_prefix", "next_seq",
    "ENTITY", "A_ISSUE", "A_REISSUE", "Issued", "issue", "issue_in", "held_in", "reissue", "reissue_in", "document",
    "for_record", "for_subjects", "versions", "version_file", "prefix_of", "Listed", "list_with_notice",
    "listing_done_text",
]
