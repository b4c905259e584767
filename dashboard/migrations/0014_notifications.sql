-- 0014: messages that reach people (issue 17, dashboard/notify/). Every chase (催报) of a county that has not
-- reported, and every reminder to the person responsible for a hazard or a fire unit reaching its deadline: to
-- whom, the message, how it went (已发送 / 发送失败 after its retries; 待电话通知 when no gateway is configured),
-- the gateway's answer, who sent it. At most one per kind, subject, phone and day.
CREATE SEQUENCE notifications_id;
CREATE TABLE notifications (
    id           BIGINT PRIMARY KEY DEFAULT nextval('notifications_id'),
    kind         VARCHAR NOT NULL,      -- 催报 / 隐患整改到期提醒 / 火灾隐患整改到期提醒
    subject      VARCHAR NOT NULL,      -- the county's code, the hazard's or the fire unit's id
    unit_code    VARCHAR,
    day          DATE NOT NULL,         -- the day it is about
    recipient    VARCHAR,
    phone        VARCHAR NOT NULL,
    message      VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    attempts     INTEGER NOT NULL,
    response     VARCHAR,
    sent_at      TIMESTAMP NOT NULL,    -- the real time it was sent
    actor        VARCHAR NOT NULL,
    dispatch_id  BIGINT                 -- the 调度记录 row of a chase
);
CREATE UNIQUE INDEX notifications_once ON notifications (kind, subject, phone, day);
