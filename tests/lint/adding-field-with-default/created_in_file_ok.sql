-- The table is created empty a few lines up: nothing to rewrite, no client to block.
CREATE TABLE tokens (id bigint PRIMARY KEY);
ALTER TABLE tokens ADD COLUMN secret uuid NOT NULL DEFAULT gen_random_uuid();
