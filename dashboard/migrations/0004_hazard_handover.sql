-- 0004: the written handover of a group's hazard list (隐患清单). Each group hands the hazards it finds over in
-- writing to the county government AND to the city office (市安委办); the office evaluates the groups on it.
-- One date per recipient on the hazard itself (a hazard is handed to each recipient once; NULL = not yet), so
-- the share handed over is a plain count and the import and the ledger carry it as two more columns.
ALTER TABLE hazards ADD COLUMN handed_county_on DATE;   -- handed in writing to the county government
ALTER TABLE hazards ADD COLUMN handed_city_on DATE;     -- handed in writing to 市安委办
