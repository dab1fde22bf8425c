-- Orders and their lines, written the golang-migrate way: the file wraps itself in
-- BEGIN; ... COMMIT;. pgshift takes that wrapper as the migration's own transaction and
-- writes the history row inside it.
BEGIN;

CREATE TABLE orders (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status      text NOT NULL DEFAULT 'cart'
              CHECK (status IN ('cart', 'placed', 'paid', 'shipped', 'cancelled')),
  placed_at   timestamptz
);

CREATE TABLE order_items (
  order_id         bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id       bigint NOT NULL REFERENCES products (id),
  quantity         integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, product_id)
);

COMMIT;
