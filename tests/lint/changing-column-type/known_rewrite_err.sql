-- The old type is known from the file, and the change rewrites: shorter varchar, another
-- scale, another type.
ALTER TABLE users ADD COLUMN bio varchar(100), ADD COLUMN price numeric(10, 2);
ALTER TABLE users ALTER COLUMN bio TYPE varchar(50);
ALTER TABLE users ALTER COLUMN price TYPE numeric(10, 4);
ALTER TABLE users ADD COLUMN n text;
ALTER TABLE users ALTER COLUMN n TYPE int USING n::int;
