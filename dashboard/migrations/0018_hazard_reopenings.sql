-- 0018: 回头看 as rows (issue 17). 0015 kept a reopening (复查发现反弹) as columns of the hazard, so a second one
-- overwrote the first: an older period's 整改率 moved, and a past period's 按期整改率 read the new deadline. Now each
-- reopening is a row: it ends a round, keeping the 销号 it undid and the deadline in force in that round, and a
-- period is judged in the round in force at its end (hazards.rules.hazards_at). The hazard row is the current
-- round; its ``original_deadline`` is the round's first deadline (已延期 compares with it), its ``reopened_on``
-- the latest reopening's day.
CREATE TABLE hazard_reopenings (
    hazard_id                VARCHAR NOT NULL,
    seq                      INTEGER NOT NULL,   -- 1 for a hazard's first reopening, 2 for its second, …
    closed_date              DATE,               -- the 销号 it undid: the end of the round before it
    deadline_before          DATE,               -- the deadline in force in that round (after its extensions)
    original_deadline_before DATE,               -- that round's first deadline
    reopened_on              DATE NOT NULL,      -- open again from this day
    deadline                 DATE,               -- the new round's deadline
    reason                   VARCHAR,            -- 反弹情况
    actor                    VARCHAR,            -- who reopened it (as on its audit line)
    audit_id                 BIGINT,             -- its 复查发现反弹 audit line, which its evidence points to
    PRIMARY KEY (hazard_id, seq)
);

-- Every reopening made under 0015, from its audit line (the columns kept only the last one). The deadline in
-- force before it: the one the hazard's last 延期 or 复查发现反弹 before it set, else its first deadline.
INSERT INTO hazard_reopenings
WITH setting AS (
    SELECT a.id, a.entity_id AS hazard_id, a.action, a.happened_at, a.actor, a.reason,
           TRY_CAST(json_extract_string(a.detail, '$.new_deadline') AS DATE) AS new_deadline,
           TRY_CAST(json_extract_string(a.detail, '$.closed_date') AS DATE) AS closed_date
    FROM audit_events a
    WHERE a.entity = 'hazard' AND a.action IN ('延期', '复查发现反弹')
), before AS (
    SELECT s.*, last_value(s.new_deadline IGNORE NULLS) OVER (PARTITION BY s.hazard_id ORDER BY s.id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS deadline_then
    FROM setting s
), reopenings AS (
    SELECT b.*, row_number() OVER (PARTITION BY b.hazard_id ORDER BY b.id) AS seq,
           lag(b.new_deadline) OVER (PARTITION BY b.hazard_id ORDER BY b.id) AS previous_round_deadline
    FROM before b WHERE b.action = '复查发现反弹'
)
SELECT r.hazard_id, r.seq, r.closed_date, coalesce(r.deadline_then, h.original_deadline),
       CASE WHEN r.seq = 1 THEN h.original_deadline ELSE r.previous_round_deadline END,
       r.happened_at::DATE, r.new_deadline, r.reason, r.actor, r.id
FROM reopenings r JOIN hazards h ON h.id = r.hazard_id;

-- A hazard whose columns say it was reopened but whose audit line is missing: its last reopening, as the columns
-- knew it (the deadline before it unknown there: its first deadline).
INSERT INTO hazard_reopenings (hazard_id, seq, closed_date, deadline_before, original_deadline_before, reopened_on,
                               deadline)
SELECT h.id, greatest(coalesce(h.reopen_count, 1), 1), h.reopen_closed_date, h.original_deadline,
       h.original_deadline, h.reopened_on, h.deadline
FROM hazards h
WHERE h.reopened_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hazard_reopenings r WHERE r.hazard_id = h.id);

-- The current round's first deadline is the last reopening's (0015 left the first round's, so a reopened hazard
-- read as 已延期); ``reopened_on`` is the latest reopening's day.
UPDATE hazards SET original_deadline = coalesce(last.deadline, hazards.original_deadline), reopened_on = last.reopened_on
FROM (SELECT DISTINCT ON (hazard_id) hazard_id, deadline, max(reopened_on) OVER (PARTITION BY hazard_id) AS reopened_on
      FROM hazard_reopenings ORDER BY hazard_id, seq DESC) last
WHERE last.hazard_id = hazards.id;

-- The rows are the record. ``reopened_on`` stays on the hazard as a cache of its latest reopening's day, kept by
-- the reopening itself (hazards/lifecycle.py): every figure at a period's end reads it to tell, with one date
-- test per hazard and no join, the hazards it must look up in the rows (those reopened after the end) from all
-- the others (rules.hazards_at). The 销号 undone and the count live in the rows only.
ALTER TABLE hazards DROP COLUMN reopen_closed_date;
ALTER TABLE hazards DROP COLUMN reopen_count;
