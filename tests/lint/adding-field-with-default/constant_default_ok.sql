-- Since PostgreSQL 11 a non-volatile default is stored once in the catalog: no rewrite.
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE users ADD COLUMN score int DEFAULT -1 + 2;
