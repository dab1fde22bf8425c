-- pgshift:lint-ignore adding-field-with-default, ban-concurrent-index-creation-in-transaction
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
