ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- The ignore below stands above the wrong statement: it suppresses nothing, and the
-- finding above stays.
-- pgshift:lint-ignore adding-field-with-default
ALTER TABLE users ADD COLUMN active boolean DEFAULT true;
