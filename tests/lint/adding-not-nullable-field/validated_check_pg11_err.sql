-- lint-fixture: pg-version=110000
-- pgshift:no-transaction
-- Before PostgreSQL 12 SET NOT NULL scans even when a validated CHECK proves it.
ALTER TABLE recipes ADD CONSTRAINT view_count_not_null CHECK (view_count IS NOT NULL) NOT VALID;
ALTER TABLE recipes VALIDATE CONSTRAINT view_count_not_null;
ALTER TABLE recipes ALTER COLUMN view_count SET NOT NULL;
