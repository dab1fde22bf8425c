-- A plain CREATE INDEX runs in the migration's transaction: a failure leaves nothing behind.
CREATE INDEX ON app.users (email);
