CREATE TABLE app.table_very_long_very_long_very_long_very_long_very_long_very_long (id bigint);
ALTER TABLE app.users ADD COLUMN column_very_long_very_long_very_long_very_long_very_long_very_long text;
CREATE INDEX CONCURRENTLY index_very_long_very_long_very_long_very_long_very_long_very_long ON app.users (id);
-- 32 two-byte characters: 32 characters, 64 bytes. PostgreSQL cuts at a character boundary.
CREATE TABLE app."éééééééééééééééééééééééééééééééé" (id bigint);
-- Quoted: the same limit.
ALTER TABLE app.users ADD CONSTRAINT "users_constraint_very_long_very_long_very_long_very_long_id_check" CHECK (id > 0);
