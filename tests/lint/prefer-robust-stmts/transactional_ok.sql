-- pgshift runs the file in one transaction and retries it as a whole: nothing half done.
CREATE TABLE app.audit (id bigint);
ALTER TABLE app.users ADD COLUMN nickname text, DROP COLUMN legacy;
DROP TABLE app.legacy;
