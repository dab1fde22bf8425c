-- lint-fixture: pg-version=100000
-- Before PostgreSQL 11 every default, even a constant, is written into every row.
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();
