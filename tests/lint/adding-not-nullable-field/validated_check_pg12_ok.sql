-- lint-fixture: pg-version=120000
-- pgshift:no-transaction
-- From PostgreSQL 12 on, a validated CHECK (c IS NOT NULL) spares SET NOT NULL its scan.
ALTER TABLE recipes ADD CONSTRAINT view_count_not_null CHECK (view_count IS NOT NULL) NOT VALID;
ALTER TABLE recipes VALIDATE CONSTRAINT view_count_not_null;
ALTER TABLE recipes ALTER COLUMN view_count SET NOT NULL;
ALTER TABLE recipes DROP CONSTRAINT view_count_not_null;
