BEGIN;
CREATE TABLE app.t (id bigint);
COMMIT;
