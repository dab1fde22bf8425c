CREATE TABLE app.events (created_at timestamp NOT NULL, seen timestamp(3) without time zone);
ALTER TABLE app.events ADD COLUMN done_at timestamp;
ALTER TABLE app.events ALTER COLUMN created_at TYPE timestamp;
