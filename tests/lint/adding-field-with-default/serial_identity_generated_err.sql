ALTER TABLE users ADD COLUMN seq bigserial;
ALTER TABLE users ADD COLUMN num bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE users ADD COLUMN full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED;
