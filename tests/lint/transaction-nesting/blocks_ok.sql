-- Run as written, as psql and golang-migrate do: the extension on its own, then the block.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
BEGIN;
CREATE TABLE app.accounts (id uuid PRIMARY KEY DEFAULT uuid_generate_v4());
CREATE TABLE app.users (id uuid PRIMARY KEY, account_id uuid REFERENCES app.accounts (id));
COMMIT;
