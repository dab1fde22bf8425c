CREATE TABLE app.orders (id serial PRIMARY KEY, quantity integer NOT NULL, ref int4, n int);
ALTER TABLE app.orders ADD COLUMN customer_id int;
ALTER TABLE app.orders ALTER COLUMN quantity TYPE integer;
