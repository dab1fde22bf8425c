BEGIN;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
DROP INDEX CONCURRENTLY users_old_idx;
COMMIT;
