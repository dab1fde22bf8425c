BEGIN;
CREATE TABLE app.t (id bigint);
BEGIN;
CREATE TABLE app.u (id bigint);
COMMIT;
