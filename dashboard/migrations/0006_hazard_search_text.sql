-- 0006: the keyword search's prepared text (dashboard/hazards/search.py). 隐患编号, 单位名称, 隐患部位 and 隐患描述,
-- lower-cased and joined by U+001F, so a keyword on 隐患台账 is one scan of one column instead of four lower()
-- scans. Every hazard write that inserts rows fills it (search.fill); the expression below is search.SEARCH_TEXT.
-- Stored uncompressed: a scan for a keyword then reads the text as it is instead of decompressing it first
-- (half the CPU at 1.27M hazards; the file grows by about a quarter).
ALTER TABLE hazards ADD COLUMN search_text VARCHAR USING COMPRESSION uncompressed;
UPDATE hazards SET search_text = lower(concat_ws(chr(31), id, enterprise, coalesce(location, ''), description));
