-- The index is built CONCURRENTLY first; the constraint only takes it over.
ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_id_idx;
