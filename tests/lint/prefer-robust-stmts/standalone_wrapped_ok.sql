-- lint-fixture: standalone
-- The other runner is assumed to wrap the file in a transaction.
CREATE TABLE app.audit (id bigint);
DROP TABLE app.legacy;
