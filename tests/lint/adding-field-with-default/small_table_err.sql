-- lint-fixture: rows:countries=250
-- Facts show a small table: still reported, as a warning that does not block.
ALTER TABLE countries ADD COLUMN uid uuid DEFAULT gen_random_uuid();
