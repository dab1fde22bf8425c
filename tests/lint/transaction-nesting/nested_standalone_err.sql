-- lint-fixture: standalone
BEGIN;
CREATE TABLE app.t (id bigint);
START TRANSACTION;
CREATE TABLE app.u (id bigint);
COMMIT;
COMMIT;
