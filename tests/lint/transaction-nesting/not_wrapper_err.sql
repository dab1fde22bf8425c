-- pgshift takes one BEGIN ... COMMIT around the whole file as the migration's transaction and
-- refuses any other transaction control.
BEGIN;
ALTER TABLE app.t ADD COLUMN a text;
COMMIT;
ALTER TABLE app.t ADD COLUMN b text;
SAVEPOINT before_c;
ALTER TABLE app.t ADD COLUMN c text;
