-- lint-fixture: standalone
-- Another runner (psql) runs the file as written: two blocks one after the other are fine.
BEGIN;
ALTER TABLE app.t ADD COLUMN a text;
COMMIT;
BEGIN;
ALTER TABLE app.t ADD COLUMN b text;
COMMIT;
