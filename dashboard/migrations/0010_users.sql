-- 0010: who is acting (issue 16). Local accounts (dashboard/access/accounts.py): the password only as an Argon2id
-- hash, the role and, for a 县区填报员 or a 督查组, the county or group it acts for; failed sign-ins counted for the
-- lockout. Wall links: the wall PC's read-only link, kept as the SHA-256 of its token, revocable. Every audit line
-- names the signed-in account's login beside the label people read (``actor``: 姓名（角色，县区）).
CREATE TABLE users (
    login          VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    role           VARCHAR NOT NULL,
    unit_code      VARCHAR,               -- 县区填报员: the county it reports for
    group_id       INTEGER,               -- 督查组: its group
    phone          VARCHAR,
    password_hash  VARCHAR NOT NULL,      -- Argon2id (argon2-cffi), never the password
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    must_change    BOOLEAN NOT NULL DEFAULT FALSE,  -- set by an administrator's reset: change at next sign-in
    failed_count   INTEGER NOT NULL DEFAULT 0,
    locked_until   TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    last_sign_in   TIMESTAMP
);
CREATE SEQUENCE wall_links_id;
CREATE TABLE wall_links (
    id          INTEGER PRIMARY KEY DEFAULT nextval('wall_links_id'),
    label       VARCHAR NOT NULL,          -- where the screen is, e.g. 指挥中心大屏
    token_hash  VARCHAR NOT NULL UNIQUE,   -- SHA-256 of the link's token; the token itself is shown once
    created_at  TIMESTAMP NOT NULL,
    created_by  VARCHAR NOT NULL,
    revoked_at  TIMESTAMP,
    revoked_by  VARCHAR
);
ALTER TABLE audit_events ADD COLUMN actor_login VARCHAR;
