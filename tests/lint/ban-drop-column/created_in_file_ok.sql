CREATE TABLE drafts (id bigint PRIMARY KEY, tmp text);
ALTER TABLE drafts DROP COLUMN tmp;
