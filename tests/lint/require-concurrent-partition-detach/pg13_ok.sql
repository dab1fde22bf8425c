-- lint-fixture: pg-version=130000
-- No CONCURRENTLY before PostgreSQL 14: nothing better to suggest.
ALTER TABLE app.measurements DETACH PARTITION app.measurements_2020;
