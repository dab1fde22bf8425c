-- COMMIT AND CHAIN starts the next transaction at once: it is still open at the end.
BEGIN;
CREATE TABLE app.t (id bigint);
COMMIT AND CHAIN;
CREATE TABLE app.u (id bigint);
