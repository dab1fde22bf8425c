-- pgshift:no-transaction
ALTER TABLE app.t ADD COLUMN a text;
BEGIN;
ALTER TABLE app.t ADD COLUMN b text;
COMMIT;
