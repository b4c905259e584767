-- 0003: what an office tracks on each 专项整治 sub-item beside its lead department, deadline and progress:
-- the cooperating departments (配合部门, a 、-separated list like the lead), the latest progress note
-- (进展情况) and when the item was last updated. Each change is also an audit event (entity 'task',
-- id '<category_no>-<item_no>'), which is the item's history.
ALTER TABLE tasks ADD COLUMN coop_depts VARCHAR;   -- 配合部门
ALTER TABLE tasks ADD COLUMN note VARCHAR;         -- 最新进展情况
ALTER TABLE tasks ADD COLUMN updated_at TIMESTAMP; -- 最近更新
