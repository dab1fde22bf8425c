-- lint-fixture: standalone
SET lock_timeout = '2s';
ALTER TABLE app.users ADD COLUMN nickname text;
