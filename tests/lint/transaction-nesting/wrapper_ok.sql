-- pgshift would run the file in a transaction anyway: its own wrapper is taken as that one.
BEGIN ISOLATION LEVEL SERIALIZABLE;
ALTER TABLE app.t ADD COLUMN a text;
CREATE TABLE app.u (id bigint);
COMMIT;
