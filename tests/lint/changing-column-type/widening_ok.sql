-- The old type is known from the file: varchar(n) to a longer varchar, varchar or text, and
-- numeric to more precision at the same scale change only the catalog.
-- pgshift:no-transaction
ALTER TABLE users ADD COLUMN bio varchar(100);
ALTER TABLE users ALTER COLUMN bio TYPE varchar(500);
ALTER TABLE users ALTER COLUMN bio TYPE text;
ALTER TABLE users ADD COLUMN price numeric(10, 2), ADD COLUMN code varchar(20);
ALTER TABLE users ALTER COLUMN price TYPE numeric(14, 2), ALTER COLUMN code TYPE varchar;
