-- lint-fixture: standalone
SET lock_timeout = '2s';
ALTER TABLE app.users ADD COLUMN nickname text;
SET lock_timeout = 0;
ALTER TABLE app.orders ADD COLUMN note text;
