-- pgshift runs a file with a CONCURRENTLY statement outside a transaction.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
