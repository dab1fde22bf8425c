-- lint-fixture: pg-version=90600
-- No identity columns before PostgreSQL 10: serial is the only way.
CREATE TABLE app.orders (id bigserial PRIMARY KEY);
