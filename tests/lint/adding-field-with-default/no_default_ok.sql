ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ALTER COLUMN nickname SET DEFAULT gen_random_uuid()::text;
