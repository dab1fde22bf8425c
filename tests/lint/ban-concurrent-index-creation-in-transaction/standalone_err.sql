-- lint-fixture: standalone
-- Another runner is assumed to wrap the file in a transaction (golang-migrate, Flyway,
-- Rails ...), unless the file says -- pgshift:no-transaction.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
