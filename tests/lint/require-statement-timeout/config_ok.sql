-- lint-fixture: statement-timeout=10min
ALTER TABLE app.users ALTER COLUMN id TYPE bigint;
