BEGIN;
ALTER TABLE app.t ADD COLUMN a text;
COMMIT;
BEGIN;
-- pgshift:batch
UPDATE app.t SET a = 'x' WHERE a IS NULL;
COMMIT;
