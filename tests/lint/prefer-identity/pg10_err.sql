-- lint-fixture: pg-version=100000
CREATE TABLE app.orders (id bigserial PRIMARY KEY);
