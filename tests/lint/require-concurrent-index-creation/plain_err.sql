CREATE INDEX users_email_idx ON users (email);
CREATE UNIQUE INDEX ON app.orders (ref);
