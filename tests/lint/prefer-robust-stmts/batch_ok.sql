-- -- pgshift:batch commits each batch on its own, so the file runs statement by statement; the
-- ALTER TABLE commits together with its progress, so a re-run never repeats it.
ALTER TABLE app.users ADD COLUMN email_lower text;
-- pgshift:batch
UPDATE app.users SET email_lower = lower(email);
