-- pgshift:no-transaction
-- Each statement commits on its own, together with its progress when it can run in a
-- transaction; a named CREATE / DROP INDEX CONCURRENTLY is checked before it runs again. So
-- with pgshift none of them runs twice (with --standalone they do: standalone_*_err.sql).
CREATE TABLE app.audit (id bigint);
CREATE INDEX CONCURRENTLY audit_id_idx ON app.audit (id);
ALTER TABLE app.users ADD COLUMN nickname text, DROP COLUMN legacy;
ALTER TABLE app.users DROP CONSTRAINT users_legacy_check;
ALTER TABLE app.users ADD CONSTRAINT users_nick_check CHECK (nickname <> '') NOT VALID;
DROP INDEX CONCURRENTLY app.users_legacy_idx;
DROP TABLE app.legacy;
DROP TYPE app.legacy_kind;
