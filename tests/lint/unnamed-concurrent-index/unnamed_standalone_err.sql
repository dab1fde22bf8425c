-- lint-fixture: standalone
-- pgshift:no-transaction
CREATE INDEX CONCURRENTLY ON app.users (email);
