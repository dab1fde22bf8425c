-- pgshift:no-transaction
CREATE TABLE app.scratch (id bigint);
VACUUM FULL app.scratch;
