-- lint-fixture: rows:countries=250
ALTER TABLE countries DROP COLUMN old_code;
