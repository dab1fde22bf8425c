ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;
CREATE TABLE products (id bigint PRIMARY KEY, sku text NOT NULL);
ALTER TABLE products ADD CONSTRAINT sku_key UNIQUE (sku);
