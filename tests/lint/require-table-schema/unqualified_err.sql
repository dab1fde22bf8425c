CREATE TABLE users (id bigint);
CREATE TABLE report AS SELECT 1 AS n;
ALTER TABLE users ADD COLUMN email text;
DROP TABLE old_users, app.older_users;
