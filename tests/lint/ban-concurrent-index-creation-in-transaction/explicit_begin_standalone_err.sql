-- lint-fixture: standalone
START TRANSACTION;
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
COMMIT;
