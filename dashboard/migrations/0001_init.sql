-- 0001: the first schema. Times are Asia/Shanghai wall-clock TIMESTAMPs without zone (see clock.py).
-- Derived things (overdue, days left, urgency, incident level, report timeliness, scores) are never stored.

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- One row per county-level unit (12 in Ankang), loaded from data/units.csv.
CREATE TABLE units (
    code       VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL UNIQUE,
    kind       VARCHAR NOT NULL,          -- 县区 / 功能区
    lat        DOUBLE,
    lon        DOUBLE,
    sort_order INTEGER NOT NULL
);
CREATE TABLE unit_aliases (
    alias     VARCHAR PRIMARY KEY,        -- e.g. 旬阳县 -> 610981
    unit_code VARCHAR NOT NULL
);

-- Every write's audit event: who, when, what, why. One general log for every entity.
CREATE SEQUENCE audit_events_id;
CREATE TABLE audit_events (
    id          BIGINT PRIMARY KEY DEFAULT nextval('audit_events_id'),
    happened_at TIMESTAMP NOT NULL,
    actor       VARCHAR NOT NULL,
    entity      VARCHAR NOT NULL,         -- hazard, fire_unit, duty_report, incident, group, import, ...
    entity_id   VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,         -- Chinese action name shown in timelines, e.g. 开始整改
    from_status VARCHAR,
    to_status   VARCHAR,
    reason      VARCHAR,
    detail      VARCHAR                   -- JSON of the changed fields
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);

-- The 12 embedded covert inspection groups (one per unit) and their filed changes (备案).
CREATE TABLE groups (
    id            INTEGER PRIMARY KEY,
    unit_code     VARCHAR NOT NULL UNIQUE,
    name          VARCHAR NOT NULL,
    leader        VARCHAR NOT NULL,
    leader_rank   VARCHAR NOT NULL,       -- 副县级
    leader_org    VARCHAR,
    leader_phone  VARCHAR,
    lead_unit     VARCHAR NOT NULL,       -- 组长单位
    stationed_on  DATE
);
CREATE TABLE group_members (
    group_id INTEGER NOT NULL,
    name     VARCHAR NOT NULL,
    role     VARCHAR NOT NULL,            -- 组长 / 副组长 / 成员 / 联络员
    org      VARCHAR,
    phone    VARCHAR,
    PRIMARY KEY (group_id, name)
);
CREATE SEQUENCE group_changes_id;
CREATE TABLE group_changes (
    id          BIGINT PRIMARY KEY DEFAULT nextval('group_changes_id'),
    group_id    INTEGER NOT NULL,
    change_date DATE NOT NULL,
    kind        VARCHAR NOT NULL,         -- 组长变更 / 成员调整 / 成员增补
    old_value   VARCHAR,
    new_value   VARCHAR,
    reason      VARCHAR,
    filed_on    DATE                      -- 备案日期 at the city office
);

-- Inspection visits by the groups (and others): where hazards come from.
CREATE SEQUENCE inspections_id;
CREATE TABLE inspections (
    id           BIGINT PRIMARY KEY DEFAULT nextval('inspections_id'),
    group_id     INTEGER,
    unit_code    VARCHAR NOT NULL,
    visit_date   DATE NOT NULL,
    enterprise   VARCHAR NOT NULL,
    sector       VARCHAR NOT NULL,
    covert       BOOLEAN NOT NULL DEFAULT TRUE,
    hazards_found INTEGER NOT NULL DEFAULT 0
);

-- Imports (who brought which file, when, how many rows).
CREATE SEQUENCE imports_id;
CREATE TABLE imports (
    id         BIGINT PRIMARY KEY DEFAULT nextval('imports_id'),
    kind       VARCHAR NOT NULL,
    file_name  VARCHAR NOT NULL,
    actor      VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    rows_total INTEGER NOT NULL,
    rows_added INTEGER NOT NULL
);

-- The hazard ledger (隐患台账). Status is stored; 逾期 and 已延期 are derived.
CREATE TABLE hazards (
    id                 VARCHAR PRIMARY KEY,   -- 隐患编号
    found_date         DATE NOT NULL,
    group_id           INTEGER,
    source             VARCHAR NOT NULL,
    unit_code          VARCHAR NOT NULL,
    township           VARCHAR,
    enterprise         VARCHAR NOT NULL,
    credit_code        VARCHAR,
    sector             VARCHAR NOT NULL,
    location           VARCHAR,               -- 隐患部位
    description        VARCHAR NOT NULL,
    level              VARCHAR NOT NULL,
    treatment          VARCHAR NOT NULL,
    measures           VARCHAR,
    resp_unit          VARCHAR,
    resp_person        VARCHAR,
    resp_phone         VARCHAR,
    original_deadline  DATE,                  -- the first deadline; deadline <> original_deadline means 已延期
    deadline           DATE,
    funds              DOUBLE,                -- 万元
    interim_measures   VARCHAR,
    status             VARCHAR NOT NULL,
    completed_date     DATE,
    verifier           VARCHAR,
    verified_date      DATE,
    verify_result      VARCHAR,
    closed_date        DATE,
    listing_level      VARCHAR NOT NULL DEFAULT '未挂牌',
    listing_unit       VARCHAR,
    listing_doc        VARCHAR,
    listing_date       DATE,
    enforcement        VARCHAR,
    photo              VARCHAR,
    remark             VARCHAR,
    lat                DOUBLE,
    lon                DOUBLE,
    import_id          BIGINT,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

-- The major fire-hazard units (GB 35181-2017) and their milestones (倒排工期).
CREATE TABLE fire_units (
    id                 VARCHAR PRIMARY KEY,
    name               VARCHAR NOT NULL,
    unit_code          VARCHAR NOT NULL,
    address            VARCHAR,
    lat                DOUBLE,
    lon                DOUBLE,
    place_type         VARCHAR,
    judgement          VARCHAR NOT NULL,      -- 直接判定 / 综合判定
    clauses            VARCHAR,               -- e.g. GB 35181-2017 6.3; 7.3.2
    description        VARCHAR NOT NULL,
    filed_date         DATE NOT NULL,         -- 立案日期
    listing_level      VARCHAR NOT NULL DEFAULT '未挂牌',
    listing_doc        VARCHAR,
    listing_date       DATE,
    announced_date     DATE,                  -- published in the main local media
    original_deadline  DATE NOT NULL,
    deadline           DATE NOT NULL,
    resp_unit          VARCHAR NOT NULL,
    resp_person        VARCHAR NOT NULL,
    resp_phone         VARCHAR,
    supervising_dept   VARCHAR,               -- 行业督办部门
    fire_brigade       VARCHAR,               -- 属地消防大队
    progress           INTEGER NOT NULL DEFAULT 0,
    funds              DOUBLE,                -- 万元
    interim_measures   VARCHAR,
    status             VARCHAR NOT NULL,
    review_requested_date DATE,
    closed_date        DATE,
    updated_at         TIMESTAMP NOT NULL
);
CREATE TABLE fire_unit_milestones (
    fire_unit_id  VARCHAR NOT NULL,
    seq           INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    planned_date  DATE NOT NULL,
    actual_date   DATE,
    PRIMARY KEY (fire_unit_id, seq)
);

-- Holiday duty: periods are data (五一, 国庆, 春节 ...).
CREATE TABLE duty_periods (
    id          VARCHAR PRIMARY KEY,          -- e.g. 2021-labour-day
    name        VARCHAR NOT NULL,             -- 2021年“五一”假期
    short_name  VARCHAR NOT NULL,             -- 五一
    start_date  DATE NOT NULL,
    end_date    DATE NOT NULL
);
CREATE TABLE duty_roster (
    unit_code     VARCHAR NOT NULL,
    duty_date     DATE NOT NULL,
    leader        VARCHAR NOT NULL,           -- 带班领导
    leader_title  VARCHAR,
    leader_phone  VARCHAR,
    officer       VARCHAR NOT NULL,           -- 值班人员
    officer_phone VARCHAR,
    duty_phone    VARCHAR,                    -- 值班电话
    PRIMARY KEY (unit_code, duty_date)
);
-- Every submitted version of a daily report is kept; the current one is the highest version.
CREATE TABLE duty_reports (
    unit_code      VARCHAR NOT NULL,
    report_date    DATE NOT NULL,
    version        INTEGER NOT NULL,
    submitted_at   TIMESTAMP NOT NULL,
    leader         VARCHAR,
    leader_title   VARCHAR,
    leader_phone   VARCHAR,
    officer        VARCHAR,
    officer_phone  VARCHAR,
    duty_phone     VARCHAR,
    situation      VARCHAR NOT NULL,          -- 零报告 / 有情况
    accidents      INTEGER NOT NULL DEFAULT 0,
    fires          INTEGER NOT NULL DEFAULT 0,
    deaths         INTEGER NOT NULL DEFAULT 0,
    injuries       INTEGER NOT NULL DEFAULT 0,
    inspections    INTEGER NOT NULL DEFAULT 0,
    hazards_found  INTEGER NOT NULL DEFAULT 0,
    hazards_fixed  INTEGER NOT NULL DEFAULT 0,
    details        VARCHAR,
    key_matters    VARCHAR,
    reporter       VARCHAR NOT NULL,
    PRIMARY KEY (unit_code, report_date, version)
);
-- Incident information: 初报 -> 续报 -> 终报 as linked entries of one chain.
CREATE TABLE incidents (
    id               VARCHAR PRIMARY KEY,
    chain_id         VARCHAR NOT NULL,        -- the 初报's id
    stage            VARCHAR NOT NULL,        -- 初报 / 续报 / 终报
    occurred_at      TIMESTAMP NOT NULL,
    received_at      TIMESTAMP NOT NULL,      -- 接报时间
    reported_at      TIMESTAMP NOT NULL,      -- reported up to the city
    source           VARCHAR,                 -- 信息来源
    unit_code        VARCHAR NOT NULL,
    place            VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,        -- 性质, e.g. 道路交通事故
    sector           VARCHAR,
    deaths           INTEGER NOT NULL DEFAULT 0,
    serious_injuries INTEGER NOT NULL DEFAULT 0,
    injuries         INTEGER NOT NULL DEFAULT 0,
    missing          INTEGER NOT NULL DEFAULT 0,
    direct_loss      DOUBLE NOT NULL DEFAULT 0, -- 万元
    trend            VARCHAR,
    measures         VARCHAR,
    description      VARCHAR
);
CREATE TABLE warnings (
    id          VARCHAR PRIMARY KEY,
    level       VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,             -- 暴雨 / 地质灾害 / 森林火险 ...
    units       VARCHAR NOT NULL,             -- unit codes covered, comma separated
    valid_from  TIMESTAMP NOT NULL,
    valid_to    TIMESTAMP NOT NULL,
    issued_by   VARCHAR NOT NULL,
    content     VARCHAR NOT NULL
);
CREATE SEQUENCE dispatch_log_id;
CREATE TABLE dispatch_log (
    id        BIGINT PRIMARY KEY DEFAULT nextval('dispatch_log_id'),
    sent_at   TIMESTAMP NOT NULL,
    actor     VARCHAR NOT NULL,
    to_units  VARCHAR NOT NULL,               -- unit codes, comma separated
    content   VARCHAR NOT NULL,
    response  VARCHAR
);

-- Fires attended (火灾统计).
CREATE TABLE fire_incidents (
    id            VARCHAR PRIMARY KEY,
    occurred_at   TIMESTAMP NOT NULL,
    unit_code     VARCHAR NOT NULL,
    central_city  BOOLEAN NOT NULL,            -- in the 中心城区
    place_type    VARCHAR NOT NULL,
    cause         VARCHAR NOT NULL,
    name          VARCHAR,                     -- e.g. 宝业市场火灾
    address       VARCHAR,
    deaths        INTEGER NOT NULL DEFAULT 0,
    injuries      INTEGER NOT NULL DEFAULT 0,
    direct_loss   DOUBLE NOT NULL DEFAULT 0    -- 万元
);

-- The special rectification task list: 25 categories, 61 sub-items.
CREATE TABLE tasks (
    category_no  INTEGER NOT NULL,
    category     VARCHAR NOT NULL,
    item_no      INTEGER NOT NULL,
    item         VARCHAR NOT NULL,
    lead_dept    VARCHAR NOT NULL,
    progress     INTEGER NOT NULL DEFAULT 0,
    status       VARCHAR NOT NULL,             -- 未启动 / 推进中 / 已完成
    deadline     DATE,
    PRIMARY KEY (category_no, item_no)
);
