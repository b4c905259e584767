-- 0008: the office's numbered documents (dashboard/documents/): 挂牌督办通知书, 督查通报, 约谈通知书, 催报通知.
-- One row per document (its 文号: the prefix, the year and the number in that prefix's sequence for the year, read as
-- max()+1 inside the issuing write, so gapless and unique), listed on the record it concerns (subject_type + subject_id;
-- ``occasion`` tells two documents of one kind for one record apart, e.g. the evaluation period of a 约谈).
-- Every issue and reissue is a version that keeps the file exactly as issued (``file``) and the composed text
-- (``content``, JSON) it was laid out from.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    prefix        VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    number        VARCHAR NOT NULL UNIQUE,
    subject_type  VARCHAR NOT NULL,
    subject_id    VARCHAR NOT NULL,
    occasion      VARCHAR NOT NULL DEFAULT '',
    subject_label VARCHAR,
    title         VARCHAR NOT NULL,
    addressee     VARCHAR,
    first_issued_at TIMESTAMP NOT NULL,
    UNIQUE (prefix, year, seq),
    UNIQUE (kind, subject_type, subject_id, occasion)
);
CREATE TABLE document_versions (
    document_id INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    issued_at   TIMESTAMP NOT NULL,   -- the as-of time of the issue (its 成文日期 is this day)
    recorded_at TIMESTAMP,            -- the real time of the write
    issued_by   VARCHAR NOT NULL,
    reason      VARCHAR,              -- why it was reissued (empty for the first issue)
    content     VARCHAR NOT NULL,     -- JSON: the composed text the file was laid out from
    file_name   VARCHAR NOT NULL,
    file        BLOB NOT NULL,        -- the .docx exactly as issued
    PRIMARY KEY (document_id, version)
);
