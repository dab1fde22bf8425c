-- lint-fixture: standalone
CREATE TABLE app.tokens (id bigint);
ALTER TABLE app.tokens ADD COLUMN secret text;
