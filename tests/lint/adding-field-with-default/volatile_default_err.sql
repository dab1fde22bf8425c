ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE users
  ADD COLUMN bucket int DEFAULT floor(random() * 10),
  ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();
ALTER TABLE app.orders ADD COLUMN ref bigint DEFAULT nextval('orders_ref_seq');
-- An unknown function counts as volatile: CREATE FUNCTION's default is VOLATILE.
ALTER TABLE users ADD COLUMN code text DEFAULT make_code();
