CREATE TABLE drafts (id bigint PRIMARY KEY, titel text);
ALTER TABLE drafts RENAME COLUMN titel TO title;
ALTER TABLE users RENAME CONSTRAINT users_a_key TO users_email_key;
