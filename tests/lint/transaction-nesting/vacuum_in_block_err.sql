-- VACUUM cannot run inside a transaction block (CONCURRENTLY statements are
-- ban-concurrent-index-creation-in-transaction's).
BEGIN;
ALTER TABLE app.t ADD COLUMN a text;
VACUUM app.t;
COMMIT;
BEGIN;
CREATE INDEX CONCURRENTLY t_a_idx ON app.t (a);
COMMIT;
