-- pgshift:no-transaction
CREATE TABLE IF NOT EXISTS app.audit (id bigint);
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_id_idx ON app.audit (id);
ALTER TABLE app.users ADD COLUMN IF NOT EXISTS nickname text, DROP COLUMN IF EXISTS legacy;
ALTER TABLE app.users DROP CONSTRAINT IF EXISTS users_nick_check;
ALTER TABLE app.users ADD CONSTRAINT users_nick_check CHECK (nickname <> '') NOT VALID;
ALTER TABLE app.users VALIDATE CONSTRAINT users_nick_check;
DROP INDEX CONCURRENTLY IF EXISTS app.users_legacy_idx;
DROP TABLE IF EXISTS app.legacy;
CREATE TEMP TABLE scratch (id bigint) ON COMMIT DROP;
