-- pgshift:batch
UPDATE app.users SET email_lower = lower(email);
-- pgshift:batch size=500
DELETE FROM app.sessions WHERE expires_at < now();
