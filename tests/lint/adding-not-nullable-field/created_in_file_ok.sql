CREATE TABLE recipes (id bigint PRIMARY KEY, view_count int);
ALTER TABLE recipes ALTER COLUMN view_count SET NOT NULL;
-- A new NOT NULL column is adding-required-field's business.
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
