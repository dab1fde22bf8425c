-- pgshift bounds the wait for the lock (lock_timeout) but not the rewrite done under it.
ALTER TABLE app.users ADD COLUMN nickname text;
ALTER TABLE app.users ALTER COLUMN id TYPE bigint;
ALTER TABLE app.orders ALTER COLUMN note SET NOT NULL;
