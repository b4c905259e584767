-- 0005: when a write really happened. happened_at stays the as-of time the app ran at (the demo pins
-- 2021-05-03 17:00, so every demo write carries it); recorded_at is the real Asia/Shanghai wall-clock time of
-- the write, kept beside it by Store.write. NULL for events written before this column existed and for the
-- demo's simulated history (nobody recorded those at any real time).
ALTER TABLE audit_events ADD COLUMN recorded_at TIMESTAMP;
