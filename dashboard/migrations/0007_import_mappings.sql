-- 0007: how a sender's columns were mapped by hand on the import preview (dashboard/hazards/imports.py), so the
-- next file with the same header row (``signature``: its headers, normalized, in order) is read the same way.
-- ``mapping`` is JSON: file header -> field header, or null for a column not imported.
CREATE TABLE import_mappings (
    kind       VARCHAR NOT NULL,
    signature  VARCHAR NOT NULL,
    mapping    VARCHAR NOT NULL,
    headers    VARCHAR NOT NULL,
    group_id   INTEGER,
    actor      VARCHAR NOT NULL,
    saved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, signature)
);
