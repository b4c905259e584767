-- 0009: the import register (dashboard/import_register.py). Every import keeps what undoing it needs, written in the
-- import's own transaction: the original file (``import_files``, by its SHA-256, so a file imported twice is kept
-- once; in the store, so every backup holds it), the choices it was read with, and every row it added or replaced
-- (``import_rows``: the table, the row's key, the audit entity it is known by, a fingerprint of the row as written,
-- and for a replaced row the row as it was before, JSON). ``last_audit_id`` is the import's last audit event: a later
-- event on one of its rows means the row changed since. Undo (撤销导入) deletes the rows, puts the replaced ones back,
-- drops the import's ``import_rows`` and marks the import undone; the register row and the file stay listed.
ALTER TABLE imports ADD COLUMN label VARCHAR;          -- the kind in Chinese: 隐患, 值班表
ALTER TABLE imports ADD COLUMN sha256 VARCHAR;         -- the original file (import_files)
ALTER TABLE imports ADD COLUMN choices VARCHAR;        -- JSON: the mapping, the choices made at upload, what was inferred
ALTER TABLE imports ADD COLUMN rows_replaced INTEGER;
ALTER TABLE imports ADD COLUMN last_audit_id BIGINT;
ALTER TABLE imports ADD COLUMN undone_at TIMESTAMP;
ALTER TABLE imports ADD COLUMN undone_by VARCHAR;
ALTER TABLE imports ADD COLUMN undo_reason VARCHAR;
CREATE TABLE import_files (
    sha256  VARCHAR PRIMARY KEY,
    size    BIGINT NOT NULL,
    data    BLOB NOT NULL
);
CREATE TABLE import_rows (
    import_id   BIGINT NOT NULL,
    tbl         VARCHAR NOT NULL,
    key_columns VARCHAR NOT NULL,   -- JSON array of the key's column names
    row_key     VARCHAR NOT NULL,   -- JSON array of the key's values as text
    entity      VARCHAR,            -- audit_events.entity / entity_id the row is known by (NULL: none)
    entity_id   VARCHAR,
    fingerprint VARCHAR,            -- md5 of the row as the import left it
    before      VARCHAR             -- JSON of the row before the import replaced it (NULL: the import added it)
);
CREATE INDEX import_rows_import ON import_rows (import_id);
