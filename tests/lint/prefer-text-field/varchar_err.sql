CREATE TABLE app.users (email varchar(255) NOT NULL, name character varying(100));
ALTER TABLE app.users ADD COLUMN code varchar(10)[];
ALTER TABLE app.users ALTER COLUMN email TYPE varchar(320);
