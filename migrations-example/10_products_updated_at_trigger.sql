-- Keeps products.updated_at current. Version 10 sorts after 5 (numbers, not text).
-- The function body is dollar-quoted: to the checksum it is one string literal, so its
-- whitespace and comments count (see docs/checksums.md).

-- pgshift:up
CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE TRIGGER products_touch_updated_at
  BEFORE UPDATE ON products
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- pgshift:down
DROP TRIGGER products_touch_updated_at ON products;
DROP FUNCTION touch_updated_at();
