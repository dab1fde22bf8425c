-- lint-fixture: created-before=sessions
-- An earlier pending file creates the table: a warning, not an error.
ALTER TABLE sessions ADD COLUMN token uuid DEFAULT gen_random_uuid();
