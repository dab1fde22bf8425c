-- The catalogue. A single-form file: the up and down SQL live in one file, below their
-- section markers. Directives go at the top of the section they apply to.

-- pgshift:up
-- pgshift:lock-timeout 2s
CREATE TABLE products (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku         text NOT NULL UNIQUE,
  name        text NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- pgshift:down
-- pgshift:lock-timeout 2s
DROP TABLE products;
