-- pgshift runs the blocks as written and records each when it commits: a savepoint inside
-- one cannot be honoured.
BEGIN;
ALTER TABLE app.t ADD COLUMN a text;
COMMIT;
ALTER TABLE app.t ADD COLUMN b text;
BEGIN;
SAVEPOINT before_c;
ALTER TABLE app.t ADD COLUMN c text;
RELEASE SAVEPOINT before_c;
COMMIT;
