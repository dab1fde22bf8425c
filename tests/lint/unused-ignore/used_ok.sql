-- pgshift:lint-ignore adding-field-with-default
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- pgshift:lint-ignore adding-field-with-default
ALTER TABLE users ADD COLUMN other uuid DEFAULT gen_random_uuid();
