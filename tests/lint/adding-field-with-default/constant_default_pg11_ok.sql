-- lint-fixture: pg-version=110000
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT false;
