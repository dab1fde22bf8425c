-- lint-fixture: standalone
BEGIN;
ALTER TABLE app.t ADD COLUMN a text;
COMMIT;
START TRANSACTION;
ALTER TABLE app.t ADD COLUMN b text;
