-- lint-fixture: created-before=app.tokens
UPDATE app.tokens SET secret = md5(id::text);
