-- 0017: meeting snapshots (会议快照, issue 17, dashboard/meeting.py). A filtered view frozen at one click: what it
-- showed (title, scope and filters, 数据截至, the figures, the top rows, the chart as an image) kept as it was, with
-- its one-page Word briefing, so the figures discussed at a meeting can be shown again later exactly as they were.
CREATE SEQUENCE meeting_snapshots_id;
CREATE TABLE meeting_snapshots (
    id          BIGINT PRIMARY KEY DEFAULT nextval('meeting_snapshots_id'),
    page        VARCHAR NOT NULL,     -- the page's title (隐患台账, 县区排名, 态势总览 …)
    title       VARCHAR NOT NULL,
    as_of       TIMESTAMP NOT NULL,   -- 数据截至 of the view
    taken_at    TIMESTAMP NOT NULL,   -- the real time it was frozen
    taken_by    VARCHAR NOT NULL,
    link        VARCHAR,              -- the view's address, to open it live again
    content     VARCHAR NOT NULL,     -- JSON: scope, filters, figures, headers, rows
    chart       BLOB,                 -- PNG (none when the server cannot draw it)
    docx        BLOB NOT NULL
);
