-- lint-fixture: standalone
-- pgshift:statement-timeout 10min
-- Another runner ignores pgshift's directives.
ALTER TABLE app.users ALTER COLUMN id TYPE bigint;
