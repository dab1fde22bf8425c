CREATE TABLE app.events (created_at timestamptz NOT NULL, seen timestamp(3) with time zone, d date, t time);
ALTER TABLE app.events ALTER COLUMN created_at TYPE timestamptz;
