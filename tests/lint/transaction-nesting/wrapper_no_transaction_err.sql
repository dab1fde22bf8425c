-- pgshift:no-transaction
BEGIN;
ALTER TABLE app.t ADD COLUMN a text;
COMMIT;
