-- -- pgshift:batch commits each batch on its own, so the file runs outside a transaction.
ALTER TABLE app.users ADD COLUMN email_lower text;
-- pgshift:batch
UPDATE app.users SET email_lower = lower(email);
