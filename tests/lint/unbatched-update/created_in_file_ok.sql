CREATE TABLE app.tokens (id bigint, secret text);
UPDATE app.tokens SET secret = md5(id::text);
