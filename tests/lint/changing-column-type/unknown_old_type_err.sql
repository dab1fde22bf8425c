-- The old type of an existing table's column is not in the file: a widening to text or a
-- longer varchar might be a catalog change, and the help says how to say so.
ALTER TABLE users ALTER COLUMN bio TYPE text;
ALTER TABLE users ALTER COLUMN name TYPE varchar(200);
