-- lint-fixture: standalone
-- pgshift:no-transaction
BEGIN;
CREATE TABLE app.audit (id bigint);
COMMIT;
DROP TABLE app.legacy;
