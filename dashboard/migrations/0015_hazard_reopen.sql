-- 0015: 回头看 (issue 17). A 已销号 hazard found to have come back (复查发现反弹) is reopened: open again from
-- ``reopened_on`` with a new deadline, its history kept. ``reopen_closed_date`` is the 销号 date the reopening undid,
-- so a period that ended while it stood closed still counts it closed (hazards.rules.open_at): the ranking of past
-- periods does not change, and from the reopening on it counts as open again.
ALTER TABLE hazards ADD COLUMN reopened_on DATE;
ALTER TABLE hazards ADD COLUMN reopen_closed_date DATE;
ALTER TABLE hazards ADD COLUMN reopen_count INTEGER DEFAULT 0;
