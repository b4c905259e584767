-- 0012: the 约谈 of an inspection group on file (dashboard/groups/imports.py): the office interviews a group whose
-- work falls short (建议约谈 is the rule's advice; this is what was done), on a date, by someone, for reasons, with
-- requirements, the notice's 文号 and the day the group reported back. Shown with the group on 督查组评价.
CREATE SEQUENCE group_interviews_id;
CREATE TABLE group_interviews (
    id              BIGINT PRIMARY KEY DEFAULT nextval('group_interviews_id'),
    group_id        INTEGER NOT NULL,
    interview_date  DATE NOT NULL,
    interviewer     VARCHAR,            -- 约谈人 / 约谈单位
    interviewees    VARCHAR,            -- 被约谈人 (the leader, members)
    reasons         VARCHAR NOT NULL,   -- 约谈事由
    requirements    VARCHAR,            -- 整改要求
    doc_no          VARCHAR,            -- 约谈通知书文号
    feedback_on     DATE                -- 整改情况反馈日期
);
