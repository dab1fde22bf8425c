-- lint-fixture: standalone
-- pgshift:no-transaction
CREATE INDEX CONCURRENTLY users_nickname_idx ON app.users (nickname);
