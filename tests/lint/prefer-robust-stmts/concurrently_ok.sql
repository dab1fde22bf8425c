-- A CONCURRENTLY statement makes pgshift run the file statement by statement. The ALTER TABLE
-- commits together with its progress; a re-run checks whether the named index already exists
-- and is valid before building it: neither runs twice.
ALTER TABLE app.users ADD COLUMN email_lower text;
CREATE INDEX CONCURRENTLY users_email_lower_idx ON app.users (email_lower);
