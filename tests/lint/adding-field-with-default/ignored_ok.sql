-- pgshift:lint-ignore adding-field-with-default
ALTER TABLE audit ADD COLUMN id uuid DEFAULT gen_random_uuid();
