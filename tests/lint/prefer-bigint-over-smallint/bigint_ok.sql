CREATE TABLE app.flags (id bigint, level bigint, weight integer);
