CREATE INDEX CONCURRENTLY users_email_idx ON app.users (email);
