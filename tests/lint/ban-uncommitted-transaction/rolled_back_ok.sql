-- lint-fixture: standalone
BEGIN;
CREATE TABLE app.t (id bigint);
ROLLBACK;
CREATE TABLE app.u (id bigint);
