-- pgshift sets lock_timeout itself (and retries): nothing to require.
ALTER TABLE app.users ADD COLUMN nickname text;
