-- A CONCURRENTLY statement makes pgshift run the whole file outside a transaction.
ALTER TABLE app.users ADD COLUMN email_lower text;
CREATE INDEX CONCURRENTLY users_email_lower_idx ON app.users (email_lower);
