-- Two blocks, each one transaction, with their own BEGIN options.
BEGIN;
ALTER TABLE app.t ADD CONSTRAINT t_a_check CHECK (a <> '') NOT VALID;
COMMIT;
BEGIN ISOLATION LEVEL READ COMMITTED;
ALTER TABLE app.t VALIDATE CONSTRAINT t_a_check;
END;
CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON app.t (a);
