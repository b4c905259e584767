-- 0002: settings edited on the 设置 page (ranking weights, the 约谈 rule). A row here wins over
-- dashboard.toml / DASHBOARD_* / the default; who changed what and why is in audit_events (entity 'setting').
CREATE TABLE setting_values (
    name       VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL
);
