-- 0011: the burned area of a fire (过火面积, square metres), as the fire brigade's records give it beside the place, the
-- cause, the deaths, the injuries and the direct loss (dashboard/fires/imports.py). NULL for a fire recorded without it
-- (the demo's, and a record whose export has no such column).
ALTER TABLE fire_incidents ADD COLUMN burned_area DOUBLE;
