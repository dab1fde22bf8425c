CREATE TABLE drafts_new (id bigint PRIMARY KEY);
ALTER TABLE drafts_new RENAME TO drafts;
ALTER INDEX users_email_idx RENAME TO users_email_key;
