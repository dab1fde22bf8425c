UPDATE app.users SET email_lower = lower(email);
DELETE FROM app.sessions;
UPDATE app.users SET active = false WHERE last_seen < now() - interval '1 year';
UPDATE app.users SET email_lower = lower(email) WHERE email_lower IS NULL OR id = 1;
