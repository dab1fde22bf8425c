CREATE TABLE app.tokens (id int);
ALTER TABLE app.tokens ALTER COLUMN id TYPE bigint;
