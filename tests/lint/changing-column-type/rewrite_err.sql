ALTER TABLE users ALTER COLUMN age TYPE bigint;
ALTER TABLE app.orders ALTER COLUMN total TYPE numeric(12, 2) USING total::numeric;
