-- 0016: evidence (issue 17, dashboard/evidence/): the photos and files that prove a step — 提交整改完成, 复核, 节点完成,
-- 申请复查, 销案, 复查发现反弹 — kept in the store itself, so every backup holds them and a step and its proof are
-- written in one transaction. Images as kept: orientation applied, location and every other EXIF field gone,
-- at most 2000 px on the long side; ``thumb`` the timeline's small JPEG. ``audit_id``: the step's audit line.
CREATE SEQUENCE evidence_id;
CREATE TABLE evidence (
    id            BIGINT PRIMARY KEY DEFAULT nextval('evidence_id'),
    entity        VARCHAR NOT NULL,     -- hazard / fire_unit
    entity_id     VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,     -- the step it proves
    stage         VARCHAR NOT NULL,     -- 整改后 / 复查 / 节点 / 复查记录 / 反弹
    audit_id      BIGINT,
    file_name     VARCHAR NOT NULL,
    mime          VARCHAR NOT NULL,     -- image/jpeg, image/png, application/pdf (by content, never by name)
    size          BIGINT NOT NULL,
    sha256        VARCHAR NOT NULL,
    data          BLOB NOT NULL,
    thumb         BLOB,
    uploaded_at   TIMESTAMP NOT NULL,   -- the real time
    uploaded_by   VARCHAR NOT NULL,
    uploaded_login VARCHAR
);
CREATE INDEX evidence_record ON evidence (entity, entity_id);
