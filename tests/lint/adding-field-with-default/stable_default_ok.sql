-- now() and CURRENT_TIMESTAMP are stable: one value for the whole statement, stored once.
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN updated_at timestamptz DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE users ADD COLUMN expires_at timestamptz DEFAULT now() + interval '30 days';
ALTER TABLE users ADD COLUMN owner text DEFAULT current_user;
