CREATE TABLE app.orders (id bigserial PRIMARY KEY, n serial, s smallserial);
ALTER TABLE app.orders ADD COLUMN seq serial8;
