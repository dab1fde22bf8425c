CREATE TABLE drafts (id int PRIMARY KEY, title varchar(50));
ALTER TABLE drafts ALTER COLUMN id TYPE bigint;
